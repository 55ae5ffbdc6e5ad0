#include "platform/desktop/screen_capture.hpp"

#include "io/pending_file.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>

#include <GL/gl.h>

namespace embx::desktop {

RgbImage read_framebuffer(int width, int height) {
    RgbImage image;
    if (width <= 0 || height <= 0) return image;
    image.width = width;
    image.height = height;
    const size_t stride = size_t(width) * 3;
    std::vector<uint8_t> bottom_up(stride * size_t(height));
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(0, 0, width, height, GL_RGB, GL_UNSIGNED_BYTE, bottom_up.data());
    // GL's first row is the bottom one; images start at the top.
    image.pixels.resize(bottom_up.size());
    for (int y = 0; y < height; ++y)
        std::memcpy(image.pixels.data() + size_t(y) * stride, bottom_up.data() + size_t(height - 1 - y) * stride, stride);
    return image;
}

Status write_ppm(const std::string& path, const RgbImage& image) {
    io::PendingFile out(path);
    if (Status s = out.opened(); !s) return s;
    const std::string header = "P6\n" + std::to_string(image.width) + " " + std::to_string(image.height) + "\n255\n";
    out.write(header.data(), header.size());
    out.write(image.pixels.data(), image.pixels.size());
    return out.commit();
}

}  // namespace embx::desktop
