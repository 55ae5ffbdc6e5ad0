// A read the caller performs for a parser that cannot do I/O: `length` bytes of `file` (a path
// in the model folder) at `offset`. Natively fulfilled with pread, on the page with File.slice.
#pragma once

#include <cstdint>
#include <string>

namespace embx {

struct ByteRequest {
    std::string file;
    uint64_t offset = 0, length = 0;
};

}  // namespace embx
