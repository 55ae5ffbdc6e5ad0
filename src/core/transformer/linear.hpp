// y = W x + b for a block of tokens through the dispatched matrix kernels (kernels/matmul.hpp).
// int8 weights meet the tokens quantized to int16 (one scale per token). With a pool of more
// than one thread, W's rows are split between them (each thread writes its own outputs).
#pragma once

#include <cstddef>
#include <initializer_list>

#include "core/scan_pool.hpp"
#include "core/transformer/weights.hpp"

namespace embx {

// x: [tokens][W.cols], y: [tokens][W.rows]; bias may be empty; pool may be null.
void linear(const Matrix& w, const Vec& bias, const float* x, size_t tokens, float* y, ScanPool* pool = nullptr);

// One output of linear_shared: y = W x + b.
struct LinearTarget {
    const Matrix& w;
    const Vec& bias;
    float* y;
};
// The same x into several matrices of the same width (Q, K and V; gate and up): for int8
// matrices x is quantized once, not once per matrix.
void linear_shared(std::initializer_list<LinearTarget> targets, const float* x, size_t tokens, ScanPool* pool = nullptr);

}  // namespace embx
