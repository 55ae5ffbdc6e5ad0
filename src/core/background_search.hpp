// One neighbour search running on a ScanPool's workers while the calling (UI) thread keeps
// drawing frames: start() returns at once, poll() hands the hits over once the workers are
// done. The rows are split as the blocking scan splits them, so the hits are the same.
// The table must not change while a search runs (the web shell waits for the pool before it
// appends rows); the shared_ptr keeps it alive if the session replaces it meanwhile.
#pragma once

#include <memory>
#include <optional>
#include <vector>

#include "core/embedding_table.hpp"
#include "core/scan_pool.hpp"
#include "core/search.hpp"
#include "core/status.hpp"
#include "core/topk.hpp"

namespace embx {

class BackgroundSearch {
public:
    explicit BackgroundSearch(ScanPool& pool) : pool_(pool) {}
    ~BackgroundSearch() { pool_.wait(); }
    BackgroundSearch(const BackgroundSearch&) = delete;
    BackgroundSearch& operator=(const BackgroundSearch&) = delete;

    // Starts a search for `query` (table.dims() floats); opt.pool is ignored. False (nothing
    // started) while an earlier search or another job still occupies the pool.
    bool start(std::shared_ptr<const EmbeddingTable> table, std::vector<float> query, SearchOptions opt);
    bool running() const { return running_; }
    // The hits of the last start() once they are ready (then running() is false again).
    std::optional<Expected<std::vector<Hit>>> poll();

private:
    ScanPool& pool_;
    bool running_ = false;
    std::shared_ptr<const EmbeddingTable> table_;
    std::vector<float> query_;
    SearchOptions opt_;
    std::vector<Expected<std::vector<Hit>>> parts_;
};

}  // namespace embx
