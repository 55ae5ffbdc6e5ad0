// The window's pixels after a frame has been drawn (before the buffers swap): what the PNG
// export and the smoke test's screenshot save. Like the web page's canvas.toBlob(), the whole
// window is captured, graph canvas and the controls around it.
#pragma once

#include <string>

#include "core/status.hpp"
#include "platform/desktop/png_writer.hpp"

namespace embx::desktop {

// Reads the current framebuffer (width x height) top row first.
RgbImage read_framebuffer(int width, int height);
// Binary PPM (P6), the smoke test's screenshot format.
Status write_ppm(const std::string& path, const RgbImage& image);

}  // namespace embx::desktop
