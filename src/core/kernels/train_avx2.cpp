// AVX2 + FMA training kernels (compiled with -mavx2 -mfma; used only when the CPU has them).
#include <immintrin.h>

#include "core/kernels/train.hpp"

namespace embx::kernels {

namespace {

float dot_avx2(const float* a, const float* b, size_t n) {
    __m256 acc0 = _mm256_setzero_ps(), acc1 = _mm256_setzero_ps();
    size_t i = 0;
    for (; i + 16 <= n; i += 16) {
        acc0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i), acc0);
        acc1 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i + 8), _mm256_loadu_ps(b + i + 8), acc1);
    }
    if (i + 8 <= n) {
        acc0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i), acc0);
        i += 8;
    }
    const __m256 s = _mm256_add_ps(acc0, acc1);
    __m128 h = _mm_add_ps(_mm256_castps256_ps128(s), _mm256_extractf128_ps(s, 1));
    h = _mm_add_ps(h, _mm_movehl_ps(h, h));
    h = _mm_add_ss(h, _mm_shuffle_ps(h, h, 1));
    float acc = _mm_cvtss_f32(h);
    for (; i < n; ++i) acc += a[i] * b[i];
    return acc;
}

void axpy_avx2(float a, const float* x, float* y, size_t n) {
    const __m256 va = _mm256_set1_ps(a);
    size_t i = 0;
    for (; i + 8 <= n; i += 8)
        _mm256_storeu_ps(y + i, _mm256_fmadd_ps(va, _mm256_loadu_ps(x + i), _mm256_loadu_ps(y + i)));
    for (; i < n; ++i) y[i] += a * x[i];
}

void axpy_pair_avx2(float g, float* u, const float* h, float* e, size_t n) {
    const __m256 vg = _mm256_set1_ps(g);
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        const __m256 vu = _mm256_loadu_ps(u + i);
        _mm256_storeu_ps(e + i, _mm256_fmadd_ps(vg, vu, _mm256_loadu_ps(e + i)));
        _mm256_storeu_ps(u + i, _mm256_fmadd_ps(vg, _mm256_loadu_ps(h + i), vu));
    }
    for (; i < n; ++i) {
        const float ui = u[i];
        e[i] += g * ui;
        u[i] = ui + g * h[i];
    }
}

}  // namespace

const TrainKernels& train_kernels_avx2() {
    static const TrainKernels k{Isa::Avx2, dot_avx2, axpy_avx2, axpy_pair_avx2};
    return k;
}

}  // namespace embx::kernels
