// What the ISA files' int8 matrix kernels share (matmul.hpp): the walk over row blocks widened
// once to int16, and the scalar ends of a tile (columns past the last full vector, then the
// scaling into y). The vector loops stay in each ISA's file.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/kernels/matmul.hpp"

namespace embx::kernels::i8_tiles {

// Rows of about 32 KB of int8 weights (64 KB once widened, still in L2), each block widened
// once for all the tokens; block(w16, wscale, rows, y) computes that block's outputs.
template <typename Block>
void over_widened_blocks(const int8_t* w, const float* wscale, size_t rows, size_t cols, float* y, Block block) {
    const size_t rb = std::min(rows, matmul_row_block(cols));
    std::vector<int16_t> w16(rb * cols);
    for (size_t r0 = 0; r0 < rows; r0 += rb) {
        const size_t n = std::min(rb, rows - r0);
        const int8_t* src = w + r0 * cols;
        for (size_t i = 0; i < n * cols; ++i) w16[i] = src[i];
        block(w16.data(), wscale + r0, n, y + r0);
    }
}

// R weight rows (w[0..R)) x four tokens (x[0..4)): adds columns [from, cols) to the sums
// s[row * 4 + token], then writes y[(t + token) * ys + r + row] scaled as matmul.hpp says.
template <size_t R>
inline void finish_tile(const int16_t* const (&w)[R], const int16_t* const (&x)[4], size_t from, size_t cols,
                        int32_t (&s)[R * 4], const float* xscale, const float* wscale, size_t t, size_t r, float* y,
                        size_t ys) {
    for (size_t i = from; i < cols; ++i)
        for (size_t a = 0; a < R; ++a)
            for (size_t j = 0; j < 4; ++j) s[a * 4 + j] += int32_t(w[a][i]) * x[j][i];
    for (size_t a = 0; a < R; ++a)
        for (size_t j = 0; j < 4; ++j) y[(t + j) * ys + r + a] = float(s[a * 4 + j]) * xscale[t + j] * wscale[r + a];
}

// One row and one token: the same for a single sum.
inline void finish_one(const int16_t* w, const int16_t* x, size_t from, size_t cols, int32_t s, float xscale,
                       float wscale, float* y) {
    for (size_t i = from; i < cols; ++i) s += int32_t(w[i]) * x[i];
    *y = float(s) * xscale * wscale;
}

}  // namespace embx::kernels::i8_tiles
