#include "core/quantize.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace embx {

namespace {
float max_abs(const float* x, size_t n) {
    float m = 0;
    for (size_t i = 0; i < n; ++i) m = std::max(m, std::fabs(x[i]));
    return m;
}
}  // namespace

float quantize_row_i8(const float* x, size_t n, int8_t* q) {
    const float m = max_abs(x, n);
    if (m == 0) {
        std::fill(q, q + n, int8_t{0});
        return 0;
    }
    const float scale = m / 127.0f;
    const float inv = 127.0f / m;
    for (size_t i = 0; i < n; ++i) {
        const long v = std::lround(x[i] * inv);
        q[i] = static_cast<int8_t>(std::clamp(v, -127L, 127L));
    }
    return scale;
}

float norm_i8(const int8_t* q, size_t n, float scale) {
    int64_t s = 0;
    for (size_t i = 0; i < n; ++i) s += int64_t(q[i]) * q[i];
    return float(std::sqrt(double(s)) * double(scale));
}

float norm_f32(const float* x, size_t n) {
    double s = 0;
    for (size_t i = 0; i < n; ++i) s += double(x[i]) * x[i];
    return float(std::sqrt(s));
}

int32_t query_i16_max(size_t n) {
    if (n == 0) return 32767;
    const int64_t bound = int64_t(std::numeric_limits<int32_t>::max()) / (int64_t(n) * 127);
    return int32_t(std::clamp<int64_t>(bound, 1, 32767));
}

float quantize_query_i16(const float* x, size_t n, int16_t* q) {
    const float m = max_abs(x, n);
    if (m == 0) {
        std::fill(q, q + n, int16_t{0});
        return 0;
    }
    const int32_t qmax = query_i16_max(n);
    const float inv = float(qmax) / m;
    for (size_t i = 0; i < n; ++i) {
        const long v = std::lround(x[i] * inv);
        q[i] = static_cast<int16_t>(std::clamp<long>(v, -qmax, qmax));
    }
    return m / float(qmax);
}

}  // namespace embx
