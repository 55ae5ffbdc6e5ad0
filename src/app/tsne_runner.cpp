#include "app/tsne_runner.hpp"

#include "app/clock.hpp"

namespace embx::app {

TsneRunner::TsneRunner(Tsne tsne, bool background)
    : tsne_(std::move(tsne)), background_(background), dims_(tsne_.options().dims),
      started_ms_(now_ms()) {
    publish();  // iteration 0
    if (background_) thread_ = std::thread([this] { run(); });
}

TsneRunner::~TsneRunner() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
}

void TsneRunner::run() {
    while (!stop_.load(std::memory_order_relaxed) && !tsne_.finished()) {
        tsne_.step(1);
        publish();
    }
}

void TsneRunner::pump(double budget_ms) {
    if (background_ || tsne_.finished()) return;
    const double t0 = now_ms();
    // One iteration at a time: 10,000 points take ~20 ms per iteration in wasm.
    do tsne_.step(1);
    while (!tsne_.finished() && now_ms() - t0 < budget_ms);
    publish();
}

void TsneRunner::publish() {
    std::lock_guard<std::mutex> lock(mu_);
    published_ = tsne_.coords();  // same size every time: no allocation after the first
    progress_.iteration = tsne_.iteration();
    progress_.iterations = tsne_.options().iterations;
    progress_.finished = tsne_.finished();
    progress_.kl = tsne_.kl_divergence();
    progress_.elapsed_ms = now_ms() - started_ms_;
    ++version_;
}

bool TsneRunner::take(std::vector<float>& coords) {
    std::lock_guard<std::mutex> lock(mu_);
    if (taken_ == version_) return false;
    taken_ = version_;
    coords = published_;
    return true;
}

TsneProgress TsneRunner::progress() const {
    std::lock_guard<std::mutex> lock(mu_);
    return progress_;
}

}  // namespace embx::app
