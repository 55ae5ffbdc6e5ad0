#include "app/graph_panel.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include <imgui.h>

#include "app/clock.hpp"
#include "app/theme.hpp"
#include "app/ui_widgets.hpp"
#include "core/display_text.hpp"
#include "core/graph/communities.hpp"
#include "core/graph/sentence_tokens.hpp"
#include "core/tokenizer/bpe_tokenizer.hpp"
#include "formats/graph_export.hpp"
#include "formats/table_tokenizer.hpp"

namespace embx::app {

namespace {


// Community colours: distinct hues of similar lightness (readable with dark labels).
ImU32 community_colour(uint32_t c, int alpha = 255) {
    static const ImU32 rgb[] = {0x4C78A8, 0xF58518, 0x54A24B, 0xE45756, 0x72B7B2, 0xB279A2,
                                0xEECA3B, 0x9D755D, 0xFF9DA6, 0x8CD17D, 0xBAB0AC, 0x86BCB6};
    const ImU32 v = rgb[c % (sizeof rgb / sizeof rgb[0])];
    return IM_COL32((v >> 16) & 255, (v >> 8) & 255, v & 255, alpha);
}

std::string graph_file_stem(const std::string& text) {
    std::string s;
    for (char c : text) {
        if (s.size() >= 40) break;
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        if (ok) s += c;
        else if (!s.empty() && s.back() != '-') s += '-';
    }
    while (!s.empty() && s.back() == '-') s.pop_back();
    return "graph-" + (s.empty() ? std::string("embx") : s);
}

}  // namespace

void GraphPanel::set_text(const std::string& text) {
    std::snprintf(input_, sizeof input_, "%s", text.c_str());
    ++input_id_;
}

void GraphPanel::build(const TableSession& session, const std::string& text, int k) {
    set_text(text);
    k_ = k;
    error_.clear();
    const auto& t = session.active();
    if (!t) {
        error_ = "no table is loaded yet";
        return;
    }
    GraphOptions opt;
    opt.k = k < 0 ? 0 : size_t(k);
    opt.threshold = threshold_;
    const double t0 = now_ms();
    // An LLM table that carries its tokenizer is split into its tokens (ids = rows); any other
    // table into words.
    auto tok = tokenizer_for(t);
    if (!tok) {
        error_ = tok.error();
        return;
    }
    Expected<NeighbourhoodGraph> g = Error{""};
    std::vector<std::string> tokens;
    if (*tok) {
        std::vector<uint32_t> rows;
        for (const Token& token : (*tok)->encode(text)) {
            rows.push_back(token.id);
            tokens.push_back(escape_for_display(token.text));
        }
        g = build_neighbourhood_graph_from_rows(*t, rows, opt);
    } else {
        g = build_neighbourhood_graph(*t, split_sentence(text), opt);
    }
    if (!g) {
        error_ = g.error();  // the previous graph stays on screen
        return;
    }
    tokens_ = std::move(tokens);
    build_ms_ = now_ms() - t0;
    table_ = t;
    graph_ = std::move(*g);
    layout_ = ForceLayout(1);
    layout_.sync(*graph_);
    rebuild_extras();
    built_at_ = now_ms();
    settle_ms_ = 0;
    layout_cpu_ms_ = 0;
    fit_pending_ = true;
    hovered_ = dragging_ = -1;
}

Expected<std::shared_ptr<const BpeTokenizer>> GraphPanel::tokenizer_for(const std::shared_ptr<const EmbeddingTable>& t) {
    // Parsing an 11 MB tokenizer.json takes a moment: once per table. A table still
    // streaming in has its metadata already (it comes before the rows).
    if (tokenizer_table_.lock() != t) {
        auto tok = table_tokenizer(*t);
        if (!tok) return Error{tok.error()};
        tokenizer_ = *tok;
        tokenizer_table_ = t;
    }
    return tokenizer_;
}

void GraphPanel::rebuild_extras() {
    const Communities c = label_propagation(graph_->nodes().size(), graph_->edges());
    community_ = c.of_node;
    community_count_ = c.count;
}

std::string GraphPanel::png_name() const { return graph_ ? graph_file_stem(input_) + ".png" : std::string(); }

GraphStats GraphPanel::stats() const {
    GraphStats s;
    s.error = error_;
    if (!graph_) return s;
    s.nodes = graph_->nodes().size();
    s.edges = graph_->edges().size();
    s.inputs = graph_->input_count();
    s.communities = community_count_;
    s.skipped = graph_->skipped();
    s.tokenizer = !tokens_.empty();
    s.tokens = tokens_;
    s.settled = layout_.settled();
    s.iterations = layout_.iterations_run();
    s.build_ms = build_ms_;
    s.settle_ms = settle_ms_;
    s.layout_cpu_ms = layout_cpu_ms_;
    return s;
}

void GraphPanel::step_layout(double budget_ms) {
    if (!graph_ || layout_.settled()) return;
    const double t0 = now_ms();
    do {
        layout_.step(2);
    } while (!layout_.settled() && now_ms() - t0 < budget_ms);
    layout_cpu_ms_ += now_ms() - t0;
    if (layout_.settled() && settle_ms_ == 0) settle_ms_ = now_ms() - built_at_;
}

void GraphPanel::settle() {
    if (!graph_) return;
    step_layout(1e9);
}

void GraphPanel::fit_view(float width, float height) {
    if (!graph_ || layout_.size() == 0) return;
    float minx = INFINITY, maxx = -INFINITY, miny = INFINITY, maxy = -INFINITY;
    for (size_t i = 0; i < layout_.size(); ++i) {
        minx = std::min(minx, layout_.x(i));
        maxx = std::max(maxx, layout_.x(i));
        miny = std::min(miny, layout_.y(i));
        maxy = std::max(maxy, layout_.y(i));
    }
    pan_x_ = 0.5f * (minx + maxx);
    pan_y_ = 0.5f * (miny + maxy);
    const float margin = 60.0f * theme_scale();
    zoom_ = std::min((width - 2 * margin) / std::max(maxx - minx, 1e-3f),
                     (height - 2 * margin) / std::max(maxy - miny, 1e-3f));
    zoom_ = std::clamp(zoom_, 0.5f, 400.0f * theme_scale());
}

void GraphPanel::draw(const TableSession& session, bool take_focus, const GraphExportHooks& hooks) {
    const float s = theme_scale();
    if (take_focus) ImGui::SetKeyboardFocusHere();
    ImGui::SetNextItemWidth(std::max(200.0f * s, ImGui::GetContentRegionAvail().x * 0.45f));
    ImGui::PushID(input_id_);
    const bool enter = ImGui::InputTextWithHint("##sentence", "a sentence or some words", input_, sizeof input_,
                                                ImGuiInputTextFlags_EnterReturnsTrue);
    ImGui::PopID();
    ImGui::SameLine();
    ImGui::SetNextItemWidth(120 * s);
    ImGui::SliderInt("k", &k_, 1, 100);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("neighbours per token");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(120 * s);
    ImGui::SliderFloat("link", &threshold_, 0.0f, 1.0f, threshold_ > 0 ? "cos >= %.2f" : "off");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("also link any two words at least this similar");
    ImGui::SameLine();
    if (ImGui::Button("Build") || enter) build(session, input_, k_);
    // The first visit shows the article's graph as soon as the table is complete.
    if (!graph_ && error_.empty() && session.active() && !session.loading()) build(session, input_, k_);

    if (!error_.empty()) draw_error_text(escape_for_display(error_));
    if (!graph_) {
        if (error_.empty()) ImGui::TextDisabled("waiting for the table...");
        return;
    }
    step_layout(8.0);
    ImGui::TextDisabled("%s nodes (%zu tokens), %s edges, %zu communities  |  built in %.1f ms  |  %s",
                        with_thousands(graph_->nodes().size()).c_str(), graph_->input_count(),
                        with_thousands(graph_->edges().size()).c_str(), community_count_, build_ms_,
                        layout_.settled() ? "layout settled" : "layout settling...");
    if (!layout_.settled()) {
        ImGui::SameLine();
        ImGui::ProgressBar(layout_.progress(), ImVec2(100 * s, ImGui::GetTextLineHeight()), "");
    }
    if (!tokens_.empty()) {
        std::string list;
        for (const auto& w : tokens_) list += (list.empty() ? "" : "  ") + w;
        ImGui::TextDisabled("the table's tokenizer: %s", list.c_str());
    }
    if (!graph_->skipped().empty()) {
        std::string list;
        for (const auto& w : graph_->skipped()) list += (list.empty() ? "" : ", ") + escape_for_display(w);
        ImGui::SameLine();
        ImGui::TextDisabled("  |  not in the table: %s", list.c_str());
    }
    // Exports.
    const std::string stem = graph_file_stem(input_);
    GraphExtras extras;
    auto fill_extras = [&] {
        extras.community = community_;
        for (size_t i = 0; i < layout_.size(); ++i) {
            extras.xy.push_back(layout_.x(i));
            extras.xy.push_back(layout_.y(i));
        }
    };
    ImGui::TextDisabled("export");
    ImGui::BeginDisabled(!hooks.save_png);
    ImGui::SameLine();
    if (ImGui::SmallButton("PNG")) hooks.save_png(png_name());
    ImGui::EndDisabled();
    ImGui::BeginDisabled(!hooks.save_file);
    ImGui::SameLine();
    if (ImGui::SmallButton("JSON")) {
        fill_extras();
        hooks.save_file(stem + ".json", "application/json", graph_to_json(*table_, *graph_, extras, 1));
    }
    ImGui::SameLine();
    if (ImGui::SmallButton("GraphML")) {
        fill_extras();
        hooks.save_file(stem + ".graphml", "application/xml", graph_to_graphml(*table_, *graph_, extras));
    }
    ImGui::SameLine();
    if (ImGui::SmallButton("GEXF")) {
        fill_extras();
        hooks.save_file(stem + ".gexf", "application/xml", graph_to_gexf(*table_, *graph_, extras));
    }
    ImGui::EndDisabled();
    ImGui::SameLine();
    if (ImGui::SmallButton("Fit")) fit_pending_ = true;
    ImGui::SameLine();
    ImGui::TextDisabled("  drag: pan or pin  |  wheel: zoom  |  click a word: its neighbours  |  right click: unpin");
    draw_canvas(*table_);
}

void GraphPanel::draw_canvas(const EmbeddingTable& table) {
    const float s = theme_scale();
    const CanvasArea area = begin_canvas("##graph-canvas");
    const ImVec2 size = area.size, centre = area.centre;
    const bool canvas_hovered = area.hovered;
    if (fit_pending_) fit_view(size.x, size.y);
    if (fit_pending_ && layout_.settled()) fit_pending_ = false;
    auto to_screen = [&](size_t i) {
        return ImVec2(centre.x + (layout_.x(i) - pan_x_) * zoom_, centre.y + (layout_.y(i) - pan_y_) * zoom_);
    };
    const ImGuiIO& io = ImGui::GetIO();
    const size_t n = layout_.size();
    const auto& nodes = graph_->nodes();
    auto radius = [&](size_t i) { return (nodes[i].input ? 7.0f : 4.5f) * s; };

    // Hover: the nearest node under the mouse.
    if (dragging_ < 0) {
        hovered_ = -1;
        if (canvas_hovered) {
            float best = INFINITY;
            for (size_t i = 0; i < n; ++i) {
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
        const float wx = pan_x_ + (io.MousePos.x - centre.x) / zoom_, wy = pan_y_ + (io.MousePos.y - centre.y) / zoom_;
        zoom_ = std::clamp(zoom_ * std::pow(1.15f, io.MouseWheel), 0.2f, 2000.0f);
        pan_x_ = wx - (io.MousePos.x - centre.x) / zoom_;
        pan_y_ = wy - (io.MousePos.y - centre.y) / zoom_;
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
            layout_.place(size_t(dragging_), pan_x_ + (io.MousePos.x - centre.x) / zoom_,
                          pan_y_ + (io.MousePos.y - centre.y) / zoom_);
            layout_.pin(size_t(dragging_), true);
            layout_.reheat(0.05f);
        } else if (panning_) {
            pan_x_ -= io.MouseDelta.x / zoom_;
            pan_y_ -= io.MouseDelta.y / zoom_;
            fit_pending_ = false;
        }
    }
    if (ImGui::IsItemDeactivated()) {
        if (dragging_ >= 0 && !moved_ && !nodes[size_t(dragging_)].expanded) {
            GraphOptions opt;
            opt.k = size_t(k_);
            opt.threshold = threshold_;
            const Status st = expand_node(*graph_, table, uint32_t(dragging_), opt);
            if (!st) error_ = st.error();
            layout_.sync(*graph_);
            rebuild_extras();
            built_at_ = now_ms();
            settle_ms_ = 0;
        }
        dragging_ = -1;
        panning_ = false;
    }
    if (canvas_hovered && hovered_ >= 0 && ImGui::IsMouseClicked(ImGuiMouseButton_Right)) {
        layout_.pin(size_t(hovered_), false);
        layout_.reheat(0.05f);
    }

    ImDrawList* dl = ImGui::GetWindowDrawList();
    // Edges: opacity by cosine, relative to the weakest edge shown.
    float wmin = 1.0f;
    for (const GraphEdge& e : graph_->edges()) wmin = std::min(wmin, e.weight);
    for (const GraphEdge& e : graph_->edges()) {
        const float t = std::clamp((e.weight - wmin) / std::max(1.0f - wmin, 1e-3f), 0.0f, 1.0f);
        const bool lit = hovered_ >= 0 && (e.source == uint32_t(hovered_) || e.target == uint32_t(hovered_));
        const int alpha = lit ? 230 : int(25 + 140 * t);
        dl->AddLine(to_screen(e.source), to_screen(e.target),
                    lit ? IM_COL32(40, 60, 120, alpha) : IM_COL32(90, 100, 120, alpha), (lit ? 2.0f : 1.0f) * s);
    }
    // Nodes, then labels on top.
    for (size_t i = 0; i < n; ++i) {
        const ImVec2 q = to_screen(i);
        const float r = radius(i);
        dl->AddCircleFilled(q, r, community_colour(i < community_.size() ? community_[i] : 0));
        if (nodes[i].input) dl->AddCircle(q, r + 1.5f * s, IM_COL32(30, 30, 40, 255), 0, 2.0f * s);
        if (layout_.pinned(i)) dl->AddCircle(q, r + 4.0f * s, IM_COL32(200, 60, 60, 255), 0, 1.5f * s);
    }
    const bool all_labels = zoom_ >= 45.0f * s || n <= 60;
    for (size_t i = 0; i < n; ++i) {
        if (!nodes[i].input && !all_labels && long(i) != hovered_) continue;
        const std::string w = escape_for_display(table.word(nodes[i].row));
        const ImVec2 q = to_screen(i);
        const ImVec2 at(q.x + radius(i) + 3 * s, q.y - ImGui::GetTextLineHeight() * 0.5f);
        const ImU32 col = nodes[i].input ? IM_COL32(15, 20, 30, 255) : IM_COL32(70, 76, 90, 255);
        if (nodes[i].input) {
            const ImVec2 ts = ImGui::CalcTextSize(w.c_str());
            dl->AddRectFilled(ImVec2(at.x - 2 * s, at.y), ImVec2(at.x + ts.x + 2 * s, at.y + ts.y),
                              IM_COL32(255, 255, 255, 200), 3 * s);
        }
        dl->AddText(at, col, w.c_str());
    }
    dl->PopClipRect();

    if (hovered_ >= 0 && dragging_ < 0) {
        const GraphNode& node = nodes[size_t(hovered_)];
        ImGui::BeginTooltip();
        ImGui::Text("%s", escape_for_display(table.word(node.row)).c_str());
        if (node.input) ImGui::TextDisabled("input token, frequency rank %s", with_thousands(node.row + 1).c_str());
        else
            ImGui::TextDisabled("cosine %.4f to '%s', rank %s", double(node.score),
                                escape_for_display(table.word(nodes[node.origin].row)).c_str(),
                                with_thousands(node.row + 1).c_str());
        ImGui::TextDisabled("community %u%s", hovered_ < long(community_.size()) ? community_[size_t(hovered_)] + 1 : 0,
                            node.expanded ? "" : "  |  click: add its neighbours");
        ImGui::EndTooltip();
    }
}

}  // namespace embx::app
