// TsneRunner: the background thread computes exactly what the UI-thread slices compute
// (t-SNE itself is deterministic for a seed), publishes progress, and stops when destroyed.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <future>
#include <memory>
#include <thread>

#include "app/tsne_runner.hpp"
#include "fixtures.hpp"

namespace embx::app {
namespace {

// `exaggerate_all`: the whole run is the early exaggeration phase, whose no-progress patience is
// the phase's length, so sklearn's checks cannot end it early (otherwise these 150 points
// converge and stop after ~13,000 iterations, however many were asked for).
Tsne make_tsne(int iterations, bool exaggerate_all = false) {
    const size_t n = 150;
    const auto table = test::to_table(test::make_float_table(n, 12, 21, 10), DType::F32);
    auto g = knn_for_tsne(*table, n, tsne_neighbors(n, 10));
    EXPECT_TRUE(g.ok());
    TsneOptions opt;
    opt.perplexity = 10;
    opt.iterations = iterations;
    if (exaggerate_all) opt.exaggeration_iterations = iterations;
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
    if (!test::threads_available()) GTEST_SKIP() << "no threads in this build: the runner works in the foreground";
    // 10 million iterations that cannot stop early: minutes of work (~30 us each natively).
    constexpr int kIterations = 10'000'000;
    auto runner = std::make_unique<TsneRunner>(make_tsne(kIterations, /*exaggerate_all=*/true), true);
    for (int i = 0; i < 20000 && runner->progress().iteration < 200; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    const TsneProgress p = runner->progress();  // running: the stop lands mid-run
    ASSERT_GE(p.iteration, 200);
    ASSERT_FALSE(p.finished);
    // What waiting for the rest would cost, at the speed this run has had so far.
    const double rest_ms = p.elapsed_ms / p.iteration * (kIterations - p.iteration);

    // Destroy on another thread, so that a destructor that waits fails here within the limit
    // instead of hanging for the whole run.
    const auto limit = std::chrono::seconds(20);
    auto destroyed = std::make_shared<std::promise<void>>();
    auto done = destroyed->get_future();
    const auto t0 = std::chrono::steady_clock::now();
    std::thread([r = runner.release(), destroyed] {
        delete r;
        destroyed->set_value();
    }).detach();
    if (done.wait_for(limit) != std::future_status::ready) {
        std::fprintf(stderr, "TsneRunner's destructor still waits after %lld s: it does not stop the run\n",
                     (long long)limit.count());
        std::fflush(nullptr);
        std::_Exit(1);  // the detached thread is still inside the destructor: end the program now
    }
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    EXPECT_LT(ms, rest_ms / 100) << "took " << ms << " ms at iteration " << p.iteration << "; the rest of the run is ~"
                                 << rest_ms << " ms";
}

}  // namespace
}  // namespace embx::app
