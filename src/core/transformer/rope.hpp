// Rotary position embedding in Hugging Face's rotate_half form: dims i and i + d/2 rotate
// together. The tables are computed in float32 as HF does (inv_freq, angle, cos, sin), since
// that rounding is part of what the model computes.
#pragma once

#include <cstddef>
#include <vector>

namespace embx {

struct RopeTable {
    size_t head_dim = 0;
    std::vector<float> cos, sin;  // [position * head_dim / 2 + i]
};

RopeTable make_rope(size_t positions, size_t head_dim, double theta);
// Rotates one head's vector (head_dim values) for `position`.
void apply_rope(float* v, size_t position, const RopeTable& t);

}  // namespace embx
