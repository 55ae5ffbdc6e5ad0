// Loads a table file into the TableSession a time slice per frame, so the window keeps
// drawing (and shows the same progress bar as the browser) while a big table arrives.
// The bytes come from a MappedFile: slices of the mapping go straight to the session.
//
// The table still ends up holding its own copy of the rows: .embx interleaves words and rows
// block by block, so the reader gathers each block and appends its rows to the table, whose
// contiguous rows are what the search scans. Scanning the mapping in place would need
// block-aware scans in core. The mapping saves the read(2) copy into a buffer of ours; with
// the file in the page cache that is a small part of the load, which is parsing and copying.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "app/table_session.hpp"
#include "platform/desktop/mapped_file.hpp"

namespace embx::desktop {

struct FeedStats {
    std::string name;
    uint64_t bytes = 0;
    double seconds = 0;        // open to finish, wall clock
    long pumps = 0;            // frames that fed bytes
    double longest_pump_ms = 0;  // the worst frame's feeding time
    bool mapped = false;
    bool ok = false;
};

class FileFeeder {
public:
    explicit FileFeeder(app::TableSession& session, bool allow_map = true)
        : session_(session), allow_map_(allow_map) {}

    // Starts loading `path`; errors (cannot open, a directory, an empty file) go to the session.
    void open(const std::string& path);
    // Feeds slices for `budget_ms` of this frame, or longer when the rest of the previous
    // frame took longer (up to 100 ms), then returns.
    void pump(double budget_ms);
    bool busy() const { return file_ != nullptr; }
    // The last finished (or failed) load; `why_not_mapped` says why it was read instead.
    const FeedStats& last() const { return last_; }
    const std::string& why_not_mapped() const { return why_not_mapped_; }

private:
    void done(bool ok);

    app::TableSession& session_;
    bool allow_map_;
    std::unique_ptr<MappedFile> file_;
    FeedStats current_, last_;
    double started_ = 0, last_pump_end_ = 0;
    std::string why_not_mapped_;
};

// Seconds on a monotonic clock: the session's timestamps and the feeder's budget.
double monotonic_seconds();

}  // namespace embx::desktop
