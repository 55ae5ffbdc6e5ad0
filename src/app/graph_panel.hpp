// Graph tab: a sentence (or words) becomes a neighbourhood graph drawn on the canvas — each
// token linked to its k most similar words, laid out by a force simulation that runs a few
// milliseconds per frame. Pan (drag the background), zoom (wheel), hover for word and cosine,
// click a node to select it and add its neighbours, drag a node to pin it (right click
// unpins), export. From the keyboard: Down from the sentence box (or Enter on the focused
// canvas), then arrows move the selection to the nearest node that way, Enter adds its
// neighbours, Escape goes back to the box.
// Labels: all words, the best-connected ones, or only on hover, never overlapping. With reduced
// motion the layout is shown only once it has settled.
// The canvas drawing lives in graph_canvas.cpp.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <imgui.h>

#include "app/pan_zoom.hpp"
#include "app/table_session.hpp"
#include "app/ui_snapshot.hpp"
#include "core/graph/force_layout.hpp"
#include "core/graph/neighbourhood_graph.hpp"

namespace embx {
class Tokenizer;
}

namespace embx::app {

struct GraphStats {
    size_t nodes = 0, edges = 0, inputs = 0, communities = 0;
    std::vector<std::string> skipped;
    // Set when the table's own tokenizer split the sentence: its tokens, escaped for display.
    bool tokenizer = false;
    std::vector<std::string> tokens;
    bool settled = false;
    int iterations = 0;
    double build_ms = 0, settle_ms = 0;  // settle: from build to settled, wall clock
    double layout_cpu_ms = 0;            // time spent in layout steps
    std::string error;
};

// What exporting needs from the platform: save bytes under a file name, or the canvas as PNG.
struct GraphExportHooks {
    std::function<void(const std::string& name, const std::string& mime, const std::string& bytes)> save_file;
    std::function<void(const std::string& name)> save_png;
};

// Which words the canvas labels (the sentence's own tokens always are).
enum class GraphLabels { All, Degree, Hover };
const char* graph_labels_name(GraphLabels l);  // "all", "degree", "hover"
std::optional<GraphLabels> graph_labels_from_name(const std::string& name);

class GraphPanel {
public:
    static constexpr const char* kArticleSentence =
        "AI agents will be the most hot topic of artificial intelligence in 2025.";

    GraphPanel() { set_text(kArticleSentence); }
    void draw(const TableSession& session, bool take_focus, const GraphExportHooks& hooks);
    // Builds the graph of `text` with k neighbours per token (the UI's Build button, links, API).
    // A table with its own tokenizer needs it parsed first: `wait` waits for that (the API);
    // otherwise (the UI) the build happens in a later frame, once the tokenizer is ready.
    void build(const TableSession& session, const std::string& text, int k, bool wait = true);
    void set_text(const std::string& text);
    std::string text() const { return input_; }
    int k() const { return k_; }
    GraphStats stats() const;
    // Runs the layout to the end (CLI-like use, tests).
    void settle();
    // The name the PNG export button gives the file ("graph-<words>.png"); empty without a graph.
    std::string png_name() const;
    // Saves the graph as "png", "json", "graphml" or "gexf" (the export buttons); returns why
    // not, or "" when the platform took it.
    std::string export_as(const std::string& format, const GraphExportHooks& hooks);

    // The selected node (-1: none); out-of-range values are ignored.
    void select(long node);
    long selected() const { return selected_; }
    // Adds the neighbours of `node` (what a click on it does).
    void expand(long node);
    void set_labels(GraphLabels l) { labels_ = l; }
    GraphLabels labels() const { return labels_; }
    // Reduced motion: nothing moves on its own; the layout is drawn once it has settled.
    void set_reduced_motion(bool on) { reduced_motion_ = on; }
    void fill_snapshot(GraphSnapshot& out) const;

private:
    void rebuild_extras();
    // The table's embedded tokenizer (parsed once per table); null when it has none.
    void step_layout(double budget_ms);
    void draw_canvas(const EmbeddingTable& table);
    void fit_view(float width, float height);
    // graph_canvas.cpp: pieces of draw_canvas.
    void update_shown();  // the positions drawn: the layout's, or the last settled ones
    bool shown(size_t i) const { return 2 * i + 1 < shown_.size(); }
    float px(size_t i) const { return shown_[2 * i]; }
    float py(size_t i) const { return shown_[2 * i + 1]; }
    void canvas_keyboard(const ImVec2& size);
    void draw_labels(const EmbeddingTable& table, const ImVec2& min, const ImVec2& max, const ImVec2& centre);
    void draw_tooltip(const EmbeddingTable& table) const;
    std::vector<GraphNodeRef> neighbours_of(size_t node) const;
    char input_[512] = {};
    int input_id_ = 0;
    int k_ = 20;
    float threshold_ = 0;
    std::shared_ptr<const EmbeddingTable> table_;  // the table the graph was built on
    std::optional<NeighbourhoodGraph> graph_;
    std::vector<std::string> tokens_;  // the last sentence's tokens, when tokenizer_ split it
    ForceLayout layout_;
    std::vector<uint32_t> community_;
    std::vector<uint32_t> degree_;  // edges per node
    size_t community_count_ = 0;
    uint64_t revision_ = 0;         // bumped when nodes or edges change
    std::vector<float> shown_;      // x, y per node as drawn
    long selected_ = -1;
    bool keyboard_ = false;         // the canvas owns the arrow keys (Enter on it, Escape leaves)
    bool enter_keyboard_ = false;   // Down in the sentence box: the canvas takes the keys next
    bool refocus_input_ = false;    // Escape on the canvas: back to the sentence box
    GraphLabels labels_ = GraphLabels::Degree;
    int label_count_ = 40;          // "by degree": how many words besides the tokens
    bool reduced_motion_ = false;
    std::string error_;
    struct WaitingBuild {
        std::string text;
        int k;
    };
    std::optional<WaitingBuild> waiting_;  // a build waiting for the table's tokenizer
    double build_ms_ = 0, settle_ms_ = 0, layout_cpu_ms_ = 0, built_at_ = 0;
    // View: screen = centre + (p - pan) * zoom; zoom limits are set per frame (UI scale).
    PanZoom view_;
    bool fit_pending_ = false;
    long hovered_ = -1, dragging_ = -1;
    bool panning_ = false, moved_ = false;
};

}  // namespace embx::app
