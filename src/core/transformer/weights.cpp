#include "core/transformer/weights.hpp"

#include "core/quantize.hpp"

namespace embx {

Matrix Matrix::from_f32(size_t rows, size_t cols, std::vector<float> values, bool int8) {
    Matrix m;
    m.rows = rows;
    m.cols = cols;
    if (!int8) {
        m.f32 = std::move(values);
        return m;
    }
    m.i8.resize(rows * cols);
    m.scale.resize(rows);
    for (size_t r = 0; r < rows; ++r) m.scale[r] = quantize_row_i8(values.data() + r * cols, cols, m.i8.data() + r * cols);
    return m;
}

void Matrix::row(size_t r, float* out) const {
    if (!quantized()) {
        for (size_t c = 0; c < cols; ++c) out[c] = f32[r * cols + c];
        return;
    }
    for (size_t c = 0; c < cols; ++c) out[c] = float(i8[r * cols + c]) * scale[r];
}

}  // namespace embx
