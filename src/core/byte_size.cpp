#include "core/byte_size.hpp"

#include <cstdio>

namespace embx {

std::string human_bytes(uint64_t b) {
    char buf[32];
    if (b >= 1000000000) std::snprintf(buf, sizeof buf, "%.2f GB", double(b) / 1e9);
    else if (b >= 1000000) std::snprintf(buf, sizeof buf, "%.1f MB", double(b) / 1e6);
    else if (b >= 1000) std::snprintf(buf, sizeof buf, "%.1f kB", double(b) / 1e3);
    else std::snprintf(buf, sizeof buf, "%u B", unsigned(b));
    return buf;
}

}  // namespace embx
