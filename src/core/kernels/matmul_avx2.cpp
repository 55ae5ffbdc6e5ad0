// AVX2 matrix kernels (matmul.hpp): four tokens per pass over the weights (int8: two rows).
#include <immintrin.h>

#include <algorithm>

#include "core/kernels/matmul.hpp"
#include "core/kernels/matmul_i8_tiles.hpp"

namespace embx::kernels {

namespace {

float hsum(__m256 v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_shuffle_ps(s, s, 1));
    return _mm_cvtss_f32(s);
}

int32_t hsum_i32(__m256i v) {
    __m128i s = _mm_add_epi32(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1));
    s = _mm_add_epi32(s, _mm_shuffle_epi32(s, 0x4e));
    s = _mm_add_epi32(s, _mm_shuffle_epi32(s, 0xb1));
    return _mm_cvtsi128_si32(s);
}

}  // namespace

static void matmul_f32_avx2_block(const float* w, size_t rows, size_t cols, const float* x, size_t xs, size_t tokens, float* y,
                     size_t ys) {
    const size_t c8 = cols / 8 * 8;
    size_t t = 0;
    for (; t + 4 <= tokens; t += 4) {
        const float *x0 = x + t * xs, *x1 = x0 + xs, *x2 = x1 + xs, *x3 = x2 + xs;
        for (size_t r = 0; r < rows; ++r) {
            const float* wr = w + r * cols;
            __m256 a0 = _mm256_setzero_ps(), a1 = a0, a2 = a0, a3 = a0;
            for (size_t i = 0; i < c8; i += 8) {
                const __m256 wv = _mm256_loadu_ps(wr + i);
                a0 = _mm256_fmadd_ps(wv, _mm256_loadu_ps(x0 + i), a0);
                a1 = _mm256_fmadd_ps(wv, _mm256_loadu_ps(x1 + i), a1);
                a2 = _mm256_fmadd_ps(wv, _mm256_loadu_ps(x2 + i), a2);
                a3 = _mm256_fmadd_ps(wv, _mm256_loadu_ps(x3 + i), a3);
            }
            float s[4] = {hsum(a0), hsum(a1), hsum(a2), hsum(a3)};
            for (size_t i = c8; i < cols; ++i) {
                s[0] += wr[i] * x0[i];
                s[1] += wr[i] * x1[i];
                s[2] += wr[i] * x2[i];
                s[3] += wr[i] * x3[i];
            }
            for (size_t j = 0; j < 4; ++j) y[(t + j) * ys + r] = s[j];
        }
    }
    for (; t < tokens; ++t) {
        const float* xt = x + t * xs;
        for (size_t r = 0; r < rows; ++r) {
            const float* wr = w + r * cols;
            __m256 a = _mm256_setzero_ps();
            for (size_t i = 0; i < c8; i += 8) a = _mm256_fmadd_ps(_mm256_loadu_ps(wr + i), _mm256_loadu_ps(xt + i), a);
            float s = hsum(a);
            for (size_t i = c8; i < cols; ++i) s += wr[i] * xt[i];
            y[t * ys + r] = s;
        }
    }
}

// w16: a block of weight rows already widened to int16 (once per block instead of once per
// group of four tokens). Two rows x four tokens: each weight vector serves 4 products, each
// token vector 2 (8 accumulators, 12 of the 16 registers).
static void matmul_i8_avx2_block(const int16_t* w16, const float* wscale, size_t rows, size_t cols, const int16_t* x,
                                 size_t xs, const float* xscale, size_t tokens, float* y, size_t ys) {
    const size_t c16 = cols / 16 * 16;
    const auto load = [](const int16_t* p) { return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p)); };
    size_t t = 0;
    for (; t + 4 <= tokens; t += 4) {
        const int16_t *x0 = x + t * xs, *x1 = x0 + xs, *x2 = x1 + xs, *x3 = x2 + xs;
        size_t r = 0;
        for (; r + 2 <= rows; r += 2) {
            const int16_t *wa = w16 + r * cols, *wb = wa + cols;
            __m256i a0 = _mm256_setzero_si256(), a1 = a0, a2 = a0, a3 = a0, b0 = a0, b1 = a0, b2 = a0, b3 = a0;
            for (size_t i = 0; i < c16; i += 16) {
                const __m256i va = load(wa + i), vb = load(wb + i);
                __m256i xv = load(x0 + i);
                a0 = _mm256_add_epi32(a0, _mm256_madd_epi16(va, xv));
                b0 = _mm256_add_epi32(b0, _mm256_madd_epi16(vb, xv));
                xv = load(x1 + i);
                a1 = _mm256_add_epi32(a1, _mm256_madd_epi16(va, xv));
                b1 = _mm256_add_epi32(b1, _mm256_madd_epi16(vb, xv));
                xv = load(x2 + i);
                a2 = _mm256_add_epi32(a2, _mm256_madd_epi16(va, xv));
                b2 = _mm256_add_epi32(b2, _mm256_madd_epi16(vb, xv));
                xv = load(x3 + i);
                a3 = _mm256_add_epi32(a3, _mm256_madd_epi16(va, xv));
                b3 = _mm256_add_epi32(b3, _mm256_madd_epi16(vb, xv));
            }
            int32_t s[8] = {hsum_i32(a0), hsum_i32(a1), hsum_i32(a2), hsum_i32(a3),
                            hsum_i32(b0), hsum_i32(b1), hsum_i32(b2), hsum_i32(b3)};
            i8_tiles::finish_tile<2>({wa, wb}, {x0, x1, x2, x3}, c16, cols, s, xscale, wscale, t, r, y, ys);
        }
        for (; r < rows; ++r) {
            const int16_t* wr = w16 + r * cols;
            __m256i a0 = _mm256_setzero_si256(), a1 = a0, a2 = a0, a3 = a0;
            for (size_t i = 0; i < c16; i += 16) {
                const __m256i wv = load(wr + i);
                a0 = _mm256_add_epi32(a0, _mm256_madd_epi16(wv, load(x0 + i)));
                a1 = _mm256_add_epi32(a1, _mm256_madd_epi16(wv, load(x1 + i)));
                a2 = _mm256_add_epi32(a2, _mm256_madd_epi16(wv, load(x2 + i)));
                a3 = _mm256_add_epi32(a3, _mm256_madd_epi16(wv, load(x3 + i)));
            }
            int32_t s[4] = {hsum_i32(a0), hsum_i32(a1), hsum_i32(a2), hsum_i32(a3)};
            i8_tiles::finish_tile<1>({wr}, {x0, x1, x2, x3}, c16, cols, s, xscale, wscale, t, r, y, ys);
        }
    }
    for (; t < tokens; ++t) {
        const int16_t* xt = x + t * xs;
        for (size_t r = 0; r < rows; ++r) {
            const int16_t* wr = w16 + r * cols;
            __m256i a = _mm256_setzero_si256();
            for (size_t i = 0; i < c16; i += 16) a = _mm256_add_epi32(a, _mm256_madd_epi16(load(wr + i), load(xt + i)));
            i8_tiles::finish_one(wr, xt, c16, cols, hsum_i32(a), xscale[t], wscale[r], y + t * ys + r);
        }
    }
}

// Row blocks of about 32 KB of weights: every group of tokens passes over a block while it
// is still in L1/L2, instead of streaming the whole matrix once per 4 tokens (128 tokens
// would read it 32 times).
void matmul_f32_avx2(const float* w, size_t rows, size_t cols, const float* x, size_t xs, size_t tokens, float* y,
                     size_t ys) {
    const size_t rb = matmul_row_block(cols * sizeof(float));
    for (size_t r0 = 0; r0 < rows; r0 += rb)
        matmul_f32_avx2_block(w + r0 * cols, std::min(rb, rows - r0), cols, x, xs, tokens, y + r0, ys);
}

void matmul_i8_avx2(const int8_t* w, const float* wscale, size_t rows, size_t cols, const int16_t* x, size_t xs,
                    const float* xscale, size_t tokens, float* y, size_t ys) {
    i8_tiles::over_widened_blocks(w, wscale, rows, cols, y, [&](const int16_t* w16, const float* ws, size_t n, float* yb) {
        matmul_i8_avx2_block(w16, ws, n, cols, x, xs, xscale, tokens, yb, ys);
    });
}

}  // namespace embx::kernels
