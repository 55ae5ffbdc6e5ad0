#include "platform/gl/imgui_shell.hpp"

#if defined(__EMSCRIPTEN__)
#include <GLES3/gl3.h>
#endif
#include <GLFW/glfw3.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>

#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include "app/theme.hpp"
#include "platform/gl/point_cloud_gl.hpp"

namespace embx::platform {

namespace {
bool g_drawn = false;  // a frame was drawn: the font texture exists on the GPU
uint64_t g_drawn_hash = 0;  // what the last drawn frame held (frame_hash)

// FNV-1a over 8-byte words: a change anywhere in the frame's bytes changes it.
struct FrameHash {
    uint64_t h = 1469598103934665603ull;
    void add(const void* data, size_t n) {
        const unsigned char* p = static_cast<const unsigned char*>(data);
        size_t i = 0;
        for (; i + 8 <= n; i += 8) {
            uint64_t w;
            std::memcpy(&w, p + i, 8);
            h = (h ^ w) * 1099511628211ull;
        }
        for (; i < n; ++i) h = (h ^ p[i]) * 1099511628211ull;
    }
    template <typename T>
    void add(const T& v) { add(&v, sizeof v); }
};

// 0 (never "unchanged") when a draw callback other than the state reset is present.
uint64_t frame_hash(GLFWwindow* window) {
    const ImDrawData* d = ImGui::GetDrawData();
    if (!d) return 0;
    FrameHash f;
    int width = 0, height = 0;
    glfwGetFramebufferSize(window, &width, &height);
    f.add(width);
    f.add(height);
    f.add(d->DisplayPos);
    f.add(d->DisplaySize);
    f.add(d->FramebufferScale);
    f.add(app::theme_clear_color());
    for (int l = 0; l < d->CmdListsCount; ++l) {
        const ImDrawList* list = d->CmdLists[l];
        f.add(list->VtxBuffer.Data, size_t(list->VtxBuffer.Size) * sizeof(ImDrawVert));
        f.add(list->IdxBuffer.Data, size_t(list->IdxBuffer.Size) * sizeof(ImDrawIdx));
        for (const ImDrawCmd& c : list->CmdBuffer) {
            if (c.UserCallback && c.UserCallback != ImDrawCallback_ResetRenderState) return 0;
            f.add(c.ClipRect);
            f.add(c.TextureId);
            f.add(c.VtxOffset);
            f.add(c.IdxOffset);
            f.add(c.ElemCount);
        }
    }
    return f.h ? f.h : 1;
}
}  // namespace

void imgui_shell_init(GLFWwindow* window, const char* glsl_version) {
    IMGUI_CHECKVERSION();
    ImGui::CreateContext();
    ImGui::GetIO().IniFilename = nullptr;  // the layout is the app's, not a settings file's
    ImGui::GetIO().ConfigFlags |= ImGuiConfigFlags_NavEnableKeyboard;  // usable without a mouse
    ImGui_ImplGlfw_InitForOpenGL(window, true);
    ImGui_ImplOpenGL3_Init(glsl_version);
    if (!point_cloud_init(glsl_version)) std::fprintf(stderr, "no GPU point cloud: the map draws points with ImGui\n");
}

void imgui_shell_set_scale(const std::string& font_ttf, float scale) {
    app::apply_theme(font_ttf.empty() ? nullptr : font_ttf.data(), int(font_ttf.size()), scale);
    // The font atlas changed: upload it again. Only the texture: ImGui 1.86's backend does not
    // forget its buffer sizes when all device objects are destroyed, so after a zoom every
    // draw overflowed the new, empty buffers and nothing was drawn.
    if (g_drawn) {
        ImGui_ImplOpenGL3_DestroyFontsTexture();
        ImGui_ImplOpenGL3_CreateFontsTexture();
    }
}

double imgui_shell_build(const std::function<void()>& build) {
    const auto t0 = std::chrono::steady_clock::now();
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
    build();
    ImGui::Render();
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

void imgui_shell_draw(GLFWwindow* window, int& width, int& height) {
    glfwGetFramebufferSize(window, &width, &height);
    glViewport(0, 0, width, height);
    const ImVec4 clear = app::theme_clear_color();  // follows the light/dark palette
    glClearColor(clear.x, clear.y, clear.z, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    g_drawn = true;
    g_drawn_hash = frame_hash(window);
}

bool imgui_shell_frame_unchanged(GLFWwindow* window) {
    if (!g_drawn || g_drawn_hash == 0) return false;
    return frame_hash(window) == g_drawn_hash;
}

void imgui_shell_shutdown() {
    point_cloud_shutdown();
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    g_drawn = false;
}

}  // namespace embx::platform
