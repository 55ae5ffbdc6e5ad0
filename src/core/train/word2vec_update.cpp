#include "core/train/word2vec_update.hpp"

#include <cmath>
#include <cstring>

namespace embx::train {

SigmoidTable::SigmoidTable(size_t entries)
    : scale_(float(entries) / (2 * kMaxExp)), sig_(entries + 1), nls_(entries + 1) {
    for (size_t i = 0; i <= entries; ++i) {
        // Entry i covers x in [x_i, x_{i+1}); its value is taken at the middle, which halves
        // the tool's error (it takes the left end).
        const double x = (double(i) + 0.5) / double(entries) * 2 * kMaxExp - kMaxExp;
        sig_[i] = float(1 / (1 + std::exp(-x)));
        nls_[i] = float(std::log1p(std::exp(-x)));
    }
}

float predict_and_update(const UpdateContext& c, const float* h, const Prediction& p, float* syn1neg, float* syn1,
                         float* e) {
    const auto& k = *c.k;
    const SigmoidTable& s = *c.sigmoid;
    float loss = 0;
    for (size_t d = 0; d < p.code_length; ++d) {
        float* v = syn1 + size_t(p.point[d]) * c.dims;
        const float x = k.dot(h, v, c.dims);
        const float sign = p.code[d] ? -1.f : 1.f;  // label 1 - code
        loss += s.neg_log_sigmoid(sign * x);
        if (!s.in_range(x)) continue;
        const float g = output_gradient(s, x, 1 - float(p.code[d]), c.alpha);
        k.axpy_pair(g, v, h, e, c.dims);
    }
    for (size_t d = 0; d < p.ns_count; ++d) {
        float* u = syn1neg + size_t(p.ns[d]) * c.dims;
        const float x = k.dot(h, u, c.dims);
        const float label = d == 0 ? 1.f : 0.f;
        loss += s.neg_log_sigmoid(d == 0 ? x : -x);
        const float g = output_gradient(s, x, label, c.alpha);
        k.axpy_pair(g, u, h, e, c.dims);
    }
    return loss;
}

float skipgram_update(const UpdateContext& c, int32_t input, const Prediction& p, float* syn0, float* syn1neg,
                      float* syn1, float* e) {
    float* h = syn0 + size_t(input) * c.dims;
    std::memset(e, 0, c.dims * sizeof(float));
    const float loss = predict_and_update(c, h, p, syn1neg, syn1, e);
    c.k->axpy(1, e, h, c.dims);
    return loss;
}

float cbow_update(const UpdateContext& c, const int32_t* context, size_t context_count, const Prediction& p,
                  float* syn0, float* syn1neg, float* syn1, float* neu1, float* e) {
    if (context_count == 0) return 0;
    std::memset(neu1, 0, c.dims * sizeof(float));
    std::memset(e, 0, c.dims * sizeof(float));
    for (size_t i = 0; i < context_count; ++i) c.k->axpy(1, syn0 + size_t(context[i]) * c.dims, neu1, c.dims);
    const float inv = 1.f / float(context_count);
    for (size_t i = 0; i < c.dims; ++i) neu1[i] *= inv;
    const float loss = predict_and_update(c, neu1, p, syn1neg, syn1, e);
    for (size_t i = 0; i < context_count; ++i) c.k->axpy(1, e, syn0 + size_t(context[i]) * c.dims, c.dims);
    return loss;
}

}  // namespace embx::train
