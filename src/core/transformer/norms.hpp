// Normalisations over one vector of n values, in place. Sums in double: the reference is
// float64, and a long row's variance loses digits in float.
#pragma once

#include <cmath>
#include <cstddef>

namespace embx {

// BERT: (x - mean) / sqrt(var + eps) * w + b (biased variance, as torch's LayerNorm).
inline void layer_norm(float* x, size_t n, const float* w, const float* b, double eps) {
    double mean = 0, var = 0;
    for (size_t i = 0; i < n; ++i) mean += x[i];
    mean /= double(n);
    for (size_t i = 0; i < n; ++i) var += (x[i] - mean) * (x[i] - mean);
    const double inv = 1.0 / std::sqrt(var / double(n) + eps);
    for (size_t i = 0; i < n; ++i) x[i] = float((x[i] - mean) * inv * w[i] + b[i]);
}

// Decoders (and Qwen3's per-head q/k norm): x / sqrt(mean(x^2) + eps) * w.
inline void rms_norm(float* x, size_t n, const float* w, double eps) {
    double ss = 0;
    for (size_t i = 0; i < n; ++i) ss += double(x[i]) * x[i];
    const double inv = 1.0 / std::sqrt(ss / double(n) + eps);
    for (size_t i = 0; i < n; ++i) x[i] = float(x[i] * inv * w[i]);
}

}  // namespace embx
