// Matrix kernels for the transformer: y = W x for a block of tokens, W row-major (rows x cols).
// Each ISA file walks a few tokens at a time so a weight row is read once per token block.
//   matmul_f32: y[t * ys + r] = dot(W[r], x + t * xs)
//   matmul_i8:  W int8 with one f32 scale per row, x int16 with one scale per token
//               (quantize_query_i16, so int32 sums cannot overflow);
//               y[t * ys + r] = float(dot) * xscale[t] * wscale[r], multiplied in that order,
//               so every ISA gives the reference's floats bit for bit.
#pragma once

#include <cstddef>
#include <cstdint>

namespace embx::kernels {

// Rows per block so a block of weights stays in cache while every token passes over it
// (about 32 KB; at least 4 rows).
inline size_t matmul_row_block(size_t row_bytes) {
    const size_t rows = (size_t(32) << 10) / (row_bytes ? row_bytes : 1);
    return rows < 4 ? 4 : rows;
}

using MatmulF32 = void (*)(const float* w, size_t rows, size_t cols, const float* x, size_t xs, size_t tokens,
                           float* y, size_t ys);
using MatmulI8 = void (*)(const int8_t* w, const float* wscale, size_t rows, size_t cols, const int16_t* x,
                          size_t xs, const float* xscale, size_t tokens, float* y, size_t ys);

void matmul_f32_ref(const float* w, size_t rows, size_t cols, const float* x, size_t xs, size_t tokens, float* y,
                    size_t ys);
void matmul_i8_ref(const int8_t* w, const float* wscale, size_t rows, size_t cols, const int16_t* x, size_t xs,
                   const float* xscale, size_t tokens, float* y, size_t ys);
#if defined(EMBX_HAVE_AVX2)
void matmul_f32_avx2(const float* w, size_t rows, size_t cols, const float* x, size_t xs, size_t tokens, float* y,
                     size_t ys);
void matmul_i8_avx2(const int8_t* w, const float* wscale, size_t rows, size_t cols, const int16_t* x, size_t xs,
                    const float* xscale, size_t tokens, float* y, size_t ys);
#endif
#if defined(__wasm_simd128__)
void matmul_f32_simd128(const float* w, size_t rows, size_t cols, const float* x, size_t xs, size_t tokens,
                        float* y, size_t ys);
void matmul_i8_simd128(const int8_t* w, const float* wscale, size_t rows, size_t cols, const int16_t* x, size_t xs,
                       const float* xscale, size_t tokens, float* y, size_t ys);
#endif

}  // namespace embx::kernels
