// Quick key taps for ImGui 1.86 in the browser. ImGui 1.86 reads keys as "down or not" once a
// frame; a key pressed and released between two frames (a brisk tap, a slow frame on software
// GL, automation) is never seen. The release of a key pressed since the last frame is held back
// until ImGui has seen it down once. (ImGui 1.87+ queues input events and needs none of this.)
#pragma once

#include <GLFW/glfw3.h>

namespace embx::platform {

// Call once, after ImGui_ImplGlfw_InitForOpenGL (it chains to the callback ImGui installed).
void keep_key_taps(GLFWwindow* window);
// Call right after ImGui::NewFrame(): delivers the releases held back.
void key_taps_after_new_frame();

}  // namespace embx::platform
