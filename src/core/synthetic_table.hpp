// A random int8 table of any shape (fixed seed), for benchmarks: the scan costs the same
// whatever the values, so an LLM-sized table needs no download. Rows are named t0, t1, ...
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

#include "core/embedding_table.hpp"
#include "core/status.hpp"

namespace embx {

Expected<std::shared_ptr<EmbeddingTable>> make_synthetic_i8_table(size_t rows, size_t dims, uint32_t seed = 7);

}  // namespace embx
