// Exact cosine search over every row present in a table (or the first N rows): one query, or
// many queries tiled over row blocks so each block is read from memory once for all of them.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "core/embedding_table.hpp"
#include "core/kernels/dot.hpp"
#include "core/status.hpp"
#include "core/topk.hpp"

namespace embx {

class ScanPool;

// A query vector prepared for one table: unit length, zero-padded to the kernels' width, and
// quantized to int16 for int8/int4 tables (so quantization error comes from the table only).
class PreparedQuery {
public:
    // Error for a zero or non-finite vector. `v` has table.dims() values.
    static Expected<PreparedQuery> make(const EmbeddingTable& table, const float* v);

    // Cosines between the query and rows [r0, r0 + count); count <= kMaxTileRows.
    void cosines(const EmbeddingTable& table, const kernels::KernelSet& k, size_t r0, size_t count,
                 float* out) const {
        cosines_above(table, k, r0, count, -INFINITY, out);
    }
    // The same cosines, and whether any can be >= threshold (false only when none is): a scan
    // whose top-k heap is full skips most tiles after this one pass. May say true for f32/f16/int4.
    bool cosines_above(const EmbeddingTable& table, const kernels::KernelSet& k, size_t r0, size_t count,
                       float threshold, float* out) const;

    static constexpr size_t kMaxTileRows = 1024;

    // The int16 query and its scale (int8 tables), for kernels that take several queries.
    const int16_t* q16() const { return q16_.data(); }
    float qscale() const { return qscale_; }
    size_t padded_dims() const { return n_; }

private:
    std::vector<float> unit_;   // padded length n_
    std::vector<int16_t> q16_;  // int8 tables only
    float qscale_ = 0;
    size_t n_ = 0;
};

struct SearchOptions {
    size_t k = 10;
    size_t restrict_rows = 0;            // 0 = all rows present (like gensim's restrict_vocab)
    std::vector<uint32_t> exclude;       // rows never returned (e.g. the query words)
    const kernels::KernelSet* kernels = nullptr;  // nullptr = fastest available
    ScanPool* pool = nullptr;  // split the scan into row ranges over its threads (same results)
    size_t first_row = 0;      // scan rows [first_row, restrict_rows or all): one part of a split
};

// Offers rows r0 + i with scores[i] >= top.threshold() (NaN never) to `top`, except those in
// `exclude`.
void collect_scores(const float* scores, size_t r0, size_t count, const std::vector<uint32_t>& exclude,
                    TopK& top);

// Where part p of `parts` starts when rows [0, rows) are split into ranges of whole tiles
// (p == parts gives `rows`), so every row gets the very score a one-thread scan gives it.
size_t scan_part_start(size_t rows, size_t parts, size_t p);

// Rows ranked by cosine similarity to `query` (`dims` floats, any non-zero length).
Expected<std::vector<Hit>> nearest_to_vector(const EmbeddingTable& table, const float* query,
                                             const SearchOptions& opt);

// The k rows nearest to `word` (exact, else case-insensitive match), the word itself excluded.
Expected<std::vector<Hit>> neighbors(const EmbeddingTable& table, std::string_view word, size_t k,
                                     const kernels::KernelSet* kernels = nullptr, ScanPool* pool = nullptr);

// Top-k for many queries at once (`queries`: count x dims floats, row-major); excludes[i]
// applies to query i (may be empty). Each result list is best first.
Expected<std::vector<std::vector<Hit>>> nearest_batch(const EmbeddingTable& table, const float* queries,
                                                      size_t count, size_t k, size_t restrict_rows,
                                                      const std::vector<std::vector<uint32_t>>& excludes,
                                                      const kernels::KernelSet* kernels = nullptr);

}  // namespace embx
