// The transformer's small ops against hand-computed values.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include "core/transformer/activations.hpp"
#include "core/transformer/attention.hpp"
#include "core/transformer/norms.hpp"
#include "core/transformer/pooling.hpp"
#include "core/transformer/rope.hpp"

namespace embx {
namespace {

TEST(TransformerOps, LayerNormAndRmsNorm) {
    std::vector<float> x = {1, 2, 3, 4}, w = {1, 1, 1, 2}, b = {0, 0, 1, 0};
    layer_norm(x.data(), 4, w.data(), b.data(), 0.0);  // mean 2.5, var 1.25
    const double s = std::sqrt(1.25);
    EXPECT_NEAR(x[0], -1.5 / s, 1e-6);
    EXPECT_NEAR(x[2], 0.5 / s + 1, 1e-6);
    EXPECT_NEAR(x[3], 2 * 1.5 / s, 1e-6);
    std::vector<float> y = {3, 4};
    const float ones[] = {1, 1};
    rms_norm(y.data(), 2, ones, 0.0);  // rms = sqrt(12.5)
    EXPECT_NEAR(y[0], 3 / std::sqrt(12.5), 1e-6);
}

TEST(TransformerOps, Activations) {
    EXPECT_NEAR(gelu_erf(1.0f), 0.8413447, 1e-6);
    EXPECT_NEAR(gelu_erf(-1.0f), -0.1586553, 1e-6);
    EXPECT_NEAR(silu(1.0f), 0.7310586, 1e-6);
    EXPECT_EQ(silu(0.0f), 0.0f);
}

// The vectorizable exp and erf against the C library, on a fine grid over every value a
// forward pass feeds them (softmax: x <= 0; GELU: any x), and their behaviour at the ends.
TEST(TransformerOps, FastExpAndErfMatchTheLibrary) {
    double worst_exp = 0, worst_erf = 0;
    for (int i = -870000; i <= 880000; ++i) {
        const float x = float(i) * 1e-4f;
        const double want = std::exp(double(x));
        worst_exp = std::max(worst_exp, std::fabs(exp_fast(x) - want) / want);
    }
    for (int i = -100000; i <= 100000; ++i) {
        const float x = float(i) * 1e-4f;
        worst_erf = std::max(worst_erf, std::fabs(erf_fast(x) - std::erf(double(x))));
    }
    EXPECT_LT(worst_exp, 4e-7) << "largest relative error of exp_fast";
    std::printf("exp_fast: %.3g relative, erf_fast: %.3g absolute\n", worst_exp, worst_erf);
    EXPECT_LT(worst_erf, 5e-7) << "largest absolute error of erf_fast";
    EXPECT_EQ(exp_fast(0.0f), 1.0f);
    EXPECT_GT(exp_fast(-1000.0f), 0.0f);  // clamped to e^-87, still a normal float
    EXPECT_LT(exp_fast(-1000.0f), 1e-37f);
    EXPECT_TRUE(std::isfinite(exp_fast(1000.0f)));
    EXPECT_NEAR(erf_fast(0.0f), 0.0f, 2e-7);
    EXPECT_EQ(erf_fast(30.0f), 1.0f);
    EXPECT_EQ(erf_fast(-30.0f), -1.0f);
    EXPECT_EQ(gelu_erf(-30.0f), -0.0f);
    EXPECT_NEAR(silu(-100.0f), 0.0f, 1e-30);
}

TEST(TransformerOps, SoftmaxAndCausalAttention) {
    std::vector<float> p = {0, std::log(3.0f)};
    softmax(p.data(), 2);
    EXPECT_NEAR(p[0], 0.25, 1e-6);
    EXPECT_NEAR(p[1], 0.75, 1e-6);
    // Two tokens, one head of dim 1: the first token sees only itself under the causal mask.
    const float q[] = {1, 1}, k[] = {0, std::log(3.0f)}, v[] = {10, 20};
    float ctx[2], probs[4];
    attention({2, 1, 1, 1, true}, q, k, v, ctx, probs);
    EXPECT_NEAR(ctx[0], 10, 1e-5);
    EXPECT_EQ(probs[1], 0.0f);
    // Scaled by 1/sqrt(1): weights 1/4, 3/4.
    EXPECT_NEAR(ctx[1], 0.25 * 10 + 0.75 * 20, 1e-4);
}

TEST(TransformerOps, GroupedHeadsShareKeys) {
    // Two query heads over one kv head: equal queries give equal outputs.
    const float q[] = {1, 1}, k[] = {2}, v[] = {5};
    float ctx[2];
    attention({1, 2, 1, 1, false}, q, k, v, ctx);
    EXPECT_EQ(ctx[0], 5.0f);
    EXPECT_EQ(ctx[1], 5.0f);
}

TEST(TransformerOps, RopeRotatesHalves) {
    const RopeTable t = make_rope(3, 4, 10000.0);
    std::vector<float> v = {1, 0, 0, 0};
    apply_rope(v.data(), 0, t);  // position 0: identity
    EXPECT_EQ(v[0], 1.0f);
    apply_rope(v.data(), 2, t);  // pair (0, 2) turns by angle 2 (inv_freq 1)
    EXPECT_NEAR(v[0], std::cos(2.0), 1e-6);
    EXPECT_NEAR(v[2], std::sin(2.0), 1e-6);
    EXPECT_NEAR(t.cos[1 * 2 + 1], std::cos(0.01), 1e-6);  // inv_freq 10000^-0.5 at position 1
}

TEST(TransformerOps, MeanPoolingNormalises) {
    HiddenStates hs;
    hs.tokens = 2;
    hs.hidden = 2;
    hs.layers = {{0, 0, 0, 0}, {2, 0, 4, 6}};
    const auto mean = mean_pool(hs, false);
    EXPECT_EQ(mean[0], 3.0f);
    EXPECT_EQ(mean[1], 3.0f);
    const auto unit = mean_pool(hs, true);
    EXPECT_NEAR(unit[0], 1 / std::sqrt(2.0), 1e-6);
}

}  // namespace
}  // namespace embx
