#include "app/explorer_app.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>

#include <imgui.h>

#include "app/theme.hpp"
#include "core/display_text.hpp"
#include "core/queries.hpp"
#include "core/search.hpp"

namespace embx::app {

namespace {

std::string with_thousands(uint64_t v) {
    std::string s = std::to_string(v);
    for (int i = int(s.size()) - 3; i > 0; i -= 3) s.insert(size_t(i), ",");
    return s;
}

std::string trim(const std::string& s) {
    const auto b = s.find_first_not_of(" \t");
    if (b == std::string::npos) return "";
    const auto e = s.find_last_not_of(" \t");
    return s.substr(b, e - b + 1);
}

}  // namespace

ExplorerApp::ExplorerApp(TableSession& session) : session_(session) {}

Expected<std::vector<NamedHit>> ExplorerApp::neighbors(const std::string& word, int k) const {
    const auto& table = session_.active();
    if (!table) return Error{"no table is loaded yet"};
    if (k <= 0) return Error{"k must be at least 1"};
    auto hits = embx::neighbors(*table, word, size_t(k));
    if (!hits) return Error{hits.error()};
    std::vector<NamedHit> out;
    out.reserve(hits->size());
    for (const Hit& h : *hits) out.push_back({escape_for_display(table->word(h.row)), h.score});
    return out;
}

Expected<std::vector<NamedHit>> ExplorerApp::query(const std::string& expression, int k,
                                                   const std::string& method) const {
    const auto& table = session_.active();
    if (!table) return Error{"no table is loaded yet"};
    if (k <= 0) return Error{"k must be at least 1"};
    if (method != "add" && method != "mul") return Error{"method must be 'add' (3CosAdd) or 'mul' (3CosMul)"};
    QueryOptions opt;
    opt.k = size_t(k);
    opt.method = method == "mul" ? QueryMethod::Mul : QueryMethod::Add;
    auto r = run_query(*table, expression, opt);
    if (!r) return Error{r.error()};
    std::vector<NamedHit> out;
    for (const Hit& h : r->hits) out.push_back({escape_for_display(table->word(h.row)), h.score});
    return out;
}

void ExplorerApp::set_query(const std::string& word) {
    std::snprintf(input_, sizeof input_, "%s", word.c_str());
    query_ = trim(input_);
    focus_search_ = true;
}

void ExplorerApp::refresh_results() {
    if (query_ == cached_query_ && k_ == cached_k_ && session_.generation() == cached_generation_)
        return;
    cached_query_ = query_;
    cached_k_ = k_;
    cached_generation_ = session_.generation();
    results_.clear();
    result_error_.clear();
    if (query_.empty() || !session_.active()) return;
    const auto t0 = std::chrono::steady_clock::now();
    auto r = neighbors(query_, k_);
    last_search_ms_ = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    if (r) results_ = std::move(*r);
    else result_error_ = r.error();
}

void ExplorerApp::frame() {
    const ImGuiViewport* vp = ImGui::GetMainViewport();
    ImGui::SetNextWindowPos(vp->WorkPos);
    ImGui::SetNextWindowSize(vp->WorkSize);
    const ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;
    ImGui::Begin("Embedding Explorer", nullptr, flags);
    refresh_results();
    draw_header();
    draw_progress();
    ImGui::Spacing();
    draw_search();
    draw_results();
    draw_status_line();
    ImGui::End();
}

void ExplorerApp::draw_header() {
    ImGui::PushFont(theme_font(FontRole::Title));
    ImGui::TextUnformatted("Embedding Explorer");
    ImGui::PopFont();
    const auto& t = session_.active();
    if (t) {
        ImGui::SameLine();
        ImGui::TextDisabled("  %s  |  %s words x %u dims  |  %s", escape_for_display(t->info().name).c_str(),
                            with_thousands(t->rows()).c_str(), t->dims(),
                            std::string(dtype_name(t->dtype())).c_str());
    }
    ImGui::Separator();
}

void ExplorerApp::draw_progress() {
    const LoadProgress p = session_.progress();
    if (!p.active) return;
    const float frac = p.total_bytes ? float(double(p.bytes) / double(p.total_bytes)) : 0.0f;
    char overlay[192];
    const double mbps = p.seconds > 0 ? double(p.bytes) / 1e6 / p.seconds : 0;
    if (p.total_rows)
        std::snprintf(overlay, sizeof overlay, "%.1f / %.1f MB   %s of %s words   %.0f MB/s",
                      double(p.bytes) / 1e6, double(p.total_bytes) / 1e6, with_thousands(p.rows).c_str(),
                      with_thousands(p.total_rows).c_str(), mbps);
    else
        std::snprintf(overlay, sizeof overlay, "%.1f MB   %.0f MB/s", double(p.bytes) / 1e6, mbps);
    ImGui::Text("Loading %s", escape_for_display(p.name).c_str());
    ImGui::ProgressBar(frac, ImVec2(-1, 0), overlay);
}

void ExplorerApp::draw_search() {
    ImGui::TextUnformatted("Nearest neighbours by cosine similarity");
    if (focus_search_) {
        ImGui::SetKeyboardFocusHere();
        focus_search_ = false;
    }
    ImGui::SetNextItemWidth(std::min(420.0f * theme_scale(), ImGui::GetContentRegionAvail().x * 0.6f));
    if (ImGui::InputTextWithHint("##word", "type a word, e.g. cat", input_, sizeof input_))
        query_ = trim(input_);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(140 * theme_scale());
    ImGui::SliderInt("results", &k_, 1, 100);

    const auto& t = session_.active();
    if (t && !t->complete())
        ImGui::TextDisabled("searching %s of %s words (the rest is still arriving)",
                            with_thousands(t->rows()).c_str(), with_thousands(t->info().expected_rows).c_str());
    else if (t && !query_.empty() && result_error_.empty())
        ImGui::TextDisabled("exact search over all %s words in %.1f ms", with_thousands(t->rows()).c_str(),
                            last_search_ms_);
    else
        ImGui::TextDisabled(" ");
}

void ExplorerApp::draw_results() {
    const float status_h = ImGui::GetFrameHeightWithSpacing() + ImGui::GetStyle().ItemSpacing.y;
    ImGui::BeginChild("results", ImVec2(0, -status_h), false);
    if (!result_error_.empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, theme_color(ColorRole::Error));
        ImGui::TextWrapped("%s", result_error_.c_str());
        ImGui::PopStyleColor();
    } else if (!results_.empty() &&
               ImGui::BeginTable("hits", 3, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp)) {
        ImGui::TableSetupColumn("#", ImGuiTableColumnFlags_WidthFixed, 36 * theme_scale());
        ImGui::TableSetupColumn("word", ImGuiTableColumnFlags_WidthStretch, 1.0f);
        ImGui::TableSetupColumn("cosine", ImGuiTableColumnFlags_WidthStretch, 1.4f);
        ImGui::TableHeadersRow();
        std::string clicked;
        for (size_t i = 0; i < results_.size(); ++i) {
            const NamedHit& h = results_[i];
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::AlignTextToFramePadding();  // rows are as tall as the score bars
            ImGui::TextDisabled("%zu", i + 1);
            ImGui::TableNextColumn();
            ImGui::AlignTextToFramePadding();
            ImGui::PushID(int(i));
            if (ImGui::Selectable(h.word.c_str(), false, ImGuiSelectableFlags_None)) clicked = h.word;
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("search for '%s'", h.word.c_str());
            ImGui::PopID();
            ImGui::TableNextColumn();
            char label[16];
            std::snprintf(label, sizeof label, "%.4f", double(h.score));
            ImGui::PushStyleColor(ImGuiCol_PlotHistogram, theme_color(ColorRole::ScoreBar));
            ImGui::ProgressBar(std::max(0.0f, h.score), ImVec2(-1, 0), label);
            ImGui::PopStyleColor();
        }
        ImGui::EndTable();
        if (!clicked.empty()) set_query(clicked);
    } else if (query_.empty() && session_.active()) {
        ImGui::TextDisabled("Results appear as you type. Click a result to search for it.");
    }
    ImGui::EndChild();
}

void ExplorerApp::draw_status_line() {
    ImGui::Separator();
    if (!session_.last_error().empty()) {
        ImGui::PushStyleColor(ImGuiCol_Text, theme_color(ColorRole::Error));
        ImGui::TextUnformatted(escape_for_display(session_.last_error()).c_str());
        ImGui::PopStyleColor();
    } else {
        ImGui::TextDisabled("%s", escape_for_display(session_.last_notice()).c_str());
    }
}

}  // namespace embx::app
