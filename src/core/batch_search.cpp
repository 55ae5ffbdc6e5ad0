// nearest_batch: exact top-k for many queries, tiled so each block of rows is read (and, for
// int8 tables, packed for dot_packed_i8) once for all the queries.
#include <algorithm>
#include <array>

#include "core/batch_scorer.hpp"
#include "core/search.hpp"

namespace embx {

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

    BatchScorer scorer(table, prepared, kset);
    std::array<float, BatchScorer::kTileRows> scores;
    for (size_t r0 = 0; r0 < rows; r0 += BatchScorer::kTileRows) {
        const size_t c = std::min(BatchScorer::kTileRows, rows - r0);
        scorer.load_tile(r0, c);
        // Once a heap is full, most tiles hold no row that can enter it: one vector pass tells,
        // and only the others are walked row by row.
        for (size_t i = 0; i < count; ++i)
            if (scorer.cosines(i, tops[i].threshold(), scores.data()))
                collect_scores(scores.data(), r0, c, exclude_of(i), tops[i]);
    }
    std::vector<std::vector<Hit>> out;
    out.reserve(count);
    for (const auto& t : tops) out.push_back(t.sorted());
    return out;
}

}  // namespace embx
