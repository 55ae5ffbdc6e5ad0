// ScanPool and the multi-threaded single-query scan: the same hits in the same order as the
// one-thread scan, for every dtype, with ties, exclusions and restricted row counts.
#include <gtest/gtest.h>

#include <atomic>
#include <vector>

#include "core/background_search.hpp"
#include "core/queries.hpp"
#include "core/scan_pool.hpp"
#include "core/search.hpp"
#include "fixtures.hpp"

namespace embx {
namespace {

// The wasm unit tests run under node linked without -pthread: there, only one thread exists.
#define SKIP_WITHOUT_THREADS() \
    if (!test::threads_available()) GTEST_SKIP() << "no threads in this build"

TEST(ScanPool, OneThreadRunsEveryPartOnTheCaller) {
    ScanPool pool(1);
    EXPECT_EQ(pool.threads(), 1u);
    std::vector<int> seen(5, 0);
    pool.run(5, [&](size_t p) { ++seen[p]; });
    EXPECT_EQ(seen, std::vector<int>(5, 1));
    pool.start(3, [&](size_t p) { ++seen[p]; });
    EXPECT_TRUE(pool.done());
    EXPECT_EQ(seen, (std::vector<int>{2, 2, 2, 1, 1}));
}

TEST(ScanPool, WorkersRunEveryPartExactlyOnce) {
    SKIP_WITHOUT_THREADS();
    ScanPool pool(3);
    for (size_t parts : {1u, 2u, 3u, 7u, 64u}) {
        std::vector<std::atomic<int>> seen(parts);
        for (int round = 0; round < 20; ++round) pool.run(parts, [&](size_t p) { seen[p].fetch_add(1); });
        for (size_t p = 0; p < parts; ++p) EXPECT_EQ(seen[p].load(), 20) << parts << " parts, part " << p;
    }
}

TEST(ScanPool, StartReturnsAndDoneTurnsTrue) {
    SKIP_WITHOUT_THREADS();
    ScanPool pool(2);
    std::atomic<bool> release{false};
    std::atomic<int> ran{0};
    pool.start(2, [&](size_t) {
        while (!release.load()) std::this_thread::yield();
        ran.fetch_add(1);
    });
    EXPECT_FALSE(pool.done());  // the caller is free while the workers wait for `release`
    release = true;
    pool.wait();
    EXPECT_TRUE(pool.done());
    EXPECT_EQ(ran.load(), 2);
    pool.run(2, [&](size_t) { ran.fetch_add(1); });  // the pool is reusable after start()
    EXPECT_EQ(ran.load(), 4);
}

void expect_same_hits(const std::vector<Hit>& want, const std::vector<Hit>& got, const std::string& what) {
    ASSERT_EQ(want.size(), got.size()) << what;
    for (size_t i = 0; i < want.size(); ++i) {
        EXPECT_EQ(want[i].row, got[i].row) << what << " rank " << i;
        EXPECT_EQ(want[i].score, got[i].score) << what << " rank " << i;
    }
}

class ParallelSearch : public ::testing::TestWithParam<DType> {};

TEST_P(ParallelSearch, SameHitsInTheSameOrderAsOneThread) {
    SKIP_WITHOUT_THREADS();
    // 40,000 rows (40 tiles) in clusters of 4; every 7th row copies an earlier one, so equal
    // scores in different row ranges test the tie order (lower row first).
    auto f = test::make_float_table(40000, 24, 11, 4);
    for (size_t r = 7; r < 40000; r += 7)
        std::copy(f.row(r / 3), f.row(r / 3) + f.dims, f.values.begin() + r * f.dims);
    auto t = test::to_table(f, GetParam());
    for (size_t threads : {2u, 3u, 4u}) {
        ScanPool pool(threads);
        for (size_t q : {0u, 5u, 1234u, 39999u}) {
            for (size_t k : {1u, 10u, 100u}) {
                for (size_t restrict_rows : {0u, 17000u, 39001u}) {
                    SearchOptions opt;
                    opt.k = k;
                    opt.restrict_rows = restrict_rows;
                    opt.exclude = {uint32_t(q), 3u};
                    auto one = nearest_to_vector(*t, f.row(q), opt);
                    opt.pool = &pool;
                    auto many = nearest_to_vector(*t, f.row(q), opt);
                    ASSERT_TRUE(one && many);
                    expect_same_hits(*one, *many, std::to_string(threads) + " threads, query " + std::to_string(q) +
                                                      ", k " + std::to_string(k) + ", rows " +
                                                      std::to_string(restrict_rows));
                }
            }
        }
        auto a = neighbors(*t, "w42", 20);
        auto b = neighbors(*t, "w42", 20, nullptr, &pool);
        ASSERT_TRUE(a && b);
        expect_same_hits(*a, *b, "neighbors");
        QueryOptions qo;
        qo.k = 15;
        auto c = run_query(*t, "w1 - w2 + w3", qo);
        qo.pool = &pool;
        auto d = run_query(*t, "w1 - w2 + w3", qo);
        ASSERT_TRUE(c && d);
        expect_same_hits(c->hits, d->hits, "3CosAdd");
    }
}

INSTANTIATE_TEST_SUITE_P(Dtypes, ParallelSearch, ::testing::Values(DType::F32, DType::F16, DType::I8, DType::I4),
                         [](const auto& param_info) { return std::string(dtype_name(param_info.param)); });

// What a UI thread does: start, then poll once per frame until the hits arrive.
std::vector<Hit> search_in_background(ScanPool& pool, std::shared_ptr<const EmbeddingTable> t, const float* q,
                                      const SearchOptions& opt) {
    BackgroundSearch bg(pool);
    EXPECT_TRUE(bg.start(t, std::vector<float>(q, q + t->dims()), opt));
    for (;;) {
        if (auto r = bg.poll()) {
            EXPECT_TRUE(*r);
            EXPECT_FALSE(bg.running());
            return *r ? **r : std::vector<Hit>{};
        }
        std::this_thread::yield();
    }
}

TEST(ScanPool, BackgroundSearchGivesTheBlockingScansHits) {
    auto f = test::make_float_table(30000, 20, 3);
    std::shared_ptr<const EmbeddingTable> t = test::to_table(f, DType::I8);
    for (size_t threads : {1u, 2u, 3u}) {
        if (threads > 1) SKIP_WITHOUT_THREADS();
        ScanPool pool(threads);
        for (size_t restrict_rows : {0u, 500u, 20000u}) {
            SearchOptions opt;
            opt.k = 25;
            opt.restrict_rows = restrict_rows;
            opt.exclude = {7u};
            auto want = nearest_to_vector(*t, f.row(7), opt);
            ASSERT_TRUE(want);
            expect_same_hits(*want, search_in_background(pool, t, f.row(7), opt),
                             std::to_string(threads) + " threads, rows " + std::to_string(restrict_rows));
        }
    }
}

TEST(ScanPool, OneThreadPoolAndSmallTablesScanOnTheCaller) {
    auto f = test::make_float_table(3000, 16, 5);
    auto t = test::to_table(f, DType::I8);
    ScanPool pool(1);
    SearchOptions opt;
    opt.k = 10;
    auto one = nearest_to_vector(*t, f.row(9), opt);
    opt.pool = &pool;
    auto same = nearest_to_vector(*t, f.row(9), opt);
    ASSERT_TRUE(one && same);
    expect_same_hits(*one, *same, "one-thread pool");
}

}  // namespace
}  // namespace embx
