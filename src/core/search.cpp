#include "core/search.hpp"

#include <algorithm>
#include <cmath>

#include "core/half.hpp"
#include "core/quantize.hpp"

namespace embx {

namespace {

constexpr size_t kTileRows = 1024;

bool is_excluded(const std::vector<uint32_t>& ex, uint32_t r) {
    return std::find(ex.begin(), ex.end(), r) != ex.end();
}

// Feeds a tile of raw dot products into the heap, scaled to cosines.
template <typename T>
void collect(const T* dots, size_t r0, size_t count, float qscale, const float* factors,
             const std::vector<uint32_t>& exclude, TopK& top) {
    for (size_t i = 0; i < count; ++i) {
        const float s = float(dots[i]) * qscale * factors[r0 + i];
        if (!(s >= top.threshold())) continue;  // also drops NaN
        const auto r = uint32_t(r0 + i);
        if (!exclude.empty() && is_excluded(exclude, r)) continue;
        top.push(r, s);
    }
}

}  // namespace

Expected<uint32_t> lookup_word(const EmbeddingTable& table, std::string_view word) {
    if (word.empty()) return Error{"empty query: type a word"};
    if (auto id = table.vocab().find(word)) return *id;
    std::string msg = "unknown word '" + std::string(word) + "'";
    if (!table.complete())
        msg += " (only " + std::to_string(table.rows()) + " of " +
               std::to_string(table.info().expected_rows) + " words loaded so far)";
    return Error{msg};
}

Expected<std::vector<Hit>> nearest_to_vector(const EmbeddingTable& table, const float* query,
                                             const SearchOptions& opt) {
    if (opt.k == 0) return Error{"k must be at least 1"};
    const size_t dims = table.dims();
    size_t rows = table.rows();
    if (opt.restrict_rows) rows = std::min(rows, opt.restrict_rows);

    // Unit query, zero-padded to a multiple of 16 (rows are zero-padded too, and the padding
    // lets the kernels run without a scalar tail).
    const size_t n = align_up(dims, 16);
    std::vector<float> q(n, 0.0f);
    const float qn = norm_f32(query, dims);
    if (!(qn > 0) || !std::isfinite(qn)) return Error{"query vector is zero or not finite"};
    for (size_t i = 0; i < dims; ++i) q[i] = query[i] / qn;

    const kernels::KernelSet& k = opt.kernels ? *opt.kernels : kernels::best_kernels();
    const float* factors = table.cosine_factors();
    TopK top(opt.k);

    switch (table.dtype()) {
        case DType::I8: {
            std::vector<int16_t> qi(n, 0);
            const float qscale = quantize_query_i16(q.data(), n, qi.data());
            std::vector<int32_t> dots(kTileRows);
            for (size_t r0 = 0; r0 < rows; r0 += kTileRows) {
                const size_t c = std::min(kTileRows, rows - r0);
                k.dot_rows_i8(table.row_data(r0), table.row_bytes(), c, qi.data(), n, dots.data());
                collect(dots.data(), r0, c, qscale, factors, opt.exclude, top);
            }
            break;
        }
        case DType::F32: {
            std::vector<float> dots(kTileRows);
            for (size_t r0 = 0; r0 < rows; r0 += kTileRows) {
                const size_t c = std::min(kTileRows, rows - r0);
                k.dot_rows_f32(table.row_data(r0), table.row_bytes(), c, q.data(), n, dots.data());
                collect(dots.data(), r0, c, 1.0f, factors, opt.exclude, top);
            }
            break;
        }
        case DType::F16: {
            // No f16 kernels yet: widen each row to f32, then use the f32 kernel.
            std::vector<float> row(n, 0.0f);
            for (size_t r = 0; r < rows; ++r) {
                const auto* h = reinterpret_cast<const uint16_t*>(table.row_data(r));
                for (size_t i = 0; i < dims; ++i) row[i] = f16_to_f32(h[i]);
                const float d = k.dot_f32(row.data(), q.data(), n);
                collect(&d, r, 1, 1.0f, factors, opt.exclude, top);
            }
            break;
        }
    }
    return top.sorted();
}

Expected<std::vector<Hit>> neighbors(const EmbeddingTable& table, std::string_view word, size_t k,
                                     const kernels::KernelSet* kernels) {
    auto id = lookup_word(table, word);
    if (!id) return Error{id.error()};
    std::vector<float> v(table.dims());
    table.row_as_float(*id, v.data());
    SearchOptions opt;
    opt.k = k;
    opt.exclude = {*id};
    opt.kernels = kernels;
    return nearest_to_vector(table, v.data(), opt);
}

}  // namespace embx
