#include "core/transformer/attention.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "core/kernels/dot.hpp"
#include "core/scan_pool.hpp"
#include "core/transformer/activations.hpp"

namespace embx {

namespace {

// Eight running values: float max and sum do not vectorize in one accumulator (the order of
// operations would change), eight independent lanes do.
constexpr size_t kLanes = 8;

float max_of(const float* x, size_t n) {
    float m[kLanes];
    std::fill_n(m, kLanes, x[0]);
    size_t i = 0;
    for (; i + kLanes <= n; i += kLanes)
        for (size_t l = 0; l < kLanes; ++l) m[l] = x[i + l] > m[l] ? x[i + l] : m[l];
    for (; i < n; ++i) m[0] = x[i] > m[0] ? x[i] : m[0];
    return *std::max_element(m, m + kLanes);
}

// Everything one head needs, contiguous: its queries, keys, values and score rows.
// vt holds v transposed (head_dim rows of n), so the context is a matrix product too.
struct HeadScratch {
    std::vector<float> q, k, vt, scores;
    HeadScratch(size_t n, size_t d) : q(n * d), k(n * d), vt(d * n), scores(n * n) {}
};

void one_head(const AttentionShape& s, size_t h, const float* q, const float* k, const float* v, float* ctx,
              float* probs, HeadScratch& w) {
    const size_t n = s.tokens, d = s.head_dim, kvh = h / (s.heads / s.kv_heads);
    const size_t qstride = s.heads * d, kvstride = s.kv_heads * d;
    const float scale = float(1.0 / std::sqrt(double(d)));
    for (size_t i = 0; i < n; ++i) std::copy_n(q + i * qstride + h * d, d, w.q.data() + i * d);
    for (size_t j = 0; j < n; ++j) {
        std::copy_n(k + j * kvstride + kvh * d, d, w.k.data() + j * d);
        for (size_t c = 0; c < d; ++c) w.vt[c * n + j] = v[j * kvstride + kvh * d + c];
    }
    // Both products go through the dispatched matrix kernels: scores = q k^T (keys as the
    // weight rows), then ctx = p v (v's columns as the weight rows, each probability row a
    // token), written straight into this head's slice of ctx.
    const kernels::KernelSet& kern = kernels::best_kernels();
    kern.matmul_f32(w.k.data(), n, d, w.q.data(), d, n, w.scores.data(), n);
    for (size_t i = 0; i < n; ++i) {
        float* p = w.scores.data() + i * n;
        const size_t keys = s.causal ? i + 1 : n;
        for (size_t j = 0; j < keys; ++j) p[j] *= scale;
        softmax(p, keys);
        std::fill(p + keys, p + n, 0.0f);  // masked
        if (probs) std::copy_n(p, n, probs + (h * n + i) * n);
    }
    kern.matmul_f32(w.vt.data(), d, n, w.scores.data(), n, n, ctx + h * d, qstride);
}

}  // namespace

void softmax(float* x, size_t n) {
    if (n == 0) return;
    const float m = max_of(x, n);
    float sum[kLanes] = {};
    size_t i = 0;
    for (; i + kLanes <= n; i += kLanes)
        for (size_t l = 0; l < kLanes; ++l) {
            x[i + l] = exp_fast(x[i + l] - m);
            sum[l] += x[i + l];
        }
    for (; i < n; ++i) {
        x[i] = exp_fast(x[i] - m);
        sum[0] += x[i];
    }
    double total = 0;
    for (float lane : sum) total += lane;
    const float inv = float(1.0 / total);
    for (i = 0; i < n; ++i) x[i] *= inv;
}

void attention(const AttentionShape& s, const float* q, const float* k, const float* v, float* ctx, float* probs,
               ScanPool* pool) {
    const size_t parts = pool ? std::min(pool->threads(), s.heads) : 1;
    // Heads are independent: each part takes every parts-th head with its own scratch.
    const auto run = [&](size_t part) {
        HeadScratch scratch(s.tokens, s.head_dim);
        for (size_t h = part; h < s.heads; h += parts) one_head(s, h, q, k, v, ctx, probs, scratch);
    };
    if (parts > 1 && s.tokens >= 8)
        pool->run(parts, run);
    else
        for (size_t part = 0; part < parts; ++part) run(part);
}

}  // namespace embx
