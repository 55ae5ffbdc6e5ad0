// Exact cosine search over every row present in a table (or the first N rows).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "core/embedding_table.hpp"
#include "core/kernels/dot.hpp"
#include "core/status.hpp"
#include "core/topk.hpp"

namespace embx {

struct SearchOptions {
    size_t k = 10;
    size_t restrict_rows = 0;            // 0 = all rows present (like gensim's restrict_vocab)
    std::vector<uint32_t> exclude;       // rows never returned (e.g. the query words)
    const kernels::KernelSet* kernels = nullptr;  // nullptr = fastest available
};

// Rows ranked by cosine similarity to `query` (`dims` floats, any non-zero length).
Expected<std::vector<Hit>> nearest_to_vector(const EmbeddingTable& table, const float* query,
                                             const SearchOptions& opt);

// The k rows nearest to `word`, the word itself excluded.
Expected<std::vector<Hit>> neighbors(const EmbeddingTable& table, std::string_view word, size_t k,
                                     const kernels::KernelSet* kernels = nullptr);

// Row id of `word` or an error that names it.
Expected<uint32_t> lookup_word(const EmbeddingTable& table, std::string_view word);

}  // namespace embx
