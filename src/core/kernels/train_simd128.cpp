// WebAssembly SIMD128 training kernels.
#include <wasm_simd128.h>

#include "core/kernels/train.hpp"

namespace embx::kernels {

namespace {

float dot_simd128(const float* a, const float* b, size_t n) {
    v128_t acc0 = wasm_f32x4_splat(0), acc1 = wasm_f32x4_splat(0);
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        acc0 = wasm_f32x4_add(acc0, wasm_f32x4_mul(wasm_v128_load(a + i), wasm_v128_load(b + i)));
        acc1 = wasm_f32x4_add(acc1, wasm_f32x4_mul(wasm_v128_load(a + i + 4), wasm_v128_load(b + i + 4)));
    }
    if (i + 4 <= n) {
        acc0 = wasm_f32x4_add(acc0, wasm_f32x4_mul(wasm_v128_load(a + i), wasm_v128_load(b + i)));
        i += 4;
    }
    const v128_t s = wasm_f32x4_add(acc0, acc1);
    float acc = wasm_f32x4_extract_lane(s, 0) + wasm_f32x4_extract_lane(s, 1) + wasm_f32x4_extract_lane(s, 2) +
                wasm_f32x4_extract_lane(s, 3);
    for (; i < n; ++i) acc += a[i] * b[i];
    return acc;
}

void axpy_simd128(float a, const float* x, float* y, size_t n) {
    const v128_t va = wasm_f32x4_splat(a);
    size_t i = 0;
    for (; i + 4 <= n; i += 4)
        wasm_v128_store(y + i, wasm_f32x4_add(wasm_v128_load(y + i), wasm_f32x4_mul(va, wasm_v128_load(x + i))));
    for (; i < n; ++i) y[i] += a * x[i];
}

void axpy_pair_simd128(float g, float* u, const float* h, float* e, size_t n) {
    const v128_t vg = wasm_f32x4_splat(g);
    size_t i = 0;
    for (; i + 4 <= n; i += 4) {
        const v128_t vu = wasm_v128_load(u + i);
        wasm_v128_store(e + i, wasm_f32x4_add(wasm_v128_load(e + i), wasm_f32x4_mul(vg, vu)));
        wasm_v128_store(u + i, wasm_f32x4_add(vu, wasm_f32x4_mul(vg, wasm_v128_load(h + i))));
    }
    for (; i < n; ++i) {
        const float ui = u[i];
        e[i] += g * ui;
        u[i] = ui + g * h[i];
    }
}

}  // namespace

const TrainKernels& train_kernels_simd128() {
    static const TrainKernels k{Isa::Simd128, dot_simd128, axpy_simd128, axpy_pair_simd128};
    return k;
}

}  // namespace embx::kernels
