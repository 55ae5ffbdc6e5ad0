// AVX2 kernels (x86-64). This file alone is compiled with -mavx2 -mfma; dispatch.cpp only
// calls it after checking the CPU.
#include <immintrin.h>

#include "core/dtype.hpp"
#include "core/kernels/dot.hpp"

namespace embx::kernels {

namespace {

inline int32_t hsum_epi32(__m256i v) {
    __m128i s = _mm_add_epi32(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1));
    s = _mm_add_epi32(s, _mm_shuffle_epi32(s, _MM_SHUFFLE(1, 0, 3, 2)));
    s = _mm_add_epi32(s, _mm_shuffle_epi32(s, _MM_SHUFFLE(2, 3, 0, 1)));
    return _mm_cvtsi128_si32(s);
}

int32_t dot_i8_avx2(const int8_t* row, const int16_t* q, size_t n) {
    __m256i acc0 = _mm256_setzero_si256(), acc1 = _mm256_setzero_si256();
    size_t i = 0;
    // vpmovsxbw widens 16 int8 to int16, vpmaddwd multiplies and adds pairs into int32.
    for (; i + 32 <= n; i += 32) {
        __m256i r0 = _mm256_cvtepi8_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(row + i)));
        __m256i r1 =
            _mm256_cvtepi8_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(row + i + 16)));
        __m256i q0 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(q + i));
        __m256i q1 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(q + i + 16));
        acc0 = _mm256_add_epi32(acc0, _mm256_madd_epi16(r0, q0));
        acc1 = _mm256_add_epi32(acc1, _mm256_madd_epi16(r1, q1));
    }
    for (; i + 16 <= n; i += 16) {
        __m256i r0 = _mm256_cvtepi8_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(row + i)));
        __m256i q0 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(q + i));
        acc0 = _mm256_add_epi32(acc0, _mm256_madd_epi16(r0, q0));
    }
    int32_t acc = hsum_epi32(_mm256_add_epi32(acc0, acc1));
    for (; i < n; ++i) acc += int32_t(row[i]) * int32_t(q[i]);
    return acc;
}

// Sums of four accumulators as the four lanes of one vector: two hadd levels, then the two
// 128-bit halves added.
inline __m128i reduce4(__m256i a0, __m256i a1, __m256i a2, __m256i a3) {
    const __m256i s = _mm256_hadd_epi32(_mm256_hadd_epi32(a0, a1), _mm256_hadd_epi32(a2, a3));
    return _mm_add_epi32(_mm256_castsi256_si128(s), _mm256_extracti128_si256(s, 1));
}

inline __m256i madd16(const int8_t* row, __m256i q) {
    return _mm256_madd_epi16(_mm256_cvtepi8_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(row))), q);
}

void dot_rows_i8_avx2(const uint8_t* rows, size_t stride, size_t count, const int16_t* q, size_t n,
                      int32_t* out) {
    size_t r = 0;
    const size_t n16 = n / 16 * 16;
    // Four rows at a time: each query chunk is loaded once for four rows and the four sums are
    // reduced together.
    for (; r + 4 <= count; r += 4) {
        const auto* r0 = reinterpret_cast<const int8_t*>(rows + r * stride);
        const auto* r1 = r0 + stride;
        const auto* r2 = r1 + stride;
        const auto* r3 = r2 + stride;
        // Ask for the rows 16 ahead now: the scan is bound by memory latency otherwise.
        for (size_t b = 0; b < 4 * stride; b += 64)
            _mm_prefetch(reinterpret_cast<const char*>(r0) + 16 * stride + b, _MM_HINT_T0);
        __m256i a0 = _mm256_setzero_si256(), a1 = a0, a2 = a0, a3 = a0;
        for (size_t i = 0; i < n16; i += 16) {
            const __m256i qv = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(q + i));
            a0 = _mm256_add_epi32(a0, madd16(r0 + i, qv));
            a1 = _mm256_add_epi32(a1, madd16(r1 + i, qv));
            a2 = _mm256_add_epi32(a2, madd16(r2 + i, qv));
            a3 = _mm256_add_epi32(a3, madd16(r3 + i, qv));
        }
        int32_t sums[4];
        _mm_storeu_si128(reinterpret_cast<__m128i*>(sums), reduce4(a0, a1, a2, a3));
        finish_dot4_i8(sums, r0, stride, q, n16, n, out + r);
    }
    for (; r < count; ++r) out[r] = dot_i8_avx2(reinterpret_cast<const int8_t*>(rows + r * stride), q, n);
}

// Q queries against 16 packed rows (two vectors of eight): per pair of dimensions, two row
// loads and Q broadcasts feed 2Q vpmaddwd, and each accumulator lane is one row's dot product.
template <size_t Q>
inline void packed_block_avx2(const int16_t* packed, size_t rows, const int16_t* q, size_t qstride, size_t pairs,
                              int32_t* out) {
    __m256i acc[Q][2];
    for (size_t j = 0; j < Q; ++j) acc[j][0] = acc[j][1] = _mm256_setzero_si256();
    // Unrolled: the loop overhead is otherwise a third of the instructions.
#pragma GCC unroll 4
    for (size_t p = 0; p < pairs; ++p, packed += 2 * rows) {
        const __m256i x0 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(packed));
        const __m256i x1 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(packed + 16));
        for (size_t j = 0; j < Q; ++j) {
            int32_t pair;
            __builtin_memcpy(&pair, q + j * qstride + 2 * p, sizeof pair);
            const __m256i b = _mm256_set1_epi32(pair);
            acc[j][0] = _mm256_add_epi32(acc[j][0], _mm256_madd_epi16(x0, b));
            acc[j][1] = _mm256_add_epi32(acc[j][1], _mm256_madd_epi16(x1, b));
        }
    }
    for (size_t j = 0; j < Q; ++j) {
        _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + j * rows), acc[j][0]);
        _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + j * rows + 8), acc[j][1]);
    }
}

void dot_packed_i8_avx2(const int16_t* packed, size_t rows, const int16_t* q, size_t qstride, size_t nq, size_t n,
                        int32_t* out) {
    const size_t pairs = (n + 1) / 2;
    size_t j = 0;
    // Four queries x 16 rows: eight accumulators, two row vectors and a broadcast fit the 16
    // registers with room to spare.
    for (; j + 4 <= nq; j += 4)
        for (size_t r = 0; r < rows; r += 16)
            packed_block_avx2<4>(packed + 2 * r, rows, q + j * qstride, qstride, pairs, out + j * rows + r);
    for (size_t r = 0; r < rows; r += 16) {
        const int16_t* qj = q + j * qstride;
        int32_t* o = out + j * rows + r;
        switch (nq - j) {
            case 3: packed_block_avx2<3>(packed + 2 * r, rows, qj, qstride, pairs, o); break;
            case 2: packed_block_avx2<2>(packed + 2 * r, rows, qj, qstride, pairs, o); break;
            case 1: packed_block_avx2<1>(packed + 2 * r, rows, qj, qstride, pairs, o); break;
            default: break;
        }
    }
}

bool cosines_i8_avx2(const int32_t* dots, const float* factors, size_t count, float qscale, float threshold,
                     float* out) {
    const __m256 qs = _mm256_set1_ps(qscale), th = _mm256_set1_ps(threshold);
    __m256 hit = _mm256_setzero_ps();
    size_t i = 0;
    for (; i + 8 <= count; i += 8) {
        const __m256 d = _mm256_cvtepi32_ps(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(dots + i)));
        const __m256 s = _mm256_mul_ps(_mm256_mul_ps(d, qs), _mm256_loadu_ps(factors + i));
        _mm256_storeu_ps(out + i, s);
        hit = _mm256_or_ps(hit, _mm256_cmp_ps(s, th, _CMP_GE_OQ));  // ordered: NaN is false
    }
    bool any = _mm256_movemask_ps(hit) != 0;
    for (; i < count; ++i) {
        out[i] = float(dots[i]) * qscale * factors[i];
        any |= out[i] >= threshold;
    }
    return any;
}

void dot_rows_i4_avx2(const uint8_t* rows, size_t stride, size_t count, const int16_t* q, size_t dims,
                      float* out) {
    const size_t blocks = i4_blocks(dims), nib = i4_scales_bytes(dims);
    const __m128i low4 = _mm_set1_epi8(0x0f);
    const __m256i eight = _mm256_set1_epi16(8);
    alignas(32) float scales[8];
    for (size_t r = 0; r < count; ++r) {
        const uint8_t* row = rows + r * stride;
        __m256 acc = _mm256_setzero_ps();
        for (size_t b0 = 0; b0 < blocks; b0 += 8) {
            // Eight f16 block scales at a time (F16C), spilled for broadcasting.
            const size_t nb = blocks - b0 < 8 ? blocks - b0 : 8;
            alignas(16) uint16_t h[8] = {};
            for (size_t k = 0; k < nb; ++k) h[k] = uint16_t(row[2 * (b0 + k)] | row[2 * (b0 + k) + 1] << 8);
            _mm256_store_ps(scales, _mm256_cvtph_ps(_mm_load_si128(reinterpret_cast<const __m128i*>(h))));
            for (size_t k = 0; k < nb; ++k) {
                const size_t b = b0 + k;
                const __m128i raw = _mm_loadl_epi64(reinterpret_cast<const __m128i*>(row + nib + 8 * b));
                // Values 0..7 are the low nibbles, 8..15 the high nibbles.
                const __m128i lo = _mm_and_si128(raw, low4);
                const __m128i hi = _mm_and_si128(_mm_srli_epi16(raw, 4), low4);
                const __m256i v = _mm256_sub_epi16(_mm256_cvtepu8_epi16(_mm_unpacklo_epi64(lo, hi)), eight);
                const __m256i d = _mm256_madd_epi16(v, _mm256_loadu_si256(reinterpret_cast<const __m256i*>(q + 16 * b)));
                acc = _mm256_fmadd_ps(_mm256_cvtepi32_ps(d), _mm256_set1_ps(scales[k]), acc);
            }
        }
        __m128 s4 = _mm_add_ps(_mm256_castps256_ps128(acc), _mm256_extractf128_ps(acc, 1));
        s4 = _mm_add_ps(s4, _mm_movehl_ps(s4, s4));
        s4 = _mm_add_ss(s4, _mm_shuffle_ps(s4, s4, 1));
        out[r] = _mm_cvtss_f32(s4);
    }
}

void dot_rows_f16_avx2(const uint8_t* rows, size_t stride, size_t count, const float* q, size_t n, float* out) {
    for (size_t r = 0; r < count; ++r) {
        const auto* h = reinterpret_cast<const uint16_t*>(rows + r * stride);
        __m256 acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps();
        size_t i = 0;
        for (; i + 16 <= n; i += 16) {  // F16C widens eight halves per instruction
            acc0 = _mm256_fmadd_ps(_mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(h + i))),
                                   _mm256_loadu_ps(q + i), acc0);
            acc1 = _mm256_fmadd_ps(_mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(h + i + 8))),
                                   _mm256_loadu_ps(q + i + 8), acc1);
        }
        for (; i + 8 <= n; i += 8)
            acc0 = _mm256_fmadd_ps(_mm256_cvtph_ps(_mm_loadu_si128(reinterpret_cast<const __m128i*>(h + i))),
                                   _mm256_loadu_ps(q + i), acc0);
        const __m256 s = _mm256_add_ps(acc0, acc1);
        __m128 s4 = _mm_add_ps(_mm256_castps256_ps128(s), _mm256_extractf128_ps(s, 1));
        s4 = _mm_add_ps(s4, _mm_movehl_ps(s4, s4));
        s4 = _mm_add_ss(s4, _mm_shuffle_ps(s4, s4, 1));
        float acc = _mm_cvtss_f32(s4);
        for (; i < n; ++i) acc += _cvtsh_ss(h[i]) * q[i];
        out[r] = acc;
    }
}

float dot_f32_avx2(const float* a, const float* b, size_t n) {
    __m256 acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps();
    size_t i = 0;
    for (; i + 16 <= n; i += 16) {
        acc0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i), acc0);
        acc1 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i + 8), _mm256_loadu_ps(b + i + 8), acc1);
    }
    for (; i + 8 <= n; i += 8)
        acc0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i), acc0);
    __m256 s = _mm256_add_ps(acc0, acc1);
    __m128 h = _mm_add_ps(_mm256_castps256_ps128(s), _mm256_extractf128_ps(s, 1));
    h = _mm_add_ps(h, _mm_movehl_ps(h, h));
    h = _mm_add_ss(h, _mm_shuffle_ps(h, h, 1));
    float acc = _mm_cvtss_f32(h);
    for (; i < n; ++i) acc += a[i] * b[i];
    return acc;
}

void dot_rows_f32_avx2(const uint8_t* rows, size_t stride, size_t count, const float* q, size_t n,
                       float* out) {
    for (size_t r = 0; r < count; ++r)
        out[r] = dot_f32_avx2(reinterpret_cast<const float*>(rows + r * stride), q, n);
}

}  // namespace

const KernelSet& kernels_avx2() {
    static const KernelSet k{Isa::Avx2, "avx2", dot_i8_avx2, dot_rows_i8_avx2, dot_packed_i8_avx2,
                             cosines_i8_avx2, scores_rows_i8_in_two_passes<dot_rows_i8_avx2, cosines_i8_avx2>,
                             dot_rows_i4_avx2, dot_rows_f16_avx2, dot_f32_avx2,
                             dot_rows_f32_avx2, matmul_f32_avx2, matmul_i8_avx2};
    return k;
}

}  // namespace embx::kernels
