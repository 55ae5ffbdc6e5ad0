// Block checksums for .embx: XXH3-64 (Debian's header-only xxHash), fast enough to verify a
// stream at memory speed in wasm.
#pragma once

#include <cstddef>
#include <cstdint>

namespace embx {

uint64_t checksum64(const void* data, size_t n);

}  // namespace embx
