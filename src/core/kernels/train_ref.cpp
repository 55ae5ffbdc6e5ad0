// Scalar reference training kernels: the definitions the SIMD versions are tested against.
#include "core/kernels/train.hpp"

namespace embx::kernels {

namespace {

float dot_ref(const float* a, const float* b, size_t n) {
    float s = 0;
    for (size_t i = 0; i < n; ++i) s += a[i] * b[i];
    return s;
}

void axpy_ref(float a, const float* x, float* y, size_t n) {
    for (size_t i = 0; i < n; ++i) y[i] += a * x[i];
}

void axpy_pair_ref(float g, float* u, const float* h, float* e, size_t n) {
    for (size_t i = 0; i < n; ++i) {
        const float ui = u[i];
        e[i] += g * ui;
        u[i] = ui + g * h[i];
    }
}

}  // namespace

const TrainKernels& train_kernels_ref() {
    static const TrainKernels k{Isa::Ref, dot_ref, axpy_ref, axpy_pair_ref};
    return k;
}

}  // namespace embx::kernels
