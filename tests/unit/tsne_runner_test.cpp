// TsneRunner: the background thread computes exactly what the UI-thread slices compute
// (t-SNE itself is deterministic for a seed), publishes progress, and stops when destroyed.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "app/tsne_runner.hpp"
#include "fixtures.hpp"

namespace embx::app {
namespace {

Tsne make_tsne(int iterations) {
    const size_t n = 150;
    const auto table = test::to_table(test::make_float_table(n, 12, 21, 10), DType::F32);
    auto g = knn_for_tsne(*table, n, tsne_neighbors(n, 10));
    EXPECT_TRUE(g.ok());
    TsneOptions opt;
    opt.perplexity = 10;
    opt.iterations = iterations;
    auto t = Tsne::create(*g, opt);
    EXPECT_TRUE(t.ok());
    return std::move(*t);
}

void wait_until_finished(TsneRunner& r) {
    for (int i = 0; i < 20000 && !r.progress().finished; ++i) {
        r.pump(5.0);
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
}

TEST(TsneRunner, BackgroundAndForegroundGiveTheSameCoordinates) {
    TsneRunner fg(make_tsne(300), /*background=*/false);
    TsneRunner bg(make_tsne(300), /*background=*/test::threads_available());
    EXPECT_FALSE(fg.background());
    EXPECT_EQ(bg.background(), test::threads_available());
    std::vector<float> a, b;
    ASSERT_TRUE(fg.take(a));  // iteration 0 is published at once
    EXPECT_FALSE(fg.take(a)) << "nothing new until it steps";
    wait_until_finished(fg);
    wait_until_finished(bg);
    ASSERT_TRUE(fg.take(a));
    ASSERT_TRUE(bg.take(b));
    EXPECT_EQ(fg.progress().iteration, bg.progress().iteration);
    EXPECT_TRUE(bg.progress().finished);
    ASSERT_EQ(a.size(), 150u * 2u);
    EXPECT_EQ(a, b);
    EXPECT_GT(bg.progress().elapsed_ms, 0.0);
}

TEST(TsneRunner, ForegroundPumpRespectsItsBudgetAndMakesProgress) {
    TsneRunner r(make_tsne(1000), false);
    r.pump(0.0);  // always at least one iteration
    EXPECT_EQ(r.progress().iteration, 1);
    EXPECT_EQ(r.progress().iterations, 1000);
    EXPECT_FALSE(r.progress().finished);
}

TEST(TsneRunner, DestroyingARunningOptimisationStopsIt) {
    const auto t0 = std::chrono::steady_clock::now();
    {
        TsneRunner r(make_tsne(100000), test::threads_available());
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }  // must not wait for 100,000 iterations
    EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(20));
}

}  // namespace
}  // namespace embx::app
