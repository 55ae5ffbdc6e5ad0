// Shared by the fuzz targets: feeds bytes to an importer in chunk sizes derived from the input
// itself, so the fuzzer also explores chunk boundaries.
#pragma once

#include <cstddef>
#include <cstdint>

#include "formats/importer.hpp"

namespace embx::fuzz {

inline void feed_in_chunks(Importer& imp, const uint8_t* data, size_t size) {
    const size_t chunk = size ? 1 + data[0] % 61 : 1;
    size_t at = 0;
    while (at < size) {
        const size_t n = chunk < size - at ? chunk : size - at;
        if (!imp.feed(data + at, n).ok()) return;
        at += n;
    }
    (void)imp.finish();
}

}  // namespace embx::fuzz
