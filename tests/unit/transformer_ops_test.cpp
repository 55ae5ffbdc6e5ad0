// The transformer's small ops against hand-computed values.
#include <gtest/gtest.h>

#include <cmath>
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
