// write_png: what libpng reads back is the image that was written, and failures are errors.
#include <gtest/gtest.h>
#include <png.h>
#include <unistd.h>

#include <cstring>

#include "platform/desktop/png_writer.hpp"
#include "temp_dir.hpp"

namespace embx::desktop {
namespace {

RgbImage gradient(int w, int h) {
    RgbImage im;
    im.width = w;
    im.height = h;
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) {
            im.pixels.push_back(uint8_t(x * 7));
            im.pixels.push_back(uint8_t(y * 13));
            im.pixels.push_back(uint8_t((x ^ y) * 3));
        }
    return im;
}

// Decodes with libpng's simplified API into 8-bit RGB.
bool read_png(const std::string& path, RgbImage& out) {
    png_image image;
    std::memset(&image, 0, sizeof image);
    image.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_file(&image, path.c_str())) return false;
    image.format = PNG_FORMAT_RGB;
    out.width = int(image.width);
    out.height = int(image.height);
    out.pixels.resize(PNG_IMAGE_SIZE(image));
    const bool ok = png_image_finish_read(&image, nullptr, out.pixels.data(), 0, nullptr) != 0;
    png_image_free(&image);
    return ok;
}

TEST(PngWriter, WritesWhatLibpngReadsBack) {
    test::TempDir t;
    for (auto [w, h] : {std::pair{1, 1}, std::pair{37, 5}, std::pair{300, 200}}) {
        const RgbImage im = gradient(w, h);
        const std::string path = t / ("g" + std::to_string(w) + ".png");
        const Status s = write_png(path, im);
        ASSERT_TRUE(s.ok()) << s.error();
        RgbImage back;
        ASSERT_TRUE(read_png(path, back)) << path;
        EXPECT_EQ(back.width, w);
        EXPECT_EQ(back.height, h);
        EXPECT_EQ(back.pixels, im.pixels);  // top row first, exactly
    }
}

TEST(PngWriter, RefusesImagesThatDoNotAddUp) {
    test::TempDir t;
    RgbImage im = gradient(10, 10);
    im.pixels.pop_back();
    const Status s = write_png(t / "short.png", im);
    ASSERT_FALSE(s.ok());
    EXPECT_NE(s.error().find("short.png: no image to write (10x10, 299 bytes)"), std::string::npos) << s.error();
    EXPECT_FALSE(write_png(t / "empty.png", RgbImage{}).ok());
}

TEST(PngWriter, NamesTheFileItCannotWrite) {
    test::TempDir t;
    const std::string path = t / "no-such-folder/g.png";
    const Status s = write_png(path, gradient(4, 4));
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error(), path + ": cannot create: No such file or directory");
}

TEST(PngWriter, ReportsAFullDisk) {
    if (::access("/dev/full", W_OK) != 0) GTEST_SKIP() << "no /dev/full";
    const Status s = write_png("/dev/full", gradient(64, 64));
    ASSERT_FALSE(s.ok());
    EXPECT_NE(s.error().find("/dev/full"), std::string::npos) << s.error();
}

}  // namespace
}  // namespace embx::desktop
