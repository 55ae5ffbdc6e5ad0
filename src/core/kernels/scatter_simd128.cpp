// WebAssembly SIMD128 scatter kernel. Compiled only in the wasm build (-msimd128). Eigen 3.4
// has no SIMD128 code, so its rank update runs scalar in wasm; this is ~1.7x faster once V8
// has optimised it (and no slower before).
#include <wasm_simd128.h>

#include <algorithm>

#include "core/kernels/scatter.hpp"

namespace embx::kernels {

namespace {

inline v128_t madd(v128_t acc, v128_t a, v128_t b) { return wasm_f32x4_add(acc, wasm_f32x4_mul(a, b)); }

}  // namespace

// Tiles of 4 rows (i) x 8 columns (j) of c in 8 registers while a chunk of 64 rows streams
// past (in L1). No FMA in SIMD128: a multiply and an add per lane.
void scatter_f32_simd128(const float* x, size_t rows, size_t stride, float* c) {
    constexpr size_t kChunk = 64;
    for (size_t r0 = 0; r0 < rows; r0 += kChunk) {
        const size_t n = std::min(kChunk, rows - r0);
        const float* chunk = x + r0 * stride;
        for (size_t i0 = 0; i0 < stride; i0 += 4) {
            for (size_t j0 = 0; j0 < i0 + 4; j0 += 8) {
                float* t = c + i0 * stride + j0;
                v128_t a00 = wasm_v128_load(t), a01 = wasm_v128_load(t + 4);
                v128_t a10 = wasm_v128_load(t + stride), a11 = wasm_v128_load(t + stride + 4);
                v128_t a20 = wasm_v128_load(t + 2 * stride), a21 = wasm_v128_load(t + 2 * stride + 4);
                v128_t a30 = wasm_v128_load(t + 3 * stride), a31 = wasm_v128_load(t + 3 * stride + 4);
                const float* p = chunk;
                for (size_t r = 0; r < n; ++r, p += stride) {
                    const v128_t v0 = wasm_v128_load(p + j0), v1 = wasm_v128_load(p + j0 + 4);
                    v128_t s = wasm_v128_load32_splat(p + i0);
                    a00 = madd(a00, s, v0);
                    a01 = madd(a01, s, v1);
                    s = wasm_v128_load32_splat(p + i0 + 1);
                    a10 = madd(a10, s, v0);
                    a11 = madd(a11, s, v1);
                    s = wasm_v128_load32_splat(p + i0 + 2);
                    a20 = madd(a20, s, v0);
                    a21 = madd(a21, s, v1);
                    s = wasm_v128_load32_splat(p + i0 + 3);
                    a30 = madd(a30, s, v0);
                    a31 = madd(a31, s, v1);
                }
                wasm_v128_store(t, a00);
                wasm_v128_store(t + 4, a01);
                wasm_v128_store(t + stride, a10);
                wasm_v128_store(t + stride + 4, a11);
                wasm_v128_store(t + 2 * stride, a20);
                wasm_v128_store(t + 2 * stride + 4, a21);
                wasm_v128_store(t + 3 * stride, a30);
                wasm_v128_store(t + 3 * stride + 4, a31);
            }
        }
    }
}

}  // namespace embx::kernels
