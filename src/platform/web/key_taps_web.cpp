#include "platform/web/key_taps_web.hpp"

#include <bitset>
#include <vector>

namespace embx::platform {

namespace {

struct Release {
    GLFWwindow* window;
    int key, scancode, mods;
};

GLFWkeyfun g_imgui_callback = nullptr;
std::bitset<GLFW_KEY_LAST + 1> g_pressed_this_frame;
std::vector<Release> g_held;

void on_key(GLFWwindow* window, int key, int scancode, int action, int mods) {
    const bool known = key >= 0 && key <= GLFW_KEY_LAST;
    if (known && action == GLFW_PRESS) g_pressed_this_frame.set(size_t(key));
    if (known && action == GLFW_RELEASE && g_pressed_this_frame.test(size_t(key))) {
        g_held.push_back({window, key, scancode, mods});
        return;
    }
    if (g_imgui_callback) g_imgui_callback(window, key, scancode, action, mods);
}

}  // namespace

void keep_key_taps(GLFWwindow* window) { g_imgui_callback = glfwSetKeyCallback(window, on_key); }

void key_taps_after_new_frame() {
    g_pressed_this_frame.reset();
    std::vector<Release> held;
    held.swap(g_held);
    for (const Release& r : held)
        if (g_imgui_callback) g_imgui_callback(r.window, r.key, r.scancode, GLFW_RELEASE, r.mods);
}

}  // namespace embx::platform
