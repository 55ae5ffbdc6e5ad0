#include "core/scan_pool.hpp"

#include <algorithm>

namespace embx {

ScanPool::ScanPool(size_t threads, bool caller_runs_a_part)
    : threads_(std::max<size_t>(threads, 1)), caller_runs_a_part_(caller_runs_a_part) {
    if (threads_ == 1) return;
    const size_t workers = caller_runs_a_part_ ? threads_ - 1 : threads_;
    workers_.reserve(workers);
    for (size_t i = 0; i < workers; ++i) workers_.emplace_back([this] { worker_loop(); });
}

ScanPool::~ScanPool() {
    {
        std::unique_lock<std::mutex> lock(mutex_);
        all_done_.wait(lock, [this] { return remaining_ == 0; });
        stop_ = true;
    }
    work_ready_.notify_all();
    for (auto& w : workers_) w.join();
}

// Parts are claimed under the lock: there are only a handful per job, each worth milliseconds.
void ScanPool::drain(std::unique_lock<std::mutex>& lock) {
    while (next_ < parts_) {
        const size_t part = next_++;
        lock.unlock();
        job_(part);
        lock.lock();
        if (--remaining_ == 0) all_done_.notify_all();
    }
}

namespace {

// Jobs come in bursts (a forward pass hands out ~40 matrix products in a few milliseconds), and
// waking a sleeping thread costs tens of microseconds (more in the browser): a thread that has
// just finished, or waits for the others, first spins this long.
constexpr int kSpins = 1 << 14;

template <class Done>
void spin_until(const Done& done) {
    for (int i = 0; i < kSpins && !done(); ++i) std::atomic_signal_fence(std::memory_order_seq_cst);
}

}  // namespace

void ScanPool::worker_loop() {
    std::unique_lock<std::mutex> lock(mutex_);
    uint64_t seen = posted_.load();
    for (;;) {
        if (!stop_ && next_ >= parts_) {
            lock.unlock();
            spin_until([&] { return stop_.load(std::memory_order_relaxed) || posted_.load(std::memory_order_acquire) != seen; });
            lock.lock();
            work_ready_.wait(lock, [this] { return stop_ || next_ < parts_; });
        }
        if (stop_) return;
        seen = posted_.load();
        drain(lock);
    }
}

void ScanPool::run(size_t parts, const std::function<void(size_t)>& job) {
    if (workers_.empty()) {
        for (size_t p = 0; p < parts; ++p) job(p);
        return;
    }
    std::unique_lock<std::mutex> lock(mutex_);
    all_done_.wait(lock, [this] { return remaining_ == 0; });  // a start()ed job finishes first
    job_ = job;
    parts_ = parts;
    next_ = 0;
    remaining_ = parts;
    ++posted_;
    work_ready_.notify_all();
    drain(lock);
    if (remaining_ != 0) {
        lock.unlock();
        spin_until([this] { return remaining_.load(std::memory_order_acquire) == 0; });
        lock.lock();
    }
    all_done_.wait(lock, [this] { return remaining_ == 0; });
}

void ScanPool::start(size_t parts, std::function<void(size_t)> job) {
    if (workers_.empty()) {
        for (size_t p = 0; p < parts; ++p) job(p);
        return;
    }
    std::unique_lock<std::mutex> lock(mutex_);
    all_done_.wait(lock, [this] { return remaining_ == 0; });
    job_ = std::move(job);
    parts_ = parts;
    next_ = 0;
    remaining_ = parts;
    ++posted_;
    work_ready_.notify_all();
}

bool ScanPool::done() {
    std::lock_guard<std::mutex> lock(mutex_);
    return remaining_ == 0;
}

void ScanPool::wait() {
    std::unique_lock<std::mutex> lock(mutex_);
    all_done_.wait(lock, [this] { return remaining_ == 0; });
}

}  // namespace embx
