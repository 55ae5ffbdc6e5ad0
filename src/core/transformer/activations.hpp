// The feed-forward activations: BERT's exact (erf) GELU, the decoders' SiLU.
#pragma once

#include <cmath>

namespace embx {

inline float gelu_erf(float x) { return float(0.5 * x * (1.0 + std::erf(x / std::sqrt(2.0)))); }
inline float silu(float x) { return float(x / (1.0 + std::exp(-double(x)))); }

}  // namespace embx
