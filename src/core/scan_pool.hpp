// A few persistent worker threads that split one job into parts (e.g. the row ranges of a
// scan). Threads are started once: creating a thread per query would cost more than a
// GloVe-sized scan, and in the browser threads come from a fixed, pre-started worker pool.
// Used by the native builds and by the wasm build compiled with -pthread; with 1 thread
// there are no workers and every part runs on the caller.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <cstddef>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace embx {

class ScanPool {
public:
    // threads >= 1: how many parts a job is split into (and how many workers run them).
    // caller_runs_a_part: only run() is used, and its caller is one of the threads (threads - 1
    // workers), so no thread waits idle beside the caller on a machine with `threads` cores.
    explicit ScanPool(size_t threads, bool caller_runs_a_part = false);
    ~ScanPool();
    ScanPool(const ScanPool&) = delete;
    ScanPool& operator=(const ScanPool&) = delete;

    size_t threads() const { return threads_; }

    // Calls job(part) for every part in [0, parts), on the workers and on the calling thread,
    // and returns when all are done. One job at a time (callers are not concurrent).
    void run(size_t parts, const std::function<void(size_t)>& job);

    // Starts job(part) for every part on the workers only and returns at once, so a UI thread
    // keeps drawing; poll done() (or wait()). With no workers it runs here, before returning.
    void start(size_t parts, std::function<void(size_t)> job);
    bool done();
    void wait();

private:
    void worker_loop();
    // Runs parts until none are left; `lock` is held on entry and on return.
    void drain(std::unique_lock<std::mutex>& lock);

    size_t threads_;
    bool caller_runs_a_part_;
    std::vector<std::thread> workers_;
    std::mutex mutex_;
    std::condition_variable work_ready_, all_done_;
    std::function<void(size_t)> job_;  // the job in flight (owned, so start() can return)
    size_t parts_ = 0, next_ = 0;
    // Changed under the mutex; atomic so a thread spinning before it sleeps can read them.
    std::atomic<size_t> remaining_{0};
    std::atomic<uint64_t> posted_{0};  // jobs handed out so far
    std::atomic<bool> stop_{false};
};

}  // namespace embx
