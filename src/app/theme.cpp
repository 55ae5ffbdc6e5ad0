#include "app/theme.hpp"

namespace embx::app {

namespace {
ImFont* g_body = nullptr;   // set once at start-up; ImGui itself keeps global state too
ImFont* g_title = nullptr;
float g_scale = 1.0f;

// Beyond Latin-1: byte-level BPE vocabularies write spaces and newlines as U+0120 'Ġ' and
// U+010A 'Ċ' (Latin Extended-A), and word tables hold Greek, Cyrillic and typographic
// punctuation. Glyphs the font lacks still show as '?'.
const ImWchar kGlyphRanges[] = {
    0x0020, 0x024F,  // Basic Latin .. Latin Extended-B
    0x0370, 0x03FF,  // Greek
    0x0400, 0x04FF,  // Cyrillic
    0x1E00, 0x1EFF,  // Latin Extended Additional (Vietnamese)
    0x2000, 0x206F,  // General Punctuation
    0x20A0, 0x20CF,  // currency signs
    0,
};
}  // namespace

void apply_theme(const void* font_ttf, int font_ttf_bytes, float scale) {
    g_scale = scale;
    ImGuiIO& io = ImGui::GetIO();
    io.Fonts->Clear();
    if (font_ttf && font_ttf_bytes > 0) {
        ImFontConfig cfg;
        cfg.FontDataOwnedByAtlas = false;  // the platform keeps the bytes alive
        auto* data = const_cast<void*>(font_ttf);
        g_body = io.Fonts->AddFontFromMemoryTTF(data, font_ttf_bytes, 17.0f * scale, &cfg, kGlyphRanges);
        g_title = io.Fonts->AddFontFromMemoryTTF(data, font_ttf_bytes, 22.0f * scale, &cfg);
    } else {
        ImFontConfig cfg;
        cfg.SizePixels = 13.0f * scale;
        g_body = io.Fonts->AddFontDefault(&cfg);
        g_title = g_body;
    }

    ImGuiStyle& s = ImGui::GetStyle();
    s = ImGuiStyle();  // start from defaults: ScaleAllSizes below must not compound on a re-theme
    ImGui::StyleColorsLight();
    s.WindowPadding = ImVec2(18, 14);
    s.FramePadding = ImVec2(10, 6);
    s.ItemSpacing = ImVec2(10, 8);
    s.CellPadding = ImVec2(8, 4);
    s.FrameRounding = 5;
    s.GrabRounding = 5;
    s.WindowRounding = 0;
    s.ScrollbarRounding = 6;
    s.FrameBorderSize = 1;
    ImVec4* c = s.Colors;
    c[ImGuiCol_WindowBg] = ImVec4(0.985f, 0.985f, 0.98f, 1);
    c[ImGuiCol_ChildBg] = ImVec4(0, 0, 0, 0);
    c[ImGuiCol_Text] = ImVec4(0.12f, 0.13f, 0.16f, 1);
    c[ImGuiCol_TextDisabled] = ImVec4(0.42f, 0.44f, 0.49f, 1);
    c[ImGuiCol_FrameBg] = ImVec4(1, 1, 1, 1);
    c[ImGuiCol_FrameBgHovered] = ImVec4(0.93f, 0.95f, 1.0f, 1);
    c[ImGuiCol_FrameBgActive] = ImVec4(0.90f, 0.93f, 1.0f, 1);
    c[ImGuiCol_Border] = ImVec4(0.80f, 0.82f, 0.86f, 1);
    c[ImGuiCol_Header] = ImVec4(0.86f, 0.90f, 0.98f, 1);
    c[ImGuiCol_HeaderHovered] = ImVec4(0.80f, 0.86f, 0.98f, 1);
    c[ImGuiCol_HeaderActive] = ImVec4(0.72f, 0.80f, 0.97f, 1);
    c[ImGuiCol_TableHeaderBg] = ImVec4(0.93f, 0.94f, 0.96f, 1);
    c[ImGuiCol_TableRowBgAlt] = ImVec4(0.96f, 0.965f, 0.975f, 1);
    c[ImGuiCol_PlotHistogram] = ImVec4(0.26f, 0.47f, 0.85f, 1);
    c[ImGuiCol_SliderGrab] = ImVec4(0.26f, 0.47f, 0.85f, 1);
    c[ImGuiCol_Separator] = ImVec4(0.85f, 0.86f, 0.89f, 1);
    s.ScaleAllSizes(scale);
}

ImFont* theme_font(FontRole role) {
    ImFont* f = role == FontRole::Title ? g_title : g_body;
    return f ? f : ImGui::GetFont();
}

ImVec4 theme_color(ColorRole role) {
    switch (role) {
        case ColorRole::Error: return ImVec4(0.78f, 0.12f, 0.10f, 1);
        case ColorRole::ScoreBar: return ImVec4(0.55f, 0.70f, 0.95f, 1);
    }
    return ImVec4(0, 0, 0, 1);
}

float theme_scale() { return g_scale; }

}  // namespace embx::app
