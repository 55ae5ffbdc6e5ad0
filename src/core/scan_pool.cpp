#include "core/scan_pool.hpp"

#include <algorithm>

namespace embx {

ScanPool::ScanPool(size_t threads) : threads_(std::max<size_t>(threads, 1)) {
    if (threads_ == 1) return;
    workers_.reserve(threads_);
    for (size_t i = 0; i < threads_; ++i) workers_.emplace_back([this] { worker_loop(); });
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

void ScanPool::worker_loop() {
    std::unique_lock<std::mutex> lock(mutex_);
    for (;;) {
        work_ready_.wait(lock, [this] { return stop_ || next_ < parts_; });
        if (stop_) return;
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
    work_ready_.notify_all();
    drain(lock);
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
