// AVX2 + FMA scatter kernel (x86-64). This file alone is compiled with -mavx2 -mfma;
// dispatch.cpp only calls it after checking the CPU.
#include <immintrin.h>

#include <algorithm>

#include "core/kernels/scatter.hpp"

namespace embx::kernels {

// Tiles of 4 rows (i) x 16 columns (j) of c held in 8 registers while a chunk of 64 rows of x
// streams past; the chunk (28 KB at 100 dims) stays in L1 for every tile.
void scatter_f32_avx2(const float* x, size_t rows, size_t stride, float* c) {
    constexpr size_t kChunk = 64;
    for (size_t r0 = 0; r0 < rows; r0 += kChunk) {
        const size_t n = std::min(kChunk, rows - r0);
        const float* chunk = x + r0 * stride;
        for (size_t i0 = 0; i0 < stride; i0 += 4) {
            for (size_t j0 = 0; j0 < i0 + 4; j0 += 16) {
                float* t = c + i0 * stride + j0;
                __m256 a00 = _mm256_loadu_ps(t), a01 = _mm256_loadu_ps(t + 8);
                __m256 a10 = _mm256_loadu_ps(t + stride), a11 = _mm256_loadu_ps(t + stride + 8);
                __m256 a20 = _mm256_loadu_ps(t + 2 * stride), a21 = _mm256_loadu_ps(t + 2 * stride + 8);
                __m256 a30 = _mm256_loadu_ps(t + 3 * stride), a31 = _mm256_loadu_ps(t + 3 * stride + 8);
                const float* p = chunk;
                for (size_t r = 0; r < n; ++r, p += stride) {
                    const __m256 v0 = _mm256_loadu_ps(p + j0), v1 = _mm256_loadu_ps(p + j0 + 8);
                    __m256 s = _mm256_broadcast_ss(p + i0);
                    a00 = _mm256_fmadd_ps(s, v0, a00);
                    a01 = _mm256_fmadd_ps(s, v1, a01);
                    s = _mm256_broadcast_ss(p + i0 + 1);
                    a10 = _mm256_fmadd_ps(s, v0, a10);
                    a11 = _mm256_fmadd_ps(s, v1, a11);
                    s = _mm256_broadcast_ss(p + i0 + 2);
                    a20 = _mm256_fmadd_ps(s, v0, a20);
                    a21 = _mm256_fmadd_ps(s, v1, a21);
                    s = _mm256_broadcast_ss(p + i0 + 3);
                    a30 = _mm256_fmadd_ps(s, v0, a30);
                    a31 = _mm256_fmadd_ps(s, v1, a31);
                }
                _mm256_storeu_ps(t, a00);
                _mm256_storeu_ps(t + 8, a01);
                _mm256_storeu_ps(t + stride, a10);
                _mm256_storeu_ps(t + stride + 8, a11);
                _mm256_storeu_ps(t + 2 * stride, a20);
                _mm256_storeu_ps(t + 2 * stride + 8, a21);
                _mm256_storeu_ps(t + 3 * stride, a30);
                _mm256_storeu_ps(t + 3 * stride + 8, a31);
            }
        }
    }
}

}  // namespace embx::kernels
