#include "app/word2vec_step_view.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include <imgui.h>

#include "app/theme.hpp"
#include "core/display_text.hpp"

namespace embx::app {

namespace {

using train::Word2VecRowChange;
using train::Word2VecStepExplanation;
using train::Word2VecStepOutput;
using train::Word2VecStepPrediction;

constexpr size_t kShown = 8;  // numbers of a vector shown before "…"

std::string quoted(const std::string& word) { return "\u201c" + escape_for_display(word) + "\u201d"; }

double norm(const std::vector<float>& v) {
    double s = 0;
    for (float x : v) s += double(x) * x;
    return std::sqrt(s);
}

// "[0.0123, -0.0456, … ] (100 numbers, norm 0.52)"
std::string head_of(const std::vector<float>& v) {
    std::string s = "[";
    char buf[32];
    for (size_t i = 0; i < std::min(v.size(), kShown); ++i) {
        std::snprintf(buf, sizeof buf, "%s%.4f", i ? ", " : "", double(v[i]));
        s += buf;
    }
    if (v.size() > kShown) s += ", \u2026";
    std::snprintf(buf, sizeof buf, "]  (%zu numbers, norm %.4f)", v.size(), norm(v));
    return s + buf;
}

std::string output_name(const Word2VecStepOutput& o) {
    if (o.kind == Word2VecStepOutput::Kind::node) return "node " + std::to_string(o.row);
    return quoted(o.word);
}

void heading(const char* text) {
    ImGui::Spacing();
    ImGui::PushFont(theme_font(FontRole::Title));
    ImGui::TextUnformatted(text);
    ImGui::PopFont();
}

// The network as three boxes with arrows: one-hot input (V) -> hidden layer (D) -> outputs.
void draw_flow(const Word2VecStepExplanation& s, const Word2VecStepPrediction& p) {
    char in[96], hid[96], out[96];
    if (s.cbow) std::snprintf(in, sizeof in, "%zu one-hot inputs\nof %zu words", s.context.size(), s.vocab_size);
    else std::snprintf(in, sizeof in, "one-hot input\nrow %d of %zu", p.input, s.vocab_size);
    std::snprintf(hid, sizeof hid, "hidden layer h\n%zu numbers", s.dims);
    std::snprintf(out, sizeof out, "%zu outputs\n(not %zu)", p.outputs.size(), s.vocab_size);
    const char* labels[] = {in, hid, out};
    const float pad = ImGui::GetFontSize() * 0.5f, gap = ImGui::GetFontSize() * 6;
    float w = 0, h = 0;
    for (const char* l : labels) {
        const ImVec2 t = ImGui::CalcTextSize(l);
        w = std::max(w, t.x + 2 * pad);
        h = std::max(h, t.y + 2 * pad);
    }
    const ImVec2 o = ImGui::GetCursorScreenPos();
    ImGui::Dummy(ImVec2(3 * w + 2 * gap, h));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImU32 line = ImGui::GetColorU32(ImGuiCol_Text), fill = theme_u32(ColorRole::ScoreBar, 0.18f);
    for (int i = 0; i < 3; ++i) {
        const ImVec2 a(o.x + float(i) * (w + gap), o.y), b(a.x + w, a.y + h);
        dl->AddRectFilled(a, b, fill, 4);
        dl->AddRect(a, b, line, 4);
        dl->AddText(ImVec2(a.x + pad, a.y + pad), line, labels[i]);
        if (i < 2) {
            const float y = a.y + h / 2, x0 = b.x + pad / 2, x1 = b.x + gap - pad / 2;
            dl->AddLine(ImVec2(x0, y), ImVec2(x1, y), line, 1.5f);
            dl->AddTriangleFilled(ImVec2(x1, y), ImVec2(x1 - pad, y - pad / 2), ImVec2(x1 - pad, y + pad / 2), line);
        }
    }
    // What each arrow is: a row lookup in syn0, dot products with syn1neg / syn1 rows.
    const char* arrow[] = {"\u00d7 embeddings", "\u00b7 output rows"};
    for (int i = 0; i < 2; ++i) {
        const float x = o.x + float(i) * (w + gap) + w + pad / 2;
        dl->AddText(theme_font(FontRole::Body), ImGui::GetFontSize() * 0.8f, ImVec2(x, o.y + h / 2 + pad * 0.4f),
                    ImGui::GetColorU32(ImGuiCol_TextDisabled), arrow[i]);
    }
}

void draw_input(const Word2VecStepExplanation& s, const Word2VecStepPrediction& p, size_t k) {
    heading("1. One-hot input");
    if (s.cbow) {
        ImGui::TextWrapped(
            "Each context word is a one-hot vector: %zu numbers, all 0 except a 1 at the word's row. Multiplying it by "
            "the embedding matrix (%zu rows of %zu numbers) just picks that row.",
            s.vocab_size, s.vocab_size, s.dims);
        std::string rows;
        for (size_t i = 0; i < s.context.size(); ++i)
            rows += (i ? ",  " : "") + quoted(s.context_words[i]) + " = row " + std::to_string(s.context[i]);
        ImGui::TextWrapped("Context: %s", rows.c_str());
    } else {
        const std::string in = quoted(s.context_words[k]);
        ImGui::TextWrapped(
            "The input word %s is a one-hot vector: %zu numbers, all 0 except a 1 at row %d. Multiplying it by the "
            "embedding matrix (%zu rows of %zu numbers) just picks row %d.",
            in.c_str(), s.vocab_size, p.input, s.vocab_size, s.dims, p.input);
    }
}

void draw_hidden(const Word2VecStepExplanation& s, const Word2VecStepPrediction& p) {
    heading("2. Hidden layer h");
    if (s.cbow)
        ImGui::TextWrapped(
            "h is the average of the %zu context rows. There is no other hidden layer: its weights ARE the "
            "embeddings, and training moves exactly these rows.",
            s.context.size());
    else
        ImGui::TextWrapped(
            "h IS the input word's embedding row (row %d): the hidden layer's weights are the embeddings, and "
            "training moves exactly this row.",
            p.input);
    ImGui::TextUnformatted(("h = " + head_of(p.h)).c_str());
}

void draw_outputs(const Word2VecStepExplanation& s, const Word2VecStepPrediction& p) {
    heading("3. Outputs");
    const std::string centre = quoted(s.centre_word);
    if (s.negative_sampling) {
        size_t negatives = 0;
        for (const Word2VecStepOutput& o : p.outputs) negatives += o.kind == Word2VecStepOutput::Kind::negative;
        ImGui::TextWrapped(
            "Instead of scoring all %zu words (a softmax over the vocabulary), negative sampling scores only the "
            "right word %s (label 1) and %zu random words drawn by frequency^0.75 (label 0): %zu dot products "
            "instead of %zu. Each score is \u03c3(h\u00b7u), with u the word's output row; training wants it near "
            "the label.",
            s.vocab_size, centre.c_str(), negatives, negatives + 1, s.vocab_size);
    }
    if (s.hs)
        ImGui::TextWrapped(
            "Hierarchical softmax: %s is a leaf of a Huffman tree; each inner node on its path (most frequent words "
            "have the shortest paths) is a yes/no question \u03c3(h\u00b7v) with label 1 \u2212 the path's bit.",
            centre.c_str());
    const ImGuiTableFlags flags =
        ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingFixedFit;
    if (!ImGui::BeginTable("w2v-step-outputs", 6, flags)) return;
    for (const char* h :
         {"output", "label", "h\u00b7u", "\u03c3(h\u00b7u)", "loss", "g = (label \u2212 \u03c3) \u00d7 \u03b1"})
        ImGui::TableSetupColumn(h);
    ImGui::TableHeadersRow();
    for (const Word2VecStepOutput& o : p.outputs) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(output_name(o).c_str());
        if (o.kind == Word2VecStepOutput::Kind::negative && ImGui::IsItemHovered())
            ImGui::SetTooltip("a negative sample: a random word the model should NOT predict here");
        ImGui::TableNextColumn();
        ImGui::Text("%d", int(o.label));
        ImGui::TableNextColumn();
        ImGui::Text("%.4f", double(o.dot));
        ImGui::TableNextColumn();
        ImGui::Text("%.4f%s", double(o.sigmoid), o.clipped ? " (|h\u00b7u| \u2265 6)" : "");
        ImGui::TableNextColumn();
        ImGui::Text("%.4f", double(o.loss));
        ImGui::TableNextColumn();
        if (o.clipped && o.kind == Word2VecStepOutput::Kind::node) ImGui::TextDisabled("skipped");
        else ImGui::Text("%+.6f", double(o.gradient));
    }
    ImGui::EndTable();
    ImGui::Text("Loss of this prediction: %.4f (the sum of the column)", double(p.loss));
}

void draw_update(const Word2VecStepExplanation& s, const Word2VecStepPrediction& p) {
    heading("4. Update");
    ImGui::TextWrapped(
        "Every output row moves by g \u00d7 h (u += g h): towards h for the right word, away from it for the "
        "negatives. The input error e = \u03a3 g u (with the rows before they moved) is added to %s.",
        s.cbow ? "EVERY context row (the whole e each, as the original tool does)" : "the input word's row");
    ImGui::TextUnformatted(("e = " + head_of(p.e)).c_str());
    if (s.predictions.size() > 1)
        ImGui::TextDisabled("The rows below are after all %zu predictions of this step.", s.predictions.size());
    const ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerV |
                                  ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_ScrollY;
    const size_t rows = s.input_rows.size() + s.output_rows.size() + s.node_rows.size();
    const float height = ImGui::GetTextLineHeightWithSpacing() * (float(std::min<size_t>(rows, 10)) + 1.5f);
    if (!ImGui::BeginTable("w2v-step-rows", 4, flags, ImVec2(0, height))) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    for (const char* h : {"row", "weights", "moved by (norm)", "first numbers after"}) ImGui::TableSetupColumn(h);
    ImGui::TableHeadersRow();
    auto list = [](const std::vector<Word2VecRowChange>& changes, const char* matrix) {
        for (const Word2VecRowChange& c : changes) {
            std::vector<float> delta(c.after.size());
            for (size_t i = 0; i < delta.size(); ++i) delta[i] = c.after[i] - c.before[i];
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted((c.word.empty() ? "node " + std::to_string(c.row) : quoted(c.word)).c_str());
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(matrix);
            ImGui::TableNextColumn();
            ImGui::Text("%.6f", norm(delta));
            ImGui::TableNextColumn();
            std::string head;
            char buf[24];
            for (size_t i = 0; i < std::min<size_t>(4, c.after.size()); ++i) {
                std::snprintf(buf, sizeof buf, "%s%.4f", i ? ", " : "", double(c.after[i]));
                head += buf;
            }
            ImGui::TextUnformatted((head + ", \u2026").c_str());
        }
    };
    list(s.input_rows, "embedding (input)");
    list(s.output_rows, "output");
    list(s.node_rows, "tree node");
    ImGui::EndTable();
    const double change = s.loss_before > 0 ? (s.loss_after - s.loss_before) / s.loss_before * 100 : 0;
    ImGui::PushFont(theme_font(FontRole::Title));
    ImGui::Text("Loss %.4f before the step, %.4f after (%+.2f%%)", s.loss_before, s.loss_after, change);
    ImGui::PopFont();
    ImGui::TextDisabled(
        "(the same %zu prediction%s with the same negatives, before and after the update; "
        "learning rate \u03b1 = %g)",
        s.predictions.size(), s.predictions.size() == 1 ? "" : "s", double(s.alpha));
}

}  // namespace

Word2VecStepAction draw_word2vec_step(const train::Word2VecStepExplanation& s, Word2VecStepViewState& state,
                                      bool can_apply) {
    if (s.predictions.empty()) return Word2VecStepAction::none;
    ImGui::PushID("w2v-step");
    const std::string centre = quoted(s.centre_word);
    if (s.cbow) {
        std::string ctx;
        for (size_t i = 0; i < s.context_words.size(); ++i) ctx += (i ? ", " : "") + quoted(s.context_words[i]);
        ImGui::TextWrapped("CBOW predicts the centre word from its context: %s predict %s.", ctx.c_str(),
                           centre.c_str());
    } else {
        ImGui::TextWrapped(
            "Skip-gram predicts the context from the centre word: %s is paired with each of its %zu context words. "
            "Like the original tool, each pair is trained as the context word's row predicting %s (the same pairs, "
            "the two ends swapped), one prediction after the other.",
            centre.c_str(), s.context.size(), centre.c_str());
        state.prediction = std::clamp(state.prediction, 0, int(s.predictions.size()) - 1);
        ImGui::SetNextItemWidth(ImGui::GetFontSize() * 14);
        const std::string preview = quoted(s.context_words[size_t(state.prediction)]) + " predicts " + centre;
        if (ImGui::BeginCombo("prediction shown", preview.c_str())) {
            for (size_t k = 0; k < s.predictions.size(); ++k) {
                const std::string label = std::to_string(k + 1) + ". " + quoted(s.context_words[k]) + " predicts " +
                                          centre + "##" + std::to_string(k);
                if (ImGui::Selectable(label.c_str(), int(k) == state.prediction)) state.prediction = int(k);
            }
            ImGui::EndCombo();
        }
    }
    const size_t k = s.cbow ? 0 : size_t(state.prediction);
    const Word2VecStepPrediction& p = s.predictions[k];
    draw_flow(s, p);
    draw_input(s, p, k);
    draw_hidden(s, p);
    draw_outputs(s, p);
    draw_update(s, p);
    Word2VecStepAction action = Word2VecStepAction::none;
    if (can_apply) {
        if (ImGui::Button("Apply this step to the model")) action = Word2VecStepAction::apply;
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("writes exactly these changed rows into the model");
    }
    ImGui::PopID();
    return action;
}

std::string word2vec_step_text(const train::Word2VecStepExplanation& step) {
    return train::describe_word2vec_step(step);
}

}  // namespace embx::app
