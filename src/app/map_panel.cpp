#include "app/map_panel.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include <imgui.h>

#include "app/clock.hpp"
#include "app/theme.hpp"
#include "app/ui_widgets.hpp"
#include "core/display_text.hpp"
#include "core/pca.hpp"
#include "core/queries.hpp"
#include "core/search.hpp"
#include "core/word_lookup.hpp"

namespace embx::app {

namespace {


constexpr size_t kTsneMaxPoints = 20000;

// A perceptual ramp (dark blue -> teal -> yellow-green), t in [0, 1].
ImU32 ramp(float t, int alpha) {
    static const float stops[5][3] = {
        {0.27f, 0.00f, 0.33f}, {0.23f, 0.32f, 0.55f}, {0.13f, 0.57f, 0.55f}, {0.30f, 0.70f, 0.30f}, {0.85f, 0.62f, 0.05f}};
    t = std::clamp(t, 0.0f, 1.0f) * 4.0f;
    const int i = std::min(3, int(t));
    const float f = t - float(i);
    auto c = [&](int k) { return int(255.0f * (stops[i][k] + (stops[i + 1][k] - stops[i][k]) * f)); };
    return IM_COL32(c(0), c(1), c(2), alpha);
}

// Cosine -> blue (dissimilar) .. grey .. red (similar).
ImU32 diverging(float cosv) {
    const float t = std::clamp(cosv, -1.0f, 1.0f);
    if (t >= 0) return IM_COL32(int(190 + 60 * t), int(190 - 150 * t), int(190 - 150 * t), int(90 + 165 * t));
    return IM_COL32(int(190 + 150 * t), int(190 + 100 * t), 210, int(90 - 40 * t));
}

}  // namespace

MapStats MapPanel::stats() const {
    MapStats s;
    s.method = request_.method == MapMethod::Pca ? "pca" : "tsne";
    s.error = error_;
    s.points = points_;
    s.dims = dims_;
    s.explained_variance_ratio = evr_;
    s.compute_ms = compute_ms_;
    s.frame_cpu_ms = frame_cpu_ms_;
    s.highlighted = highlight_rows_.size();
    if (tsne_) {
        const TsneProgress p = tsne_->progress();
        s.iteration = p.iteration;
        s.iterations = p.iterations;
        s.finished = p.finished;
        s.running = !s.finished;
        s.kl = p.kl;
        s.background = tsne_->background();
    } else {
        s.finished = points_ > 0;
    }
    return s;
}

MapStats MapPanel::project(const TableSession& session, const MapRequest& request) {
    error_.clear();
    const auto& t = session.active();
    if (!t) {
        error_ = "no table is loaded yet";
        return stats();
    }
    if (request.dims != 2 && request.dims != 3) {
        error_ = "the map has 2 or 3 dimensions (got " + std::to_string(request.dims) + ")";
        return stats();
    }
    const double t0 = now_ms();
    const size_t present = t->rows();
    if (request.method == MapMethod::Pca) {
        PcaOptions opt;
        opt.dims = request.dims;
        opt.limit = request.limit;
        opt.spherize = request.spherize;
        auto r = pca(*t, opt);
        if (!r) {
            error_ = r.error();  // the previous map stays
            return stats();
        }
        tsne_.reset();
        points_ = r->rows;
        xyz_.assign(points_ * 3, 0.0f);
        for (size_t i = 0; i < points_; ++i)
            for (int d = 0; d < request.dims; ++d) xyz_[i * 3 + size_t(d)] = r->coords[i * size_t(request.dims) + size_t(d)];
        evr_ = r->explained_variance_ratio;
        compute_ms_ = now_ms() - t0;
    } else {
        const size_t n = std::min(request.limit ? request.limit : size_t(5000), present);
        if (n > kTsneMaxPoints) {
            error_ = "t-SNE runs on at most " + with_thousands(kTsneMaxPoints) + " points (asked for " +
                     with_thousands(n) + "); use PCA for the whole table";
            return stats();
        }
        if (request.spherize) {
            error_ = "t-SNE works on cosine similarity already; 'spherize' applies to PCA";
            return stats();
        }
        TsneOptions opt;
        opt.dims = request.dims;
        opt.perplexity = request.perplexity;
        const size_t k = std::min(n > 0 ? n - 1 : 0, size_t(3 * request.perplexity + 1));
        auto knn = knn_for_tsne(*t, n, k);
        if (!knn) {
            error_ = knn.error();
            return stats();
        }
        auto ts = Tsne::create(*knn, opt);
        if (!ts) {
            error_ = ts.error();
            return stats();
        }
        tsne_.reset();  // stops a running optimisation before starting the next
        tsne_setup_ms_ = now_ms() - t0;
        tsne_ = std::make_unique<TsneRunner>(std::move(*ts), background_threads_);
        points_ = n;
        xyz_.assign(points_ * 3, 0.0f);
        evr_.clear();
        compute_ms_ = tsne_setup_ms_;
    }
    request_ = request;
    dims_ = request.dims;
    // The controls show what is on screen, also when the JS API asked for it.
    method_ui_ = request.method == MapMethod::Pca ? 0 : 1;
    dims_ui_ = request.dims == 2 ? 0 : 1;
    if (request.method == MapMethod::Pca) limit_ui_ = int(request.limit);
    else tsne_limit_ui_ = int(points_);
    spherize_ui_ = request.spherize;
    perplexity_ui_ = float(request.perplexity);
    point_px_ = points_ > 100000 ? 2.5f : points_ > 20000 ? 3.5f : 5.0f;
    table_ = t;
    ++version_;
    fit_pending_ = true;
    hovered_ = -1;
    coloured_by_ = "\x01";  // force a recolour
    recolour(*t);
    rehighlight(*t);
    if (tsne_) update_tsne();  // coordinates of iteration 0
    return stats();
}

void MapPanel::fill_snapshot(MapSnapshot& m) const {
    m.highlight = highlight_;
    m.error = escape_for_display(error_);
    m.status = escape_for_display(status_);
    if (!table_ || points_ == 0) return;
    m.computed = true;
    m.method = request_.method == MapMethod::Pca ? "pca" : "tsne";
    m.dims = dims_;
    m.points = points_;
    m.explained_variance = evr_;
    if (tsne_) {
        const TsneProgress p = tsne_->progress();
        m.running = !p.finished;
        m.iteration = p.iteration;
        m.iterations = p.iterations;
    }
    for (uint32_t row : highlight_rows_) m.highlighted.push_back(escape_for_display(table_->word(row)));
    m.highlight_inputs = highlight_inputs_;
}

void MapPanel::update_tsne() {
    if (!tsne_) return;
    const double start = now_ms();
    if (!tsne_->background() && !tsne_->progress().finished) {
        // On the UI thread t-SNE gets three times what the rest of the frame took (at least
        // 25 ms, at most 120 ms): ~75% of the time goes to the optimisation and the page
        // still draws several frames a second even where drawing is slow (software GL).
        const double rest = last_frame_end_ms_ > 0 ? start - last_frame_end_ms_ : 10.0;
        tsne_->pump(std::clamp(3.0 * rest, 25.0, 120.0));
    }
    // Reduced motion: the coordinates are taken (and drawn) once, at the end.
    if ((!reduced_motion_ || tsne_->progress().finished) && tsne_->take(tsne_coords_)) {
        const int d = tsne_->dims();
        for (size_t i = 0; i < points_ && (i + 1) * size_t(d) <= tsne_coords_.size(); ++i)
            for (int k = 0; k < d; ++k) xyz_[i * 3 + size_t(k)] = tsne_coords_[i * size_t(d) + size_t(k)];
        ++version_;
        const TsneProgress p = tsne_->progress();
        compute_ms_ = tsne_setup_ms_ + p.elapsed_ms;
        if (!p.finished) fit_pending_ = fit_pending_ || p.iteration < 300;
        else if (reduced_motion_) fit_pending_ = true;  // the first and only picture: fit it
    }
    last_frame_end_ms_ = now_ms();
}

void MapPanel::recolour(const EmbeddingTable& table) {
    const std::string key = colour_ == MapColour::Frequency ? std::string() : highlight_;
    if (key == coloured_by_ && rgba_.size() == points_) return;
    coloured_by_ = key;
    rgba_.resize(points_);
    const int alpha = points_ > 100000 ? 150 : 210;
    bool done = false;
    if (colour_ == MapColour::Similarity && !highlight_.empty()) {
        if (auto m = resolve_word(table, trim(highlight_))) {
            std::vector<float> v(table.dims());
            table.row_as_float(m->row, v.data());
            if (auto q = PreparedQuery::make(table, v.data())) {
                std::vector<float> cosv(PreparedQuery::kMaxTileRows);
                for (size_t r0 = 0; r0 < points_; r0 += cosv.size()) {
                    const size_t c = std::min(cosv.size(), points_ - r0);
                    q->cosines(table, kernels::best_kernels(), r0, c, cosv.data());
                    for (size_t i = 0; i < c; ++i) rgba_[r0 + i] = diverging(cosv[i]);
                }
                done = true;
            }
        }
    }
    if (!done) {
        const float denom = std::log(float(points_) + 1.0f);
        for (size_t i = 0; i < points_; ++i) rgba_[i] = ramp(std::log(float(i) + 1.0f) / denom, alpha);
    }
    ++draw_.colours_version;
}

void MapPanel::set_highlight(const std::string& text) {
    std::snprintf(highlight_input_, sizeof highlight_input_, "%s", text.c_str());
    ++highlight_id_;
    highlight_ = trim(text);
}

void MapPanel::rehighlight(const EmbeddingTable& table) {
    highlighted_for_ = highlight_;
    highlight_rows_.clear();
    highlight_inputs_ = 0;
    status_.clear();
    const std::string text = trim(highlight_);
    if (text.empty()) return;
    QueryOptions opt;
    opt.k = 10;
    opt.restrict_rows = points_;  // only words that are on the map
    auto r = run_query(table, text, opt);
    if (!r) {
        status_ = r.error();
        return;
    }
    for (const ResolvedTerm& term : r->terms)
        if (term.row < points_) highlight_rows_.push_back(term.row);
    highlight_inputs_ = highlight_rows_.size();
    if (highlight_inputs_ < r->terms.size()) status_ = "some input words are not among the mapped rows";
    for (const Hit& h : r->hits) highlight_rows_.push_back(h.row);
}

void MapPanel::fit() {
    if (points_ == 0) return;
    // Centre on the median-ish bulk: mean of the points, extent from the 1st..99th percentile
    // of view distances so a few outliers do not shrink everything.
    double c[3] = {0, 0, 0};
    for (size_t i = 0; i < points_; ++i)
        for (int k = 0; k < 3; ++k) c[k] += xyz_[i * 3 + size_t(k)];
    for (int k = 0; k < 3; ++k) target_[k] = float(c[k] / double(points_));
    std::vector<float> r;
    const size_t stride = std::max<size_t>(1, points_ / 20000);
    for (size_t i = 0; i < points_; i += stride) {
        float v[3];
        to_view(&xyz_[i * 3], v);
        r.push_back(std::max(std::fabs(v[0]), std::fabs(v[1])));
    }
    const size_t q = std::min(r.size() - 1, size_t(double(r.size()) * 0.99));
    std::nth_element(r.begin(), r.begin() + long(q), r.end());
    extent_ = std::max(r[q], 1e-6f);
}

void MapPanel::fold_pan() {
    const float dx = view_.pan_x, dy = view_.pan_y;
    view_.pan_x = view_.pan_y = 0;
    if (dims_ == 2) {
        target_[0] += dx;
        target_[1] += dy;
        return;
    }
    // The inverse of to_view's rotation applied to (dx, dy, 0).
    const float cy = std::cos(yaw_), sy = std::sin(yaw_), cp = std::cos(pitch_), sp = std::sin(pitch_);
    const float y1 = cp * dy, z1 = -sp * dy;
    target_[0] += cy * dx - sy * z1;
    target_[1] += y1;
    target_[2] += sy * dx + cy * z1;
}

void MapPanel::to_view(const float* p, float* v) const {
    const float x = p[0] - target_[0], y = p[1] - target_[1], z = p[2] - target_[2];
    if (dims_ == 2) {
        v[0] = x;
        v[1] = y;
        v[2] = 0;
        return;
    }
    // Orbit: yaw about the vertical axis, then pitch.
    const float cy = std::cos(yaw_), sy = std::sin(yaw_), cp = std::cos(pitch_), sp = std::sin(pitch_);
    const float x1 = cy * x + sy * z, z1 = -sy * x + cy * z;
    v[0] = x1;
    v[1] = cp * y - sp * z1;
    v[2] = sp * y + cp * z1;
}

void MapPanel::draw_controls(const TableSession& session, bool take_focus) {
    const float s = theme_scale();
    ImGui::SetNextItemWidth(110 * s);
    ImGui::Combo("##method", &method_ui_, "PCA\0t-SNE\0");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(80 * s);
    ImGui::Combo("##dims", &dims_ui_, "2D\0" "3D\0");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(150 * s);
    const auto& t = session.active();
    const int rows = t ? int(std::min<size_t>(t->rows(), 2000000000)) : 0;
    if (method_ui_ == 0) {
        ImGui::DragInt("rows##pca", &limit_ui_, 1000.0f, 0, rows, limit_ui_ == 0 ? "all rows" : "first %d");
        ImGui::SameLine();
        ImGui::Checkbox("spherize", &spherize_ui_);
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("centre the vectors and scale them to unit length first\n"
                              "(the TensorFlow Projector does this silently at >= 50 dimensions)");
    } else {
        ImGui::DragInt("points##tsne", &tsne_limit_ui_, 100.0f, 50, int(kTsneMaxPoints), "first %d");
        ImGui::SameLine();
        ImGui::SetNextItemWidth(110 * s);
        ImGui::SliderFloat("perplexity", &perplexity_ui_, 5.0f, 100.0f, "%.0f");
    }
    ImGui::SameLine();
    if (ImGui::Button(method_ui_ == 0 ? "Compute" : (tsne_ && !tsne_->progress().finished ? "Restart" : "Run"))) {
        MapRequest req;
        req.method = method_ui_ == 0 ? MapMethod::Pca : MapMethod::Tsne;
        req.dims = dims_ui_ == 0 ? 2 : 3;
        req.limit = size_t(method_ui_ == 0 ? limit_ui_ : tsne_limit_ui_);
        req.spherize = method_ui_ == 0 && spherize_ui_;
        req.perplexity = perplexity_ui_;
        project(session, req);
    }
    // Highlight and colouring.
    if (take_focus) ImGui::SetKeyboardFocusHere();
    ImGui::SetNextItemWidth(std::min(320.0f * s, ImGui::GetContentRegionAvail().x * 0.4f));
    ImGui::PushID(highlight_id_);
    if (ImGui::InputTextWithHint("##highlight", "highlight a word or italy - rome + london", highlight_input_,
                                 sizeof highlight_input_))
        highlight_ = trim(highlight_input_);
    const bool escape = escape_from_input();
    ImGui::PopID();
    if (escape) set_highlight("");
    ImGui::SameLine();
    int colour = int(colour_);
    ImGui::SetNextItemWidth(200 * s);
    if (ImGui::Combo("colour", &colour, "by frequency rank\0by cosine to the word\0")) colour_ = MapColour(colour);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(90 * s);
    ImGui::SliderInt("labels", &label_count_, 0, 300);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(80 * s);
    ImGui::SliderFloat("size", &point_px_, 1.0f, 8.0f, "%.1f px");
}

void MapPanel::draw(const TableSession& session, bool take_focus, PointCloudCallback gpu_points) {
    const double t0 = now_ms();
    draw_controls(session, take_focus);
    if (!error_.empty()) draw_error_text(escape_for_display(error_));
    // First visit: PCA of the whole table once it is complete.
    if (!table_ && error_.empty() && session.active() && !session.loading()) {
        MapRequest req;
        project(session, req);
    }
    if (!table_ || points_ == 0) {
        if (error_.empty()) ImGui::TextDisabled("waiting for the table...");
        frame_cpu_ms_ = now_ms() - t0;
        return;
    }
    if (tsne_) update_tsne();
    if (highlighted_for_ != highlight_) rehighlight(*table_);
    recolour(*table_);

    // Summary line.
    char what[256];
    const TsneProgress tp = tsne_ ? tsne_->progress() : TsneProgress{};
    if (tsne_) {
        std::snprintf(what, sizeof what, "t-SNE of the first %s words, %dD  |  iteration %d / %d  |  KL %.3f  |  %.1f s",
                      with_thousands(points_).c_str(), dims_, tp.iteration, tp.iterations, tp.kl, compute_ms_ / 1000.0);
    } else {
        std::string ev;
        for (size_t i = 0; i < evr_.size(); ++i) {
            char b[32];
            std::snprintf(b, sizeof b, "%s%.1f%%", i ? ", " : "", 100.0 * evr_[i]);
            ev += b;
        }
        std::snprintf(what, sizeof what, "PCA of %s words%s, %dD  |  explained variance %s  |  %.0f ms",
                      with_thousands(points_).c_str(), request_.spherize ? " (spherized)" : "", dims_, ev.c_str(),
                      compute_ms_);
    }
    ImGui::TextDisabled("%s", what);
    if (tsne_ && !tp.finished) {
        ImGui::SameLine();
        ImGui::ProgressBar(float(tp.iteration) / float(std::max(1, tp.iterations)),
                           ImVec2(120 * theme_scale(), ImGui::GetTextLineHeight()), "");
    }
    if (!status_.empty()) {
        ImGui::SameLine();
        ImGui::TextDisabled("  |  %s", escape_for_display(status_).c_str());
    }
    draw_canvas(*table_, gpu_points);
    frame_cpu_ms_ = now_ms() - t0;
}

}  // namespace embx::app
