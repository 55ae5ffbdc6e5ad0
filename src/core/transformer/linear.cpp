#include "core/transformer/linear.hpp"

#include <vector>

#include "core/kernels/dot.hpp"
#include "core/quantize.hpp"

namespace embx {

void linear(const Matrix& w, const Vec& bias, const float* x, size_t tokens, float* y) {
    const kernels::KernelSet& k = kernels::best_kernels();
    if (!w.quantized()) {
        k.matmul_f32(w.f32.data(), w.rows, w.cols, x, w.cols, tokens, y, w.rows);
    } else {
        std::vector<int16_t> xq(tokens * w.cols);
        std::vector<float> xs(tokens);
        for (size_t t = 0; t < tokens; ++t) xs[t] = quantize_query_i16(x + t * w.cols, w.cols, xq.data() + t * w.cols);
        k.matmul_i8(w.i8.data(), w.scale.data(), w.rows, w.cols, xq.data(), w.cols, xs.data(), tokens, y, w.rows);
    }
    if (!bias.empty())
        for (size_t t = 0; t < tokens; ++t)
            for (size_t r = 0; r < w.rows; ++r) y[t * w.rows + r] += bias[r];
}

}  // namespace embx
