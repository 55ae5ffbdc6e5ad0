#include "core/transformer/weights.hpp"

#include <algorithm>

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

void Matrix::allocate(size_t r, size_t c, bool int8) {
    rows = r;
    cols = c;
    f32.clear();
    i8.clear();
    scale.clear();
    if (int8) {
        i8.resize(rows * cols);
        scale.resize(rows);
    } else {
        f32.resize(rows * cols);
    }
}

void Matrix::set_rows(size_t first, size_t count, const float* values) {
    for (size_t r = first; r < first + count && r < rows; ++r, values += cols) {
        if (quantized()) scale[r] = quantize_row_i8(values, cols, i8.data() + r * cols);
        else std::copy(values, values + cols, f32.data() + r * cols);
    }
}

void Matrix::set_rows_i8(size_t first, size_t count, const int8_t* values, const float* scales) {
    if (!quantized() || first >= rows) return;
    count = std::min(count, rows - first);
    std::copy(values, values + count * cols, i8.data() + first * cols);
    std::copy(scales, scales + count, scale.data() + first);
}

void Matrix::row(size_t r, float* out) const {
    if (!quantized()) {
        for (size_t c = 0; c < cols; ++c) out[c] = f32[r * cols + c];
        return;
    }
    for (size_t c = 0; c < cols; ++c) out[c] = float(i8[r * cols + c]) * scale[r];
}

}  // namespace embx
