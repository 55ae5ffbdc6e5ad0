#include "core/transformer/hidden_analysis.hpp"

#include <algorithm>
#include <cmath>

#include "core/transformer/linear.hpp"

namespace embx {

double cosine(const float* a, const float* b, size_t n) {
    double ab = 0, aa = 0, bb = 0;
    for (size_t i = 0; i < n; ++i) {
        ab += double(a[i]) * b[i];
        aa += double(a[i]) * a[i];
        bb += double(b[i]) * b[i];
    }
    return aa > 0 && bb > 0 ? ab / std::sqrt(aa * bb) : 0.0;
}

std::vector<double> layer_cosines(const HiddenStates& a, size_t ta, const HiddenStates& b, size_t tb) {
    std::vector<double> out;
    if (ta >= a.tokens || tb >= b.tokens || a.hidden != b.hidden) return out;
    const size_t h = a.hidden, layers = std::min(a.layers.size(), b.layers.size());
    for (size_t l = 0; l < layers; ++l) out.push_back(cosine(a.layers[l].data() + ta * h, b.layers[l].data() + tb * h, h));
    return out;
}

std::vector<float> token_cosines(const HiddenStates& hs, size_t layer) {
    const size_t n = hs.tokens, h = hs.hidden;
    std::vector<float> out;
    if (layer >= hs.layers.size()) return out;
    out.resize(n * n);
    const float* x = hs.layers[layer].data();
    for (size_t i = 0; i < n; ++i)
        for (size_t j = i; j < n; ++j) out[i * n + j] = out[j * n + i] = float(cosine(x + i * h, x + j * h, h));
    return out;
}

std::vector<float> row_norms(const Matrix& m) {
    std::vector<float> norms(m.rows), row(m.cols);
    for (size_t r = 0; r < m.rows; ++r) {
        m.row(r, row.data());
        double s = 0;
        for (float x : row) s += double(x) * x;
        norms[r] = float(std::sqrt(s));
    }
    return norms;
}

std::vector<StaticNeighbour> nearest_rows(const Matrix& m, const std::vector<float>& norms, const float* v, size_t k) {
    std::vector<StaticNeighbour> out;
    if (m.rows == 0 || norms.size() != m.rows) return out;
    double vv = 0;
    for (size_t i = 0; i < m.cols; ++i) vv += double(v[i]) * v[i];
    if (vv <= 0) return out;
    // All dot products at once through the matrix kernels (one "token").
    std::vector<float> dots(m.rows);
    linear(m, Vec{}, v, 1, dots.data());
    const float inv = float(1.0 / std::sqrt(vv));
    out.reserve(m.rows);
    for (size_t r = 0; r < m.rows; ++r)
        out.push_back({uint32_t(r), norms[r] > 0 ? dots[r] * inv / norms[r] : 0.0f});
    k = std::min(k, out.size());
    const auto better = [](const StaticNeighbour& a, const StaticNeighbour& b) {
        return a.score != b.score ? a.score > b.score : a.id < b.id;
    };
    std::partial_sort(out.begin(), out.begin() + std::ptrdiff_t(k), out.end(), better);
    out.resize(k);
    return out;
}

}  // namespace embx
