#include "app/ui_widgets.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include <imgui.h>
#include <imgui_internal.h>  // focus and key ownership for keyboard use (ImGui 1.86 has no public API)

#include "app/result_export.hpp"
#include "app/theme.hpp"

namespace embx::app {

HitsAction draw_hits_table(const char* id, const std::vector<NamedHit>& hits, bool bars_are_cosines,
                           bool focus_first) {
    HitsAction action;
    // Escape on a focused row: ImGui's navigation moves the focus out of the results window
    // before this frame's rows are drawn, so "a row had the focus last frame" is remembered.
    ImGuiStorage* storage = ImGui::GetStateStorage();
    const ImGuiID had_focus_key = ImGui::GetID(id);
    if (storage->GetBool(had_focus_key) && key_pressed(ImGuiKey_Escape)) action.back_to_input = true;
    storage->SetBool(had_focus_key, false);
    if (hits.empty() || !ImGui::BeginTable(id, 3, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp))
        return action;
    ImGui::TableSetupColumn("#", ImGuiTableColumnFlags_WidthFixed, 36 * theme_scale());
    ImGui::TableSetupColumn("word", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn(bars_are_cosines ? "cosine" : "score", ImGuiTableColumnFlags_WidthStretch, 1.4f);
    ImGui::TableHeadersRow();
    // Bars are relative to the best score when scores are not cosines (3CosMul products).
    const float top = bars_are_cosines ? 1.0f : std::max(1e-6f, hits.front().score);
    for (size_t i = 0; i < hits.size(); ++i) {
        const NamedHit& h = hits[i];
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::AlignTextToFramePadding();  // rows are as tall as the score bars
        ImGui::TextDisabled("%zu", i + 1);
        ImGui::TableNextColumn();
        ImGui::AlignTextToFramePadding();
        ImGui::PushID(int(i));
        // "###row": the row's id does not depend on the word, so the keyboard focus stays on
        // the row when the results change under it.
        if (ImGui::Selectable((h.word + "###row").c_str(), false)) {
            action.follow = h.word;
            action.by_keyboard = !ImGui::IsMouseReleased(ImGuiMouseButton_Left);  // Space (ImGui's activate key)
        }
        if (i == 0 && focus_first) focus_last_item();
        if (ImGui::IsItemFocused()) {  // ImGui 1.86 activates with Space only; Enter follows too
            if (key_pressed(ImGuiKey_Enter) || key_pressed(ImGuiKey_KeyPadEnter)) {
                action.follow = h.word;
                action.by_keyboard = true;
            }
            if (key_pressed(ImGuiKey_Escape)) action.back_to_input = true;
            storage->SetBool(had_focus_key, true);
        }
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("search for '%s'", h.word.c_str());
        ImGui::PopID();
        ImGui::TableNextColumn();
        char label[24];
        std::snprintf(label, sizeof label, "%.4f", double(h.score));
        ImGui::PushStyleColor(ImGuiCol_PlotHistogram, theme_color(ColorRole::ScoreBar));
        ImGui::ProgressBar(std::clamp(h.score / top, 0.0f, 1.0f), ImVec2(-1, 0), label);
        ImGui::PopStyleColor();
    }
    ImGui::EndTable();
    return action;
}

void draw_copy_buttons(const ResultsForExport& results, const ClipboardFn& copy) {
    ImGui::BeginDisabled(!copy || results.hits.empty());
    if (ImGui::SmallButton("Copy TSV")) copy(results_to_tsv(results));
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip("copy the results as tab-separated values (for a spreadsheet)");
    ImGui::SameLine();
    if (ImGui::SmallButton("Copy JSON")) copy(results_to_json(results));
    ImGui::EndDisabled();
}

bool down_from_input() {
    if (!ImGui::IsItemActive()) return false;
    ImGui::GetCurrentContext()->ActiveIdUsingNavDirMask |= 1u << ImGuiDir_Down;
    return key_pressed(ImGuiKey_DownArrow);
}

bool escape_from_input() { return ImGui::IsItemDeactivated() && key_pressed(ImGuiKey_Escape); }

void focus_last_item() {
    ImGuiContext& g = *ImGui::GetCurrentContext();
    ImGui::ClearActiveID();  // let go of an input that had the keyboard
    ImGui::SetFocusID(g.LastItemData.ID, g.CurrentWindow);
    g.NavDisableHighlight = false;  // show the focus ring even after mouse use
    g.NavDisableMouseHover = true;
}

void draw_error_text(const std::string& message) {
    ImGui::PushStyleColor(ImGuiCol_Text, theme_color(ColorRole::Error));
    ImGui::TextWrapped("%s", message.c_str());
    ImGui::PopStyleColor();
}

bool key_pressed(int imgui_key) { return ImGui::IsKeyPressed(ImGui::GetKeyIndex(imgui_key)); }

CanvasArea begin_canvas(const char* id) {
    CanvasArea c;
    c.min = ImGui::GetCursorScreenPos();
    c.size = ImGui::GetContentRegionAvail();
    c.size.x = std::max(c.size.x, 100.0f);
    c.size.y = std::max(c.size.y, 150.0f);
    ImGui::InvisibleButton(id, c.size, ImGuiButtonFlags_MouseButtonLeft | ImGuiButtonFlags_MouseButtonRight);
    c.hovered = ImGui::IsItemHovered();
    c.max = ImVec2(c.min.x + c.size.x, c.min.y + c.size.y);
    c.centre = ImVec2(c.min.x + c.size.x * 0.5f, c.min.y + c.size.y * 0.5f);
    const float s = theme_scale();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    dl->PushClipRect(c.min, c.max, true);
    dl->AddRectFilled(c.min, c.max, theme_u32(ColorRole::CanvasBg), 6 * s);
    dl->AddRect(c.min, c.max, theme_u32(ColorRole::CanvasBorder), 6 * s);
    return c;
}

int resize_string(ImGuiInputTextCallbackData* data) {
    if (data->EventFlag == ImGuiInputTextFlags_CallbackResize) {
        auto* s = static_cast<std::string*>(data->UserData);
        s->resize(size_t(data->BufTextLen));
        data->Buf = s->data();
    }
    return 0;
}

// Diverging colour: blue for negative, white at zero, red for positive.
ImU32 heat_colour(float v, float max_abs) {
    const float t = max_abs > 0 ? std::clamp(v / max_abs, -1.0f, 1.0f) : 0.0f;
    const float a = std::fabs(t);
    const ImVec4 c = t < 0 ? ImVec4(1 - 0.75f * a, 1 - 0.55f * a, 1, 1) : ImVec4(1, 1 - 0.7f * a, 1 - 0.75f * a, 1);
    return ImGui::ColorConvertFloat4ToU32(c);
}

// One cell per dimension, wrapped over as many lines as needed; hovering shows the values.
void heat_strip(const char* id, const std::vector<float>& v, const std::vector<float>* other, float max_abs) {
    // Cells as wide as fit one line (6..16 px), wrapping for long vectors (LLMs: 1536+).
    const float width = ImGui::GetContentRegionAvail().x, gap = 1.0f;
    const float cell = std::clamp(width / float(v.size()) - gap, 6.0f * theme_scale(), 16.0f * theme_scale());
    const float height = 22.0f * theme_scale();
    const int per_line = std::max(1, int(width / (cell + gap)));
    const int lines = (int(v.size()) + per_line - 1) / per_line;
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton(id, ImVec2(float(per_line) * (cell + gap), float(lines) * (height + gap)));
    ImDrawList* dl = ImGui::GetWindowDrawList();
    for (size_t i = 0; i < v.size(); ++i) {
        const float x = origin.x + float(int(i) % per_line) * (cell + gap);
        const float y = origin.y + float(int(i) / per_line) * (height + gap);
        dl->AddRectFilled(ImVec2(x, y), ImVec2(x + cell, y + height), heat_colour(v[i], max_abs));
    }
    if (ImGui::IsItemHovered()) {
        const ImVec2 m = ImGui::GetMousePos();
        const int col = int((m.x - origin.x) / (cell + gap)), row = int((m.y - origin.y) / (height + gap));
        const size_t i = size_t(row * per_line + col);
        if (col < per_line && i < v.size()) {
            if (other && i < other->size())
                ImGui::SetTooltip("dimension %zu: %.6f (other %.6f, product %.6f)", i, double(v[i]),
                                  double((*other)[i]), double(v[i] * (*other)[i]));
            else
                ImGui::SetTooltip("dimension %zu: %.6f", i, double(v[i]));
        }
    }
}

void heat_row(const char* id, const float* v, size_t n, float width, float max_abs) {
    const float height = ImGui::GetTextLineHeight();
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    ImGui::InvisibleButton(id, ImVec2(width, height));
    if (n == 0) return;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    // One column a pixel at most: each shows the strongest value of the dimensions it covers.
    const size_t cols = std::min(n, size_t(std::max(1.0f, width)));
    const float w = width / float(cols);
    for (size_t c = 0; c < cols; ++c) {
        const size_t b = c * n / cols, e = std::max(b + 1, (c + 1) * n / cols);
        float strongest = 0;
        for (size_t i = b; i < e; ++i)
            if (std::fabs(v[i]) > std::fabs(strongest)) strongest = v[i];
        const float x = origin.x + float(c) * w;
        dl->AddRectFilled(ImVec2(x, origin.y), ImVec2(x + w + 0.5f, origin.y + height), heat_colour(strongest, max_abs));
    }
    if (ImGui::IsItemHovered()) {
        const size_t i = std::min(n - 1, size_t((ImGui::GetMousePos().x - origin.x) / width * float(n)));
        ImGui::SetTooltip("dimension %zu: %.6f", i, double(v[i]));
    }
}

}  // namespace embx::app
