// AVX2 kernels (x86-64). This file alone is compiled with -mavx2 -mfma; dispatch.cpp only
// calls it after checking the CPU.
#include <immintrin.h>

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

void dot_rows_i8_avx2(const uint8_t* rows, size_t stride, size_t count, const int16_t* q, size_t n,
                      int32_t* out) {
    for (size_t r = 0; r < count; ++r)
        out[r] = dot_i8_avx2(reinterpret_cast<const int8_t*>(rows + r * stride), q, n);
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
    static const KernelSet k{Isa::Avx2, "avx2", dot_i8_avx2, dot_rows_i8_avx2, dot_f32_avx2,
                             dot_rows_f32_avx2};
    return k;
}

}  // namespace embx::kernels
