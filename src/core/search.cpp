#include "core/search.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "core/quantize.hpp"
#include "core/scan_pool.hpp"
#include "core/word_lookup.hpp"

namespace embx {

namespace {

size_t rows_to_scan(const EmbeddingTable& t, size_t restrict_rows) {
    return restrict_rows ? std::min(t.rows(), restrict_rows) : t.rows();
}

}  // namespace

Expected<PreparedQuery> PreparedQuery::make(const EmbeddingTable& table, const float* v) {
    const size_t dims = table.dims();
    PreparedQuery q;
    // Zero padding to a multiple of 16 lets the kernels run without a tail; rows are
    // zero-padded the same way, so the extra products are 0.
    q.n_ = align_up(dims, 16);
    q.unit_.assign(q.n_, 0.0f);
    const float norm = norm_f32(v, dims);
    if (!(norm > 0) || !std::isfinite(norm)) return Error{"query vector is zero or not finite"};
    for (size_t i = 0; i < dims; ++i) q.unit_[i] = v[i] / norm;
    if (table.dtype() == DType::I8 || table.dtype() == DType::I4) {
        q.q16_.assign(q.n_, 0);
        q.qscale_ = quantize_query_i16(q.unit_.data(), q.n_, q.q16_.data());
    }
    return q;
}

bool PreparedQuery::cosines_above(const EmbeddingTable& table, const kernels::KernelSet& k, size_t r0,
                                  size_t count, float threshold, float* out) const {
    const float* factors = table.cosine_factors() + r0;
    switch (table.dtype()) {
        case DType::I8:
            return k.scores_rows_i8(table.row_data(r0), table.row_bytes(), count, q16_.data(), n_, factors, qscale_,
                                    threshold, out);
        case DType::I4:
            k.dot_rows_i4(table.row_data(r0), table.row_bytes(), count, q16_.data(), table.dims(), out);
            for (size_t i = 0; i < count; ++i) out[i] *= qscale_ * factors[i];
            break;
        case DType::F32:
            k.dot_rows_f32(table.row_data(r0), table.row_bytes(), count, unit_.data(), n_, out);
            for (size_t i = 0; i < count; ++i) out[i] *= factors[i];
            break;
        case DType::F16:
            k.dot_rows_f16(table.row_data(r0), table.row_bytes(), count, unit_.data(), n_, out);
            for (size_t i = 0; i < count; ++i) out[i] *= factors[i];
            break;
    }
    return true;
}

void collect_scores(const float* scores, size_t r0, size_t count, const std::vector<uint32_t>& exclude,
                    TopK& top) {
    // The threshold lives in a register: it only changes when a row enters the heap (rare).
    float threshold = top.threshold();
    constexpr size_t kBlock = 16;
    for (size_t b = 0; b < count; b += kBlock) {
        const size_t e = std::min(count, b + kBlock);
        // Most blocks hold no candidate: one branch-free (vectorizable) pass tells.
        bool any = false;
        for (size_t i = b; i < e; ++i) any |= scores[i] >= threshold;
        if (!any) continue;
        for (size_t i = b; i < e; ++i) {
            const float s = scores[i];
            if (!(s >= threshold)) continue;  // also drops NaN
            const auto r = uint32_t(r0 + i);
            if (!exclude.empty() && std::find(exclude.begin(), exclude.end(), r) != exclude.end()) continue;
            top.push(r, s);
            threshold = top.threshold();
        }
    }
}

size_t scan_part_start(size_t rows, size_t parts, size_t p) {
    constexpr size_t tile = PreparedQuery::kMaxTileRows;
    const size_t tiles = (rows + tile - 1) / tile;
    return std::min(rows, tiles * p / parts * tile);
}

Expected<std::vector<Hit>> nearest_to_vector(const EmbeddingTable& table, const float* query,
                                             const SearchOptions& opt) {
    if (opt.k == 0) return Error{"k must be at least 1"};
    auto q = PreparedQuery::make(table, query);
    if (!q) return Error{q.error()};
    const kernels::KernelSet& k = opt.kernels ? *opt.kernels : kernels::best_kernels();
    const size_t rows = rows_to_scan(table, opt.restrict_rows);
    constexpr size_t tile = PreparedQuery::kMaxTileRows;
    auto scan = [&](size_t begin, size_t end, TopK& top) {
        std::array<float, tile> scores;
        for (size_t r0 = begin; r0 < end; r0 += tile) {
            const size_t c = std::min(tile, end - r0);
            if (q->cosines_above(table, k, r0, c, top.threshold(), scores.data()))
                collect_scores(scores.data(), r0, c, opt.exclude, top);
        }
    };
    // Small scans stay on one thread: handing work to other threads costs tens of microseconds.
    const size_t parts = opt.pool && rows >= 16 * tile ? opt.pool->threads() : 1;
    const size_t keep = std::min(opt.k, std::max<size_t>(rows, 1));  // more than the rows is all of them
    TopK top(keep);
    if (parts == 1) {
        scan(std::min(opt.first_row, rows), rows, top);
        return top.sorted();
    }
    // Each range's top k holds all of its rows that can be in the overall top k.
    std::vector<TopK> tops(parts, TopK(keep));
    opt.pool->run(parts, [&](size_t p) {
        scan(std::max(opt.first_row, scan_part_start(rows, parts, p)),
             std::max(opt.first_row, scan_part_start(rows, parts, p + 1)), tops[p]);
    });
    for (const TopK& t : tops)
        for (const Hit& h : t.sorted()) top.push(h.row, h.score);
    return top.sorted();
}

Expected<std::vector<Hit>> neighbors(const EmbeddingTable& table, std::string_view word, size_t k,
                                     const kernels::KernelSet* kernels, ScanPool* pool) {
    auto m = resolve_word(table, word);
    if (!m) return Error{m.error()};
    std::vector<float> v(table.dims());
    table.row_as_float(m->row, v.data());
    SearchOptions opt;
    opt.k = k;
    opt.exclude = {m->row};
    opt.kernels = kernels;
    opt.pool = pool;
    return nearest_to_vector(table, v.data(), opt);
}

}  // namespace embx
