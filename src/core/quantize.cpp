#include "core/quantize.hpp"

#include "core/dtype.hpp"
#include "core/half.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

namespace embx {

namespace {
float max_abs(const float* x, size_t n) {
    // Eight running maxima: compilers vectorize this (a single one is a serial chain).
    float m[8] = {};
    size_t i = 0;
    for (; i + 8 <= n; i += 8)
        for (size_t j = 0; j < 8; ++j) m[j] = std::max(m[j], std::fabs(x[i + j]));
    for (; i < n; ++i) m[0] = std::max(m[0], std::fabs(x[i]));
    return std::max(std::max(std::max(m[0], m[1]), std::max(m[2], m[3])),
                    std::max(std::max(m[4], m[5]), std::max(m[6], m[7])));
}

// Rounds to the nearest integer, ties to even, for |v| < 2^22: adding and subtracting 1.5 * 2^23
// leaves the float's rounding to the hardware. Unlike nearbyint it is plain arithmetic, so it
// vectorizes with any instruction set (x86-64's baseline has no rounding instruction).
// The integer is then read from the shifted float's low mantissa bits, an integer subtraction
// that vectorizes too (a float -> int conversion is one scalar instruction per value in wasm).
inline int32_t round_even_to_int(float v) {
    constexpr float kShift = 12582912.0f;  // 1.5 * 2^23
    const float shifted = v + kShift;
    int32_t bits;
    std::memcpy(&bits, &shifted, sizeof bits);
    return bits - 0x4B400000;
}
}  // namespace

float quantize_row_i8(const float* x, size_t n, int8_t* q) {
    const float m = max_abs(x, n);
    // Below ~3.7e-37, 127 / m overflows to infinity and 0 * inf is NaN: such a row (subnormal
    // values, found by fuzzing the text importers) is stored as the zero row it practically is.
    if (!(m >= 127.0f / std::numeric_limits<float>::max())) {
        std::fill(q, q + n, int8_t{0});
        return 0;
    }
    const float scale = m / 127.0f;
    const float inv = 127.0f / m;
    for (size_t i = 0; i < n; ++i) {
        q[i] = static_cast<int8_t>(round_even_to_int(std::clamp(x[i] * inv, -127.0f, 127.0f)));
    }
    return scale;
}

void quantize_row_i4(const float* x, size_t n, uint8_t* row) {
    const size_t blocks = i4_blocks(n), scales = i4_scales_bytes(n);
    std::fill(row, row + scales + 8 * blocks, uint8_t(0));
    for (size_t b = 0; b < blocks; ++b) {
        float v[kI4Block] = {};
        for (size_t i = 0; i < kI4Block && b * kI4Block + i < n; ++i) v[i] = x[b * kI4Block + i];
        // Quantize with the scale as stored (f16), so dequantizing reproduces exactly these steps.
        uint16_t h = f32_to_f16(max_abs(v, kI4Block) / 7.0f);
        if ((h & 0x7c00) == 0x7c00) h = 0x7bff;  // beyond f16 range: clamp to the largest finite
        const float scale = f16_to_f32(h);
        row[2 * b] = uint8_t(h & 0xff);
        row[2 * b + 1] = uint8_t(h >> 8);
        uint8_t* nib = row + scales + 8 * b;
        for (size_t j = 0; j < 8; ++j) {
            auto q = [&](float f) {
                const long r = scale > 0 ? std::lround(f / scale) : 0;
                return uint8_t(std::clamp(r, -7L, 7L) + 8);
            };
            nib[j] = uint8_t(q(v[j]) | q(v[j + 8]) << 4);
        }
    }
}

void dequantize_row_i4(const uint8_t* row, size_t n, float* out) {
    const size_t scales = i4_scales_bytes(n);
    for (size_t i = 0; i < n; ++i) {
        const size_t b = i / kI4Block, j = i % kI4Block;
        const float scale = f16_to_f32(uint16_t(row[2 * b] | row[2 * b + 1] << 8));
        const uint8_t byte = row[scales + 8 * b + (j & 7)];
        const int q = int(j < 8 ? byte & 0x0f : byte >> 4) - 8;
        out[i] = float(q) * scale;
    }
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
    const float lim = float(qmax);
    for (size_t i = 0; i < n; ++i) {
        // lround was a library call per value: a fifth of an int8 forward pass in wasm.
        q[i] = static_cast<int16_t>(round_even_to_int(std::clamp(x[i] * inv, -lim, lim)));
    }
    return m / float(qmax);
}

}  // namespace embx
