// Search against a brute-force double-precision reference on the same (dequantized) rows.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "core/search.hpp"
#include "fixtures.hpp"

namespace embx {
namespace {

std::vector<Hit> brute_force(const EmbeddingTable& t, const std::vector<float>& q, size_t k,
                             uint32_t exclude) {
    std::vector<float> row(t.dims());
    double qn = 0;
    for (float v : q) qn += double(v) * v;
    std::vector<Hit> all;
    for (size_t r = 0; r < t.rows(); ++r) {
        if (r == exclude) continue;
        t.row_as_float(r, row.data());
        double d = 0, rn = 0;
        for (size_t i = 0; i < row.size(); ++i) {
            d += double(row[i]) * q[i];
            rn += double(row[i]) * row[i];
        }
        all.push_back({uint32_t(r), rn > 0 ? float(d / std::sqrt(rn * qn)) : 0.0f});
    }
    std::sort(all.begin(), all.end(), [](const Hit& a, const Hit& b) {
        return a.score > b.score || (a.score == b.score && a.row < b.row);
    });
    all.resize(std::min(k, all.size()));
    return all;
}

class SearchByDtype : public ::testing::TestWithParam<DType> {};

TEST_P(SearchByDtype, NeighborsMatchBruteForceForEveryKernel) {
    const auto f = test::make_float_table(777, 100, 42);
    const auto table = test::to_table(f, GetParam());
    const double tol = GetParam() == DType::I8 ? 2e-3 : GetParam() == DType::I4 ? 2e-4 : 1e-5;
    for (const auto* k : kernels::available_kernels()) {
        for (uint32_t w : {0u, 5u, 123u, 775u}) {
            std::vector<float> q(table->dims());
            table->row_as_float(w, q.data());
            const auto want = brute_force(*table, q, 10, w);
            auto got = neighbors(*table, f.words[w], 10, k);
            ASSERT_TRUE(got.ok()) << got.error();
            ASSERT_EQ(got->size(), 10u);
            for (size_t i = 0; i < 10; ++i) {
                EXPECT_NEAR((*got)[i].score, want[i].score, tol) << k->name << " word " << w << " rank " << i;
                EXPECT_NE((*got)[i].row, w) << "the query word must be excluded";
            }
            // The cluster mates (same group of 4) are the nearest three.
            EXPECT_EQ((*got)[0].row / 4, w / 4) << k->name;
        }
    }
}

INSTANTIATE_TEST_SUITE_P(Dtypes, SearchByDtype, ::testing::Values(DType::F32, DType::F16, DType::I8, DType::I4),
                         [](const auto& param_info) { return std::string(dtype_name(param_info.param)); });

TEST(Search, KernelsGiveIdenticalI8Results) {
    const auto f = test::make_float_table(500, 1536, 3);
    const auto table = test::to_table(f, DType::I8);
    auto want = neighbors(*table, "w10", 20, &kernels::kernels_ref());
    ASSERT_TRUE(want.ok());
    for (const auto* k : kernels::available_kernels()) {
        auto got = neighbors(*table, "w10", 20, k);
        ASSERT_TRUE(got.ok());
        for (size_t i = 0; i < 20; ++i) {
            EXPECT_EQ((*got)[i].row, (*want)[i].row) << k->name;
            EXPECT_EQ((*got)[i].score, (*want)[i].score) << k->name;
        }
    }
}

TEST(Search, UnknownAndEmptyWordsAreErrors) {
    const auto table = test::to_table(test::make_float_table(20, 8, 1), DType::I8);
    auto r = neighbors(*table, "zebra", 5);
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.error().find("unknown word 'zebra'"), std::string::npos);
    EXPECT_FALSE(neighbors(*table, "", 5).ok());
    EXPECT_FALSE(neighbors(*table, "w1", 0).ok());
}

TEST(Search, KLargerThanTableReturnsAllOtherRows) {
    const auto table = test::to_table(test::make_float_table(6, 8, 1), DType::I8);
    auto r = neighbors(*table, "w1", 100);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->size(), 5u);
    // A k from a caller (embx.neighbors("w1", 2e9)) is not memory reserved up front.
    for (const size_t k : {size_t(2'000'000'000), SIZE_MAX / 16, SIZE_MAX}) {
        auto all = neighbors(*table, "w1", k);
        ASSERT_TRUE(all.ok()) << all.error();
        EXPECT_EQ(all->size(), 5u);
    }
}

TEST(Search, ZeroRowQueryIsAnErrorAndZeroRowsNeverMatch) {
    test::FloatTable f = test::make_float_table(12, 8, 9);
    std::fill(f.values.begin() + 8 * 3, f.values.begin() + 8 * 4, 0.0f);  // row 3 is all zeros
    const auto table = test::to_table(f, DType::I8);
    EXPECT_FALSE(neighbors(*table, "w3", 5).ok());
    auto r = neighbors(*table, "w2", 11);
    ASSERT_TRUE(r.ok());
    ASSERT_EQ(r->size(), 11u);
    for (const auto& h : *r) {
        EXPECT_TRUE(std::isfinite(h.score));
        if (h.row == 3) { EXPECT_EQ(h.score, 0.0f); }
    }
}

TEST(Search, RestrictRowsLimitsTheScan) {
    const auto f = test::make_float_table(200, 16, 5);
    const auto table = test::to_table(f, DType::F32);
    std::vector<float> q(16);
    table->row_as_float(150, q.data());
    SearchOptions opt;
    opt.k = 5;
    opt.restrict_rows = 100;
    auto r = nearest_to_vector(*table, q.data(), opt);
    ASSERT_TRUE(r.ok());
    for (const auto& h : *r) EXPECT_LT(h.row, 100u);
}

}  // namespace
}  // namespace embx

namespace embx {
namespace {

TEST(Search, BatchEqualsOneQueryAtATime) {
    // Odd dims too: the int8 batch path packs and multiplies only the table's dims.
    for (const size_t dims : {size_t(100), size_t(37)})
    for (DType dt : {DType::I8, DType::F32})
    // 7 queries: int8 rows scored unpacked; 53: packed tiles, and not a multiple of the kernels'
    // query groups (remainder queries).
    for (const size_t nq : {size_t(7), size_t(53)}) {
        const auto f = test::make_float_table(900, dims, 17);
        const auto table = test::to_table(f, dt);
        std::vector<float> queries(nq * dims);
        std::vector<std::vector<uint32_t>> excludes;
        for (size_t i = 0; i < nq; ++i) {
            const uint32_t row = uint32_t(i * 17 % 800);
            table->row_as_float(row, queries.data() + i * dims);
            excludes.push_back({row});
        }
        for (const auto* k : kernels::available_kernels()) {
            auto batch = nearest_batch(*table, queries.data(), nq, 6, 800, excludes, k);
            ASSERT_TRUE(batch.ok()) << batch.error();
            for (size_t i = 0; i < nq; ++i) {
                SearchOptions opt;
                opt.k = 6;
                opt.restrict_rows = 800;
                opt.exclude = excludes[i];
                opt.kernels = k;
                auto one = nearest_to_vector(*table, queries.data() + i * dims, opt);
                ASSERT_TRUE(one.ok());
                for (size_t j = 0; j < 6; ++j) {
                    EXPECT_EQ((*batch)[i][j].row, (*one)[j].row) << k->name << " dims " << dims << " q" << i;
                    EXPECT_EQ((*batch)[i][j].score, (*one)[j].score) << k->name << " dims " << dims << " q" << i;
                }
            }
        }
    }
}

}  // namespace
}  // namespace embx
