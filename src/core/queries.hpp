// The questions people ask of embeddings, with gensim's definitions (KeyedVectors) so the
// answers agree with the reference people trust:
//   most_similar   3CosAdd: unit(sum of weight * unit(v_i)); cosine to every row; inputs excluded
//   most_similar_cosmul  3CosMul (Levy & Goldberg): prod((1+cos(x,p))/2) / (prod((1+cos(x,n))/2) + 1e-6)
//   similarity(a, b)     cosine
//   doesnt_match(words)  the word least similar to unit(mean of the unit vectors)
//   closer_than(a, b)    words closer to a than b is (cosine distance), a excluded
//   rank(a, b)           len(closer_than(a, b)) + 1
// Scores returned are what gensim reports: cosines for 3CosAdd, the products for 3CosMul.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/embedding_table.hpp"
#include "core/expression.hpp"
#include "core/kernels/dot.hpp"
#include "core/status.hpp"
#include "core/topk.hpp"

namespace embx {

class ScanPool;

enum class QueryMethod { Add, Mul };

struct ResolvedTerm {
    std::string input;  // as typed
    uint32_t row = 0;
    float weight = 1;
    bool exact = true;  // false: matched case-insensitively
};

struct QueryOptions {
    size_t k = 10;
    QueryMethod method = QueryMethod::Add;
    size_t restrict_rows = 0;  // 0 = all rows present
    const kernels::KernelSet* kernels = nullptr;
    ScanPool* pool = nullptr;  // 3CosAdd scans split over its threads (see SearchOptions)
};

struct QueryResult {
    std::vector<ResolvedTerm> terms;
    std::vector<Hit> hits;
    size_t rows_searched = 0;
};

// Looks every term up; one error lists all unknown words with spelling suggestions.
Expected<std::vector<ResolvedTerm>> resolve_terms(const EmbeddingTable& table,
                                                  const std::vector<ExpressionTerm>& terms);

// Parses and answers an expression such as "italy - rome + london".
Expected<QueryResult> run_query(const EmbeddingTable& table, std::string_view expression,
                                const QueryOptions& opt);

// gensim most_similar / most_similar_cosmul on resolved terms.
Expected<std::vector<Hit>> most_similar(const EmbeddingTable& table, const std::vector<ResolvedTerm>& terms,
                                        const QueryOptions& opt);

Expected<float> similarity(const EmbeddingTable& table, std::string_view a, std::string_view b);
Expected<std::string> doesnt_match(const EmbeddingTable& table, const std::vector<std::string>& words);
Expected<std::vector<uint32_t>> closer_than(const EmbeddingTable& table, std::string_view a, std::string_view b);
Expected<size_t> rank(const EmbeddingTable& table, std::string_view a, std::string_view b);

// Unit-length float vector of a row (dequantized), dims values.
std::vector<float> unit_row(const EmbeddingTable& table, uint32_t row);

}  // namespace embx
