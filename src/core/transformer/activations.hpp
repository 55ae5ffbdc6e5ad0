// The feed-forward activations (BERT's exact erf GELU, the decoders' SiLU) and the exp of the
// softmax, as branch-free float arithmetic the compiler vectorizes: std::exp and std::erf are
// one library call per value (~10% of a forward pass in wasm). The polynomials are our own
// least-squares fits (numpy): exp within 2e-7 relative, erf within 5e-7 absolute (the unit tests
// check both against the C library over the whole useful range). No float -> int conversion, so
// NaN or Inf inputs cannot trap in wasm.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>

namespace embx {

// e^x for x in [-87, 88] (clamped outside: the result stays a normal float).
inline float exp_fast(float x) {
    x = x < -87.0f ? -87.0f : x;
    x = x > 88.0f ? 88.0f : x;
    // n = round(x / ln 2): the 1.5 * 2^23 shift leaves n in the low mantissa bits.
    const float shifted = x * 1.44269504088896341f + 12582912.0f;
    const float n = shifted - 12582912.0f;
    // r = x - n ln 2 in two steps (ln 2's high part has 12 zero low bits, so n * hi is exact).
    const float r = (x - n * 0.693145751953125f) - n * 1.42860676533018690e-06f;
    float q = 0.00137514085508883f;
    q = q * r + 0.008368918672204018f;
    q = q * r + 0.04166953265666962f;
    q = q * r + 0.166665181517601f;
    q = q * r + 0.49999988079071045f;
    const float er = 1.0f + r + r * r * q;  // e^r, |r| <= ln2 / 2
    uint32_t bits;  // unsigned: a NaN's bits wrap instead of overflowing
    std::memcpy(&bits, &shifted, sizeof bits);
    const uint32_t scale_bits = (bits - 0x4B400000u + 127u) << 23;  // 2^n
    float scale;
    std::memcpy(&scale, &scale_bits, sizeof scale);
    return er * scale;
}

// erf(x) = 1 - e^(-x^2) P(1 / (1 + 0.4 |x|)) for x >= 0, odd.
inline float erf_fast(float x) {
    const float u = std::fabs(x);
    const float s = 1.0f / (1.0f + 0.4f * u);
    float p = 0.07916133850812912f;
    p = p * s - 0.6256622076034546f;
    p = p * s + 1.678601622581482f;
    p = p * s - 1.584199070930481f;
    p = p * s + 1.3678081035614014f;
    p = p * s - 0.23267661035060883f;
    p = p * s + 0.32650822401046753f;
    p = p * s - 0.00954139418900013f;
    return std::copysign(1.0f - exp_fast(-u * u) * p, x);
}

inline float gelu_erf(float x) { return 0.5f * x * (1.0f + erf_fast(x * 0.70710678118654752f)); }
inline float silu(float x) { return x / (1.0f + exp_fast(-x)); }

}  // namespace embx
