// The scalar reference of the matrix kernels (matmul.hpp).
#include "core/kernels/matmul.hpp"

namespace embx::kernels {

void matmul_f32_ref(const float* w, size_t rows, size_t cols, const float* x, size_t xs, size_t tokens, float* y,
                    size_t ys) {
    for (size_t t = 0; t < tokens; ++t)
        for (size_t r = 0; r < rows; ++r) {
            const float* wr = w + r * cols;
            const float* xt = x + t * xs;
            float s = 0;
            for (size_t i = 0; i < cols; ++i) s += wr[i] * xt[i];
            y[t * ys + r] = s;
        }
}

void matmul_i8_ref(const int8_t* w, const float* wscale, size_t rows, size_t cols, const int16_t* x, size_t xs,
                   const float* xscale, size_t tokens, float* y, size_t ys) {
    for (size_t t = 0; t < tokens; ++t)
        for (size_t r = 0; r < rows; ++r) {
            const int8_t* wr = w + r * cols;
            const int16_t* xt = x + t * xs;
            int32_t s = 0;
            for (size_t i = 0; i < cols; ++i) s += int32_t(wr[i]) * xt[i];
            y[t * ys + r] = float(s) * xscale[t] * wscale[r];
        }
}

}  // namespace embx::kernels
