// What the web and desktop shells share around the explorer, as Dear ImGui's own examples do:
// the ImGui context with its GLFW and OpenGL backends, the theme's font at a UI scale, and one
// frame (build the UI, then draw it on the theme's background). The mains keep only what
// differs: how the window is made, where tables come from, and the browser's or the OS's hooks.
#pragma once

#include <functional>
#include <string>

struct GLFWwindow;

namespace embx::platform {

// Creates the ImGui context (no settings file, keyboard navigation on), the GLFW and OpenGL
// backends and the GPU point cloud, for a window whose GL context is current. `glsl_version`
// is "#version 300 es" (WebGL2) or "#version 150" (OpenGL 3.2 core).
void imgui_shell_init(GLFWwindow* window, const char* glsl_version);

// Rasterizes the theme's font (`font_ttf`; empty: ImGui's own) for a UI scale and sets the
// style; after the first frame the font texture is uploaded again (a change of screen or zoom).
void imgui_shell_set_scale(const std::string& font_ttf, float scale);

// Builds one frame: new ImGui frame, `build` (the app, dialogs), render. Returns the CPU
// milliseconds that took, GL excluded: what automated runs report as the UI's cost.
double imgui_shell_build(const std::function<void()>& build);

// Draws the built frame into the window's framebuffer; `width`/`height` get its size.
void imgui_shell_draw(GLFWwindow* window, int& width, int& height);

void imgui_shell_shutdown();

}  // namespace embx::platform
