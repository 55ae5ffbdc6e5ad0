#include "app/theme.hpp"

namespace embx::app {

namespace {
ImFont* g_body = nullptr;   // set once at start-up; ImGui itself keeps global state too
ImFont* g_title = nullptr;
float g_scale = 1.0f;
bool g_dark = false;

// Beyond Latin-1: byte-level BPE vocabularies write spaces and newlines as U+0120 'Ġ' and
// U+010A 'Ċ' (Latin Extended-A), and word tables hold Greek, Cyrillic and typographic
// punctuation; the Classroom's formulas use ≈. Glyphs the font lacks still show as '?'.
const ImWchar kGlyphRanges[] = {
    0x0020, 0x024F,  // Basic Latin .. Latin Extended-B
    0x0370, 0x03FF,  // Greek
    0x0400, 0x04FF,  // Cyrillic
    0x1E00, 0x1EFF,  // Latin Extended Additional (Vietnamese)
    0x2000, 0x206F,  // General Punctuation
    0x20A0, 0x20CF,  // currency signs
    0x2190, 0x21FF,  // Arrows (the Tokens tab's newline ↵ and tab ⇥)
    0x2200, 0x22FF,  // Mathematical Operators (the Classroom's formulas: ≈)
    0x2400, 0x243F,  // Control Pictures (the Tokens tab's visible space ␣)
    0x2580, 0x259F,  // Block Elements (SentencePiece's word mark ▁)
    0,
};

// Text colours keep at least 4.5:1 contrast with the window background in both palettes
// (disabled text included: it carries real information here, e.g. timings and hints).
void light_palette(ImVec4* c) {
    ImGui::StyleColorsLight();
    c[ImGuiCol_WindowBg] = ImVec4(0.985f, 0.985f, 0.98f, 1);
    c[ImGuiCol_ChildBg] = ImVec4(0, 0, 0, 0);
    c[ImGuiCol_Text] = ImVec4(0.12f, 0.13f, 0.16f, 1);
    c[ImGuiCol_TextDisabled] = ImVec4(0.40f, 0.42f, 0.47f, 1);
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
    c[ImGuiCol_NavHighlight] = ImVec4(0.10f, 0.38f, 0.85f, 1);  // the keyboard focus ring
}

void dark_palette(ImVec4* c) {
    ImGui::StyleColorsDark();
    c[ImGuiCol_WindowBg] = ImVec4(0.105f, 0.115f, 0.135f, 1);
    c[ImGuiCol_ChildBg] = ImVec4(0, 0, 0, 0);
    c[ImGuiCol_PopupBg] = ImVec4(0.14f, 0.15f, 0.18f, 0.98f);
    c[ImGuiCol_Text] = ImVec4(0.90f, 0.91f, 0.93f, 1);
    c[ImGuiCol_TextDisabled] = ImVec4(0.63f, 0.66f, 0.71f, 1);
    c[ImGuiCol_FrameBg] = ImVec4(0.16f, 0.17f, 0.20f, 1);
    c[ImGuiCol_FrameBgHovered] = ImVec4(0.21f, 0.23f, 0.28f, 1);
    c[ImGuiCol_FrameBgActive] = ImVec4(0.24f, 0.27f, 0.33f, 1);
    c[ImGuiCol_Border] = ImVec4(0.30f, 0.32f, 0.37f, 1);
    c[ImGuiCol_Header] = ImVec4(0.20f, 0.29f, 0.46f, 1);
    c[ImGuiCol_HeaderHovered] = ImVec4(0.24f, 0.35f, 0.56f, 1);
    c[ImGuiCol_HeaderActive] = ImVec4(0.28f, 0.41f, 0.66f, 1);
    c[ImGuiCol_TableHeaderBg] = ImVec4(0.16f, 0.17f, 0.20f, 1);
    c[ImGuiCol_TableRowBgAlt] = ImVec4(1, 1, 1, 0.035f);
    c[ImGuiCol_PlotHistogram] = ImVec4(0.40f, 0.60f, 0.95f, 1);
    c[ImGuiCol_SliderGrab] = ImVec4(0.40f, 0.60f, 0.95f, 1);
    c[ImGuiCol_Separator] = ImVec4(0.25f, 0.27f, 0.31f, 1);
    c[ImGuiCol_NavHighlight] = ImVec4(0.55f, 0.75f, 1.0f, 1);
}

void apply_palette() {
    ImGuiStyle& s = ImGui::GetStyle();
    if (g_dark) dark_palette(s.Colors);
    else light_palette(s.Colors);
}
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
        g_title = io.Fonts->AddFontFromMemoryTTF(data, font_ttf_bytes, 22.0f * scale, &cfg, kGlyphRanges);
    } else {
        ImFontConfig cfg;
        cfg.SizePixels = 13.0f * scale;
        g_body = io.Fonts->AddFontDefault(&cfg);
        g_title = g_body;
    }

    ImGuiStyle& s = ImGui::GetStyle();
    s = ImGuiStyle();  // start from defaults: ScaleAllSizes below must not compound on a re-theme
    apply_palette();
    s.WindowPadding = ImVec2(18, 14);
    s.FramePadding = ImVec2(10, 6);
    s.ItemSpacing = ImVec2(10, 8);
    s.CellPadding = ImVec2(8, 4);
    s.FrameRounding = 5;
    s.GrabRounding = 5;
    s.WindowRounding = 0;
    s.ScrollbarRounding = 6;
    s.FrameBorderSize = 1;
    s.ScaleAllSizes(scale);
}

void set_theme_dark(bool dark) {
    g_dark = dark;
    if (ImGui::GetCurrentContext()) apply_palette();
}

bool theme_dark() { return g_dark; }

ImFont* theme_font(FontRole role) {
    ImFont* f = role == FontRole::Title ? g_title : g_body;
    return f ? f : ImGui::GetFont();
}

ImVec4 theme_color(ColorRole role) {
    const bool d = g_dark;
    auto rgb = [](int r, int g, int b) { return ImVec4(float(r) / 255, float(g) / 255, float(b) / 255, 1); };
    switch (role) {
        case ColorRole::Error: return d ? rgb(255, 125, 115) : rgb(199, 31, 26);
        case ColorRole::ScoreBar: return d ? rgb(58, 92, 160) : rgb(140, 178, 242);
        case ColorRole::CanvasBg: return d ? rgb(22, 24, 29) : rgb(255, 255, 255);
        case ColorRole::CanvasBorder: return d ? rgb(70, 75, 88) : rgb(210, 214, 222);
        case ColorRole::Label: return d ? rgb(196, 201, 212) : rgb(70, 76, 90);
        case ColorRole::LabelStrong: return d ? rgb(246, 247, 250) : rgb(15, 20, 30);
        case ColorRole::LabelBox: return d ? ImVec4(0.09f, 0.10f, 0.12f, 0.82f) : ImVec4(1, 1, 1, 0.80f);
        case ColorRole::Edge: return d ? rgb(150, 160, 182) : rgb(90, 100, 120);
        case ColorRole::EdgeLit: return d ? rgb(140, 182, 255) : rgb(40, 60, 120);
        case ColorRole::NodeRing: return d ? rgb(232, 234, 242) : rgb(30, 30, 40);
        case ColorRole::Selection: return d ? rgb(255, 170, 60) : rgb(214, 90, 0);
        case ColorRole::Pinned: return d ? rgb(255, 110, 110) : rgb(200, 60, 60);
        case ColorRole::HighlightInput: return d ? rgb(255, 140, 140) : rgb(150, 20, 20);
        case ColorRole::HighlightResult: return d ? rgb(246, 247, 250) : rgb(30, 30, 40);
    }
    return ImVec4(0, 0, 0, 1);
}

ImU32 theme_u32(ColorRole role, float alpha) {
    ImVec4 c = theme_color(role);
    c.w *= alpha;
    return ImGui::ColorConvertFloat4ToU32(c);
}

ImVec4 theme_clear_color() {
    return g_dark ? ImVec4(0.105f, 0.115f, 0.135f, 1) : ImVec4(0.985f, 0.985f, 0.98f, 1);
}

float theme_scale() { return g_scale; }

}  // namespace embx::app
