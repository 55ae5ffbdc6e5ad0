// Runs a t-SNE optimisation for the Map tab. Where threads exist (native builds, the
// threaded web module: the platform says so) it runs on a background thread and the UI
// thread only copies the latest coordinates, so 10,000 points converge at full speed while
// the map stays smooth. Elsewhere (the single-threaded web module) the UI thread runs it in
// slices per frame.
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

#include "core/tsne.hpp"

namespace embx::app {

struct TsneProgress {
    int iteration = 0, iterations = 0;
    bool finished = false;
    double kl = 0;
    double elapsed_ms = 0;  // from the runner's start to the newest coordinates
};

class TsneRunner {
public:
    // background: run on a thread of its own; only where the program can start threads (the
    // web build compiles every library once, for both modules, so this is known at run time).
    TsneRunner(Tsne tsne, bool background);
    ~TsneRunner();  // stops the optimisation and waits for the thread
    TsneRunner(const TsneRunner&) = delete;
    TsneRunner& operator=(const TsneRunner&) = delete;

    bool background() const { return background_; }
    int dims() const { return dims_; }

    // Foreground mode: optimises until `budget_ms` has passed (at least one iteration).
    // Background mode: nothing to do.
    void pump(double budget_ms);
    // Copies the newest coordinates (points x dims) into `coords` if they changed since the
    // last call; returns whether it copied.
    bool take(std::vector<float>& coords);
    TsneProgress progress() const;

private:
    void run();
    void publish();

    Tsne tsne_;
    const bool background_;
    const int dims_;
    std::atomic<bool> stop_{false};
    mutable std::mutex mu_;  // guards the fields below
    std::vector<float> published_;
    TsneProgress progress_;
    const double started_ms_;
    uint64_t version_ = 0, taken_ = 0;
    std::thread thread_;  // last: starts after everything above exists
};

}  // namespace embx::app
