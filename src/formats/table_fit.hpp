// The one memory check every importer makes when a header announces its rows, before anything
// is allocated for them: the table must be addressable by this build and fit the memory limit
// the caller gave (the page's free heap). A header is untrusted: rows x width is computed in
// 64 bits and the per-row cost counts the index and word text, not only the vector.
#pragma once

#include <cstdint>
#include <string>

#include "core/embedding_table.hpp"

#include "core/dtype.hpp"
#include "core/status.hpp"

namespace embx {

// An error starting with `who` that says how much memory the rows need, how much there is and
// how many rows of this width would fit; success when they fit. `memory_limit` 0 = no limit.
Status check_table_fits(const std::string& who, uint64_t rows, DType dtype, uint32_t dims, uint64_t memory_limit);

// "out of memory after N rows", with the limit the table reached when it had one.
std::string out_of_memory(const EmbeddingTable& table);

}  // namespace embx
