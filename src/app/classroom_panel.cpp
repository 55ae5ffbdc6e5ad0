#include "app/classroom_panel.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>

#include <imgui.h>

#include "app/classroom_pairs.hpp"
#include "app/theme.hpp"
#include "app/ui_widgets.hpp"
#include "core/display_text.hpp"
#include "core/train/tfidf_collection.hpp"

namespace embx::app {

namespace {

// A heat-map colour: the panel background for 0, the accent colour for `max`.
ImU32 heat(double v, double max) {
    const float t = max > 0 ? float(std::clamp(v / max, 0.0, 1.0)) : 0.0f;
    return theme_u32(ColorRole::ScoreBar, 0.06f + 0.94f * t);
}

// The cells [first, last) of `count` cells of size `cell` from `start` that the clip rectangle
// [lo, hi) shows: large collections draw only what is on screen.
std::pair<size_t, size_t> visible_cells(float start, float cell, size_t count, float lo, float hi) {
    const float a = std::floor((lo - start) / cell), b = std::ceil((hi - start) / cell);
    const size_t first = a <= 0 ? 0 : std::min(count, size_t(a));
    const size_t last = b <= 0 ? 0 : std::min(count, size_t(b));
    return {first, std::max(first, last)};
}

std::string plural(size_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

}  // namespace

ClassroomPanel::ClassroomPanel() {
    for (const std::string& d : classroom_tfidf_documents()) text_ += d + "\n";
    rebuild();
}

void ClassroomPanel::set_documents(const std::string& text) {
    text_ = text;
    ++text_id_;
    rebuild();
}

void ClassroomPanel::rebuild() {
    ++revision_;
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

Status ClassroomPanel::add_text_file(const std::string& name, std::string_view bytes) {
    TextDocumentLimits limits;
    limits.documents_now = documents_.size();
    limits.bytes_now = text_.size();
    auto docs = split_text_documents(name, bytes, per_line_, limits);
    if (!docs) {
        file_message_ = docs.error();
        file_error_ = true;
        return Error{docs.error()};
    }
    if (!text_.empty() && text_.back() != '\n') text_ += '\n';
    for (const std::string& d : *docs) text_ += d + "\n";
    ++text_id_;
    rebuild();
    file_message_ = "Added " + plural(docs->size(), "document", "documents") + " from " + name +
                    (per_line_ ? " (one per line)." : ".");
    file_error_ = false;
    return {};
}

bool ClassroomPanel::select(size_t d, const std::string& term) {
    if (!model_ || d >= model_->documents() || model_->find_term(term) == TfidfModel::npos) return false;
    doc_ = d;
    term_ = term;
    return true;
}

void ClassroomPanel::draw(const TableSession& session, bool take_focus,
                          const std::function<void(const std::string& purpose)>& open_text_files) {
    ImGui::TextWrapped(
        "TF-IDF: how often a word appears in a document (TF) times how rare it is across the documents (IDF). "
        "Edit the documents (one per line), pick the variant, click a cell of the matrix to see its numbers.");
    if (take_focus) ImGui::SetKeyboardFocusHere();
    ImGuiInputTextFlags flags = ImGuiInputTextFlags_CallbackResize;
    ImGui::PushID(text_id_);  // a new id when the text changes from outside: an active box would undo it
    if (ImGui::InputTextMultiline("##documents", text_.data(), text_.capacity() + 1,
                                  ImVec2(-1, ImGui::GetTextLineHeight() * 7), flags, resize_string, &text_))
        rebuild();
    ImGui::PopID();
    draw_add_files(open_text_files);
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
        if (ImGui::BeginTabItem("Word pairs: TF-IDF vs embeddings")) {
            draw_pair_table(session);
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
        for (size_t t : m.top_terms(d, 1)) max = std::max(max, m.value(d, t));
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
    const ImVec2 clip_lo = dl->GetClipRectMin(), clip_hi = dl->GetClipRectMax();
    const auto [d0, d1] = visible_cells(origin.y, cell, m.documents(), clip_lo.y, clip_hi.y);
    const auto [t0, t1] = visible_cells(origin.x + label_w, cell, m.terms(), clip_lo.x, clip_hi.x);
    for (size_t d = d0; d < d1; ++d) {
        char label[32];
        std::snprintf(label, sizeof label, "%zu", d + 1);
        dl->AddText(ImVec2(origin.x, origin.y + cell * float(d)), ImGui::GetColorU32(ImGuiCol_Text), label);
        const std::vector<double> row = m.row(d);
        for (size_t t = t0; t < t1; ++t) {
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
    const ImVec2 clip_lo = dl->GetClipRectMin(), clip_hi = dl->GetClipRectMax();
    const auto [i0, i1] = visible_cells(origin.y + cell, cell, n, clip_lo.y, clip_hi.y);
    const auto [j0, j1] = visible_cells(origin.x + cell, cell, n, clip_lo.x, clip_hi.x);
    char label[32];
    for (size_t j = j0; j < j1; ++j) {
        std::snprintf(label, sizeof label, "%zu", j + 1);
        dl->AddText(ImVec2(origin.x + cell * float(j + 1), origin.y), text, label);
    }
    for (size_t i = i0; i < i1; ++i) {
        std::snprintf(label, sizeof label, "%zu", i + 1);
        dl->AddText(ImVec2(origin.x, origin.y + cell * float(i + 1)), text, label);
        for (size_t j = j0; j < j1; ++j) {
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

void ClassroomPanel::draw_add_files(const std::function<void(const std::string& purpose)>& open_text_files) {
    if (open_text_files) {
        if (ImGui::Button("Open text files\u2026 (or drop them here)")) open_text_files("tfidf");
    } else {
        ImGui::TextDisabled("Drop text files here to add them as documents.");
    }
    ImGui::SameLine();
    ImGui::Checkbox("one document per line", &per_line_);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("on: every non-blank line of a file is a document; off: each file is one document");
    if (file_message_.empty()) return;
    if (file_error_) draw_error_text(escape_for_display(file_message_));
    else ImGui::TextDisabled("%s", escape_for_display(file_message_).c_str());
}

const std::vector<ClassroomPair>& ClassroomPanel::pairs(const TableSession& session) const {
    const EmbeddingTable* table = session.active().get();
    const std::string key = std::to_string(reinterpret_cast<uintptr_t>(table)) + "/" +
                            std::to_string(session.generation()) + "/" + std::to_string(revision_) + "/" +
                            std::to_string(int(options_.variant)) + std::to_string(options_.sublinear_tf) +
                            std::to_string(options_.smooth_idf) + std::to_string(int(options_.norm)) + "/" + pair_a_ +
                            "\n" + pair_b_;
    if (key == pairs_key_) return pairs_;
    pairs_key_ = key;
    std::vector<WordPair> list = article_word_pairs();
    const WordPair mine{pair_a_, pair_b_};
    if (!mine.first.empty() && !mine.second.empty() && std::find(list.begin(), list.end(), mine) == list.end())
        list.push_back(mine);
    pairs_ = compare_word_pairs(list, model_ ? &*model_ : nullptr, table);
    return pairs_;
}

void ClassroomPanel::draw_pair_table(const TableSession& session) {
    const auto& table = session.active();
    const std::string table_name = table ? escape_for_display(table->info().name) : "the table";
    ImGui::TextWrapped(
        "In TF-IDF term space a word is its column of the matrix: two words are alike only when they occur in the "
        "same documents, so related words that never meet score 0. An embedding table learned from a large corpus "
        "(%s) puts words used in similar contexts close together. Type your own pair above.",
        table_name.c_str());
    const ImGuiTableFlags flags =
        ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingStretchProp;
    if (!ImGui::BeginTable("word-pairs", 3, flags)) return;
    ImGui::TableSetupColumn("words", ImGuiTableColumnFlags_WidthStretch, 1);
    ImGui::TableSetupColumn("cosine in TF-IDF term space", ImGuiTableColumnFlags_WidthStretch, 2);
    ImGui::TableSetupColumn(("cosine in " + table_name).c_str(), ImGuiTableColumnFlags_WidthStretch, 2);
    ImGui::TableHeadersRow();
    auto cell = [](bool has, double v, const std::string& why) {
        ImGui::TableNextColumn();
        if (has) ImGui::Text("%.3f", v);
        else {
            ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
            ImGui::TextWrapped("\u2014 %s", escape_for_display(why).c_str());
            ImGui::PopStyleColor();
        }
    };
    for (const ClassroomPair& p : pairs(session)) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::Text("%s / %s", escape_for_display(p.a).c_str(), escape_for_display(p.b).c_str());
        cell(p.has_tfidf, p.tfidf, p.tfidf_why);
        cell(p.has_table, p.table, p.table_why);
    }
    ImGui::EndTable();
}

void ClassroomPanel::fill_snapshot(const TableSession& session, ClassroomSnapshot& out) const {
    out = {};
    out.variant = describe(options_);
    out.error = escape_for_display(error_);
    out.pair_a = escape_for_display(pair_a_);
    out.pair_b = escape_for_display(pair_b_);
    out.per_line = per_line_;
    out.file_message = escape_for_display(file_message_);
    out.file_error = file_error_;
    if (const auto& table = session.active()) out.pair_table = escape_for_display(table->info().name);
    for (ClassroomPair p : pairs(session)) {
        p.a = escape_for_display(p.a);
        p.b = escape_for_display(p.b);
        p.tfidf_why = escape_for_display(p.tfidf_why);
        p.table_why = escape_for_display(p.table_why);
        out.pairs.push_back(std::move(p));
    }
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
