#include "platform/desktop/file_feeder.hpp"

#include <algorithm>
#include <chrono>
#include <optional>

namespace embx::desktop {

namespace {
// Small enough that a slice (parse + copy into the table, page faults included) costs a few
// milliseconds, so a frame overshoots its budget by little.
constexpr size_t kSlice = size_t(1) << 20;
// The most a frame spends loading when drawing is slow, so the window never freezes long.
constexpr double kMaxAdaptiveMs = 100.0;
}  // namespace

double monotonic_seconds() {
    using namespace std::chrono;
    return duration<double>(steady_clock::now().time_since_epoch()).count();
}

void FileFeeder::open(const std::string& path) {
    file_.reset();
    current_ = FeedStats{};
    current_.name = path;
    started_ = monotonic_seconds();
    last_pump_end_ = 0;
    why_not_mapped_.clear();
    auto f = MappedFile::open(path, allow_map_);
    if (!f) {
        session_.begin(path, 0, started_);
        session_.abort(f.error());
        done(false);
        return;
    }
    file_ = std::move(*f);
    current_.mapped = file_->mapped();
    why_not_mapped_ = file_->fallback_reason();
    session_.begin(path, file_->size(), started_);
}

void FileFeeder::pump(double budget_ms) {
    if (!file_) return;
    const double t0 = monotonic_seconds();
    // Loading gets the budget, or as long as the rest of the last frame took if that was
    // longer: with slow drawing (software GL, a remote display) a fixed few milliseconds
    // per frame would make a big table take many times longer while the frame rate gains
    // little; this way loading keeps about half the time and frames at most double.
    double budget = budget_ms;
    if (last_pump_end_ > 0) budget = std::max(budget_ms, std::min((t0 - last_pump_end_) * 1000.0, kMaxAdaptiveMs));
    const double deadline = t0 + budget / 1000.0;
    std::optional<bool> ended;  // set once the load finished or failed
    double now = t0;
    do {  // at least one slice per frame, however small the budget
        auto slice = file_->next(kSlice);
        now = monotonic_seconds();
        if (!slice) {
            session_.abort(slice.error());
            ended = false;
        } else if (slice->size == 0) {
            ended = session_.finish(now);
        } else {
            current_.bytes += slice->size;
            if (!session_.feed(slice->data, slice->size, now)) ended = false;
        }
        now = monotonic_seconds();
    } while (!ended && now < deadline);
    ++current_.pumps;
    last_pump_end_ = now;
    current_.longest_pump_ms = std::max(current_.longest_pump_ms, (now - t0) * 1000.0);
    if (ended) done(*ended);
}

void FileFeeder::done(bool ok) {
    current_.seconds = monotonic_seconds() - started_;
    current_.ok = ok;
    last_ = current_;
    file_.reset();
}

}  // namespace embx::desktop
