// The matrix kernels of every compiled ISA against the scalar reference across odd shapes:
// int8 bit for bit, f32 within rounding.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "core/kernels/dot.hpp"
#include "core/quantize.hpp"

namespace embx {
namespace {

TEST(MatmulKernels, MatchReferenceAcrossShapes) {
    std::mt19937 rng(20261206);
    std::normal_distribution<float> g(0.f, 1.f);
    const size_t shapes[][3] = {{1, 1, 1}, {3, 7, 5}, {5, 16, 4}, {7, 17, 9}, {16, 33, 3}, {9, 64, 8}, {13, 100, 11}, {4, 384, 16},
                                  {200, 384, 6}, {70, 1000, 5}};  // the last two: several row blocks
    for (const auto& s : shapes) {
        const size_t rows = s[0], cols = s[1], tokens = s[2];
        std::vector<float> w(rows * cols), x(tokens * cols);
        for (float& v : w) v = g(rng);
        for (float& v : x) v = g(rng);
        std::vector<int8_t> wq(rows * cols);
        std::vector<float> ws(rows), xs(tokens);
        std::vector<int16_t> xq(tokens * cols);
        for (size_t r = 0; r < rows; ++r) ws[r] = quantize_row_i8(w.data() + r * cols, cols, wq.data() + r * cols);
        for (size_t t = 0; t < tokens; ++t) xs[t] = quantize_query_i16(x.data() + t * cols, cols, xq.data() + t * cols);
        std::vector<float> ref(tokens * rows), refq(tokens * rows);
        kernels::matmul_f32_ref(w.data(), rows, cols, x.data(), cols, tokens, ref.data(), rows);
        kernels::matmul_i8_ref(wq.data(), ws.data(), rows, cols, xq.data(), cols, xs.data(), tokens, refq.data(), rows);
        for (const kernels::KernelSet* k : kernels::available_kernels()) {
            SCOPED_TRACE(std::string(k->name) + " " + std::to_string(rows) + "x" + std::to_string(cols) + " tokens " +
                         std::to_string(tokens));
            std::vector<float> y(tokens * rows), yq(tokens * rows);
            k->matmul_f32(w.data(), rows, cols, x.data(), cols, tokens, y.data(), rows);
            k->matmul_i8(wq.data(), ws.data(), rows, cols, xq.data(), cols, xs.data(), tokens, yq.data(), rows);
            for (size_t i = 0; i < y.size(); ++i) {
                EXPECT_NEAR(y[i], ref[i], 1e-4 * std::sqrt(double(cols)) + 1e-5);
                EXPECT_EQ(yq[i], refq[i]);
                EXPECT_NEAR(yq[i], ref[i], 0.05 * std::sqrt(double(cols)));  // int8 is close to f32
            }
        }
    }
}

}  // namespace
}  // namespace embx
