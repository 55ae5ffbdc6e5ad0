#include "core/transformer/attention.hpp"

#include <cmath>

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
    const double scale = 1.0 / std::sqrt(double(d));
    std::vector<float> p(n);
    for (size_t h = 0; h < s.heads; ++h) {
        const size_t kvh = h / group;
        for (size_t i = 0; i < n; ++i) {
            const float* qi = q + i * qstride + h * d;
            const size_t keys = s.causal ? i + 1 : n;
            for (size_t j = 0; j < keys; ++j) {
                const float* kj = k + j * kvstride + kvh * d;
                double dot = 0;
                for (size_t c = 0; c < d; ++c) dot += double(qi[c]) * kj[c];
                p[j] = float(dot * scale);
            }
            softmax(p.data(), keys);
            for (size_t j = keys; j < n; ++j) p[j] = 0;  // masked
            float* out = ctx + i * qstride + h * d;
            for (size_t c = 0; c < d; ++c) {
                double acc = 0;
                for (size_t j = 0; j < keys; ++j) acc += double(p[j]) * v[j * kvstride + kvh * d + c];
                out[c] = float(acc);
            }
            if (probs)
                for (size_t j = 0; j < n; ++j) probs[(h * n + i) * n + j] = p[j];
        }
    }
}

}  // namespace embx
