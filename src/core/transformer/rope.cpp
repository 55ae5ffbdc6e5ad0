#include "core/transformer/rope.hpp"

#include <cmath>

namespace embx {

RopeTable make_rope(size_t positions, size_t head_dim, double theta) {
    RopeTable t;
    t.head_dim = head_dim;
    const size_t half = head_dim / 2;
    t.cos.resize(positions * half);
    t.sin.resize(positions * half);
    const float base = float(theta);
    for (size_t i = 0; i < half; ++i) {
        const float e = float(2 * i) / float(head_dim);
        const float inv_freq = 1.0f / std::pow(base, e);
        for (size_t p = 0; p < positions; ++p) {
            const float angle = float(p) * inv_freq;
            t.cos[p * half + i] = std::cos(angle);
            t.sin[p * half + i] = std::sin(angle);
        }
    }
    return t;
}

void apply_rope(float* v, size_t position, const RopeTable& t) {
    const size_t half = t.head_dim / 2;
    const float* c = t.cos.data() + position * half;
    const float* s = t.sin.data() + position * half;
    for (size_t i = 0; i < half; ++i) {
        const float a = v[i], b = v[i + half];
        v[i] = a * c[i] - b * s[i];
        v[i + half] = b * c[i] + a * s[i];
    }
}

}  // namespace embx
