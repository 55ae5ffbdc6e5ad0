#include "formats/checksum.hpp"

#define XXH_INLINE_ALL
#include <xxhash.h>

namespace embx {

uint64_t checksum64(const void* data, size_t n) { return XXH3_64bits(data, n); }

}  // namespace embx
