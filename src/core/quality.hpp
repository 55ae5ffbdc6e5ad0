// How much a quantized table changes the answers: recall@k of its nearest neighbours against
// the exact ones of a float32 table with the same rows, and the mean absolute error of the
// cosines it reports for the true neighbours.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

#include "core/embedding_table.hpp"
#include "core/status.hpp"

namespace embx {

struct QualityReport {
    size_t queries = 0, k = 0;
    double recall = 0;            // mean |approx top-k ∩ exact top-k| / k
    double mean_abs_cos_error = 0;  // over each query's exact top-k rows
    double max_abs_cos_error = 0;
};

// Queries are `queries` distinct rows drawn (fixed seed) from the first `pool` rows (frequent
// words, which people actually look up); each query word is excluded from its own results.
Expected<QualityReport> measure_quality(const EmbeddingTable& exact_f32, const EmbeddingTable& quantized,
                                        size_t queries = 1000, size_t k = 10, size_t pool = 20000,
                                        uint64_t seed = 12345);

// A copy of `source`'s rows in another dtype (quantized from its float values).
std::shared_ptr<EmbeddingTable> convert_table(const EmbeddingTable& source, DType dtype);

}  // namespace embx
