// The header of a NumPy .npy file is a Python dict literal, e.g.
//   {'descr': '<f4', 'fortran_order': False, 'shape': (400000, 100), }
// This parses exactly that subset by hand (strings without escapes, True/False, tuples of
// whole numbers) and refuses anything else, so no Python evaluation rules leak in.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace embx {

enum class NpyElement { F16, F32, F64 };

struct NpyHeader {
    bool ok = false;
    NpyElement element = NpyElement::F32;
    uint64_t rows = 0;
    uint32_t dims = 0;
    std::string problem;  // when !ok: what is wrong...
    size_t at = 0;        // ...and its position in the header text
};

inline size_t npy_element_bytes(NpyElement e) {
    return e == NpyElement::F16 ? 2 : e == NpyElement::F32 ? 4 : 8;
}

// Accepts descr '<f4', '<f2' or '<f8', fortran_order False and a 2-D shape within the table
// limits (1..2^31 rows, 1..65,536 dimensions). Each key must appear exactly once.
NpyHeader parse_npy_header(std::string_view text);

}  // namespace embx
