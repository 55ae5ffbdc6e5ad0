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

void dot_packed_i8_ref(const int16_t* packed, size_t rows, const int16_t* q, size_t qstride, size_t nq, size_t n,
                       int32_t* out) {
    const size_t pairs = (n + 1) / 2;
    for (size_t j = 0; j < nq; ++j)
        for (size_t r = 0; r < rows; ++r) {
            int32_t acc = 0;
            for (size_t p = 0; p < pairs; ++p) {
                const int16_t* x = packed + (p * rows + r) * 2;
                acc += int32_t(x[0]) * q[j * qstride + 2 * p] + int32_t(x[1]) * q[j * qstride + 2 * p + 1];
            }
            out[j * rows + r] = acc;
        }
}

bool cosines_i8_ref(const int32_t* dots, const float* factors, size_t count, float qscale, float threshold,
                    float* out) {
    bool any = false;
    for (size_t i = 0; i < count; ++i) {
        out[i] = float(dots[i]) * qscale * factors[i];
        any |= out[i] >= threshold;
    }
    return any;
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

// One portable packing for every instruction set: it runs once per tile and is shared by all
// the queries of a batch (nearest_batch packs only for batches large enough to pay for it).
void pack_rows_i8(const uint8_t* rows, size_t stride, size_t count, size_t n, int16_t* out) {
    const size_t padded = packed_rows(count), values = packed_i8_values(count, n);
    if (values == 0) return;  // nothing to write (and `out` may be null)
    std::memset(out, 0, values * sizeof(int16_t));
    for (size_t r = 0; r < count; ++r) {
        const auto* row = reinterpret_cast<const int8_t*>(rows + r * stride);
        for (size_t d = 0; d < n; ++d) out[((d / 2) * padded + r) * 2 + d % 2] = row[d];
    }
}

const KernelSet& kernels_ref() {
    static const KernelSet k{Isa::Ref, "ref", dot_i8_ref, dot_rows_i8_ref, dot_packed_i8_ref,
                             cosines_i8_ref, scores_rows_i8_in_two_passes<dot_rows_i8_ref, cosines_i8_ref>,
                             dot_rows_i4_ref, dot_rows_f16_ref, dot_f32_ref,
                             dot_rows_f32_ref, matmul_f32_ref, matmul_i8_ref};
    return k;
}

}  // namespace embx::kernels
