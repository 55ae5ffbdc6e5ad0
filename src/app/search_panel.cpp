#include "app/search_panel.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>

#include <imgui.h>

#include "app/result_export.hpp"
#include "app/theme.hpp"
#include "core/display_text.hpp"
#include "core/search.hpp"
#include "core/word_lookup.hpp"

namespace embx::app {

void SearchPanel::show(const std::string& word) {
    std::snprintf(input_, sizeof input_, "%s", word.c_str());
    ++input_id_;
    query_ = trim(input_);
}

void SearchPanel::search(const std::string& word) {
    show(word);
    if (query_.empty()) return;
    history_.resize(position_);  // a new search drops the "forward" entries
    if (history_.empty() || history_.back() != query_) history_.push_back(query_);
    position_ = history_.size();
}

bool SearchPanel::back() {
    if (position_ <= 1) return false;
    --position_;
    show(history_[position_ - 1]);
    return true;
}

bool SearchPanel::forward() {
    if (position_ >= history_.size()) return false;
    ++position_;
    show(history_[position_ - 1]);
    return true;
}

void SearchPanel::take(const Expected<std::vector<Hit>>& hits, const EmbeddingTable& t) {
    if (!hits) {
        error_ = hits.error();
        return;
    }
    for (const Hit& h : *hits) results_.push_back({escape_for_display(t.word(h.row)), h.score, {}});
}

// Worth it above ~64 MB of rows (~10 ms of scan): smaller scans finish within a frame anyway,
// and answering them at once keeps the results list from flickering while typing.
bool SearchPanel::start_background(const std::shared_ptr<EmbeddingTable>& t) {
    if (!pool_ || pool_->threads() < 2 || t->rows() * t->row_bytes() < (64u << 20)) return false;
    auto m = resolve_word(*t, query_);
    if (!m) {
        error_ = m.error();
        return true;
    }
    std::vector<float> v(t->dims());
    t->row_as_float(m->row, v.data());
    SearchOptions opt;
    opt.k = size_t(k_);
    opt.exclude = {m->row};
    if (!background_) background_ = std::make_unique<BackgroundSearch>(*pool_);
    if (!background_->start(t, std::move(v), opt)) return false;  // pool busy: scan here
    background_table_ = t;
    background_t0_ = std::chrono::steady_clock::now();
    return true;
}

void SearchPanel::refresh(const TableSession& session) {
    if (background_ && background_->running()) {
        auto r = background_->poll();
        if (!r) return;  // still scanning; a newer query starts once this one is in
        last_ms_ = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - background_t0_).count();
        if (background_table_ == session.active()) take(*r, *background_table_);
        background_table_.reset();
    }
    if (query_ == cached_query_ && k_ == cached_k_ && session.generation() == cached_generation_) return;
    cached_query_ = query_;
    cached_k_ = k_;
    cached_generation_ = session.generation();
    results_.clear();
    error_.clear();
    const auto& t = session.active();
    if (query_.empty() || !t) return;
    if (start_background(t)) return;
    const auto t0 = std::chrono::steady_clock::now();
    auto r = embx::neighbors(*t, query_, size_t(k_), nullptr, pool_);
    last_ms_ = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    take(r, *t);
}

void SearchPanel::draw(const TableSession& session, bool take_focus, const ClipboardFn& copy) {
    refresh(session);
    ImGui::BeginDisabled(position_ <= 1);
    if (ImGui::ArrowButton("##back", ImGuiDir_Left)) back();
    ImGui::EndDisabled();
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("back (Alt+Left)");
    ImGui::SameLine(0, 4);
    ImGui::BeginDisabled(position_ >= history_.size());
    if (ImGui::ArrowButton("##forward", ImGuiDir_Right)) forward();
    ImGui::EndDisabled();
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) ImGui::SetTooltip("forward (Alt+Right)");
    ImGui::SameLine();
    if (take_focus || refocus_input_) ImGui::SetKeyboardFocusHere();
    refocus_input_ = false;
    ImGui::SetNextItemWidth(std::min(420.0f * theme_scale(), ImGui::GetContentRegionAvail().x * 0.55f));
    ImGui::PushID(input_id_);
    if (ImGui::InputTextWithHint("##word", "type a word, e.g. cat", input_, sizeof input_))
        query_ = trim(input_);
    const bool escape = escape_from_input();
    const bool committed = ImGui::IsItemDeactivatedAfterEdit() && !escape;
    if (down_from_input() && !results_.empty()) focus_results_ = true;
    ImGui::PopID();
    if (escape) {  // Escape clears the box (ImGui alone would restore the text it had before)
        show("");
        refocus_input_ = true;
    }
    if (committed) search(query_);  // Enter or leaving the box commits to history
    ImGui::SameLine();
    ImGui::SetNextItemWidth(140 * theme_scale());
    ImGui::SliderInt("results", &k_, 1, 100);
    ImGui::SameLine();
    draw_copy_buttons({"search", query_, "", results_}, copy);
    if (ImGui::GetIO().KeyAlt && key_pressed(ImGuiKey_LeftArrow)) back();
    if (ImGui::GetIO().KeyAlt && key_pressed(ImGuiKey_RightArrow)) forward();

    const auto& t = session.active();
    if (t && !t->complete())
        ImGui::TextDisabled("searching %s of %s words (the rest is still arriving)", with_thousands(t->rows()).c_str(),
                            with_thousands(t->info().expected_rows).c_str());
    else if (t && !query_.empty() && error_.empty())
        ImGui::TextDisabled("exact search over all %s words in %.1f ms", with_thousands(t->rows()).c_str(), last_ms_);
    else
        ImGui::TextDisabled("nearest neighbours by cosine similarity; click a result to search for it");

    ImGui::BeginChild("search-results", ImVec2(0, 0), false);
    if (!error_.empty()) draw_error_text(error_);
    const HitsAction action = draw_hits_table("hits", results_, true, focus_results_);
    // A background scan answers a frame or two later: the focus waits for the first row.
    if (!results_.empty() || !error_.empty()) focus_results_ = false;
    ImGui::EndChild();
    if (!action.follow.empty()) {
        search(action.follow);
        focus_results_ = action.by_keyboard;  // walk on through the new results from the keyboard
    }
    if (action.back_to_input) refocus_input_ = true;
}

}  // namespace embx::app
