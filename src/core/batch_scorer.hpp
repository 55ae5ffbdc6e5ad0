// Cosines of many queries to a table, one tile of rows at a time, so each tile is read from
// memory once for all of them. For int8 tables with enough queries the tile is packed once
// (kernels::pack_rows_i8) and scored by dot_packed_i8 for a group of queries per call; the
// cosines are bit for bit those of a one-query scan either way.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/search.hpp"

namespace embx {

class BatchScorer {
public:
    // 64 int8 rows of 100-d packed as int16 are 14 KB: the tile stays in L1 while every query
    // passes over it.
    static constexpr size_t kTileRows = 64;

    // `queries` must outlive the scorer. A default-constructed PreparedQuery (a query that
    // could not be prepared) scores 0 on every row.
    BatchScorer(const EmbeddingTable& table, const std::vector<PreparedQuery>& queries,
                const kernels::KernelSet& kernels);

    // Makes rows [r0, r0 + count) the current tile; count <= kTileRows.
    void load_tile(size_t r0, size_t count);

    // The cosines of query j to the current tile's rows into `out` (count values), and whether
    // any is >= threshold (false means none is; may be true for f32/f16/int4 tables). Cheapest
    // when queries are asked in increasing order within a tile.
    bool cosines(size_t j, float threshold, float* out);

private:
    const EmbeddingTable& table_;
    const std::vector<PreparedQuery>& queries_;
    const kernels::KernelSet& kernels_;
    bool packed_ = false;
    size_t r0_ = 0, count_ = 0;
    // Packed mode: the int16 queries back to back, the packed tile, and the dot products of
    // the group of queries last scored on it.
    size_t qstride_ = 0;
    std::vector<int16_t> q16_;
    std::vector<float> qscale_;
    std::vector<int16_t> tile_;
    std::vector<int32_t> dots_;
    size_t group_ = SIZE_MAX;
};

}  // namespace embx
