#include "core/transformer/pooling.hpp"

#include <algorithm>
#include <cmath>

namespace embx {

std::string_view pooling_name(Pooling p) {
    switch (p) {
        case Pooling::Mean: return "mean";
        case Pooling::Cls: return "cls";
        case Pooling::Max: return "max";
        case Pooling::LastToken: return "lasttoken";
    }
    return "?";
}

std::vector<float> pool(const HiddenStates& hs, Pooling mode, bool normalize) {
    const size_t h = hs.hidden, n = hs.tokens;
    std::vector<double> v(h, 0.0);
    const std::vector<float>& last = hs.layers.back();
    if (n > 0) {
        switch (mode) {
            case Pooling::Mean:
                for (size_t t = 0; t < n; ++t)
                    for (size_t i = 0; i < h; ++i) v[i] += last[t * h + i];
                for (double& x : v) x /= double(n);
                break;
            case Pooling::Cls:
            case Pooling::LastToken: {
                const float* row = last.data() + (mode == Pooling::Cls ? 0 : n - 1) * h;
                for (size_t i = 0; i < h; ++i) v[i] = row[i];
                break;
            }
            case Pooling::Max:
                for (size_t i = 0; i < h; ++i) v[i] = last[i];
                for (size_t t = 1; t < n; ++t)
                    for (size_t i = 0; i < h; ++i) v[i] = std::max(v[i], double(last[t * h + i]));
                break;
        }
    }
    double norm = 0;
    for (double x : v) norm += x * x;
    norm = std::sqrt(norm);
    // sentence-transformers' Normalize divides by max(norm, 1e-12).
    const double div = normalize ? std::max(norm, 1e-12) : 1.0;
    std::vector<float> out(h);
    for (size_t i = 0; i < h; ++i) out[i] = float(v[i] / div);
    return out;
}

}  // namespace embx
