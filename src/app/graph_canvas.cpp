// The Graph tab's canvas: drawing the laid-out graph, mouse and keyboard on it, labels.
#include <algorithm>
#include <cmath>
#include <numeric>

#include <imgui.h>
#include <imgui_internal.h>  // the canvas owns the arrow keys in keyboard mode (no public API in 1.86)

#include "app/graph_panel.hpp"
#include "app/label_layout.hpp"
#include "app/theme.hpp"
#include "app/ui_widgets.hpp"
#include "core/display_text.hpp"

namespace embx::app {

namespace {

// Community colours: distinct hues of similar lightness (readable with dark labels).
ImU32 community_colour(uint32_t c, int alpha = 255) {
    static const ImU32 rgb[] = {0x4C78A8, 0xF58518, 0x54A24B, 0xE45756, 0x72B7B2, 0xB279A2,
                                0xEECA3B, 0x9D755D, 0xFF9DA6, 0x8CD17D, 0xBAB0AC, 0x86BCB6};
    const ImU32 v = rgb[c % (sizeof rgb / sizeof rgb[0])];
    return IM_COL32((v >> 16) & 255, (v >> 8) & 255, v & 255, alpha);
}

}  // namespace

void GraphPanel::update_shown() {
    const size_t n = layout_.size();
    // Reduced motion: the last settled positions stay on screen while the layout works (none
    // at all for a new graph; nodes an expansion added appear once it has settled).
    if (reduced_motion_ && !layout_.settled()) return;
    shown_.resize(2 * n);
    for (size_t i = 0; i < n; ++i) {
        shown_[2 * i] = layout_.x(i);
        shown_[2 * i + 1] = layout_.y(i);
    }
}

// Down from the sentence box, or Enter on the focused canvas, hands the canvas the arrow keys:
// they move the selection to the nearest node in that direction; Enter adds the selected node's
// neighbours; Escape (back to the box) or Tab gives the keys back to ImGui's navigation.
void GraphPanel::canvas_keyboard(const ImVec2& size) {
    ImGuiContext& g = *ImGui::GetCurrentContext();
    const ImGuiID id = g.LastItemData.ID;  // the canvas, submitted just before
    if (keyboard_ && g.ActiveId != id) keyboard_ = false;  // a click or Tab went elsewhere
    const bool enter = key_pressed(ImGuiKey_Enter) || key_pressed(ImGuiKey_KeyPadEnter);
    if (!keyboard_) {
        const bool from_input = enter_keyboard_;
        enter_keyboard_ = false;
        if (!from_input && !(ImGui::IsItemFocused() && g.ActiveId == 0 && enter)) return;
        if (from_input) focus_last_item();  // the canvas takes the focus ring from the box
        keyboard_ = true;
        ImGui::SetActiveID(id, g.CurrentWindow);
        g.ActiveIdSource = ImGuiInputSource_Keyboard;  // held until we let go (not a nav press)
        if (selected_ < 0 && graph_ && !graph_->nodes().empty()) selected_ = 0;  // the first token
        return;
    }
    g.ActiveIdUsingNavDirMask = 0xF;  // all four arrows are ours
    g.ActiveIdUsingNavInputMask |= 1u << ImGuiNavInput_Cancel;
    if (key_pressed(ImGuiKey_Escape) || key_pressed(ImGuiKey_Tab)) {
        ImGui::ClearActiveID();
        keyboard_ = false;
        refocus_input_ = key_pressed(ImGuiKey_Escape);  // back where Down came from
        return;
    }
    if (selected_ < 0 || !shown(size_t(selected_))) return;
    if (enter) expand(selected_);
    const ImGuiKey keys[4] = {ImGuiKey_LeftArrow, ImGuiKey_RightArrow, ImGuiKey_UpArrow, ImGuiKey_DownArrow};
    const float dirs[4][2] = {{-1, 0}, {1, 0}, {0, -1}, {0, 1}};
    for (int k = 0; k < 4; ++k) {
        if (!key_pressed(keys[k])) continue;
        const float sx = px(size_t(selected_)), sy = py(size_t(selected_));
        long best = -1;
        float best_score = INFINITY;
        for (size_t j = 0; j < layout_.size(); ++j) {
            if (long(j) == selected_ || !shown(j)) continue;
            const float vx = px(j) - sx, vy = py(j) - sy;
            const float along = vx * dirs[k][0] + vy * dirs[k][1];
            const float across = std::fabs(vx * dirs[k][1] - vy * dirs[k][0]);
            if (along <= 0 || across > 2 * along) continue;  // within ~63 degrees of the arrow
            const float score = along + 2 * across;
            if (score < best_score) {
                best_score = score;
                best = long(j);
            }
        }
        if (best >= 0) selected_ = best;
    }
    // Keep the selection on screen: centre the view on it when it leaves.
    float x = 0, y = 0;
    view_.to_screen(px(size_t(selected_)), py(size_t(selected_)), x, y);
    if (std::fabs(x) > 0.45f * size.x || std::fabs(y) > 0.45f * size.y) {
        view_.pan_x = px(size_t(selected_));
        view_.pan_y = py(size_t(selected_));
        fit_pending_ = false;
    }
}

void GraphPanel::draw_canvas(const EmbeddingTable& table) {
    const float s = theme_scale();
    const CanvasArea area = begin_canvas("##graph-canvas");
    const ImVec2 size = area.size, centre = area.centre;
    const bool canvas_hovered = area.hovered;
    const ImGuiIO& io = ImGui::GetIO();
    view_.min_zoom = 0.2f;
    view_.max_zoom = 2000.0f * s;
    view_.follow_scale(s);
    update_shown();
    canvas_keyboard(size);
    // Fitting follows the layout as it spreads; with reduced motion only the settled one.
    if (fit_pending_ && (!reduced_motion_ || layout_.settled())) fit_view(size.x, size.y);
    if (fit_pending_ && layout_.settled()) fit_pending_ = false;
    auto to_screen = [&](size_t i) {
        float x = 0, y = 0;
        view_.to_screen(px(i), py(i), x, y);
        return ImVec2(centre.x + x, centre.y + y);
    };
    // The layout point under the mouse.
    auto under_mouse = [&](float& wx, float& wy) {
        view_.to_view(io.MousePos.x - centre.x, io.MousePos.y - centre.y, wx, wy);
    };
    const size_t n = layout_.size();
    const auto& nodes = graph_->nodes();
    auto radius = [&](size_t i) { return (nodes[i].input ? 7.0f : 4.5f) * s; };

    // Hover: the nearest node under the mouse.
    if (dragging_ < 0) {
        hovered_ = -1;
        if (canvas_hovered) {
            float best = INFINITY;
            for (size_t i = 0; i < n; ++i) {
                if (!shown(i)) continue;
                const ImVec2 q = to_screen(i);
                const float dx = q.x - io.MousePos.x, dy = q.y - io.MousePos.y, d2 = dx * dx + dy * dy;
                const float r = radius(i) + 3 * s;
                if (d2 <= r * r && d2 < best) {
                    best = d2;
                    hovered_ = long(i);
                }
            }
        }
    }
    // Zoom about the mouse: the point under it stays put.
    if (canvas_hovered && io.MouseWheel != 0) {
        view_.zoom_about(io.MousePos.x - centre.x, io.MousePos.y - centre.y, io.MouseWheel);
        fit_pending_ = false;
    }
    if (ImGui::IsItemActivated() && ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
        dragging_ = hovered_;
        panning_ = hovered_ < 0;
        moved_ = false;
    }
    if (ImGui::IsItemActive() && ImGui::IsMouseDragging(ImGuiMouseButton_Left, 2.0f)) {
        moved_ = true;
        if (dragging_ >= 0) {
            float wx = 0, wy = 0;
            under_mouse(wx, wy);
            layout_.place(size_t(dragging_), wx, wy);
            layout_.pin(size_t(dragging_), true);
            if (reduced_motion_) {  // only the dragged node moves, with the mouse
                shown_[2 * size_t(dragging_)] = wx;
                shown_[2 * size_t(dragging_) + 1] = wy;
            } else {
                layout_.reheat(0.05f);
            }
        } else if (panning_) {
            view_.drag(io.MouseDelta.x, io.MouseDelta.y);
            fit_pending_ = false;
        }
    }
    if (ImGui::IsItemDeactivated()) {
        if (dragging_ >= 0 && !moved_) {  // a click: select the word and add its neighbours
            selected_ = dragging_;
            expand(dragging_);
        }
        dragging_ = -1;
        panning_ = false;
    }
    if (canvas_hovered && hovered_ >= 0 && ImGui::IsMouseClicked(ImGuiMouseButton_Right)) {
        layout_.pin(size_t(hovered_), false);
        if (!reduced_motion_) layout_.reheat(0.05f);
    }

    ImDrawList* dl = ImGui::GetWindowDrawList();
    // Edges: opacity by cosine, relative to the weakest edge shown.
    float wmin = 1.0f;
    for (const GraphEdge& e : graph_->edges()) wmin = std::min(wmin, e.weight);
    const long focus = hovered_ >= 0 ? hovered_ : selected_;
    for (const GraphEdge& e : graph_->edges()) {
        if (!shown(e.source) || !shown(e.target)) continue;
        const float t = std::clamp((e.weight - wmin) / std::max(1.0f - wmin, 1e-3f), 0.0f, 1.0f);
        const bool lit = focus >= 0 && (e.source == uint32_t(focus) || e.target == uint32_t(focus));
        const ImU32 col = lit ? theme_u32(ColorRole::EdgeLit, 0.9f) : theme_u32(ColorRole::Edge, (25 + 140 * t) / 255.0f);
        dl->AddLine(to_screen(e.source), to_screen(e.target), col, (lit ? 2.0f : 1.0f) * s);
    }
    // Nodes, then labels on top.
    for (size_t i = 0; i < n; ++i) {
        if (!shown(i)) continue;
        const ImVec2 q = to_screen(i);
        const float r = radius(i);
        dl->AddCircleFilled(q, r, community_colour(i < community_.size() ? community_[i] : 0));
        if (nodes[i].input) dl->AddCircle(q, r + 1.5f * s, theme_u32(ColorRole::NodeRing), 0, 2.0f * s);
        if (layout_.pinned(i)) dl->AddCircle(q, r + 4.0f * s, theme_u32(ColorRole::Pinned), 0, 1.5f * s);
        if (long(i) == selected_) dl->AddCircle(q, r + 6.5f * s, theme_u32(ColorRole::Selection), 0, 3.0f * s);
    }
    draw_labels(table, area.min, area.max, centre);
    if (reduced_motion_ && !layout_.settled()) {
        const char* note = "laying out the graph (reduced motion: shown once it has settled)...";
        dl->AddText(ImVec2(area.min.x + 10 * s, area.min.y + 8 * s), theme_u32(ColorRole::Label), note);
    }
    dl->PopClipRect();
    draw_tooltip(table);
}

void GraphPanel::draw_labels(const EmbeddingTable& table, const ImVec2& min, const ImVec2& max, const ImVec2& centre) {
    const float s = theme_scale();
    const auto& nodes = graph_->nodes();
    const size_t n = layout_.size();
    // Priority: the selected and hovered words (always shown), the sentence's tokens, then the
    // best-connected words as the label mode allows.
    std::vector<size_t> order;
    if (selected_ >= 0 && shown(size_t(selected_))) order.push_back(size_t(selected_));
    if (hovered_ >= 0 && hovered_ != selected_) order.push_back(size_t(hovered_));
    const size_t required = order.size();
    for (size_t i = 0; i < n; ++i)
        if (nodes[i].input && long(i) != selected_ && long(i) != hovered_) order.push_back(i);
    if (labels_ != GraphLabels::Hover) {
        std::vector<size_t> rest;
        for (size_t i = 0; i < n; ++i)
            if (!nodes[i].input && long(i) != selected_ && long(i) != hovered_) rest.push_back(i);
        std::stable_sort(rest.begin(), rest.end(), [&](size_t a, size_t b) {
            return degree_[a] != degree_[b] ? degree_[a] > degree_[b] : nodes[a].score > nodes[b].score;
        });
        if (labels_ == GraphLabels::Degree && rest.size() > size_t(label_count_)) rest.resize(size_t(label_count_));
        order.insert(order.end(), rest.begin(), rest.end());
    }
    std::vector<LabelRequest> requests;
    std::vector<size_t> who;
    std::vector<std::string> words;
    for (size_t k = 0; k < order.size(); ++k) {
        const size_t i = order[k];
        if (!shown(i)) continue;
        float x = 0, y = 0;
        view_.to_screen(px(i), py(i), x, y);
        x += centre.x;
        y += centre.y;
        if (x < min.x || y < min.y || x > max.x || y > max.y) continue;
        words.push_back(escape_for_display(table.word(nodes[i].row)));
        const ImVec2 ts = ImGui::CalcTextSize(words.back().c_str());
        LabelRequest q;
        q.x = x;
        q.y = y;
        q.radius = (nodes[i].input ? 8.5f : 5.0f) * s;
        q.width = ts.x + 4 * s;  // room for the box's padding
        q.height = ts.y;
        q.required = k < required;
        requests.push_back(q);
        who.push_back(i);
    }
    const auto placed = place_labels(requests, LabelRect{min.x, min.y, max.x, max.y}, 2 * s);
    ImDrawList* dl = ImGui::GetWindowDrawList();
    for (size_t k = 0; k < placed.size(); ++k) {
        if (!placed[k].placed) continue;
        const size_t i = who[k];
        const bool strong = nodes[i].input || long(i) == selected_ || long(i) == hovered_;
        const ImVec2 at(placed[k].x + 2 * s, placed[k].y);
        if (strong)
            dl->AddRectFilled(ImVec2(placed[k].x, placed[k].y),
                              ImVec2(placed[k].x + placed[k].width, placed[k].y + placed[k].height),
                              theme_u32(ColorRole::LabelBox), 3 * s);
        dl->AddText(at, theme_u32(strong ? ColorRole::LabelStrong : ColorRole::Label), words[k].c_str());
    }
}

void GraphPanel::draw_tooltip(const EmbeddingTable& table) const {
    if (hovered_ < 0 || dragging_ >= 0) return;
    const auto& nodes = graph_->nodes();
    const GraphNode& node = nodes[size_t(hovered_)];
    ImGui::BeginTooltip();
    ImGui::Text("%s", escape_for_display(table.word(node.row)).c_str());
    if (node.input) ImGui::TextDisabled("input token, frequency rank %s", with_thousands(node.row + 1).c_str());
    else
        ImGui::TextDisabled("cosine %.4f to '%s', rank %s", double(node.score),
                            escape_for_display(table.word(nodes[node.origin].row)).c_str(),
                            with_thousands(node.row + 1).c_str());
    ImGui::TextDisabled("community %u, %u links%s", hovered_ < long(community_.size()) ? community_[size_t(hovered_)] + 1 : 0,
                        hovered_ < long(degree_.size()) ? degree_[size_t(hovered_)] : 0,
                        node.expanded ? "" : "  |  click: add its neighbours");
    ImGui::EndTooltip();
}

}  // namespace embx::app
