#include "core/transformer/pooling.hpp"

#include <cmath>

namespace embx {

std::vector<float> mean_pool(const HiddenStates& hs, bool normalize) {
    std::vector<double> sum(hs.hidden, 0.0);
    const std::vector<float>& last = hs.layers.back();
    for (size_t t = 0; t < hs.tokens; ++t)
        for (size_t i = 0; i < hs.hidden; ++i) sum[i] += last[t * hs.hidden + i];
    std::vector<float> out(hs.hidden);
    double norm = 0;
    for (size_t i = 0; i < hs.hidden; ++i) {
        sum[i] /= double(hs.tokens ? hs.tokens : 1);
        norm += sum[i] * sum[i];
    }
    norm = std::sqrt(norm);
    // sentence-transformers' Normalize divides by max(norm, 1e-12).
    const double div = normalize ? (norm > 1e-12 ? norm : 1e-12) : 1.0;
    for (size_t i = 0; i < hs.hidden; ++i) out[i] = float(sum[i] / div);
    return out;
}

}  // namespace embx
