// Map tab: the vocabulary as a 2D/3D point cloud. PCA (all rows or the first N by frequency)
// or t-SNE (up to 20,000 points, on a background thread where threads exist, else in slices
// of UI frames; the map shows it moving).
// Points are coloured by frequency rank or by cosine to a word; a word or an expression
// highlights its inputs and results. 2D: drag to pan; 3D: drag to orbit, right-drag to pan;
// wheel zooms. With reduced motion a t-SNE map is shown when it has finished, not moving.
// The canvas drawing lives in map_canvas.cpp.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <imgui.h>

#include "app/pan_zoom.hpp"
#include "app/point_cloud.hpp"
#include "app/table_session.hpp"
#include "app/tsne_runner.hpp"
#include "app/ui_snapshot.hpp"
#include "core/tsne.hpp"

namespace embx::app {

enum class MapMethod { Pca, Tsne };
enum class MapColour { Frequency, Similarity };

struct MapRequest {
    MapMethod method = MapMethod::Pca;
    int dims = 2;
    size_t limit = 0;  // 0 = default: every row for PCA, 5,000 for t-SNE
    bool spherize = false;
    double perplexity = 30;
};

struct MapStats {
    std::string method, error;
    size_t points = 0;
    int dims = 0;
    bool running = false, finished = false;
    bool background = false;  // t-SNE runs on its own thread (else in slices of UI frames)
    int iteration = 0, iterations = 0;
    double kl = 0;
    std::vector<double> explained_variance_ratio;
    double compute_ms = 0;    // PCA, or t-SNE from start to the last iteration (wall clock)
    double frame_cpu_ms = 0;  // the map's own CPU time in the last frame
    size_t highlighted = 0;
};

class MapPanel {
public:
    void draw(const TableSession& session, bool take_focus, PointCloudCallback gpu_points);
    // Computes a projection of the active table (PCA now; t-SNE starts and runs per frame).
    MapStats project(const TableSession& session, const MapRequest& request);
    // Highlights a word (and its neighbours) or an expression's inputs and results.
    void set_highlight(const std::string& text);
    std::string highlight() const { return highlight_; }
    MapStats stats() const;
    void set_reduced_motion(bool on) { reduced_motion_ = on; }
    void fill_snapshot(MapSnapshot& out) const;
    // Whether t-SNE may run on a thread of its own (else in slices of the UI's frames).
    void set_background_threads(bool allowed) { background_threads_ = allowed; }

private:
    void update_tsne();
    void recolour(const EmbeddingTable& table);
    void rehighlight(const EmbeddingTable& table);
    void draw_controls(const TableSession& session, bool take_focus);
    void draw_canvas(const EmbeddingTable& table, PointCloudCallback gpu_points);
    void draw_labels(const EmbeddingTable& table, const ImVec2& p0, const ImVec2& p1, const ImVec2& centre);
    // Reduced motion and a t-SNE still running: the map waits for the end.
    bool holding_tsne() const { return reduced_motion_ && tsne_ && !tsne_->progress().finished; }
    void fit();
    // World point -> view (rotated, centred) coordinates; screen = centre + (x, -y) * zoom.
    void to_view(const float* p, float* v) const;
    // Moves the orbit centre by the camera's pan (a shift in the view plane), so that 3D turns
    // about what is in the middle of the canvas, and sets the pan back to 0.
    void fold_pan();
    static PanZoom initial_view() {
        PanZoom v;
        v.zoom = 100;
        v.y_up = true;
        return v;
    }

    MapRequest request_;
    std::shared_ptr<const EmbeddingTable> table_;
    std::vector<float> xyz_;        // points x 3
    std::vector<uint32_t> rgba_;
    size_t points_ = 0;
    int dims_ = 2;
    std::vector<double> evr_;
    std::unique_ptr<TsneRunner> tsne_;
    bool background_threads_ = false;
    std::vector<float> tsne_coords_;  // scratch: the runner's newest coordinates
    double tsne_setup_ms_ = 0;        // neighbours and affinities, before the first iteration
    double last_frame_end_ms_ = 0;    // for the per-frame t-SNE budget on the UI thread
    double compute_ms_ = 0, frame_cpu_ms_ = 0;
    std::string error_, status_;
    PointCloudDraw draw_;
    uint64_t version_ = 0;

    MapColour colour_ = MapColour::Frequency;
    char highlight_input_[256] = {};
    int highlight_id_ = 0;
    std::string highlight_, coloured_by_;
    std::vector<uint32_t> highlight_rows_;  // rows to label, inputs first
    size_t highlight_inputs_ = 0;
    std::string highlighted_for_;  // highlight_ when highlight_rows_ was computed

    // Camera.
    float target_[3] = {0, 0, 0};
    PanZoom view_ = initial_view();  // pan folded into target_ after each move (fold_pan)
    float yaw_ = 0.6f, pitch_ = 0.4f, extent_ = 1;
    bool fit_pending_ = false;
    long hovered_ = -1;
    int label_count_ = 40;
    float point_px_ = 3;
    // UI state for the controls.
    int method_ui_ = 0, dims_ui_ = 0, limit_ui_ = 0, tsne_limit_ui_ = 5000;
    bool spherize_ui_ = false;
    float perplexity_ui_ = 30;
    bool reduced_motion_ = false;
};

}  // namespace embx::app
