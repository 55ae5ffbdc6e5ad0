// WebAssembly SIMD128 matrix kernels (matmul.hpp): two weight rows x four tokens per pass.
#include <wasm_simd128.h>

#include <algorithm>

#include "core/kernels/matmul.hpp"
#include "core/kernels/matmul_i8_tiles.hpp"

namespace embx::kernels {

namespace {

float hsum(v128_t v) {
    return wasm_f32x4_extract_lane(v, 0) + wasm_f32x4_extract_lane(v, 1) + wasm_f32x4_extract_lane(v, 2) +
           wasm_f32x4_extract_lane(v, 3);
}

int32_t hsum_i32(v128_t v) {
    return wasm_i32x4_extract_lane(v, 0) + wasm_i32x4_extract_lane(v, 1) + wasm_i32x4_extract_lane(v, 2) +
           wasm_i32x4_extract_lane(v, 3);
}

// Eight int8 weights (widened) against eight int16 values: four int32 pair sums.
inline v128_t dot8(v128_t w16, const int16_t* x) { return wasm_i32x4_dot_i16x8(w16, wasm_v128_load(x)); }

}  // namespace

static void matmul_f32_simd128_block(const float* w, size_t rows, size_t cols, const float* x, size_t xs, size_t tokens,
                        float* y, size_t ys) {
    const size_t c4 = cols / 4 * 4;
    size_t t = 0;
    for (; t + 4 <= tokens; t += 4) {
        const float *x0 = x + t * xs, *x1 = x0 + xs, *x2 = x1 + xs, *x3 = x2 + xs;
        size_t r = 0;
        // Two rows x four tokens: each loaded weight and token vector serves 4 or 2 products.
        for (; r + 2 <= rows; r += 2) {
            const float *wa = w + r * cols, *wb = wa + cols;
            v128_t a0 = wasm_f32x4_splat(0), a1 = a0, a2 = a0, a3 = a0, b0 = a0, b1 = a0, b2 = a0, b3 = a0;
            for (size_t i = 0; i < c4; i += 4) {
                const v128_t va = wasm_v128_load(wa + i), vb = wasm_v128_load(wb + i);
                const v128_t y0 = wasm_v128_load(x0 + i), y1 = wasm_v128_load(x1 + i);
                const v128_t y2 = wasm_v128_load(x2 + i), y3 = wasm_v128_load(x3 + i);
                a0 = wasm_f32x4_add(a0, wasm_f32x4_mul(va, y0));
                b0 = wasm_f32x4_add(b0, wasm_f32x4_mul(vb, y0));
                a1 = wasm_f32x4_add(a1, wasm_f32x4_mul(va, y1));
                b1 = wasm_f32x4_add(b1, wasm_f32x4_mul(vb, y1));
                a2 = wasm_f32x4_add(a2, wasm_f32x4_mul(va, y2));
                b2 = wasm_f32x4_add(b2, wasm_f32x4_mul(vb, y2));
                a3 = wasm_f32x4_add(a3, wasm_f32x4_mul(va, y3));
                b3 = wasm_f32x4_add(b3, wasm_f32x4_mul(vb, y3));
            }
            float s[8] = {hsum(a0), hsum(a1), hsum(a2), hsum(a3), hsum(b0), hsum(b1), hsum(b2), hsum(b3)};
            for (size_t i = c4; i < cols; ++i) {
                s[0] += wa[i] * x0[i];
                s[1] += wa[i] * x1[i];
                s[2] += wa[i] * x2[i];
                s[3] += wa[i] * x3[i];
                s[4] += wb[i] * x0[i];
                s[5] += wb[i] * x1[i];
                s[6] += wb[i] * x2[i];
                s[7] += wb[i] * x3[i];
            }
            for (size_t j = 0; j < 4; ++j) {
                y[(t + j) * ys + r] = s[j];
                y[(t + j) * ys + r + 1] = s[4 + j];
            }
        }
        for (; r < rows; ++r) {
            const float* wr = w + r * cols;
            v128_t a0 = wasm_f32x4_splat(0), a1 = a0, a2 = a0, a3 = a0;
            for (size_t i = 0; i < c4; i += 4) {
                const v128_t wv = wasm_v128_load(wr + i);
                a0 = wasm_f32x4_add(a0, wasm_f32x4_mul(wv, wasm_v128_load(x0 + i)));
                a1 = wasm_f32x4_add(a1, wasm_f32x4_mul(wv, wasm_v128_load(x1 + i)));
                a2 = wasm_f32x4_add(a2, wasm_f32x4_mul(wv, wasm_v128_load(x2 + i)));
                a3 = wasm_f32x4_add(a3, wasm_f32x4_mul(wv, wasm_v128_load(x3 + i)));
            }
            float s[4] = {hsum(a0), hsum(a1), hsum(a2), hsum(a3)};
            for (size_t i = c4; i < cols; ++i) {
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
            v128_t a = wasm_f32x4_splat(0);
            for (size_t i = 0; i < c4; i += 4)
                a = wasm_f32x4_add(a, wasm_f32x4_mul(wasm_v128_load(wr + i), wasm_v128_load(xt + i)));
            float s = hsum(a);
            for (size_t i = c4; i < cols; ++i) s += wr[i] * xt[i];
            y[t * ys + r] = s;
        }
    }
}

// w16: a block of weight rows already widened to int16 (once per block, not once per group of
// four tokens: the widening was a tenth of the work).
static void matmul_i8_simd128_block(const int16_t* w16, const float* wscale, size_t rows, size_t cols,
                                    const int16_t* x, size_t xs, const float* xscale, size_t tokens, float* y,
                                    size_t ys) {
    const size_t c8 = cols / 8 * 8;
    size_t t = 0;
    for (; t + 4 <= tokens; t += 4) {
        const int16_t *x0 = x + t * xs, *x1 = x0 + xs, *x2 = x1 + xs, *x3 = x2 + xs;
        size_t r = 0;
        // Two rows x four tokens, eight int16 lanes at a time (each weight vector serves 4
        // products, each token vector 2; more accumulators than 8 spill registers in V8).
        for (; r + 2 <= rows; r += 2) {
            const int16_t *wa = w16 + r * cols, *wb = wa + cols;
            v128_t a0 = wasm_i32x4_splat(0), a1 = a0, a2 = a0, a3 = a0, b0 = a0, b1 = a0, b2 = a0, b3 = a0;
            for (size_t i = 0; i < c8; i += 8) {
                const v128_t va = wasm_v128_load(wa + i), vb = wasm_v128_load(wb + i);
                const v128_t y0 = wasm_v128_load(x0 + i), y1 = wasm_v128_load(x1 + i);
                const v128_t y2 = wasm_v128_load(x2 + i), y3 = wasm_v128_load(x3 + i);
                a0 = wasm_i32x4_add(a0, wasm_i32x4_dot_i16x8(va, y0));
                b0 = wasm_i32x4_add(b0, wasm_i32x4_dot_i16x8(vb, y0));
                a1 = wasm_i32x4_add(a1, wasm_i32x4_dot_i16x8(va, y1));
                b1 = wasm_i32x4_add(b1, wasm_i32x4_dot_i16x8(vb, y1));
                a2 = wasm_i32x4_add(a2, wasm_i32x4_dot_i16x8(va, y2));
                b2 = wasm_i32x4_add(b2, wasm_i32x4_dot_i16x8(vb, y2));
                a3 = wasm_i32x4_add(a3, wasm_i32x4_dot_i16x8(va, y3));
                b3 = wasm_i32x4_add(b3, wasm_i32x4_dot_i16x8(vb, y3));
            }
            int32_t s[8] = {hsum_i32(a0), hsum_i32(a1), hsum_i32(a2), hsum_i32(a3),
                            hsum_i32(b0), hsum_i32(b1), hsum_i32(b2), hsum_i32(b3)};
            i8_tiles::finish_tile<2>({wa, wb}, {x0, x1, x2, x3}, c8, cols, s, xscale, wscale, t, r, y, ys);
        }
        for (; r < rows; ++r) {
            const int16_t* wr = w16 + r * cols;
            v128_t a0 = wasm_i32x4_splat(0), a1 = a0, a2 = a0, a3 = a0;
            for (size_t i = 0; i < c8; i += 8) {
                const v128_t wv = wasm_v128_load(wr + i);
                a0 = wasm_i32x4_add(a0, dot8(wv, x0 + i));
                a1 = wasm_i32x4_add(a1, dot8(wv, x1 + i));
                a2 = wasm_i32x4_add(a2, dot8(wv, x2 + i));
                a3 = wasm_i32x4_add(a3, dot8(wv, x3 + i));
            }
            int32_t s[4] = {hsum_i32(a0), hsum_i32(a1), hsum_i32(a2), hsum_i32(a3)};
            i8_tiles::finish_tile<1>({wr}, {x0, x1, x2, x3}, c8, cols, s, xscale, wscale, t, r, y, ys);
        }
    }
    for (; t < tokens; ++t) {
        const int16_t* xt = x + t * xs;
        for (size_t r = 0; r < rows; ++r) {
            const int16_t* wr = w16 + r * cols;
            v128_t a = wasm_i32x4_splat(0);
            for (size_t i = 0; i < c8; i += 8) a = wasm_i32x4_add(a, dot8(wasm_v128_load(wr + i), xt + i));
            i8_tiles::finish_one(wr, xt, c8, cols, hsum_i32(a), xscale[t], wscale[r], y + t * ys + r);
        }
    }
}

// Row blocks of about 32 KB of weights: every group of tokens passes over a block while it
// is still in L1/L2, instead of streaming the whole matrix once per 4 tokens (128 tokens
// would read it 32 times).
void matmul_f32_simd128(const float* w, size_t rows, size_t cols, const float* x, size_t xs, size_t tokens, float* y,
                     size_t ys) {
    const size_t rb = matmul_row_block(cols * sizeof(float));
    for (size_t r0 = 0; r0 < rows; r0 += rb)
        matmul_f32_simd128_block(w + r0 * cols, std::min(rb, rows - r0), cols, x, xs, tokens, y + r0, ys);
}

void matmul_i8_simd128(const int8_t* w, const float* wscale, size_t rows, size_t cols, const int16_t* x, size_t xs,
                    const float* xscale, size_t tokens, float* y, size_t ys) {
    i8_tiles::over_widened_blocks(w, wscale, rows, cols, y, [&](const int16_t* w16, const float* ws, size_t n, float* yb) {
        matmul_i8_simd128_block(w16, ws, n, cols, x, xs, xscale, tokens, yb, ys);
    });
}

}  // namespace embx::kernels
