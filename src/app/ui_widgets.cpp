#include "app/ui_widgets.hpp"

#include <algorithm>
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

}  // namespace embx::app
