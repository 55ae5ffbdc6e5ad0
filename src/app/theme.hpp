// The explorer's look: a light and a dark palette (the web page follows the browser's
// prefers-color-scheme, the desktop app takes --theme), the fonts, scaled for the pixel density
// (browser zoom included: Chromium reports zoom as a device pixel ratio).
#pragma once

#include <imgui.h>

namespace embx::app {

enum class FontRole { Body, Title };
// Colours the panels draw with beyond ImGui's own palette (canvases, graph and map marks).
enum class ColorRole {
    Error,
    ScoreBar,
    CanvasBg,
    CanvasBorder,
    Label,        // secondary text drawn on a canvas (neighbour words, frequent words)
    LabelStrong,  // primary text on a canvas (input words, highlights)
    LabelBox,     // the box behind a primary label
    Edge,
    EdgeLit,
    NodeRing,   // outline of input nodes and highlighted points
    Selection,  // the selected graph node
    Pinned,
    HighlightInput,  // map: words of the highlighted expression
    HighlightResult,
};

// Sets colours, spacing and fonts. `font_ttf` (optional) holds a TrueType font the platform
// found (the app does no file I/O); without it ImGui's built-in font is used. `scale` is the
// device pixel ratio (1 on ordinary screens, 2 on HiDPI, 1.25 at 125% browser zoom). Keeps the
// palette chosen with set_theme_dark().
void apply_theme(const void* font_ttf, int font_ttf_bytes, float scale);
// Switches the palette (between frames); fonts and sizes stay.
void set_theme_dark(bool dark);
bool theme_dark();

ImFont* theme_font(FontRole role);
ImVec4 theme_color(ColorRole role);
ImU32 theme_u32(ColorRole role, float alpha = 1.0f);
// What the platform clears the window with before drawing (the window background).
ImVec4 theme_clear_color();
float theme_scale();

}  // namespace embx::app
