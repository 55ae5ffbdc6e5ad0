// The GPU point cloud for both shells (WebGL2 and desktop OpenGL 3.2 core): an ImDrawList
// callback that draws an app::PointCloudDraw as GL_POINTS inside the callback's clip rect.
#pragma once

#include <imgui.h>

namespace embx::platform {

// Call once after the GL context exists. `glsl_version` is "#version 300 es" or "#version 150".
bool point_cloud_init(const char* glsl_version);
void point_cloud_shutdown();

// The callback to hand to the app (PlatformHooks::point_cloud).
void point_cloud_draw(const ImDrawList* list, const ImDrawCmd* cmd);

}  // namespace embx::platform
