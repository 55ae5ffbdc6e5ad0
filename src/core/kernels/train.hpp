// Float kernels for training word vectors (core/train/word2vec_*): the dot products and
// scaled additions over one embedding row that make up nearly all of a Word2Vec step.
// One scalar reference, one file per instruction set, picked in dispatch.cpp like the dot
// kernels. Float sums may differ in the last bits between ISAs (different summation order);
// each ISA is deterministic on its own.
#pragma once

#include <cstddef>

#include "core/kernels/dot.hpp"

namespace embx::kernels {

struct TrainKernels {
    Isa isa;
    // sum of a[i] * b[i]
    float (*dot)(const float* a, const float* b, size_t n);
    // y[i] += a * x[i]
    void (*axpy)(float a, const float* x, float* y, size_t n);
    // The output-row update of one prediction, in one pass over the row u:
    //   e[i] += g * u[i] (with the old u);  u[i] += g * h[i]
    void (*axpy_pair)(float g, float* u, const float* h, float* e, size_t n);
};

const TrainKernels& train_kernels_ref();
#if defined(EMBX_HAVE_AVX2)
const TrainKernels& train_kernels_avx2();
#endif
#if defined(__wasm_simd128__)
const TrainKernels& train_kernels_simd128();
#endif

// nullptr when the instruction set was not compiled in or the CPU lacks it.
const TrainKernels* train_kernels_for(Isa isa);
// The fastest available.
const TrainKernels& best_train_kernels();

}  // namespace embx::kernels
