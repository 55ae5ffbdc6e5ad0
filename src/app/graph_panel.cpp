#include "app/graph_panel.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>

#include <imgui.h>

#include "app/clock.hpp"
#include "app/theme.hpp"
#include "app/ui_widgets.hpp"
#include "core/display_text.hpp"
#include "core/graph/communities.hpp"
#include "core/graph/sentence_tokens.hpp"
#include "core/tokenizer/tokenizer.hpp"
#include "formats/graph_export.hpp"
#include "formats/table_tokenizer.hpp"

namespace embx::app {

const char* graph_labels_name(GraphLabels l) {
    switch (l) {
        case GraphLabels::All: return "all";
        case GraphLabels::Degree: return "degree";
        case GraphLabels::Hover: return "hover";
    }
    return "degree";
}

std::optional<GraphLabels> graph_labels_from_name(const std::string& name) {
    for (GraphLabels l : {GraphLabels::All, GraphLabels::Degree, GraphLabels::Hover})
        if (name == graph_labels_name(l)) return l;
    return std::nullopt;
}

namespace {

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

void GraphPanel::build(const TableSession& session, const std::string& text, int k, bool wait) {
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
    auto ready = wait ? session.tokenizer() : session.tokenizer_if_ready();
    if (!ready) {
        waiting_ = WaitingBuild{text, k};
        return;
    }
    waiting_.reset();
    auto tok = std::move(*ready);
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
    selected_ = -1;
    keyboard_ = false;
    shown_.clear();
}

void GraphPanel::rebuild_extras() {
    const Communities c = label_propagation(graph_->nodes().size(), graph_->edges());
    community_ = c.of_node;
    community_count_ = c.count;
    degree_.assign(graph_->nodes().size(), 0);
    for (const GraphEdge& e : graph_->edges()) {
        ++degree_[e.source];
        ++degree_[e.target];
    }
    ++revision_;
}

void GraphPanel::select(long node) {
    if (!graph_ || node < -1 || node >= long(graph_->nodes().size())) return;
    selected_ = node;
}

void GraphPanel::expand(long node) {
    if (!graph_ || !table_ || node < 0 || node >= long(graph_->nodes().size())) return;
    if (graph_->nodes()[size_t(node)].expanded) return;
    GraphOptions opt;
    opt.k = size_t(k_);
    opt.threshold = threshold_;
    const Status st = expand_node(*graph_, *table_, uint32_t(node), opt);
    if (!st) error_ = st.error();
    layout_.sync(*graph_);
    rebuild_extras();
    built_at_ = now_ms();
    settle_ms_ = 0;
}

std::vector<GraphNodeRef> GraphPanel::neighbours_of(size_t node) const {
    std::vector<GraphNodeRef> out;
    if (!graph_ || !table_) return out;
    const auto& nodes = graph_->nodes();
    for (const GraphEdge& e : graph_->edges()) {
        if (e.source != node && e.target != node) continue;
        const uint32_t other = e.source == node ? e.target : e.source;
        out.push_back({other, escape_for_display(table_->word(nodes[other].row)), e.weight, nodes[other].input});
    }
    std::stable_sort(out.begin(), out.end(), [](const GraphNodeRef& a, const GraphNodeRef& b) { return a.cosine > b.cosine; });
    return out;
}

void GraphPanel::fill_snapshot(GraphSnapshot& g) const {
    g.text = input_;
    g.k = k_;
    g.error = escape_for_display(error_);
    g.labels = graph_labels_name(labels_);
    g.revision = revision_;
    if (!graph_ || !table_) return;
    const auto& nodes = graph_->nodes();
    g.built = true;
    g.nodes = nodes.size();
    g.edges = graph_->edges().size();
    g.inputs = graph_->input_count();
    g.communities = community_count_;
    g.settled = layout_.settled();
    for (const auto& w : graph_->skipped()) g.skipped.push_back(escape_for_display(w));
    g.tokens = tokens_;
    for (size_t i = 0; i < nodes.size(); ++i)
        if (nodes[i].input) g.input_nodes.push_back({uint32_t(i), escape_for_display(table_->word(nodes[i].row)), 1.0f, true});
    if (selected_ < 0) return;
    const GraphNode& n = nodes[size_t(selected_)];
    g.selected = selected_;
    g.selected_word = escape_for_display(table_->word(n.row));
    g.selected_input = n.input;
    g.selected_expanded = n.expanded;
    g.selected_community = size_t(selected_) < community_.size() ? community_[size_t(selected_)] + 1 : 0;
    g.neighbours = neighbours_of(size_t(selected_));
}

std::string GraphPanel::export_as(const std::string& format, const GraphExportHooks& hooks) {
    if (!graph_ || !table_) return "there is no graph to export yet";
    const std::string stem = graph_file_stem(input_);
    if (format == "png") {
        if (!hooks.save_png) return "this platform cannot save PNG images";
        hooks.save_png(png_name());
        return "";
    }
    if (!hooks.save_file) return "this platform cannot save files";
    GraphExtras extras;
    extras.community = community_;
    for (size_t i = 0; i < layout_.size(); ++i) {
        extras.xy.push_back(layout_.x(i));
        extras.xy.push_back(layout_.y(i));
    }
    if (format == "json") hooks.save_file(stem + ".json", "application/json", graph_to_json(*table_, *graph_, extras, 1));
    else if (format == "graphml")
        hooks.save_file(stem + ".graphml", "application/xml", graph_to_graphml(*table_, *graph_, extras));
    else if (format == "gexf") hooks.save_file(stem + ".gexf", "application/xml", graph_to_gexf(*table_, *graph_, extras));
    else return "unknown export format '" + escape_for_display(format) + "' (png, json, graphml or gexf)";
    return "";
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
    view_.pan_x = 0.5f * (minx + maxx);
    view_.pan_y = 0.5f * (miny + maxy);
    const float margin = 60.0f * theme_scale();
    const float zoom = std::min((width - 2 * margin) / std::max(maxx - minx, 1e-3f),
                                (height - 2 * margin) / std::max(maxy - miny, 1e-3f));
    view_.zoom = std::clamp(zoom, 0.5f, 400.0f * theme_scale());
}

void GraphPanel::draw(const TableSession& session, bool take_focus, const GraphExportHooks& hooks) {
    const float s = theme_scale();
    if (take_focus || refocus_input_) ImGui::SetKeyboardFocusHere();
    refocus_input_ = false;
    ImGui::SetNextItemWidth(std::max(200.0f * s, ImGui::GetContentRegionAvail().x * 0.45f));
    ImGui::PushID(input_id_);
    const bool enter = ImGui::InputTextWithHint("##sentence", "a sentence or some words", input_, sizeof input_,
                                                ImGuiInputTextFlags_EnterReturnsTrue);
    const bool escape = escape_from_input();
    if (down_from_input() && graph_) enter_keyboard_ = true;
    ImGui::PopID();
    if (escape) set_text("");  // the graph on screen stays until the next Build
    ImGui::SameLine();
    ImGui::SetNextItemWidth(120 * s);
    ImGui::SliderInt("k", &k_, 1, 100);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("neighbours per token");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(120 * s);
    ImGui::SliderFloat("link", &threshold_, 0.0f, 1.0f, threshold_ > 0 ? "cos >= %.2f" : "off");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("also link any two words at least this similar");
    ImGui::SameLine();
    if (ImGui::Button("Build") || enter) build(session, input_, k_, false);
    // The first visit shows the article's graph as soon as the table is complete.
    if (waiting_) {
        const WaitingBuild w = *waiting_;
        build(session, w.text, w.k, false);
    } else if (!graph_ && error_.empty() && session.active() && !session.loading()) {
        build(session, input_, k_, false);
    }

    if (!error_.empty()) draw_error_text(escape_for_display(error_));
    if (waiting_) ImGui::TextDisabled("reading the table's tokenizer...");
    if (!graph_) {
        if (error_.empty() && !waiting_) ImGui::TextDisabled("waiting for the table...");
        return;
    }
    // With reduced motion nothing is drawn moving, so the layout may take bigger steps.
    step_layout(reduced_motion_ ? 25.0 : 8.0);
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
    ImGui::TextDisabled("export");
    for (const char* f : {"PNG", "JSON", "GraphML", "GEXF"}) {
        const bool png = f[0] == 'P';
        ImGui::SameLine();
        ImGui::BeginDisabled(png ? !hooks.save_png : !hooks.save_file);
        if (ImGui::SmallButton(f)) {
            std::string lower(f);
            for (char& c : lower) c = char(std::tolower(static_cast<unsigned char>(c)));
            export_as(lower, hooks);
        }
        ImGui::EndDisabled();
    }
    ImGui::SameLine();
    if (ImGui::SmallButton("Fit")) fit_pending_ = true;
    ImGui::SameLine();
    int labels = int(labels_);
    ImGui::SetNextItemWidth(150 * s);
    if (ImGui::Combo("labels", &labels, "all words\0by degree\0on hover\0")) labels_ = GraphLabels(labels);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("which words are labelled (the sentence's own always are);\n"
                                                  "labels never overlap: those without room show on hover");
    if (labels_ == GraphLabels::Degree) {
        ImGui::SameLine();
        ImGui::SetNextItemWidth(90 * s);
        ImGui::SliderInt("##label-count", &label_count_, 0, 300, "top %d");
    }
    ImGui::TextDisabled("drag: pan or pin  |  wheel: zoom  |  click a word: select it, add its neighbours  |  "
                        "right click: unpin  |  keys: Down from the box, arrows, Enter, Escape");
    draw_canvas(*table_);
}

}  // namespace embx::app
