// WebAssembly SIMD128 kernels. Compiled only in the wasm build (-msimd128).
#include <wasm_simd128.h>

#include "core/dtype.hpp"
#include "core/kernels/dot.hpp"

namespace embx::kernels {

namespace {

inline int32_t hsum_i32x4(v128_t v) {
    return wasm_i32x4_extract_lane(v, 0) + wasm_i32x4_extract_lane(v, 1) +
           wasm_i32x4_extract_lane(v, 2) + wasm_i32x4_extract_lane(v, 3);
}

int32_t dot_i8_simd128(const int8_t* row, const int16_t* q, size_t n) {
    // v128.load8x8_s widens eight int8 to int16 as it loads (one pmovsxbw on x86), then
    // i32x4.dot_i16x8_s multiplies and adds pairs. Four accumulators hide the add latency.
    v128_t a0 = wasm_i32x4_splat(0), a1 = a0, a2 = a0, a3 = a0;
    size_t i = 0;
    for (; i + 32 <= n; i += 32) {
        a0 = wasm_i32x4_add(a0, wasm_i32x4_dot_i16x8(wasm_i16x8_load8x8(row + i), wasm_v128_load(q + i)));
        a1 = wasm_i32x4_add(a1, wasm_i32x4_dot_i16x8(wasm_i16x8_load8x8(row + i + 8), wasm_v128_load(q + i + 8)));
        a2 = wasm_i32x4_add(a2, wasm_i32x4_dot_i16x8(wasm_i16x8_load8x8(row + i + 16), wasm_v128_load(q + i + 16)));
        a3 = wasm_i32x4_add(a3, wasm_i32x4_dot_i16x8(wasm_i16x8_load8x8(row + i + 24), wasm_v128_load(q + i + 24)));
    }
    for (; i + 8 <= n; i += 8)
        a0 = wasm_i32x4_add(a0, wasm_i32x4_dot_i16x8(wasm_i16x8_load8x8(row + i), wasm_v128_load(q + i)));
    int32_t acc = hsum_i32x4(wasm_i32x4_add(wasm_i32x4_add(a0, a1), wasm_i32x4_add(a2, a3)));
    for (; i < n; ++i) acc += int32_t(row[i]) * int32_t(q[i]);
    return acc;
}

// Sum of each of four accumulators, as the four lanes of one vector (transpose-and-add).
inline v128_t reduce4(v128_t a0, v128_t a1, v128_t a2, v128_t a3) {
    const v128_t s01 = wasm_i32x4_add(wasm_i32x4_shuffle(a0, a1, 0, 1, 4, 5), wasm_i32x4_shuffle(a0, a1, 2, 3, 6, 7));
    const v128_t s23 = wasm_i32x4_add(wasm_i32x4_shuffle(a2, a3, 0, 1, 4, 5), wasm_i32x4_shuffle(a2, a3, 2, 3, 6, 7));
    return wasm_i32x4_add(wasm_i32x4_shuffle(s01, s23, 0, 2, 4, 6), wasm_i32x4_shuffle(s01, s23, 1, 3, 5, 7));
}

// v128.load8x8_s widens while loading (one pmovsxbw on x86), cheaper than load + two extends.
inline v128_t dot16(const int8_t* row, v128_t qlo, v128_t qhi) {
    return wasm_i32x4_add(wasm_i32x4_dot_i16x8(wasm_i16x8_load8x8(row), qlo),
                          wasm_i32x4_dot_i16x8(wasm_i16x8_load8x8(row + 8), qhi));
}

// Rows at least this long are scanned one after another. Interleaving four long rows turns
// the reads into four strided streams, which the hardware prefetchers follow poorly: on
// 151,936 x 1,536 that ran at 15 GB/s against 25 GB/s row by row (Zen, node 20). Shorter rows
// lie in a few cache lines each, so four at a time reads one contiguous block, shares the
// query loads and reduces four sums together (341,479 x 112: 1.35 ms against 1.86 ms).
constexpr size_t kRowByRowDims = 256;

// The dot products of four consecutive rows over their first n16 (a multiple of 16) dims, one
// lane each: the query is loaded once for all four.
inline v128_t dot4_rows(const int8_t* r0, size_t stride, const int16_t* q, size_t n16) {
    const int8_t* r1 = r0 + stride;
    const int8_t* r2 = r1 + stride;
    const int8_t* r3 = r2 + stride;
    v128_t a0 = wasm_i32x4_splat(0), a1 = a0, a2 = a0, a3 = a0;
    for (size_t i = 0; i < n16; i += 16) {
        const v128_t qlo = wasm_v128_load(q + i), qhi = wasm_v128_load(q + i + 8);
        a0 = wasm_i32x4_add(a0, dot16(r0 + i, qlo, qhi));
        a1 = wasm_i32x4_add(a1, dot16(r1 + i, qlo, qhi));
        a2 = wasm_i32x4_add(a2, dot16(r2 + i, qlo, qhi));
        a3 = wasm_i32x4_add(a3, dot16(r3 + i, qlo, qhi));
    }
    return reduce4(a0, a1, a2, a3);
}

void dot_rows_i8_simd128(const uint8_t* rows, size_t stride, size_t count, const int16_t* q, size_t n,
                         int32_t* out) {
    size_t r = 0;
    if (n < kRowByRowDims) {
        const size_t n16 = n / 16 * 16;
        for (; r + 4 <= count; r += 4) {
            const auto* r0 = reinterpret_cast<const int8_t*>(rows + r * stride);
            int32_t sums[4];
            wasm_v128_store(sums, dot4_rows(r0, stride, q, n16));
            finish_dot4_i8(sums, r0, stride, q, n16, n, out + r);
        }
    }
    // No software prefetch: wasm has none, and touching bytes ahead with plain loads made the
    // scan slower on every shape measured (the touch waits for memory like any other load).
    for (; r < count; ++r) out[r] = dot_i8_simd128(reinterpret_cast<const int8_t*>(rows + r * stride), q, n);
}

// dot_rows_i8_simd128 with cosines_i8_simd128's arithmetic applied to each group of four sums
// as it comes out of the reduction (the same floats, multiplied in the same order).
bool scores_rows_i8_simd128(const uint8_t* rows, size_t stride, size_t count, const int16_t* q, size_t n,
                            const float* factors, float qscale, float threshold, float* out) {
    const v128_t qs = wasm_f32x4_splat(qscale), th = wasm_f32x4_splat(threshold);
    v128_t hit = wasm_i32x4_splat(0);
    size_t r = 0;
    if (n < kRowByRowDims && n % 16 == 0) {
        for (; r + 4 <= count; r += 4) {
            const v128_t d = wasm_f32x4_convert_i32x4(
                dot4_rows(reinterpret_cast<const int8_t*>(rows + r * stride), stride, q, n));
            const v128_t sc = wasm_f32x4_mul(wasm_f32x4_mul(d, qs), wasm_v128_load(factors + r));
            wasm_v128_store(out + r, sc);
            hit = wasm_v128_or(hit, wasm_f32x4_ge(sc, th));  // NaN compares false
        }
    }
    bool any = wasm_v128_any_true(hit);
    for (; r < count; ++r) {
        const int32_t d = dot_i8_simd128(reinterpret_cast<const int8_t*>(rows + r * stride), q, n);
        out[r] = float(d) * qscale * factors[r];
        any |= out[r] >= threshold;
    }
    return any;
}

// Q queries against 8 packed rows (two vectors of four): per pair of dimensions, two row loads
// and Q splat loads feed 2Q i32x4.dot_i16x8_s, and each accumulator lane is one row's dot.
template <size_t Q>
inline void packed_block_simd128(const int16_t* packed, size_t rows, const int16_t* q, size_t qstride,
                                 size_t pairs, int32_t* out) {
    v128_t acc[Q][2];
    for (size_t j = 0; j < Q; ++j) acc[j][0] = acc[j][1] = wasm_i32x4_splat(0);
    for (size_t p = 0; p < pairs; ++p, packed += 2 * rows) {
        const v128_t x0 = wasm_v128_load(packed), x1 = wasm_v128_load(packed + 8);
        for (size_t j = 0; j < Q; ++j) {
            const v128_t b = wasm_v128_load32_splat(q + j * qstride + 2 * p);
            acc[j][0] = wasm_i32x4_add(acc[j][0], wasm_i32x4_dot_i16x8(x0, b));
            acc[j][1] = wasm_i32x4_add(acc[j][1], wasm_i32x4_dot_i16x8(x1, b));
        }
    }
    for (size_t j = 0; j < Q; ++j) {
        wasm_v128_store(out + j * rows, acc[j][0]);
        wasm_v128_store(out + j * rows + 4, acc[j][1]);
    }
}

void dot_packed_i8_simd128(const int16_t* packed, size_t rows, const int16_t* q, size_t qstride, size_t nq,
                           size_t n, int32_t* out) {
    const size_t pairs = (n + 1) / 2;
    size_t j = 0;
    // Four queries x 8 rows: eight accumulators, two row vectors and a splat (of 16 registers).
    for (; j + 4 <= nq; j += 4)
        for (size_t r = 0; r < rows; r += 8)
            packed_block_simd128<4>(packed + 2 * r, rows, q + j * qstride, qstride, pairs, out + j * rows + r);
    for (size_t r = 0; r < rows; r += 8) {
        const int16_t* qj = q + j * qstride;
        int32_t* o = out + j * rows + r;
        switch (nq - j) {
            case 3: packed_block_simd128<3>(packed + 2 * r, rows, qj, qstride, pairs, o); break;
            case 2: packed_block_simd128<2>(packed + 2 * r, rows, qj, qstride, pairs, o); break;
            case 1: packed_block_simd128<1>(packed + 2 * r, rows, qj, qstride, pairs, o); break;
            default: break;
        }
    }
}

bool cosines_i8_simd128(const int32_t* dots, const float* factors, size_t count, float qscale, float threshold,
                        float* out) {
    const v128_t qs = wasm_f32x4_splat(qscale), th = wasm_f32x4_splat(threshold);
    v128_t hit = wasm_i32x4_splat(0);
    size_t i = 0;
    for (; i + 4 <= count; i += 4) {
        const v128_t d = wasm_f32x4_convert_i32x4(wasm_v128_load(dots + i));
        const v128_t s = wasm_f32x4_mul(wasm_f32x4_mul(d, qs), wasm_v128_load(factors + i));
        wasm_v128_store(out + i, s);
        hit = wasm_v128_or(hit, wasm_f32x4_ge(s, th));  // NaN compares false
    }
    bool any = wasm_v128_any_true(hit);
    for (; i < count; ++i) {
        out[i] = float(dots[i]) * qscale * factors[i];
        any |= out[i] >= threshold;
    }
    return any;
}

// f16 -> f32 for finite halves, four at a time: shift the exponent and mantissa into place and
// rescale by 2^112 (exact for normal and subnormal halves; rows with inf/NaN are refused at load).
inline v128_t f16x4_to_f32(v128_t h32) {
    const v128_t bits = wasm_i32x4_shl(wasm_v128_and(h32, wasm_i32x4_splat(0x7fff)), 13);
    return wasm_f32x4_mul(bits, wasm_f32x4_splat(0x1.0p+112f));
}

void dot_rows_i4_simd128(const uint8_t* rows, size_t stride, size_t count, const int16_t* q, size_t dims,
                         float* out) {
    const size_t blocks = i4_blocks(dims), nib = i4_scales_bytes(dims);
    const v128_t low4 = wasm_i8x16_splat(0x0f), eight = wasm_i16x8_splat(8);
    float scales[4];
    for (size_t r = 0; r < count; ++r) {
        const uint8_t* row = rows + r * stride;
        v128_t acc = wasm_f32x4_splat(0);
        for (size_t b0 = 0; b0 < blocks; b0 += 4) {
            const size_t nb = blocks - b0 < 4 ? blocks - b0 : 4;
            uint16_t h[4] = {0, 0, 0, 0};
            for (size_t k = 0; k < nb; ++k) h[k] = uint16_t(row[2 * (b0 + k)] | row[2 * (b0 + k) + 1] << 8);
            wasm_v128_store(scales, f16x4_to_f32(wasm_u32x4_load16x4(h)));
            for (size_t k = 0; k < nb; ++k) {
                const size_t b = b0 + k;
                const v128_t raw = wasm_v128_load64_zero(row + nib + 8 * b);
                const v128_t lo = wasm_v128_and(raw, low4);                      // values 0..7
                const v128_t hi = wasm_v128_and(wasm_u16x8_shr(raw, 4), low4);   // values 8..15
                const v128_t vlo = wasm_i16x8_sub(wasm_u16x8_extend_low_u8x16(lo), eight);
                const v128_t vhi = wasm_i16x8_sub(wasm_u16x8_extend_low_u8x16(hi), eight);
                const v128_t d = wasm_i32x4_add(wasm_i32x4_dot_i16x8(vlo, wasm_v128_load(q + 16 * b)),
                                                wasm_i32x4_dot_i16x8(vhi, wasm_v128_load(q + 16 * b + 8)));
                acc = wasm_f32x4_add(acc, wasm_f32x4_mul(wasm_f32x4_convert_i32x4(d), wasm_f32x4_splat(scales[k])));
            }
        }
        out[r] = wasm_f32x4_extract_lane(acc, 0) + wasm_f32x4_extract_lane(acc, 1) +
                 wasm_f32x4_extract_lane(acc, 2) + wasm_f32x4_extract_lane(acc, 3);
    }
}

// Eight halves to two f32x4 (finite values; sign restored after the rescale).
inline void f16x8_to_f32(v128_t h, v128_t& lo, v128_t& hi) {
    const v128_t l32 = wasm_u32x4_extend_low_u16x8(h), h32 = wasm_u32x4_extend_high_u16x8(h);
    const v128_t sign = wasm_i32x4_splat(int32_t(0x80000000u));
    lo = wasm_v128_or(f16x4_to_f32(l32), wasm_v128_and(wasm_i32x4_shl(l32, 16), sign));
    hi = wasm_v128_or(f16x4_to_f32(h32), wasm_v128_and(wasm_i32x4_shl(h32, 16), sign));
}

void dot_rows_f16_simd128(const uint8_t* rows, size_t stride, size_t count, const float* q, size_t n,
                          float* out) {
    for (size_t r = 0; r < count; ++r) {
        const auto* h = reinterpret_cast<const uint16_t*>(rows + r * stride);
        v128_t acc0 = wasm_f32x4_splat(0), acc1 = acc0;
        size_t i = 0;
        for (; i + 8 <= n; i += 8) {
            v128_t lo, hi;
            f16x8_to_f32(wasm_v128_load(h + i), lo, hi);
            acc0 = wasm_f32x4_add(acc0, wasm_f32x4_mul(lo, wasm_v128_load(q + i)));
            acc1 = wasm_f32x4_add(acc1, wasm_f32x4_mul(hi, wasm_v128_load(q + i + 4)));
        }
        const v128_t s = wasm_f32x4_add(acc0, acc1);
        float acc = wasm_f32x4_extract_lane(s, 0) + wasm_f32x4_extract_lane(s, 1) + wasm_f32x4_extract_lane(s, 2) +
                    wasm_f32x4_extract_lane(s, 3);
        for (; i < n; ++i) {
            const uint32_t bits = uint32_t(h[i] & 0x7fff) << 13;
            float f;
            __builtin_memcpy(&f, &bits, 4);
            f *= 0x1.0p+112f;
            acc += ((h[i] & 0x8000) ? -f : f) * q[i];
        }
        out[r] = acc;
    }
}

float dot_f32_simd128(const float* a, const float* b, size_t n) {
    v128_t acc0 = wasm_f32x4_splat(0), acc1 = wasm_f32x4_splat(0);
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        acc0 = wasm_f32x4_add(acc0, wasm_f32x4_mul(wasm_v128_load(a + i), wasm_v128_load(b + i)));
        acc1 = wasm_f32x4_add(acc1,
                              wasm_f32x4_mul(wasm_v128_load(a + i + 4), wasm_v128_load(b + i + 4)));
    }
    v128_t s = wasm_f32x4_add(acc0, acc1);
    float acc = wasm_f32x4_extract_lane(s, 0) + wasm_f32x4_extract_lane(s, 1) +
                wasm_f32x4_extract_lane(s, 2) + wasm_f32x4_extract_lane(s, 3);
    for (; i < n; ++i) acc += a[i] * b[i];
    return acc;
}

void dot_rows_f32_simd128(const uint8_t* rows, size_t stride, size_t count, const float* q,
                          size_t n, float* out) {
    for (size_t r = 0; r < count; ++r)
        out[r] = dot_f32_simd128(reinterpret_cast<const float*>(rows + r * stride), q, n);
}

}  // namespace

const KernelSet& kernels_simd128() {
    static const KernelSet k{Isa::Simd128, "simd128", dot_i8_simd128, dot_rows_i8_simd128, dot_packed_i8_simd128,
                             cosines_i8_simd128, scores_rows_i8_simd128, dot_rows_i4_simd128, dot_rows_f16_simd128, dot_f32_simd128,
                             dot_rows_f32_simd128, matmul_f32_simd128, matmul_i8_simd128};
    return k;
}

}  // namespace embx::kernels
