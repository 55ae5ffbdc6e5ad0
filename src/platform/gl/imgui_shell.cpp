#include "platform/gl/imgui_shell.hpp"

#if defined(__EMSCRIPTEN__)
#include <GLES3/gl3.h>
#endif
#include <GLFW/glfw3.h>

#include <chrono>
#include <cstdio>

#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include "app/theme.hpp"
#include "platform/gl/point_cloud_gl.hpp"

namespace embx::platform {

namespace {
bool g_drawn = false;  // a frame was drawn: the font texture exists on the GPU
}

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
    ImGui_ImplOpenGL3_NewFrame();  // uploads the font atlas when it has none
    // The atlas's pixels, once on the GPU, are not needed (10.5 MB at 17 px: its alpha and RGBA
    // copies); a new scale builds them again from the fonts, which stay.
    ImGui::GetIO().Fonts->ClearTexData();
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
}

void imgui_shell_shutdown() {
    point_cloud_shutdown();
    ImGui_ImplOpenGL3_Shutdown();
    ImGui_ImplGlfw_Shutdown();
    ImGui::DestroyContext();
    g_drawn = false;
}

}  // namespace embx::platform
