#include "core/batch_scorer.hpp"

#include <algorithm>

namespace embx {

namespace {

// Queries per dot_packed_i8 call: their dot products (16 x 64 int32, 4 KB) are used right after.
constexpr size_t kQueryGroup = 16;
// Packing a tile costs about as much as scoring ~40 queries on it unpacked (measured: 8
// queries over a 341,479 x 100 table 71 ms unpacked vs 242 ms packed; 64 queries 528 vs 417
// ms), so small batches (a graph's dozen words) score the rows as they are, one query after
// another, while the tile is in L1.
constexpr size_t kMinPackedBatch = 48;

}  // namespace

BatchScorer::BatchScorer(const EmbeddingTable& table, const std::vector<PreparedQuery>& queries,
                         const kernels::KernelSet& kernels)
    : table_(table), queries_(queries), kernels_(kernels) {
    packed_ = table.dtype() == DType::I8 && queries.size() >= kMinPackedBatch;
    if (!packed_) return;
    // Only the table's dims are packed and multiplied (100 of 112 padded values for GloVe):
    // the padding is zero in rows and queries alike, so the dots do not change.
    qstride_ = align_up(table.dims(), 16);
    q16_.assign(queries.size() * qstride_, 0);
    qscale_.assign(queries.size(), 0.0f);
    for (size_t i = 0; i < queries.size(); ++i) {
        const PreparedQuery& q = queries[i];
        if (q.padded_dims() != qstride_) continue;  // not prepared: zeros, scale 0
        std::copy_n(q.q16(), qstride_, q16_.data() + i * qstride_);
        qscale_[i] = q.qscale();
    }
    tile_.resize(kernels::packed_i8_values(kTileRows, table.dims()));
    dots_.resize(kQueryGroup * kernels::packed_rows(kTileRows));
}

void BatchScorer::load_tile(size_t r0, size_t count) {
    r0_ = r0;
    count_ = count;
    group_ = SIZE_MAX;
    if (packed_) kernels::pack_rows_i8(table_.row_data(r0), table_.row_bytes(), count, table_.dims(), tile_.data());
}

bool BatchScorer::cosines(size_t j, float threshold, float* out) {
    if (!packed_) {
        const PreparedQuery& q = queries_[j];
        if (q.padded_dims() == 0) {
            std::fill_n(out, count_, 0.0f);
            return 0.0f >= threshold;
        }
        return q.cosines_above(table_, kernels_, r0_, count_, threshold, out);
    }
    const size_t pr = kernels::packed_rows(count_), g = j / kQueryGroup * kQueryGroup;
    if (g != group_) {
        const size_t m = std::min(kQueryGroup, queries_.size() - g);
        kernels_.dot_packed_i8(tile_.data(), pr, q16_.data() + g * qstride_, qstride_, m, table_.dims(), dots_.data());
        group_ = g;
    }
    return kernels_.cosines_i8(dots_.data() + (j - g) * pr, table_.cosine_factors() + r0_, count_, qscale_[j],
                               threshold, out);
}

}  // namespace embx
