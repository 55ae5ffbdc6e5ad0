// Small pieces every panel uses: number formatting, the results table, error text.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <imgui.h>

#include "app/text_format.hpp"

namespace embx::app {

// Rank, word (clickable) and score with a bar. Returns the clicked word, or "".
std::string draw_hits_table(const char* id, const std::vector<NamedHit>& hits, bool bars_are_cosines);

void draw_error_text(const std::string& message);

// An interactive drawing area filling the rest of the window (at least 100 x 150): an
// invisible button for the mouse, drawn as a white rounded panel whose rectangle is pushed as
// the draw list's clip rect. End with ImGui::GetWindowDrawList()->PopClipRect().
struct CanvasArea {
    ImVec2 min, max, size, centre;
    bool hovered = false;
};
CanvasArea begin_canvas(const char* id);

// ImGui 1.86 maps named keys through the backend's key map.
bool key_pressed(int imgui_key);

}  // namespace embx::app
