// The explorer's user interface (Dear ImGui), shared by the web page and the desktop app:
// a header with the table and the load progress, tabs (Search, Arithmetic, Vector, Tokens, Context,
// Graph, Map, Classroom, Table) and
// a status line that never blocks the rest. It owns view state and calls core; the platform
// shell owns the window, the GL context and file bytes, and hands them over through
// TableSession and PlatformHooks.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/arithmetic_panel.hpp"
#include "app/classroom_panel.hpp"
#include "app/context_panel.hpp"
#include "app/graph_panel.hpp"
#include "app/map_panel.hpp"
#include "app/search_panel.hpp"
#include "app/table_session.hpp"
#include "app/tokens_panel.hpp"
#include "app/training_panel.hpp"
#include "app/ui_snapshot.hpp"
#include "app/ui_widgets.hpp"
#include "app/vector_panel.hpp"
#include "core/scan_pool.hpp"
#include "core/status.hpp"

namespace embx::app {

// What the app may ask of its platform; empty functions mean "not available here".
struct PlatformHooks {
    std::function<void()> open_file;  // show a file picker; the bytes come back via TableSession
    std::function<void()> open_folder;  // a model folder picker (the page: its files, read in ranges)
    // Tables that ship with the app (file name, label), and loading one of them by file name.
    std::vector<std::pair<std::string, std::string>> builtin_tables;
    std::function<void(const std::string& file)> load_builtin;
    // A picker for text files (several at once where the platform can); each chosen file comes
    // back through ExplorerApp::text_file_arrived with the same purpose ("tfidf", ...).
    std::function<void(const std::string& purpose)> open_text_files;
    GraphExportHooks graph_export;    // save exports (download in the browser, a file on desktop)
    PointCloudCallback point_cloud = nullptr;  // GPU point drawing for the map
    std::function<void()> retry_load;  // load the last failed source again (the Retry button)
    ScanPool* scan_pool = nullptr;      // threads for single-query scans (nullptr: the UI thread)
    ClipboardFn set_clipboard;          // the Copy buttons (the system clipboard)
    bool background_threads = false;    // long work (t-SNE, training) may run on a thread of its own
    // The Classroom's Word2Vec corpora: fetch the built-in one ("brown") or open a text file;
    // the text comes back through ExplorerApp::corpus_arrived / corpus_failed.
    std::function<void(const std::string& name)> fetch_corpus;
    std::function<void()> open_corpus_file;
    uint32_t training_threads = 1;  // Word2Vec parts trained at once (with background_threads)
    // The Context tab's model folder picker (int8: the weights' dtype chosen on the tab); the
    // platform reads the folder and reports through ExplorerApp::context().
    std::function<void(bool int8)> open_model_folder;
    ScanPool* forward_pool = nullptr;  // threads for the Context tab's matrix products (null: one)
};

enum class Tab { Search, Arithmetic, Vector, Graph, Map, Table, Classroom, Tokens, Context };
std::string_view tab_name(Tab t);                        // "search", "arithmetic", ...
std::optional<Tab> tab_from_name(std::string_view name);

class ExplorerApp {
public:
    explicit ExplorerApp(TableSession& session, PlatformHooks hooks = {});

    // Draws one frame; call between ImGui::NewFrame() and ImGui::Render().
    void frame();

    // Automation and the JavaScript API: the same searches the UI runs.
    Expected<std::vector<NamedHit>> neighbors(const std::string& word, int k) const;
    // Vector arithmetic ("italy - rome + london"); method "add" (3CosAdd) or "mul" (3CosMul).
    Expected<std::vector<NamedHit>> query(const std::string& expression, int k, const std::string& method) const;

    // Builds the graph of `text` on the Graph tab (and switches to it).
    GraphStats graph(const std::string& text, int k);
    GraphStats graph_stats() const { return graph_.stats(); }
    // Projects the table on the Map tab (and switches to it).
    MapStats project(const MapRequest& request);
    MapStats map_stats() const { return map_.stats(); }
    // The Graph tab's PNG button, for automation: asks the platform to save the view (at the
    // end of this frame) as `name`, by default the button's name. False unless the Graph tab
    // is showing a graph and the platform can save PNGs.
    bool export_graph_png(const std::string& name = "");

    void set_tab(Tab t);
    Tab tab() const { return tab_; }
    // The current tab's text: a word (Search, Vector) or an expression (Arithmetic).
    void set_query(const std::string& text);
    std::string query() const;
    void set_method(QueryMethod m) { arithmetic_.set_method(m); }
    QueryMethod method() const { return arithmetic_.method(); }
    // What the current tab shows (an accessibility mirror for tests and the DOM).
    const std::vector<NamedHit>& visible_results() const;
    const std::string& visible_error() const;
    // A message for the status line (e.g. a malformed link); replaced by the next one.
    void notice(const std::string& text) { notice_ = text; }

    // --- The text view: the web page's HTML mirror of the UI, and its controls -------------
    // Everything the tabs show, as plain data (explorer_snapshot.cpp).
    UiSnapshot snapshot();
    // Sets the current tab's text as typing does: no search history entry, no graph build
    // (set_query commits: Enter in the text view).
    void edit_query(const std::string& text);
    // The Graph tab's selected node (-1: none); false if there is no such node.
    bool select_graph_node(long node);
    // Adds a node's neighbours to the graph (a click on it).
    bool expand_graph_node(long node);
    void set_graph_labels(GraphLabels l) { graph_.set_labels(l); }
    // The Tokens tab: lists the nearest tokens of row `index` of its token table (-1: none).
    bool select_token(long index) { return tokens_.select(session_, index, tokens_hooks()); }
    void set_token_special(bool on) { tokens_.set_special(on); }
    // The table's tokenizer on any text (the tab is unchanged): the JavaScript API's tokenize().
    Expected<std::vector<TokenRowSnapshot>> tokenize(const std::string& text, bool special) const {
        return TokensPanel::tokenize(session_, text, special);
    }
    // The Vector tab's second word (compared dimension by dimension).
    void set_compare_word(const std::string& w) { vector_.set_other(w); }
    // The Graph tab's export buttons: "png", "json", "graphml", "gexf"; returns why not, or "".
    std::string export_graph(const std::string& format);
    // The current tab's results (Search or Arithmetic) as "tsv" or "json" (the Copy buttons);
    // copy_results also puts them on the clipboard when the platform has one.
    Expected<std::string> results_text(const std::string& format) const;
    Expected<std::string> copy_results(const std::string& format);
    // --- Word2Vec in the Classroom tab ------------------------------------------------------
    // Starts training (the corpus is fetched first if needed); the finished model becomes the
    // explorer's table unless request.explore is false.
    Status train(const TrainRequest& request);
    TrainingPanel& training() { return training_; }
    bool explore_trained_model() { return training_.explore_now(session_); }
    void corpus_arrived(const std::string& name, std::string text) { training_.corpus_arrived(name, std::move(text)); }
    void corpus_failed(const std::string& name, const std::string& why) { training_.corpus_failed(name, why); }
    // The Classroom tab's section: "tfidf" or "word2vec"; false for another name.
    bool set_classroom_section(const std::string& name);
    // --- Text files (not tables): opened with PlatformHooks::open_text_files, or dropped ------
    // A text file's bytes for `purpose`: "tfidf" adds its documents to the Classroom's TF-IDF
    // collection. The error (naming the file) is also on screen; nothing changes on error.
    Status text_file_arrived(const std::string& purpose, const std::string& name, std::string bytes);
    // The most bytes a text file for `purpose` may have (0: unknown purpose). A shell reads at
    // most one byte more, so a huge file is refused without being read whole.
    size_t text_file_limit(const std::string& purpose) const;
    // What a file dropped now is for: a text file's purpose ("tfidf" while the Classroom tab is
    // showing: "corpus" on its Word2Vec section), "model" on the Context tab (a model folder
    // to run), or "" for a table to load.
    std::string drop_purpose() const;
    // The Classroom's "one document per line" switch for the text files that follow.
    void set_classroom_per_line(bool on) { classroom_.set_per_line(on); }

    // --- The Context tab: contextual embeddings of a model the user opens -------------------
    ContextPanel& context() { return context_; }
    const ContextPanel& context() const { return context_; }

    // prefers-reduced-motion: no animated layouts (graph shown settled, t-SNE at the end).
    void set_reduced_motion(bool on);
    bool reduced_motion() const { return reduced_motion_; }

private:
    void entering_tab(Tab t);
    // The word being explored: the search, or the top answer of the arithmetic tab.
    std::string current_word() const;
    void draw_header();
    void draw_classroom(bool focus);
    void tick_training();
    TrainingHooks training_hooks() const;
    TokensHooks tokens_hooks();
    ContextHooks context_hooks() const;
    void draw_progress();
    void draw_status_line();

    TableSession& session_;
    PlatformHooks hooks_;
    SearchPanel search_;
    ArithmeticPanel arithmetic_;
    VectorPanel vector_;
    TokensPanel tokens_;
    ContextPanel context_;
    GraphPanel graph_;
    MapPanel map_;
    ClassroomPanel classroom_;
    TrainingPanel training_;
    bool classroom_word2vec_ = false;  // the Classroom tab shows Word2Vec (else TF-IDF)
    bool select_section_ = false;      // make the section tabs follow classroom_word2vec_
    double last_training_slice_ms_ = 0;
    Tab tab_ = Tab::Search;
    bool select_tab_ = true;  // make the tab bar follow tab_ on the next frame
    bool focus_input_ = true;
    std::string notice_;
    std::string vector_followed_;  // the word the Vector tab last took from the others
    bool reduced_motion_ = false;
};

}  // namespace embx::app
