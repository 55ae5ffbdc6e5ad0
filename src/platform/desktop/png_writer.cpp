#include "platform/desktop/png_writer.hpp"

#include "io/pending_file.hpp"

#include <cerrno>
#include <csetjmp>
#include <cstdio>
#include <cstring>

#include <png.h>

namespace embx::desktop {

namespace {

// libpng reports errors by longjmp; the message is kept for the Status.
struct PngErrors {
    std::string message;
};

void on_png_error(png_structp png, png_const_charp what) {
    static_cast<PngErrors*>(png_get_error_ptr(png))->message = what;
    png_longjmp(png, 1);
}

void on_png_warning(png_structp, png_const_charp) {}

// Everything libpng touches between setjmp and longjmp is plain data (no destructors skipped).
bool encode(std::FILE* f, const RgbImage& image, std::vector<png_bytep>& rows, PngErrors& errors) {
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &errors, on_png_error, on_png_warning);
    if (!png) {
        errors.message = "out of memory";
        return false;
    }
    png_infop info = png_create_info_struct(png);
    if (!info || setjmp(png_jmpbuf(png))) {
        if (errors.message.empty()) errors.message = "out of memory";
        png_destroy_write_struct(&png, info ? &info : nullptr);
        return false;
    }
    png_init_io(png, f);
    png_set_IHDR(png, info, png_uint_32(image.width), png_uint_32(image.height), 8, PNG_COLOR_TYPE_RGB,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_set_compression_level(png, 6);  // a screenshot: fast enough, a fraction of the raw size
    png_write_info(png, info);
    png_write_image(png, rows.data());
    png_write_end(png, nullptr);
    png_destroy_write_struct(&png, &info);
    return true;
}

}  // namespace

Status write_png(const std::string& path, const RgbImage& image) {
    if (image.width <= 0 || image.height <= 0 ||
        image.pixels.size() != size_t(image.width) * size_t(image.height) * 3)
        return Error{path + ": no image to write (" + std::to_string(image.width) + "x" +
                     std::to_string(image.height) + ", " + std::to_string(image.pixels.size()) + " bytes)"};
    std::vector<png_bytep> rows(size_t(image.height));
    for (size_t y = 0; y < rows.size(); ++y)
        rows[y] = const_cast<png_bytep>(image.pixels.data() + y * size_t(image.width) * 3);
    io::PendingFile out(path);  // a failed write leaves no half a PNG, nor breaks an older one
    if (Status s = out.opened(); !s) return s;
    PngErrors errors;
    if (!encode(out.file(), image, rows, errors)) return Error{path + ": libpng: " + errors.message};
    return out.commit();
}

}  // namespace embx::desktop
