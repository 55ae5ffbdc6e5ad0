// The Map tab's canvas: the GPU point cloud, camera input, and labels that do not overlap.
#include <algorithm>
#include <cmath>

#include <imgui.h>

#include "app/label_layout.hpp"
#include "app/map_panel.hpp"
#include "app/theme.hpp"
#include "app/ui_widgets.hpp"
#include "core/display_text.hpp"

namespace embx::app {

void MapPanel::draw_canvas(const EmbeddingTable& table, PointCloudCallback gpu_points) {
    const float s = theme_scale();
    const CanvasArea area = begin_canvas("##map-canvas");
    const ImVec2 p0 = area.min, p1 = area.max, size = area.size, centre = area.centre;
    if (holding_tsne()) {
        ImGui::GetWindowDrawList()->AddText(ImVec2(p0.x + 10 * s, p0.y + 8 * s), theme_u32(ColorRole::Label),
                                            "t-SNE is running; with reduced motion the map appears when it has finished.");
        ImGui::GetWindowDrawList()->PopClipRect();
        return;
    }
    const bool over = area.hovered;
    const ImGuiIO& io = ImGui::GetIO();
    view_.follow_scale(s);  // before fitting, which sets the zoom for this scale
    if (fit_pending_) {
        fit();
        view_.zoom = 0.45f * std::min(size.x, size.y) / extent_;
        if (!tsne_ || tsne_->progress().iteration >= 300) fit_pending_ = false;
    }
    // Camera input: the same pan and zoom as the Graph tab's.
    if (over && io.MouseWheel != 0) {
        view_.zoom_about(io.MousePos.x - centre.x, io.MousePos.y - centre.y, io.MouseWheel);
        fold_pan();
        fit_pending_ = false;
    }
    const bool left = ImGui::IsItemActive() && ImGui::IsMouseDragging(ImGuiMouseButton_Left, 1.0f);
    const bool right = ImGui::IsItemActive() && ImGui::IsMouseDragging(ImGuiMouseButton_Right, 1.0f);
    if ((left && dims_ == 2) || right) {
        view_.drag(io.MouseDelta.x, io.MouseDelta.y);
        fold_pan();
        fit_pending_ = false;
    } else if (left) {
        yaw_ += io.MouseDelta.x * 0.01f;
        pitch_ = std::clamp(pitch_ + io.MouseDelta.y * 0.01f, -1.55f, 1.55f);
    }
    auto to_screen = [&](size_t i) {
        float v[3];
        to_view(&xyz_[i * 3], v);
        float x = 0, y = 0;
        view_.to_screen(v[0], v[1], x, y);
        return ImVec2(centre.x + x, centre.y + y);
    };
    // Hover: nearest point within a few pixels (a CPU pass, only while the mouse is over).
    if (over && (io.MouseDelta.x != 0 || io.MouseDelta.y != 0 || io.MouseWheel != 0 || hovered_ >= long(points_))) {
        hovered_ = -1;
        float best = (6 * s) * (6 * s);
        for (size_t i = 0; i < points_; ++i) {
            const ImVec2 q = to_screen(i);
            const float dx = q.x - io.MousePos.x, dy = q.y - io.MousePos.y, d2 = dx * dx + dy * dy;
            if (d2 < best) {
                best = d2;
                hovered_ = long(i);
            }
        }
    } else if (!over) {
        hovered_ = -1;
    }

    ImDrawList* dl = ImGui::GetWindowDrawList();
    if (gpu_points) {
        // clip = (view * zoom) / (half size), y up; z is not used (no depth test).
        const float sx = 2.0f * view_.zoom / size.x, sy = 2.0f * view_.zoom / size.y;
        float r[9];
        if (dims_ == 2) {
            const float id[9] = {1, 0, 0, 0, 1, 0, 0, 0, 1};
            std::copy(id, id + 9, r);
        } else {
            const float cy = std::cos(yaw_), sy_ = std::sin(yaw_), cp = std::cos(pitch_), sp = std::sin(pitch_);
            // rows of the rotation in to_view
            const float m[9] = {cy, 0, sy_, sp * sy_, cp, -sp * cy, -cp * sy_, sp, cp * cy};
            std::copy(m, m + 9, r);
        }
        float* mvp = draw_.mvp;
        std::fill(mvp, mvp + 16, 0.0f);
        for (int c = 0; c < 3; ++c) {
            mvp[c * 4 + 0] = sx * r[0 * 3 + c];
            mvp[c * 4 + 1] = sy * r[1 * 3 + c];
        }
        mvp[12] = -(mvp[0] * target_[0] + mvp[4] * target_[1] + mvp[8] * target_[2]);
        mvp[13] = -(mvp[1] * target_[0] + mvp[5] * target_[1] + mvp[9] * target_[2]);
        mvp[15] = 1.0f;
        draw_.xyz = xyz_.data();
        draw_.rgba = rgba_.data();
        draw_.count = points_;
        draw_.positions_version = version_;
        draw_.point_px = point_px_ * s;
        dl->AddCallback(gpu_points, &draw_);
        dl->AddCallback(ImDrawCallback_ResetRenderState, nullptr);
    } else {
        dl->AddText(ImVec2(p0.x + 10 * s, p0.y + 10 * s), theme_u32(ColorRole::Error),
                    "this build has no GPU point renderer");
    }
    for (size_t h = 0; h < highlight_rows_.size(); ++h) {
        const size_t i = highlight_rows_[h];
        const bool input = h < highlight_inputs_;
        dl->AddCircleFilled(to_screen(i), (input ? 6.0f : 4.5f) * s,
                            input ? IM_COL32(220, 50, 50, 255) : IM_COL32(240, 140, 30, 255));
        dl->AddCircle(to_screen(i), (input ? 6.0f : 4.5f) * s, theme_u32(ColorRole::NodeRing), 0, 1.2f * s);
    }
    if (hovered_ >= 0 && size_t(hovered_) < points_)
        dl->AddCircle(to_screen(size_t(hovered_)), 6 * s, theme_u32(ColorRole::NodeRing), 0, 2 * s);
    draw_labels(table, p0, p1, centre);
    dl->PopClipRect();
    if (hovered_ >= 0 && size_t(hovered_) < points_) {
        ImGui::BeginTooltip();
        ImGui::Text("%s", escape_for_display(table.word(uint32_t(hovered_))).c_str());
        ImGui::TextDisabled("frequency rank %s", with_thousands(uint64_t(hovered_) + 1).c_str());
        ImGui::EndTooltip();
    }
}


// Labels, most important first: the hovered word, the highlight (inputs, then results), then
// the most frequent words; each takes a free spot near its point or is left out.
void MapPanel::draw_labels(const EmbeddingTable& table, const ImVec2& p0, const ImVec2& p1, const ImVec2& centre) {
    const float s = theme_scale();
    std::vector<size_t> order;
    std::vector<ColorRole> role;
    std::vector<bool> boxed;
    if (hovered_ >= 0 && size_t(hovered_) < points_) {
        order.push_back(size_t(hovered_));
        role.push_back(ColorRole::LabelStrong);
        boxed.push_back(true);
    }
    for (size_t h = 0; h < highlight_rows_.size(); ++h) {
        order.push_back(highlight_rows_[h]);
        role.push_back(h < highlight_inputs_ ? ColorRole::HighlightInput : ColorRole::HighlightResult);
        boxed.push_back(true);
    }
    for (size_t i = 0; i < std::min(points_, size_t(label_count_)); ++i) {
        order.push_back(i);
        role.push_back(ColorRole::Label);
        boxed.push_back(false);
    }
    std::vector<LabelRequest> requests;
    std::vector<size_t> which;  // index into order
    std::vector<std::string> words;
    for (size_t k = 0; k < order.size(); ++k) {
        float v[3];
        to_view(&xyz_[order[k] * 3], v);
        float x = 0, y = 0;
        view_.to_screen(v[0], v[1], x, y);
        const ImVec2 q(centre.x + x, centre.y + y);
        if (q.x < p0.x || q.y < p0.y || q.x > p1.x || q.y > p1.y) continue;
        words.push_back(escape_for_display(table.word(uint32_t(order[k]))));
        const ImVec2 ts = ImGui::CalcTextSize(words.back().c_str());
        LabelRequest r;
        r.x = q.x;
        r.y = q.y;
        r.radius = 3 * s;
        r.width = ts.x + 4 * s;
        r.height = ts.y;
        r.required = k == 0 && hovered_ >= 0;
        requests.push_back(r);
        which.push_back(k);
    }
    const auto placed = place_labels(requests, LabelRect{p0.x, p0.y, p1.x, p1.y}, 1.5f * s);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    for (size_t j = 0; j < placed.size(); ++j) {
        if (!placed[j].placed) continue;
        const size_t k = which[j];
        if (boxed[k])
            dl->AddRectFilled(ImVec2(placed[j].x, placed[j].y),
                              ImVec2(placed[j].x + placed[j].width, placed[j].y + placed[j].height),
                              theme_u32(ColorRole::LabelBox), 3 * s);
        dl->AddText(ImVec2(placed[j].x + 2 * s, placed[j].y), theme_u32(role[k], boxed[k] ? 1.0f : 0.85f), words[j].c_str());
    }
}

}  // namespace embx::app
