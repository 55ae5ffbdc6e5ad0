// Element types a table row can be stored in. The numeric values are part of the .embx
// file format (docs/embx-format.md): never renumber, only append.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>


namespace embx {

enum class DType : uint8_t {
    F32 = 1,
    F16 = 2,
    I8 = 3,  // per-row symmetric scale
    I4 = 4,  // blocks of 16 values, each with its own f16 scale (see kI4Block below)
};

inline bool dtype_is_known(uint8_t v) { return v >= 1 && v <= 4; }

// int4 rows: ceil(dims / 16) blocks. A row holds the blocks' f16 scales first (padded to 16
// bytes), then 8 bytes per block; byte j of a block holds value j in its low nibble and value
// j + 8 in its high nibble, each stored as q + 8 with q in [-7, 7]. Per-block scales reach
// recall@10 0.93 on GloVe where one scale per row reaches 0.91 (docs/embx-format.md).
constexpr size_t kI4Block = 16;
inline size_t i4_blocks(size_t dims) { return (dims + kI4Block - 1) / kI4Block; }
inline size_t i4_scales_bytes(size_t dims) { return (2 * i4_blocks(dims) + 15) / 16 * 16; }

inline std::string_view dtype_name(DType t) {
    switch (t) {
        case DType::F32: return "f32";
        case DType::F16: return "f16";
        case DType::I8: return "i8";
        case DType::I4: return "i4";
    }
    return "unknown";
}

// Bytes needed for `dims` packed elements (before row alignment).
inline size_t dtype_packed_bytes(DType t, size_t dims) {
    switch (t) {
        case DType::F32: return dims * 4;
        case DType::F16: return dims * 2;
        case DType::I8: return dims;
        case DType::I4: return i4_scales_bytes(dims) + 8 * i4_blocks(dims);
    }
    return 0;
}

// Rows start on 64-byte boundaries: one cache line, and a multiple of every SIMD width we use.
// int4 rows align to 16 bytes only: their point is size (a 100-d int4 row is 80 bytes; at 64
// it would be 128, no smaller than int8).
constexpr size_t kRowAlign = 64;
constexpr size_t kRowAlignI4 = 16;

inline size_t align_up(size_t n, size_t a) { return (n + a - 1) / a * a; }

inline size_t dtype_row_bytes(DType t, size_t dims) {
    return align_up(dtype_packed_bytes(t, dims), t == DType::I4 ? kRowAlignI4 : kRowAlign);
}

}  // namespace embx
