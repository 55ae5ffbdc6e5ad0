// Writes an RGB image as a PNG file (libpng): the desktop's "export PNG" of the graph view.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.hpp"

namespace embx::desktop {

struct RgbImage {
    int width = 0, height = 0;
    std::vector<uint8_t> pixels;  // rows top to bottom, 3 bytes per pixel, no padding
};

// Errors name the file: "<path>: cannot write: <strerror>", "<path>: libpng: <what>".
Status write_png(const std::string& path, const RgbImage& image);

}  // namespace embx::desktop
