#include "core/transformer/linear.hpp"

#include <algorithm>
#include <initializer_list>
#include <vector>

#include "core/kernels/dot.hpp"
#include "core/quantize.hpp"

namespace embx {

namespace {

// Below this many multiply-adds a split costs more than it saves (waking a worker ~10 us).
constexpr size_t kMinSplitWork = size_t(1) << 18;

// y = W x + b with x already quantized when W is int8 (xq, xs; else unused).
void apply(const Matrix& w, const Vec& bias, const float* x, const int16_t* xq, const float* xs, size_t tokens, float* y,
           ScanPool* pool) {
    const kernels::KernelSet& k = kernels::best_kernels();
    // Rows [r0, r1) of every token's output.
    const auto rows = [&](size_t r0, size_t r1) {
        if (r0 >= r1) return;
        if (!w.quantized())
            k.matmul_f32(w.f32.data() + r0 * w.cols, r1 - r0, w.cols, x, w.cols, tokens, y + r0, w.rows);
        else
            k.matmul_i8(w.i8.data() + r0 * w.cols, w.scale.data() + r0, r1 - r0, w.cols, xq, w.cols, xs, tokens,
                        y + r0, w.rows);
    };
    const size_t parts = pool ? pool->threads() : 1;
    if (parts > 1 && w.rows >= 16 * parts && w.rows * w.cols * tokens >= kMinSplitWork) {
        // Blocks of 16 rows, so every kernel sees whole row groups.
        const size_t per = (w.rows / parts + 15) / 16 * 16;
        pool->run(parts, [&](size_t p) { rows(std::min(w.rows, p * per), p + 1 == parts ? w.rows : std::min(w.rows, (p + 1) * per)); });
    } else {
        rows(0, w.rows);
    }
    if (!bias.empty())
        for (size_t t = 0; t < tokens; ++t)
            for (size_t r = 0; r < w.rows; ++r) y[t * w.rows + r] += bias[r];
}

}  // namespace

void linear_shared(std::initializer_list<LinearTarget> targets, const float* x, size_t tokens, ScanPool* pool) {
    std::vector<int16_t> xq;
    std::vector<float> xs;
    for (const LinearTarget& t : targets) {
        if (!t.w.quantized() || !xq.empty()) continue;
        const size_t cols = t.w.cols;
        xq.resize(tokens * cols);
        xs.resize(tokens);
        for (size_t i = 0; i < tokens; ++i) xs[i] = quantize_query_i16(x + i * cols, cols, xq.data() + i * cols);
    }
    for (const LinearTarget& t : targets) apply(t.w, t.bias, x, xq.data(), xs.data(), tokens, t.y, pool);
}

void linear(const Matrix& w, const Vec& bias, const float* x, size_t tokens, float* y, ScanPool* pool) {
    linear_shared({LinearTarget{w, bias, y}}, x, tokens, pool);
}

}  // namespace embx
