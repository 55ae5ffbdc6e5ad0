#include "app/arithmetic_panel.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include <imgui.h>

#include "app/result_export.hpp"
#include "app/theme.hpp"
#include "core/display_text.hpp"

namespace embx::app {

void ArithmeticPanel::set_expression(const std::string& expr) {
    std::snprintf(input_, sizeof input_, "%s", expr.c_str());
    expr_ = trim(input_);
    ++input_id_;
}

void ArithmeticPanel::refresh(const TableSession& session) {
    if (expr_ == cached_expr_ && method_ == cached_method_ && k_ == cached_k_ &&
        session.generation() == cached_generation_)
        return;
    cached_expr_ = expr_;
    cached_method_ = method_;
    cached_k_ = k_;
    cached_generation_ = session.generation();
    results_.clear();
    inputs_.clear();
    error_.clear();
    explanation_.clear();
    const auto& t = session.active();
    if (expr_.empty() || !t) return;
    QueryOptions opt;
    opt.k = size_t(k_);
    opt.method = QueryMethod(method_);
    opt.pool = pool_;
    auto r = run_query(*t, expr_, opt);
    if (!r) {
        error_ = r.error();
        return;
    }
    for (const Hit& h : r->hits) results_.push_back({escape_for_display(t->word(h.row)), h.score, {}});
    // The worked explanation: which unit vectors were combined, and how.
    std::string terms;
    for (const auto& term : r->terms) {
        const std::string w = escape_for_display(t->word(term.row));
        inputs_.push_back(w + (term.exact ? "" : " (for '" + escape_for_display(term.input) + "')"));
        const float a = std::fabs(term.weight);
        char weight[32] = "";
        if (a != 1.0f) std::snprintf(weight, sizeof weight, "%g*", double(a));
        terms += std::string(terms.empty() ? (term.weight < 0 ? "-" : "") : (term.weight < 0 ? " - " : " + ")) +
                 weight + "unit(" + w + ")";
    }
    char buf[160];
    if (opt.method == QueryMethod::Add)
        std::snprintf(buf, sizeof buf, ", normalized; cosine with each of %s words (3CosAdd)",
                      with_thousands(r->rows_searched).c_str());
    else
        std::snprintf(buf, sizeof buf, "; each of %s words scored by prod (1+cos)/2 of + terms over - terms (3CosMul)",
                      with_thousands(r->rows_searched).c_str());
    explanation_ = (opt.method == QueryMethod::Add ? terms : "terms " + terms) + buf;
}

HitsAction ArithmeticPanel::draw(const TableSession& session, bool take_focus, const ClipboardFn& copy) {
    refresh(session);
    if (take_focus || refocus_input_) ImGui::SetKeyboardFocusHere();
    refocus_input_ = false;
    ImGui::SetNextItemWidth(std::min(520.0f * theme_scale(), ImGui::GetContentRegionAvail().x * 0.6f));
    ImGui::PushID(input_id_);
    if (ImGui::InputTextWithHint("##expr", "e.g. italy - rome + london", input_, sizeof input_)) expr_ = trim(input_);
    const bool escape = escape_from_input();
    if (down_from_input() && !results_.empty()) focus_results_ = true;
    ImGui::PopID();
    if (escape) {  // Escape clears the expression
        set_expression("");
        refocus_input_ = true;
    }
    ImGui::SameLine();
    ImGui::RadioButton("3CosAdd", &method_, int(QueryMethod::Add));
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("gensim most_similar: cosine with the normalized sum of unit vectors");
    ImGui::SameLine();
    ImGui::RadioButton("3CosMul", &method_, int(QueryMethod::Mul));
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("gensim most_similar_cosmul (Levy & Goldberg 2014)");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(120 * theme_scale());
    ImGui::SliderInt("results##arith", &k_, 1, 100);
    ImGui::SameLine();
    draw_copy_buttons({"arithmetic", expr_, method_ == int(QueryMethod::Mul) ? "3CosMul" : "3CosAdd", results_}, copy);

    if (!explanation_.empty()) {
        ImGui::TextDisabled("excluded inputs:");
        for (const auto& w : inputs_) {
            ImGui::SameLine();
            ImGui::TextUnformatted(w.c_str());
        }
        ImGui::PushTextWrapPos(0);
        ImGui::TextDisabled("%s", explanation_.c_str());
        ImGui::PopTextWrapPos();
    } else {
        ImGui::TextDisabled("words joined by + and -; weights like 0.5*king; quotes keep a word whole ('e-mail')");
    }
    ImGui::BeginChild("arith-results", ImVec2(0, 0), false);
    if (!error_.empty()) draw_error_text(error_);
    const HitsAction action =
        draw_hits_table("arith-hits", results_, method_ == int(QueryMethod::Add), focus_results_);
    focus_results_ = false;
    ImGui::EndChild();
    if (action.back_to_input) refocus_input_ = true;
    return action;
}

}  // namespace embx::app
