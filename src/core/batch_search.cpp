// nearest_batch: exact top-k for many queries, tiled so each block of rows is read (and, for
// int8 tables, packed for dot_packed_i8) once for all the queries.
#include <algorithm>
#include <array>

#include "core/search.hpp"

namespace embx {

namespace {

// 64 int8 rows of 100-d packed as int16 are 14 KB: the tile stays in L1 while every query
// of the batch passes over it.
constexpr size_t kTileRows = 64;
// Queries per kernel call: their dot products (16 x 64 int32, 4 KB) are scored right after.
constexpr size_t kQueryGroup = 16;
// Packing a tile costs about as much as scoring ~40 queries on it unpacked (measured: 8
// queries over a 341,479 x 100 table 71 ms unpacked vs 242 ms packed; 64 queries 528 vs 417 ms), so small
// batches (a graph's dozen words) score the rows as they are, one query after another, while
// the tile is in L1.
constexpr size_t kMinPackedBatch = 48;

}  // namespace

Expected<std::vector<std::vector<Hit>>> nearest_batch(const EmbeddingTable& table, const float* queries,
                                                      size_t count, size_t k, size_t restrict_rows,
                                                      const std::vector<std::vector<uint32_t>>& excludes,
                                                      const kernels::KernelSet* kernels) {
    if (k == 0) return Error{"k must be at least 1"};
    if (!excludes.empty() && excludes.size() != count) return Error{"one exclusion list per query expected"};
    std::vector<PreparedQuery> prepared;
    prepared.reserve(count);
    for (size_t i = 0; i < count; ++i) {
        auto q = PreparedQuery::make(table, queries + i * table.dims());
        if (!q) return Error{"query " + std::to_string(i) + ": " + q.error()};
        prepared.push_back(std::move(*q));
    }
    const kernels::KernelSet& kset = kernels ? *kernels : kernels::best_kernels();
    const size_t rows = restrict_rows ? std::min(table.rows(), restrict_rows) : table.rows();
    std::vector<TopK> tops(count, TopK(k));
    static const std::vector<uint32_t> none;
    auto exclude_of = [&](size_t i) -> const std::vector<uint32_t>& { return excludes.empty() ? none : excludes[i]; };

    if (table.dtype() == DType::I8 && count >= kMinPackedBatch) {
        // The int16 queries back to back (the kernel takes a base and a stride), the tile packed
        // once for all of them; both buffers are allocated once.
        // Only the table's dims are packed and multiplied (100 of 112 padded values for GloVe):
        // the padding is zero in rows and queries alike, so the dots do not change.
        const size_t stride = prepared[0].padded_dims(), n = table.dims();
        std::vector<int16_t> q16(count * stride);
        for (size_t i = 0; i < count; ++i) std::copy_n(prepared[i].q16(), stride, q16.data() + i * stride);
        std::vector<int16_t> packed(kernels::packed_i8_values(kTileRows, n));
        std::vector<int32_t> dots(kQueryGroup * kernels::packed_rows(kTileRows));
        std::array<float, kTileRows> scores;
        for (size_t r0 = 0; r0 < rows; r0 += kTileRows) {
            const size_t c = std::min(kTileRows, rows - r0), pr = kernels::packed_rows(c);
            kernels::pack_rows_i8(table.row_data(r0), table.row_bytes(), c, n, packed.data());
            const float* factors = table.cosine_factors() + r0;
            for (size_t g = 0; g < count; g += kQueryGroup) {
                const size_t m = std::min(kQueryGroup, count - g);
                kset.dot_packed_i8(packed.data(), pr, q16.data() + g * stride, stride, m, n, dots.data());
                // Once a heap is full, most tiles hold no row that can enter it: one vector pass
                // tells, and only the others are walked row by row.
                for (size_t j = 0; j < m; ++j) {
                    TopK& top = tops[g + j];
                    if (kset.cosines_i8(dots.data() + j * pr, factors, c, prepared[g + j].qscale(), top.threshold(),
                                        scores.data()))
                        collect_scores(scores.data(), r0, c, exclude_of(g + j), top);
                }
            }
        }
    } else {
        std::array<float, kTileRows> scores;
        for (size_t r0 = 0; r0 < rows; r0 += kTileRows) {
            const size_t c = std::min(kTileRows, rows - r0);
            for (size_t i = 0; i < count; ++i) {
                if (prepared[i].cosines_above(table, kset, r0, c, tops[i].threshold(), scores.data()))
                    collect_scores(scores.data(), r0, c, exclude_of(i), tops[i]);
            }
        }
    }
    std::vector<std::vector<Hit>> out;
    out.reserve(count);
    for (const auto& t : tops) out.push_back(t.sorted());
    return out;
}

}  // namespace embx
