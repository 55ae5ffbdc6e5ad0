#include "cli/progress.hpp"

#include <unistd.h>

#include <cstdio>

namespace embx::cli {

Progress::Progress(std::string label, uint64_t total)
    : label_(std::move(label)), total_(total),
#if defined(__EMSCRIPTEN__)
      tty_(false),  // node under NODERAWFS reports every stream as a terminal
#else
      tty_(isatty(STDERR_FILENO) != 0),
#endif
      start_(std::chrono::steady_clock::now()), last_(start_) {}

void Progress::update(uint64_t done) {
    if (!tty_) return;
    const auto now = std::chrono::steady_clock::now();
    if (now - last_ < std::chrono::milliseconds(100)) return;
    last_ = now;
    const double secs = std::chrono::duration<double>(now - start_).count();
    const double mb = double(done) / 1e6;
    const double frac = total_ ? double(done) / double(total_) : 0;
    const int width = 30, filled = int(frac * width);
    std::fprintf(stderr, "\r%s [%.*s%*s] %5.1f%%  %.0f MB  %.0f MB/s ", label_.c_str(), filled,
                 "##############################", width - filled, "", frac * 100, mb,
                 secs > 0 ? mb / secs : 0.0);
    std::fflush(stderr);
}

void Progress::update_text(double fraction, const std::string& text) {
    if (!tty_) return;
    const auto now = std::chrono::steady_clock::now();
    if (now - last_ < std::chrono::milliseconds(100)) return;
    last_ = now;
    const double frac = fraction < 0 ? 0 : fraction > 1 ? 1 : fraction;
    const int width = 30, filled = int(frac * width);
    std::fprintf(stderr, "\r%s [%.*s%*s] %5.1f%%  %s\033[K", label_.c_str(), filled, "##############################",
                 width - filled, "", frac * 100, text.c_str());
    std::fflush(stderr);
}

void Progress::finish() {
    if (tty_) std::fprintf(stderr, "\r\033[K");
}

}  // namespace embx::cli
