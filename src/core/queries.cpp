#include "core/queries.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "core/quantize.hpp"
#include "core/search.hpp"
#include "core/word_lookup.hpp"

namespace embx {

namespace {

const kernels::KernelSet& pick(const kernels::KernelSet* k) { return k ? *k : kernels::best_kernels(); }

// Cosine of `row` with every row of the table (up to `rows`), in one scan.
Expected<std::vector<float>> cosines_to_all(const EmbeddingTable& table, uint32_t row, size_t rows,
                                            const kernels::KernelSet& k) {
    const auto v = unit_row(table, row);
    auto q = PreparedQuery::make(table, v.data());
    if (!q) return Error{"'" + std::string(table.word(row)) + "' has a zero vector"};
    std::vector<float> out(rows);
    for (size_t r0 = 0; r0 < rows; r0 += PreparedQuery::kMaxTileRows) {
        const size_t c = std::min(PreparedQuery::kMaxTileRows, rows - r0);
        q->cosines(table, k, r0, c, out.data() + r0);
    }
    return out;
}

Expected<std::vector<Hit>> most_similar_cosmul(const EmbeddingTable& table, const std::vector<ResolvedTerm>& terms,
                                               const QueryOptions& opt) {
    std::vector<PreparedQuery> pos, neg;
    std::vector<uint32_t> exclude;
    for (const auto& t : terms) {
        if (t.weight != 1.0f && t.weight != -1.0f)
            return Error{"3CosMul takes plain + and - terms (no weights like 0.5*" + t.input + ")"};
        const auto v = unit_row(table, t.row);
        auto q = PreparedQuery::make(table, v.data());
        if (!q) return Error{"'" + t.input + "' has a zero vector"};
        (t.weight > 0 ? pos : neg).push_back(std::move(*q));
        exclude.push_back(t.row);
    }
    if (pos.empty()) return Error{"3CosMul needs at least one + term"};
    const auto& k = pick(opt.kernels);
    const size_t rows = opt.restrict_rows ? std::min(opt.restrict_rows, table.rows()) : table.rows();
    constexpr size_t kTile = PreparedQuery::kMaxTileRows;
    std::array<float, kTile> cos, num, den;
    TopK top(opt.k);
    for (size_t r0 = 0; r0 < rows; r0 += kTile) {
        const size_t c = std::min(kTile, rows - r0);
        num.fill(1.0f);
        den.fill(1.0f);
        for (const auto& q : pos) {
            q.cosines(table, k, r0, c, cos.data());
            for (size_t i = 0; i < c; ++i) num[i] *= (1.0f + cos[i]) / 2.0f;
        }
        for (const auto& q : neg) {
            q.cosines(table, k, r0, c, cos.data());
            for (size_t i = 0; i < c; ++i) den[i] *= (1.0f + cos[i]) / 2.0f;
        }
        for (size_t i = 0; i < c; ++i) {
            // gensim: prod(pos) / (prod(neg) + 1e-6), with an empty product = 1 for no negatives.
            const float s = num[i] / ((neg.empty() ? 1.0f : den[i]) + 1e-6f);
            if (!(s >= top.threshold())) continue;
            const auto r = uint32_t(r0 + i);
            if (std::find(exclude.begin(), exclude.end(), r) != exclude.end()) continue;
            top.push(r, s);
        }
    }
    return top.sorted();
}

}  // namespace

std::vector<float> unit_row(const EmbeddingTable& table, uint32_t row) {
    std::vector<float> v(table.dims());
    table.row_as_float(row, v.data());
    const float n = norm_f32(v.data(), v.size());
    if (n > 0)
        for (float& x : v) x /= n;
    return v;
}

Expected<std::vector<ResolvedTerm>> resolve_terms(const EmbeddingTable& table,
                                                  const std::vector<ExpressionTerm>& terms) {
    std::vector<ResolvedTerm> out;
    std::string unknown;
    for (const auto& t : terms) {
        auto m = resolve_word(table, t.word);
        if (!m) {
            unknown += (unknown.empty() ? "" : "; ") + m.error();
            continue;
        }
        out.push_back({t.word, m->row, t.weight, m->exact});
    }
    if (!unknown.empty()) return Error{unknown};
    return out;
}

Expected<std::vector<Hit>> most_similar(const EmbeddingTable& table, const std::vector<ResolvedTerm>& terms,
                                        const QueryOptions& opt) {
    if (opt.k == 0) return Error{"k must be at least 1"};
    if (terms.empty()) return Error{"no words to search with"};
    if (opt.method == QueryMethod::Mul) return most_similar_cosmul(table, terms, opt);
    // gensim: mean of weight * unit vectors, normalized (the normalization makes mean = sum).
    std::vector<float> mean(table.dims(), 0.0f);
    SearchOptions so;
    for (const auto& t : terms) {
        const auto v = unit_row(table, t.row);
        for (size_t i = 0; i < mean.size(); ++i) mean[i] += t.weight * v[i];
        so.exclude.push_back(t.row);
    }
    if (!(norm_f32(mean.data(), mean.size()) > 1e-6f))
        return Error{"the terms cancel out: their weighted sum is the zero vector"};
    so.k = opt.k;
    so.restrict_rows = opt.restrict_rows;
    so.kernels = opt.kernels;
    so.pool = opt.pool;
    return nearest_to_vector(table, mean.data(), so);
}

Expected<QueryResult> run_query(const EmbeddingTable& table, std::string_view expression, const QueryOptions& opt) {
    auto is_word = [&table](std::string_view w) {
        return table.vocab().find(w).has_value() || table.vocab().find_folded(w).has_value();
    };
    auto parsed = parse_expression(expression, is_word);
    if (!parsed) return Error{parsed.error()};
    auto terms = resolve_terms(table, *parsed);
    if (!terms) return Error{terms.error()};
    auto hits = most_similar(table, *terms, opt);
    if (!hits) return Error{hits.error()};
    QueryResult r;
    r.terms = std::move(*terms);
    r.hits = std::move(*hits);
    r.rows_searched = opt.restrict_rows ? std::min(opt.restrict_rows, table.rows()) : table.rows();
    return r;
}

Expected<float> similarity(const EmbeddingTable& table, std::string_view a, std::string_view b) {
    auto ra = resolve_word(table, a);
    if (!ra) return Error{ra.error()};
    auto rb = resolve_word(table, b);
    if (!rb) return Error{rb.error()};
    const auto va = unit_row(table, ra->row), vb = unit_row(table, rb->row);
    double d = 0;
    for (size_t i = 0; i < va.size(); ++i) d += double(va[i]) * vb[i];
    return float(d);
}

Expected<std::string> doesnt_match(const EmbeddingTable& table, const std::vector<std::string>& words) {
    std::vector<ExpressionTerm> terms;
    for (const auto& w : words) terms.push_back({w, 1.0f});
    auto resolved = resolve_terms(table, terms);
    if (!resolved) return Error{resolved.error()};
    if (resolved->size() < 2) return Error{"doesnt_match needs at least two words"};
    std::vector<std::vector<float>> units;
    std::vector<float> mean(table.dims(), 0.0f);
    for (const auto& t : *resolved) {
        units.push_back(unit_row(table, t.row));
        for (size_t i = 0; i < mean.size(); ++i) mean[i] += units.back()[i];
    }
    const float n = norm_f32(mean.data(), mean.size());
    if (!(n > 0)) return Error{"the words' mean vector is zero"};
    size_t worst = 0;
    double worst_d = INFINITY;
    for (size_t w = 0; w < units.size(); ++w) {
        double d = 0;
        for (size_t i = 0; i < mean.size(); ++i) d += double(units[w][i]) * mean[i] / n;
        if (d < worst_d) {  // strict: ties keep the first word, like numpy's argmin
            worst_d = d;
            worst = w;
        }
    }
    return std::string(table.word((*resolved)[worst].row));
}

Expected<std::vector<uint32_t>> closer_than(const EmbeddingTable& table, std::string_view a, std::string_view b) {
    auto ra = resolve_word(table, a);
    if (!ra) return Error{ra.error()};
    auto rb = resolve_word(table, b);
    if (!rb) return Error{rb.error()};
    auto cos = cosines_to_all(table, ra->row, table.rows(), kernels::best_kernels());
    if (!cos) return Error{cos.error()};
    // gensim compares cosine distances: closer means 1 - cos(a, x) < 1 - cos(a, b).
    const float limit = (*cos)[rb->row];
    std::vector<uint32_t> out;
    for (size_t r = 0; r < cos->size(); ++r)
        if ((*cos)[r] > limit && r != ra->row) out.push_back(uint32_t(r));
    return out;
}

Expected<size_t> rank(const EmbeddingTable& table, std::string_view a, std::string_view b) {
    auto closer = closer_than(table, a, b);
    if (!closer) return Error{closer.error()};
    return closer->size() + 1;
}

}  // namespace embx
