// WebAssembly SIMD128 kernels. Compiled only in the wasm build (-msimd128).
#include <wasm_simd128.h>

#include "core/kernels/dot.hpp"

namespace embx::kernels {

namespace {

inline int32_t hsum_i32x4(v128_t v) {
    return wasm_i32x4_extract_lane(v, 0) + wasm_i32x4_extract_lane(v, 1) +
           wasm_i32x4_extract_lane(v, 2) + wasm_i32x4_extract_lane(v, 3);
}

int32_t dot_i8_simd128(const int8_t* row, const int16_t* q, size_t n) {
    v128_t acc0 = wasm_i32x4_splat(0), acc1 = wasm_i32x4_splat(0);
    size_t i = 0;
    // Widen 16 int8 to two int16x8, then i32x4.dot_i16x8_s multiplies and adds pairs.
    for (; i + 16 <= n; i += 16) {
        v128_t r = wasm_v128_load(row + i);
        v128_t lo = wasm_i16x8_extend_low_i8x16(r);
        v128_t hi = wasm_i16x8_extend_high_i8x16(r);
        acc0 = wasm_i32x4_add(acc0, wasm_i32x4_dot_i16x8(lo, wasm_v128_load(q + i)));
        acc1 = wasm_i32x4_add(acc1, wasm_i32x4_dot_i16x8(hi, wasm_v128_load(q + i + 8)));
    }
    int32_t acc = hsum_i32x4(wasm_i32x4_add(acc0, acc1));
    for (; i < n; ++i) acc += int32_t(row[i]) * int32_t(q[i]);
    return acc;
}

void dot_rows_i8_simd128(const uint8_t* rows, size_t stride, size_t count, const int16_t* q,
                         size_t n, int32_t* out) {
    for (size_t r = 0; r < count; ++r)
        out[r] = dot_i8_simd128(reinterpret_cast<const int8_t*>(rows + r * stride), q, n);
}

float dot_f32_simd128(const float* a, const float* b, size_t n) {
    v128_t acc0 = wasm_f32x4_splat(0), acc1 = wasm_f32x4_splat(0);
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        acc0 = wasm_f32x4_add(acc0, wasm_f32x4_mul(wasm_v128_load(a + i), wasm_v128_load(b + i)));
        acc1 = wasm_f32x4_add(acc1,
                              wasm_f32x4_mul(wasm_v128_load(a + i + 4), wasm_v128_load(b + i + 4)));
    }
    v128_t s = wasm_f32x4_add(acc0, acc1);
    float acc = wasm_f32x4_extract_lane(s, 0) + wasm_f32x4_extract_lane(s, 1) +
                wasm_f32x4_extract_lane(s, 2) + wasm_f32x4_extract_lane(s, 3);
    for (; i < n; ++i) acc += a[i] * b[i];
    return acc;
}

void dot_rows_f32_simd128(const uint8_t* rows, size_t stride, size_t count, const float* q,
                          size_t n, float* out) {
    for (size_t r = 0; r < count; ++r)
        out[r] = dot_f32_simd128(reinterpret_cast<const float*>(rows + r * stride), q, n);
}

}  // namespace

const KernelSet& kernels_simd128() {
    static const KernelSet k{Isa::Simd128, "simd128", dot_i8_simd128, dot_rows_i8_simd128,
                             dot_f32_simd128, dot_rows_f32_simd128};
    return k;
}

}  // namespace embx::kernels
