#include "cli/memory_floor.hpp"

#include <algorithm>
#include <chrono>
#include <cstring>

namespace embx::cli {

double read_seconds(const std::vector<std::pair<const uint8_t*, size_t>>& buffers, uint64_t& sink) {
    double best = 1e9;
    for (int rep = 0; rep < 7; ++rep) {
        const auto t0 = std::chrono::steady_clock::now();
        uint64_t a = 0, b = 0, c = 0, d = 0;
        for (const auto& [p, n] : buffers) {
            for (size_t i = 0; i + 32 <= n; i += 32) {
                uint64_t w[4];
                std::memcpy(w, p + i, 32);
                a += w[0];
                b += w[1];
                c += w[2];
                d += w[3];
            }
        }
        sink += a ^ b ^ c ^ d;
        best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    }
    return best;
}

}  // namespace embx::cli
