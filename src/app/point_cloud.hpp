// A point cloud the platform draws with the GPU in the middle of the ImGui frame: the app adds
// an ImDrawList callback whose user data is a PointCloudDraw, the platform's callback uploads
// the buffers when their versions change and draws GL_POINTS clipped to the callback's rect.
// (Hundreds of thousands of points as ImGui primitives would cost far too much CPU per frame.)
#pragma once

#include <cstddef>
#include <cstdint>

#include <imgui.h>

namespace embx::app {

struct PointCloudDraw {
    const float* xyz = nullptr;       // count x 3
    const uint32_t* rgba = nullptr;   // count colours, ImU32 (IM_COL32) layout
    size_t count = 0;
    uint64_t positions_version = 0;   // bumped whenever xyz changes
    uint64_t colours_version = 0;     // bumped whenever rgba changes
    float mvp[16] = {};               // column-major: world -> clip space of the clip rect
    float point_px = 3;               // point diameter in framebuffer pixels
};

// Set by the platform (nullptr: no GPU point cloud; the map then says so).
using PointCloudCallback = ImDrawCallback;

}  // namespace embx::app
