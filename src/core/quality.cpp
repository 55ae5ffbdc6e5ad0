#include "core/quality.hpp"

#include <algorithm>
#include <cmath>
#include <random>

#include "core/search.hpp"

namespace embx {

std::shared_ptr<EmbeddingTable> convert_table(const EmbeddingTable& source, DType dtype) {
    TableInfo info = source.info();
    info.dtype = dtype;
    info.expected_rows = source.rows();
    auto out = std::make_shared<EmbeddingTable>(info);
    out->reserve_rows(source.rows());
    std::vector<float> v(source.dims());
    for (size_t r = 0; r < source.rows(); ++r) {
        source.row_as_float(r, v.data());
        out->append_float_row(source.word(r), v.data());
    }
    return out;
}

Expected<QualityReport> measure_quality(const EmbeddingTable& exact, const EmbeddingTable& approx, size_t queries,
                                        size_t k, size_t pool, uint64_t seed) {
    if (exact.rows() != approx.rows() || exact.dims() != approx.dims())
        return Error{"the two tables must hold the same rows"};
    if (exact.dtype() != DType::F32) return Error{"the reference table must be float32"};
    pool = std::min(pool, exact.rows());
    if (queries == 0 || queries > pool) return Error{"need between 1 and " + std::to_string(pool) + " queries"};

    // Distinct query rows, skipping all-zero rows (they have no direction).
    std::mt19937_64 rng(seed);
    std::vector<uint32_t> rows(pool);
    for (size_t i = 0; i < pool; ++i) rows[i] = uint32_t(i);
    std::shuffle(rows.begin(), rows.end(), rng);
    std::vector<uint32_t> picked;
    for (uint32_t r : rows) {
        if (picked.size() == queries) break;
        if (exact.norm(r) > 0) picked.push_back(r);
    }
    const size_t n = picked.size();
    std::vector<float> qv(n * exact.dims());
    std::vector<std::vector<uint32_t>> excludes;
    for (size_t i = 0; i < n; ++i) {
        exact.row_as_float(picked[i], qv.data() + i * exact.dims());
        excludes.push_back({picked[i]});
    }
    auto want = nearest_batch(exact, qv.data(), n, k, 0, excludes);
    if (!want) return Error{want.error()};
    auto got = nearest_batch(approx, qv.data(), n, k, 0, excludes);
    if (!got) return Error{got.error()};

    QualityReport rep;
    rep.queries = n;
    rep.k = k;
    double hits = 0, err = 0;
    size_t err_count = 0;
    std::vector<float> tile(1);
    for (size_t i = 0; i < n; ++i) {
        for (const Hit& h : (*want)[i])
            hits += std::any_of((*got)[i].begin(), (*got)[i].end(), [&](const Hit& g) { return g.row == h.row; });
        // The quantized table's cosine for each true neighbour.
        auto q = PreparedQuery::make(approx, qv.data() + i * exact.dims());
        if (!q) return Error{q.error()};
        for (const Hit& h : (*want)[i]) {
            q->cosines(approx, kernels::best_kernels(), h.row, 1, tile.data());
            const double e = std::fabs(double(tile[0]) - double(h.score));
            err += e;
            rep.max_abs_cos_error = std::max(rep.max_abs_cos_error, e);
            ++err_count;
        }
    }
    rep.recall = hits / double(n * k);
    rep.mean_abs_cos_error = err_count ? err / double(err_count) : 0;
    return rep;
}

}  // namespace embx
