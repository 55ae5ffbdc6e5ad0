// Milliseconds on a monotonic clock, for frame budgets and the timings the UI reports.
#pragma once

#include <chrono>

namespace embx::app {

inline double now_ms() {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

}  // namespace embx::app
