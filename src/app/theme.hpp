// The explorer's look: a light, legible palette and the fonts, scaled for the pixel density.
#pragma once

#include <imgui.h>

namespace embx::app {

enum class FontRole { Body, Title };
enum class ColorRole { Error, ScoreBar };

// Sets colours, spacing and fonts. `font_ttf` (optional) holds a TrueType font the platform
// found (the app does no file I/O); without it ImGui's built-in font is used. `scale` is the
// device pixel ratio (1 on ordinary screens, 2 on HiDPI).
void apply_theme(const void* font_ttf, int font_ttf_bytes, float scale);

ImFont* theme_font(FontRole role);
ImVec4 theme_color(ColorRole role);
float theme_scale();

}  // namespace embx::app
