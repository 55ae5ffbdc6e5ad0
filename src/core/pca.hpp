// Principal component analysis of a table's rows (dequantized to float), the way numpy/sklearn
// compute it on the float vectors: centre, covariance, symmetric eigendecomposition; the
// coordinates are the centred rows projected on the top components.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

#include "core/embedding_table.hpp"
#include "core/status.hpp"

namespace embx {

struct PcaOptions {
    int dims = 2;           // output components: 2 or 3 (any 1..table dims is accepted)
    size_t limit = 0;       // first N rows (frequency order); 0 = every row present
    bool spherize = false;  // centre, then scale each row to unit length before the PCA
                            // (what the TensorFlow Projector does silently at >= 50 dims)
};

struct PcaResult {
    int dims = 0;
    size_t rows = 0;
    std::vector<float> coords;                     // rows x dims, row-major
    std::vector<double> explained_variance;        // one per component (sample variance, n-1)
    std::vector<double> explained_variance_ratio;  // like sklearn's
    std::vector<float> mean;                       // table dims
    std::vector<float> components;                 // dims x table dims, unit length, row-major
};

// progress(fraction in [0,1]) is called now and then; returning false cancels (error result).
using PcaProgress = std::function<bool(double)>;

Expected<PcaResult> pca(const EmbeddingTable& table, const PcaOptions& opt,
                        const PcaProgress& progress = nullptr);

}  // namespace embx
