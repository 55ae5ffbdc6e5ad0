// Scatter-matrix kernels for PCA: c += X^T X (lower triangle) for a block of float rows, the
// step that dominates a PCA's time. One scalar reference, one file per instruction set, picked
// in dispatch.cpp like the dot kernels.
//
// Layout shared by every kernel: rows of `stride` floats, stride = scatter_stride(dims) (a
// multiple of 16), the columns past dims zero. c is stride x stride, row-major; callers read
// entries (i, j) with j <= i < dims. Kernels may also add to entries above the diagonal and in
// the padding (whole SIMD tiles), so c must be that big. Float sums: callers keep blocks short
// (PCA: 1024 rows) and add each block's c into a double accumulator.
#pragma once

#include <cstddef>

#include "core/kernels/dot.hpp"

namespace embx::kernels {

constexpr size_t scatter_stride(size_t dims) { return (dims + 15) / 16 * 16; }

using ScatterF32 = void (*)(const float* x, size_t rows, size_t stride, float* c);

void scatter_f32_ref(const float* x, size_t rows, size_t stride, float* c);
#if defined(EMBX_HAVE_AVX2)
void scatter_f32_avx2(const float* x, size_t rows, size_t stride, float* c);
#endif
#if defined(__wasm_simd128__)
void scatter_f32_simd128(const float* x, size_t rows, size_t stride, float* c);
#endif

// nullptr when the instruction set was not compiled in or the CPU lacks it.
ScatterF32 scatter_f32_for(Isa isa);
// The fastest available.
ScatterF32 best_scatter_f32();

}  // namespace embx::kernels
