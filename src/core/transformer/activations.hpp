// The feed-forward activations: BERT's exact (erf) GELU, the decoders' SiLU.
#pragma once

#include <cmath>

namespace embx {

inline float gelu_erf(float x) { return 0.5f * x * (1.0f + std::erf(x * 0.70710678118654752f)); }
inline float silu(float x) { return x / (1.0f + std::exp(-x)); }

}  // namespace embx
