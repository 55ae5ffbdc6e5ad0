#include "app/ui_widgets.hpp"

#include <algorithm>
#include <cstdio>

#include <imgui.h>

#include "app/theme.hpp"

namespace embx::app {

std::string draw_hits_table(const char* id, const std::vector<NamedHit>& hits, bool bars_are_cosines) {
    std::string clicked;
    if (hits.empty() || !ImGui::BeginTable(id, 3, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp))
        return clicked;
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
        if (ImGui::Selectable(h.word.c_str(), false)) clicked = h.word;
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
    return clicked;
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
    dl->AddRectFilled(c.min, c.max, IM_COL32(255, 255, 255, 255), 6 * s);
    dl->AddRect(c.min, c.max, IM_COL32(210, 214, 222, 255), 6 * s);
    return c;
}

}  // namespace embx::app
