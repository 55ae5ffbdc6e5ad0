#include "core/transformer/attention.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "core/kernels/dot.hpp"

namespace embx {

void softmax(float* x, size_t n) {
    if (n == 0) return;
    float m = x[0];
    for (size_t i = 1; i < n; ++i) m = x[i] > m ? x[i] : m;
    double sum = 0;
    for (size_t i = 0; i < n; ++i) {
        x[i] = std::exp(x[i] - m);
        sum += x[i];
    }
    const double inv = 1.0 / sum;
    for (size_t i = 0; i < n; ++i) x[i] = float(x[i] * inv);
}

void attention(const AttentionShape& s, const float* q, const float* k, const float* v, float* ctx, float* probs) {
    const size_t n = s.tokens, d = s.head_dim, group = s.heads / s.kv_heads;
    const size_t qstride = s.heads * d, kvstride = s.kv_heads * d;
    const float scale = float(1.0 / std::sqrt(double(d)));
    const kernels::KernelSet& kern = kernels::best_kernels();
    // One head at a time, its q, k and v gathered contiguous: the scores are one matrix
    // product (keys as the weight rows) through the dispatched kernels, the context rows
    // weighted sums of v's rows (loops the compiler vectorizes).
    std::vector<float> qh(n * d), kh(n * d), vh(n * d), scores(n * n);
    for (size_t h = 0; h < s.heads; ++h) {
        const size_t kvh = h / group;
        for (size_t i = 0; i < n; ++i) std::copy_n(q + i * qstride + h * d, d, qh.data() + i * d);
        if (h % group == 0)
            for (size_t j = 0; j < n; ++j) {
                std::copy_n(k + j * kvstride + kvh * d, d, kh.data() + j * d);
                std::copy_n(v + j * kvstride + kvh * d, d, vh.data() + j * d);
            }
        kern.matmul_f32(kh.data(), n, d, qh.data(), d, n, scores.data(), n);  // scores[i * n + j] = q_i . k_j
        for (size_t i = 0; i < n; ++i) {
            float* p = scores.data() + i * n;
            const size_t keys = s.causal ? i + 1 : n;
            for (size_t j = 0; j < keys; ++j) p[j] *= scale;
            softmax(p, keys);
            for (size_t j = keys; j < n; ++j) p[j] = 0;  // masked
            float* out = ctx + i * qstride + h * d;
            std::fill_n(out, d, 0.0f);
            for (size_t j = 0; j < keys; ++j) {
                const float pj = p[j];
                const float* vj = vh.data() + j * d;
                for (size_t c = 0; c < d; ++c) out[c] += pj * vj[c];
            }
            if (probs) std::copy_n(p, n, probs + (h * n + i) * n);
        }
    }
}

}  // namespace embx
