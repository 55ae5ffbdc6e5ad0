// Little-endian loads and stores from unaligned bytes. Every multi-byte field of every file
// format goes through these, so a big-endian host would need changes in one place only.
#pragma once

#include <cstdint>
#include <cstring>

namespace embx {

template <typename T>
inline T load_le(const uint8_t* p) {
    static_assert(sizeof(T) <= 8);
    T v;
    std::memcpy(&v, p, sizeof(T));  // hosts we build for (x86-64, wasm32) are little-endian
    return v;
}

template <typename T>
inline void store_le(uint8_t* p, T v) {
    std::memcpy(p, &v, sizeof(T));
}

}  // namespace embx
