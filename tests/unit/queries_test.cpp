// Queries against gensim's definitions, computed here in double precision on the same rows.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "core/queries.hpp"
#include "core/stats.hpp"
#include "core/word_lookup.hpp"
#include "fixtures.hpp"

namespace embx {
namespace {

std::vector<double> unit(const EmbeddingTable& t, uint32_t r) {
    const auto v = unit_row(t, r);
    return std::vector<double>(v.begin(), v.end());
}

double dot(const std::vector<double>& a, const std::vector<double>& b) {
    double s = 0;
    for (size_t i = 0; i < a.size(); ++i) s += a[i] * b[i];
    return s;
}

std::vector<Hit> reference_add(const EmbeddingTable& t, const std::vector<std::pair<uint32_t, double>>& terms, size_t k) {
    std::vector<double> mean(t.dims(), 0.0);
    for (auto [row, w] : terms) {
        const auto u = unit(t, row);
        for (size_t i = 0; i < mean.size(); ++i) mean[i] += w * u[i];
    }
    const double n = std::sqrt(dot(mean, mean));
    for (auto& x : mean) x /= n;
    std::vector<Hit> all;
    for (uint32_t r = 0; r < t.rows(); ++r) {
        if (std::any_of(terms.begin(), terms.end(), [r](auto& p) { return p.first == r; })) continue;
        all.push_back({r, float(dot(unit(t, r), mean))});
    }
    std::sort(all.begin(), all.end(), [](const Hit& a, const Hit& b) { return a.score > b.score; });
    all.resize(k);
    return all;
}

class Queries : public ::testing::Test {
protected:
    void SetUp() override {
        auto f = test::make_float_table(400, 24, 99);
        f.words[7] = "Paris";
        table = test::to_table(f, DType::F32);
    }
    std::shared_ptr<EmbeddingTable> table;
};

TEST_F(Queries, AddMatchesTheGensimDefinition) {
    QueryOptions opt;
    opt.k = 8;
    auto r = run_query(*table, "w12 - w40 + 0.5*w77", opt);
    ASSERT_TRUE(r.ok()) << r.error();
    const auto want = reference_add(*table, {{12, 1.0}, {40, -1.0}, {77, 0.5}}, 8);
    for (size_t i = 0; i < 8; ++i) {
        EXPECT_EQ(r->hits[i].row, want[i].row) << i;
        EXPECT_NEAR(r->hits[i].score, want[i].score, 1e-5);
    }
    ASSERT_EQ(r->terms.size(), 3u);
    EXPECT_FLOAT_EQ(r->terms[2].weight, 0.5f);
}

TEST_F(Queries, MulMatchesTheGensimDefinition) {
    QueryOptions opt;
    opt.k = 5;
    opt.method = QueryMethod::Mul;
    auto r = run_query(*table, "w12 - w40 + w77", opt);
    ASSERT_TRUE(r.ok()) << r.error();
    const auto a = unit(*table, 40), b = unit(*table, 12), c = unit(*table, 77);
    std::vector<Hit> all;
    for (uint32_t x = 0; x < table->rows(); ++x) {
        if (x == 12 || x == 40 || x == 77) continue;
        const auto u = unit(*table, x);
        const double s = (1 + dot(u, b)) / 2 * (1 + dot(u, c)) / 2 / ((1 + dot(u, a)) / 2 + 1e-6);
        all.push_back({x, float(s)});
    }
    std::sort(all.begin(), all.end(), [](const Hit& p, const Hit& q) { return p.score > q.score; });
    for (size_t i = 0; i < 5; ++i) {
        EXPECT_EQ(r->hits[i].row, all[i].row);
        EXPECT_NEAR(r->hits[i].score, all[i].score, 1e-5);
    }
    opt.k = 3;
    EXPECT_FALSE(run_query(*table, "0.5*w1 + w2", opt).ok());  // cosmul takes no weights
}

TEST_F(Queries, CaseInsensitiveFallbackIsReported) {
    auto r = run_query(*table, "paris", QueryOptions{});
    ASSERT_TRUE(r.ok()) << r.error();
    EXPECT_EQ(r->terms[0].row, 7u);
    EXPECT_FALSE(r->terms[0].exact);
    EXPECT_TRUE(resolve_word(*table, "Paris")->exact);
}

TEST_F(Queries, RowsByNumber) {
    auto m = resolve_word(*table, "#7");
    ASSERT_TRUE(m.ok()) << m.error();
    EXPECT_EQ(m->row, 7u);
    auto r = run_query(*table, "#7 - #3 + w1", QueryOptions{});
    ASSERT_TRUE(r.ok()) << r.error();
    EXPECT_EQ(r->terms[0].row, 7u);
    EXPECT_EQ(r->terms[1].row, 3u);
    auto past = resolve_word(*table, "#" + std::to_string(table->rows()));
    ASSERT_FALSE(past.ok());
    EXPECT_NE(past.error().find("past the table's"), std::string::npos) << past.error();
    EXPECT_FALSE(parse_row_id("#").has_value());
    EXPECT_FALSE(parse_row_id("#12a").has_value());
    EXPECT_FALSE(parse_row_id("#123456789012").has_value());
}

TEST_F(Queries, UnknownWordsAreAllNamedWithSuggestions) {
    auto r = run_query(*table, "w12 - zzzz + w1x", QueryOptions{});
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().find("unknown word 'zzzz'"), std::string::npos) << r.error();
    EXPECT_NE(r.error().find("unknown word 'w1x' (did you mean 'w1'"), std::string::npos) << r.error();
}

TEST_F(Queries, CancellingTermsAndBadK) {
    EXPECT_NE(run_query(*table, "w3 - w3", QueryOptions{}).error().find("cancel out"), std::string::npos);
    QueryOptions opt;
    opt.k = 0;
    EXPECT_FALSE(run_query(*table, "w3", opt).ok());
}

TEST_F(Queries, SimilarityDoesntMatchRankCloserThan) {
    const double want = dot(unit(*table, 1), unit(*table, 2));
    EXPECT_NEAR(*similarity(*table, "w1", "w2"), want, 1e-6);
    // w0..w3 share a cluster; w200 is elsewhere.
    EXPECT_EQ(*doesnt_match(*table, {"w0", "w1", "w200", "w2"}), "w200");
    auto closer = closer_than(*table, "w0", "w2");
    ASSERT_TRUE(closer.ok());
    const double limit = dot(unit(*table, 0), unit(*table, 2));
    size_t count = 0;
    for (uint32_t r = 1; r < table->rows(); ++r) count += dot(unit(*table, 0), unit(*table, r)) > limit + 1e-6;
    EXPECT_NEAR(double(closer->size()), double(count), 1.0);
    EXPECT_EQ(*rank(*table, "w0", "w2"), closer->size() + 1);
    EXPECT_FALSE(doesnt_match(*table, {"w0"}).ok());
}

TEST(Stats, MatchesScipyOnSmallExamples) {
    // scipy.stats.pearsonr([1,2,3,4,5],[2,1,4,3,5]) = 0.8; spearmanr with ties below = 0.9486832980505138
    EXPECT_NEAR(pearson({1, 2, 3, 4, 5}, {2, 1, 4, 3, 5}), 0.8, 1e-12);
    EXPECT_NEAR(spearman({1, 2, 2, 3}, {1, 2, 3, 4}), 0.9486832980505138, 1e-12);
    const auto r = average_ranks({10, 20, 20, 5});
    EXPECT_EQ(r, (std::vector<double>{2, 3.5, 3.5, 1}));
}

}  // namespace
}  // namespace embx
