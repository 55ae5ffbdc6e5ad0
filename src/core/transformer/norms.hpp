// Normalisations over one vector of n values, in place. Sums in double: the reference is
// float64, and a long row's variance loses digits in float. Four running sums, so the loops
// vectorize (one accumulator fixes the order of the additions).
#pragma once

#include <cmath>
#include <cstddef>

namespace embx {

namespace norms_detail {

// sum over i of f(x[i]) in four double lanes.
template <typename F>
double sum4(const float* x, size_t n, F f) {
    double s[4] = {0, 0, 0, 0};
    size_t i = 0;
    for (; i + 4 <= n; i += 4)
        for (size_t l = 0; l < 4; ++l) s[l] += f(double(x[i + l]));
    for (; i < n; ++i) s[0] += f(double(x[i]));
    return (s[0] + s[1]) + (s[2] + s[3]);
}

}  // namespace norms_detail

// BERT: (x - mean) / sqrt(var + eps) * w + b (biased variance, as torch's LayerNorm).
inline void layer_norm(float* x, size_t n, const float* w, const float* b, double eps) {
    const double mean = norms_detail::sum4(x, n, [](double v) { return v; }) / double(n);
    const double var = norms_detail::sum4(x, n, [mean](double v) { return (v - mean) * (v - mean); });
    const double inv = 1.0 / std::sqrt(var / double(n) + eps);
    for (size_t i = 0; i < n; ++i) x[i] = float((x[i] - mean) * inv * w[i] + b[i]);
}

// Decoders (and Qwen3's per-head q/k norm): x / sqrt(mean(x^2) + eps) * w.
inline void rms_norm(float* x, size_t n, const float* w, double eps) {
    const double ss = norms_detail::sum4(x, n, [](double v) { return v * v; });
    const double inv = 1.0 / std::sqrt(ss / double(n) + eps);
    for (size_t i = 0; i < n; ++i) x[i] = float(x[i] * inv * w[i]);
}

}  // namespace embx
