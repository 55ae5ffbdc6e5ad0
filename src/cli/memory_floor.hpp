// The memory-bandwidth floor of a benchmark: the best-of-N time of one pass that reads every
// byte of some buffers (sums 64-bit words into `sink`, which the caller prints so the loop
// cannot be optimised away). A scan or a forward pass cannot beat reading its data once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace embx::cli {

double read_seconds(const std::vector<std::pair<const uint8_t*, size_t>>& buffers, uint64_t& sink);
inline double read_seconds(const uint8_t* p, size_t n, uint64_t& sink) { return read_seconds({{p, n}}, sink); }

}  // namespace embx::cli
