// Small pieces every panel uses: number formatting, the results table, error text.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <imgui.h>

#include "app/text_format.hpp"

namespace embx::app {

// What the user did in a results table: a word to follow (click, Enter or Space on a row), or
// Escape on a row (the caller puts the keyboard focus back in its input).
struct HitsAction {
    std::string follow;
    bool by_keyboard = false;  // followed with Enter or Space (the caller keeps the focus in the list)
    bool back_to_input = false;
};
// Rank, word (clickable) and score with a bar. `focus_first` gives the first row the keyboard
// focus (Down from the input); Up/Down then move through the rows (ImGui's navigation).
HitsAction draw_hits_table(const char* id, const std::vector<NamedHit>& hits, bool bars_are_cosines,
                           bool focus_first = false);

// Writes text to the system clipboard (PlatformHooks::set_clipboard); empty = not available.
using ClipboardFn = std::function<void(const std::string&)>;
struct ResultsForExport;
// "Copy TSV" and "Copy JSON" buttons for a results list (on the current line).
void draw_copy_buttons(const ResultsForExport& results, const ClipboardFn& copy);

// Keyboard helpers for a single-line InputText, called right after it:
// Down while typing (claimed from ImGui's navigation, which would otherwise move on its own),
bool down_from_input();
// Escape while typing (ImGui has reverted the edit and let go; the caller clears the text).
bool escape_from_input();
// Gives the last item the keyboard focus, with the focus ring showing (as if tabbed to).
void focus_last_item();

void draw_error_text(const std::string& message);

// The callback that lets ImGui::InputText(Multiline) edit a std::string (pass the string as
// user data with ImGuiInputTextFlags_CallbackResize): it grows as the user types.
int resize_string(ImGuiInputTextCallbackData* data);

// An interactive drawing area filling the rest of the window (at least 100 x 150): an
// invisible button for the mouse, drawn as a white rounded panel whose rectangle is pushed as
// the draw list's clip rect. End with ImGui::GetWindowDrawList()->PopClipRect().
struct CanvasArea {
    ImVec2 min, max, size, centre;
    bool hovered = false;
};
CanvasArea begin_canvas(const char* id);

// Diverging colour: blue for negative, white at zero, red for positive (|v| = max_abs: full).
ImU32 heat_colour(float v, float max_abs);
// One cell per dimension, wrapped over as many lines as needed; hovering shows the values
// (and, with `other`, the other vector's and their product).
void heat_strip(const char* id, const std::vector<float>& v, const std::vector<float>* other, float max_abs);
// All n values in one text-high row `width` wide (the strongest value of each pixel column).
void heat_row(const char* id, const float* v, size_t n, float width, float max_abs);

// ImGui 1.86 maps named keys through the backend's key map.
bool key_pressed(int imgui_key);

}  // namespace embx::app
