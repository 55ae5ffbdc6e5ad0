// Quantization of rows (stored) and queries (transient).
#pragma once

#include <cstddef>
#include <cstdint>

namespace embx {

// Per-row symmetric int8: x[i] ~= scale * q[i], q in [-127, 127]. Returns the scale
// (0 for an all-zero row). Non-finite inputs must be rejected before calling.
float quantize_row_i8(const float* x, size_t n, int8_t* q);

// Block-scaled int4 (layout in dtype.hpp): writes dtype_packed_bytes(I4, n) bytes to `row`.
void quantize_row_i4(const float* x, size_t n, uint8_t* row);
// The values of an int4 row as floats (n values).
void dequantize_row_i4(const uint8_t* row, size_t n, float* out);

// L2 norm of a dequantized int8 row (scale * q), accumulated in double.
float norm_i8(const int8_t* q, size_t n, float scale);
float norm_f32(const float* x, size_t n);

// Largest |query| integer such that n * 127 * qmax fits in int32: every kernel's partial sums,
// in any order, then stay exact and all instruction sets agree bit for bit.
int32_t query_i16_max(size_t n);

// Quantizes a float query to int16 with the largest safe scale. Returns the scale
// (x[i] ~= scale * q[i]); 0 for an all-zero query.
float quantize_query_i16(const float* x, size_t n, int16_t* q);

}  // namespace embx
