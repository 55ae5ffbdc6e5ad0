// Scalar reference kernels: the definition every SIMD kernel is tested against.
#include <cstring>

#include "core/dtype.hpp"
#include "core/half.hpp"
#include "core/kernels/dot.hpp"

namespace embx::kernels {

namespace {

int32_t dot_i8_ref(const int8_t* row, const int16_t* q, size_t n) {
    int32_t acc = 0;
    for (size_t i = 0; i < n; ++i) acc += int32_t(row[i]) * int32_t(q[i]);
    return acc;
}

void dot_rows_i8_ref(const uint8_t* rows, size_t stride, size_t count, const int16_t* q, size_t n,
                     int32_t* out) {
    for (size_t r = 0; r < count; ++r)
        out[r] = dot_i8_ref(reinterpret_cast<const int8_t*>(rows + r * stride), q, n);
}

void dot_rows_i8_x4_ref(const uint8_t* rows, size_t stride, size_t count, const int16_t* const q[4], size_t n,
                        int32_t* out) {
    for (size_t r = 0; r < count; ++r)
        for (int j = 0; j < 4; ++j)
            out[r * 4 + j] = dot_i8_ref(reinterpret_cast<const int8_t*>(rows + r * stride), q[j], n);
}

void dot_rows_i4_ref(const uint8_t* rows, size_t stride, size_t count, const int16_t* q, size_t dims,
                     float* out) {
    const size_t blocks = i4_blocks(dims), nib = i4_scales_bytes(dims);
    for (size_t r = 0; r < count; ++r) {
        const uint8_t* row = rows + r * stride;
        float acc = 0;
        for (size_t b = 0; b < blocks; ++b) {
            const uint8_t* bytes = row + nib + 8 * b;
            const int16_t* qb = q + b * kI4Block;
            int32_t d = 0;
            for (size_t j = 0; j < 8; ++j) {
                d += (int32_t(bytes[j] & 0x0f) - 8) * qb[j];
                d += (int32_t(bytes[j] >> 4) - 8) * qb[j + 8];
            }
            acc += float(d) * f16_to_f32(uint16_t(row[2 * b] | row[2 * b + 1] << 8));
        }
        out[r] = acc;
    }
}

void dot_rows_f16_ref(const uint8_t* rows, size_t stride, size_t count, const float* q, size_t n, float* out) {
    for (size_t r = 0; r < count; ++r) {
        const auto* h = reinterpret_cast<const uint16_t*>(rows + r * stride);
        double acc = 0;
        for (size_t i = 0; i < n; ++i) acc += double(f16_to_f32(h[i])) * q[i];
        out[r] = float(acc);
    }
}

float dot_f32_ref(const float* a, const float* b, size_t n) {
    // Double accumulation: the reference should be the most accurate, not the fastest.
    double acc = 0;
    for (size_t i = 0; i < n; ++i) acc += double(a[i]) * double(b[i]);
    return float(acc);
}

void dot_rows_f32_ref(const uint8_t* rows, size_t stride, size_t count, const float* q, size_t n,
                      float* out) {
    for (size_t r = 0; r < count; ++r)
        out[r] = dot_f32_ref(reinterpret_cast<const float*>(rows + r * stride), q, n);
}

}  // namespace

const KernelSet& kernels_ref() {
    static const KernelSet k{Isa::Ref, "ref", dot_i8_ref, dot_rows_i8_ref, dot_rows_i8_x4_ref, dot_rows_i4_ref,
                             dot_rows_f16_ref, dot_f32_ref,
                             dot_rows_f32_ref};
    return k;
}

}  // namespace embx::kernels
