// Scalar reference scatter kernel: the definition the SIMD versions are tested against.
#include "core/kernels/scatter.hpp"

namespace embx::kernels {

void scatter_f32_ref(const float* x, size_t rows, size_t stride, float* c) {
    for (size_t r = 0; r < rows; ++r, x += stride)
        for (size_t i = 0; i < stride; ++i) {
            const float xi = x[i];
            float* ci = c + i * stride;
            for (size_t j = 0; j <= i; ++j) ci[j] += xi * x[j];
        }
}

}  // namespace embx::kernels
