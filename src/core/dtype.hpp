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
};

inline bool dtype_is_known(uint8_t v) { return v >= 1 && v <= 3; }

inline std::string_view dtype_name(DType t) {
    switch (t) {
        case DType::F32: return "f32";
        case DType::F16: return "f16";
        case DType::I8: return "i8";
    }
    return "unknown";
}

// Bytes needed for `dims` packed elements (before row alignment).
inline size_t dtype_packed_bytes(DType t, size_t dims) {
    switch (t) {
        case DType::F32: return dims * 4;
        case DType::F16: return dims * 2;
        case DType::I8: return dims;
    }
    return 0;
}

// Rows start on 64-byte boundaries: one cache line, and a multiple of every SIMD width we use.
constexpr size_t kRowAlign = 64;

inline size_t align_up(size_t n, size_t a) { return (n + a - 1) / a * a; }

inline size_t dtype_row_bytes(DType t, size_t dims) {
    return align_up(dtype_packed_bytes(t, dims), kRowAlign);
}

}  // namespace embx
