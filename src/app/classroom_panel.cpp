#include "app/classroom_panel.hpp"

#include <algorithm>
#include <cstdio>

#include <imgui.h>

#include "app/theme.hpp"
#include "app/ui_widgets.hpp"
#include "core/display_text.hpp"
#include "core/train/tfidf_collection.hpp"

namespace embx::app {

namespace {

// ImGui::InputTextMultiline on a std::string that grows as the user types.
int resize_string(ImGuiInputTextCallbackData* data) {
    if (data->EventFlag == ImGuiInputTextFlags_CallbackResize) {
        auto* s = static_cast<std::string*>(data->UserData);
        s->resize(size_t(data->BufTextLen));
        data->Buf = s->data();
    }
    return 0;
}

// A heat-map colour: the panel background for 0, the accent colour for `max`.
ImU32 heat(double v, double max) {
    const float t = max > 0 ? float(std::clamp(v / max, 0.0, 1.0)) : 0.0f;
    return theme_u32(ColorRole::ScoreBar, 0.06f + 0.94f * t);
}

}  // namespace

ClassroomPanel::ClassroomPanel() {
    for (const std::string& d : classroom_tfidf_documents()) text_ += d + "\n";
    rebuild();
}

void ClassroomPanel::set_documents(const std::string& text) {
    text_ = text;
    rebuild();
}

void ClassroomPanel::rebuild() {
    documents_.clear();
    for (size_t i = 0; i <= text_.size();) {
        size_t end = text_.find('\n', i);
        if (end == std::string::npos) end = text_.size();
        std::string line = text_.substr(i, end - i);
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.find_first_not_of(" \t") != std::string::npos) documents_.push_back(std::move(line));
        i = end + 1;
    }
    auto m = build_tfidf(documents_, options_);
    if (!m) {
        model_.reset();
        error_ = m.error();
        return;
    }
    model_ = std::move(*m);
    error_.clear();
    if (doc_ >= model_->documents()) doc_ = 0;
    if (model_->find_term(term_) == TfidfModel::npos) {
        const auto top = model_->top_terms(doc_, 1);
        term_ = top.empty() ? model_->term(0) : model_->term(top[0]);
    }
}

bool ClassroomPanel::select(size_t d, const std::string& term) {
    if (!model_ || d >= model_->documents() || model_->find_term(term) == TfidfModel::npos) return false;
    doc_ = d;
    term_ = term;
    return true;
}

void ClassroomPanel::draw(bool take_focus) {
    ImGui::TextWrapped(
        "TF-IDF: how often a word appears in a document (TF) times how rare it is across the documents (IDF). "
        "Edit the documents (one per line), pick the variant, click a cell of the matrix to see its numbers.");
    if (take_focus) ImGui::SetKeyboardFocusHere();
    ImGuiInputTextFlags flags = ImGuiInputTextFlags_CallbackResize;
    if (ImGui::InputTextMultiline("##documents", text_.data(), text_.capacity() + 1,
                                  ImVec2(-1, ImGui::GetTextLineHeight() * 7), flags, resize_string, &text_))
        rebuild();
    draw_controls();
    if (!error_.empty()) {
        draw_error_text(escape_for_display(error_));
        return;
    }
    const size_t t = model_->find_term(term_);
    if (t != TfidfModel::npos) {
        const std::string formula = explain_formula(model_->explain(doc_, t), options_);
        ImGui::PushFont(theme_font(FontRole::Title));
        ImGui::TextWrapped("Document %zu, \u201c%s\u201d: %s", doc_ + 1, escape_for_display(term_).c_str(),
                           formula.c_str());
        ImGui::PopFont();
    }
    draw_term_pair();
    if (ImGui::BeginTabBar("classroom-views")) {
        if (ImGui::BeginTabItem("TF-IDF matrix")) {
            draw_heat_map();
            ImGui::EndTabItem();
        }
        if (ImGui::BeginTabItem("TF and IDF")) {
            draw_terms_table();
            ImGui::EndTabItem();
        }
        if (ImGui::BeginTabItem("Document similarity")) {
            draw_similarity();
            ImGui::EndTabItem();
        }
        ImGui::EndTabBar();
    }
}

void ClassroomPanel::draw_controls() {
    const TfidfOptions before = options_;
    int variant = options_.variant == TfidfVariant::textbook ? 0 : 1;
    ImGui::RadioButton("Textbook", &variant, 0);
    ImGui::SameLine();
    ImGui::RadioButton("scikit-learn TfidfVectorizer()", &variant, 1);
    if (variant != (options_.variant == TfidfVariant::textbook ? 0 : 1))
        options_ = variant == 0 ? TfidfOptions::textbook() : TfidfOptions::sklearn();
    const bool textbook = options_.variant == TfidfVariant::textbook;
    ImGui::SameLine();
    ImGui::BeginDisabled(textbook);
    ImGui::Checkbox("sublinear tf", &options_.sublinear_tf);
    ImGui::SameLine();
    ImGui::Checkbox("smooth idf", &options_.smooth_idf);
    ImGui::EndDisabled();
    ImGui::SameLine();
    bool l2 = options_.norm == TfidfNorm::l2;
    if (ImGui::Checkbox("l2-normalise rows", &l2)) options_.norm = l2 ? TfidfNorm::l2 : TfidfNorm::none;
    ImGui::TextDisabled("%s", describe(options_).c_str());
    if (before.variant != options_.variant || before.sublinear_tf != options_.sublinear_tf ||
        before.smooth_idf != options_.smooth_idf || before.norm != options_.norm)
        rebuild();
}

void ClassroomPanel::draw_term_pair() {
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7);
    ImGui::InputText("##pair-a", pair_a_, sizeof pair_a_);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 7);
    ImGui::InputText("##pair-b", pair_b_, sizeof pair_b_);
    ImGui::SameLine();
    const size_t a = model_->find_term(pair_a_), b = model_->find_term(pair_b_);
    if (a == TfidfModel::npos || b == TfidfModel::npos)
        ImGui::TextDisabled("two terms of the collection: their cosine in TF-IDF term space");
    else
        ImGui::Text("cosine in TF-IDF term space: %.3f%s", model_->term_cosine(a, b),
                    model_->term_cosine(a, b) == 0 ? " (never in the same document: no relationship)" : "");
}

void ClassroomPanel::draw_heat_map() {
    const TfidfModel& m = *model_;
    const float cell = ImGui::GetFontSize() * 1.1f, label_w = ImGui::GetFontSize() * 3;
    double max = 0;
    for (size_t d = 0; d < m.documents(); ++d)
        for (double v : m.row(d)) max = std::max(max, v);
    ImGui::TextDisabled("Rows: documents, columns: the %zu terms in alphabetical order; darker = higher TF-IDF.",
                        m.terms());
    ImGui::BeginChild("heat", ImVec2(0, cell * float(m.documents()) + cell * 2.5f), false,
                      ImGuiWindowFlags_HorizontalScrollbar);
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 size(label_w + cell * float(m.terms()), cell * float(m.documents()));
    ImGui::InvisibleButton("cells", size);
    const bool hovered = ImGui::IsItemHovered(), clicked = ImGui::IsItemClicked();
    const size_t sel_t = m.find_term(term_);
    for (size_t d = 0; d < m.documents(); ++d) {
        char label[32];
        std::snprintf(label, sizeof label, "%zu", d + 1);
        dl->AddText(ImVec2(origin.x, origin.y + cell * float(d)), ImGui::GetColorU32(ImGuiCol_Text), label);
        const std::vector<double> row = m.row(d);
        for (size_t t = 0; t < m.terms(); ++t) {
            const ImVec2 a(origin.x + label_w + cell * float(t), origin.y + cell * float(d));
            dl->AddRectFilled(a, ImVec2(a.x + cell - 1, a.y + cell - 1), heat(row[t], max));
            if (d == doc_ && t == sel_t)
                dl->AddRect(a, ImVec2(a.x + cell - 1, a.y + cell - 1), theme_u32(ColorRole::Selection), 0, 0, 2);
        }
    }
    if (hovered) {
        const ImVec2 mp = ImGui::GetIO().MousePos;
        const float x = mp.x - origin.x - label_w, y = mp.y - origin.y;
        if (x >= 0 && y >= 0) {
            const size_t t = size_t(x / cell), d = size_t(y / cell);
            if (t < m.terms() && d < m.documents()) {
                ImGui::SetTooltip("document %zu, \u201c%s\u201d: %.4f\n%s", d + 1,
                                  escape_for_display(m.term(t)).c_str(), m.value(d, t),
                                  explain_formula(m.explain(d, t), options_).c_str());
                if (clicked) {
                    doc_ = d;
                    term_ = m.term(t);
                }
            }
        }
    }
    ImGui::EndChild();
}

void ClassroomPanel::draw_terms_table() {
    const TfidfModel& m = *model_;
    ImGui::Text("Document %zu: %u words. Click a row to explain its cell.", doc_ + 1, m.doc_tokens(doc_));
    ImGui::SameLine();
    int d = int(doc_) + 1;
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 6);
    if (ImGui::InputInt("document", &d) && d >= 1 && size_t(d) <= m.documents()) doc_ = size_t(d - 1);
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_ScrollY;
    if (!ImGui::BeginTable("tf-idf-terms", 6, flags, ImVec2(0, ImGui::GetTextLineHeightWithSpacing() * 14))) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    for (const char* h : {"term", "count", "TF", "df", "IDF", "TF-IDF"}) ImGui::TableSetupColumn(h);
    ImGui::TableHeadersRow();
    // The document's own terms first (highest TF-IDF first), then the rest alphabetically.
    std::vector<size_t> order = m.top_terms(doc_, m.terms());
    std::vector<bool> seen(m.terms(), false);
    for (size_t t : order) seen[t] = true;
    for (size_t t = 0; t < m.terms(); ++t)
        if (!seen[t]) order.push_back(t);
    ImGuiListClipper clip;
    clip.Begin(int(order.size()));
    while (clip.Step())
        for (int i = clip.DisplayStart; i < clip.DisplayEnd; ++i) {
            const size_t t = order[size_t(i)];
            const TfidfCell c = m.explain(doc_, t);
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::PushID(i);
            if (ImGui::Selectable(escape_for_display(m.term(t)).c_str(), m.term(t) == term_,
                                  ImGuiSelectableFlags_SpanAllColumns))
                term_ = m.term(t);
            ImGui::PopID();
            ImGui::TableNextColumn();
            ImGui::Text("%u", c.count);
            ImGui::TableNextColumn();
            ImGui::Text("%.4f", c.tf);
            ImGui::TableNextColumn();
            ImGui::Text("%u / %u", c.df, c.n);
            ImGui::TableNextColumn();
            ImGui::Text("%.4f", c.idf);
            ImGui::TableNextColumn();
            ImGui::Text("%.4f", c.value);
        }
    ImGui::EndTable();
}

void ClassroomPanel::draw_similarity() {
    const TfidfModel& m = *model_;
    const size_t n = m.documents();
    ImGui::TextDisabled("Cosine similarity of the documents' TF-IDF rows (1 on the diagonal, 0 = no term in common).");
    const float cell = ImGui::GetFontSize() * 2.6f;
    ImGui::BeginChild("similarity", ImVec2(0, cell * float(n) + cell), false, ImGuiWindowFlags_HorizontalScrollbar);
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton("sim-cells", ImVec2(cell * float(n + 1), cell * float(n + 1)));
    const bool hovered = ImGui::IsItemHovered();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImU32 text = ImGui::GetColorU32(ImGuiCol_Text);
    for (size_t i = 0; i < n; ++i) {
        char label[32];
        std::snprintf(label, sizeof label, "%zu", i + 1);
        dl->AddText(ImVec2(origin.x, origin.y + cell * float(i + 1)), text, label);
        dl->AddText(ImVec2(origin.x + cell * float(i + 1), origin.y), text, label);
        for (size_t j = 0; j < n; ++j) {
            const double c = m.document_cosine(i, j);
            const ImVec2 a(origin.x + cell * float(j + 1), origin.y + cell * float(i + 1));
            dl->AddRectFilled(a, ImVec2(a.x + cell - 1, a.y + cell - 1), heat(c, 1.0));
            std::snprintf(label, sizeof label, "%.2f", c);
            dl->AddText(ImVec2(a.x + 2, a.y + 2), text, label);
        }
    }
    if (hovered) {
        const ImVec2 mp = ImGui::GetIO().MousePos;
        const float x = (mp.x - origin.x) / cell - 1, y = (mp.y - origin.y) / cell - 1;
        if (x >= 0 && y >= 0 && size_t(x) < n && size_t(y) < n)
            ImGui::SetTooltip("documents %zu and %zu: cosine %.4f", size_t(y) + 1, size_t(x) + 1,
                              m.document_cosine(size_t(y), size_t(x)));
    }
    ImGui::EndChild();
}

void ClassroomPanel::fill_snapshot(ClassroomSnapshot& out) const {
    out = {};
    out.variant = describe(options_);
    out.error = escape_for_display(error_);
    out.pair_a = escape_for_display(pair_a_);
    out.pair_b = escape_for_display(pair_b_);
    if (!model_) return;
    const TfidfModel& m = *model_;
    out.documents = m.documents();
    out.terms = m.terms();
    const size_t t = m.find_term(term_);
    if (t != TfidfModel::npos) {
        out.document = long(doc_);
        out.term = escape_for_display(term_);
        out.formula = explain_formula(m.explain(doc_, t), options_);
        out.value = m.value(doc_, t);
    }
    for (size_t k : m.top_terms(doc_, 10)) out.top_terms.push_back(escape_for_display(m.term(k)));
    const size_t a = m.find_term(pair_a_), b = m.find_term(pair_b_);
    if (a != TfidfModel::npos && b != TfidfModel::npos) {
        out.has_pair_cosine = true;
        out.pair_cosine = m.term_cosine(a, b);
    }
}

}  // namespace embx::app
