#include "cli/text_file.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace embx::cli {

Expected<std::string> read_text_file(const std::string& path, size_t max_bytes) {
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) return Error{path + ": cannot open: " + std::strerror(errno)};
    std::string out;
    char buf[1 << 16];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) {
        if (out.size() + n > max_bytes) {
            std::fclose(f);
            return Error{path + ": larger than " + std::to_string(max_bytes >> 20) + " MB"};
        }
        out.append(buf, n);
    }
    const bool failed = std::ferror(f) != 0;
    std::fclose(f);
    if (failed) return Error{path + ": read error"};
    return out;
}

}  // namespace embx::cli
