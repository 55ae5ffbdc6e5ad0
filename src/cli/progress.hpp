// A one-line progress bar on stderr, drawn only when stderr is a terminal.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace embx::cli {

class Progress {
public:
    Progress(std::string label, uint64_t total);
    void update(uint64_t done);
    // A bar for `fraction` (0..1) followed by the caller's text (e.g. words/s, ETA, loss).
    void update_text(double fraction, const std::string& text);
    void finish();

private:
    std::string label_;
    uint64_t total_;
    bool tty_;
    std::chrono::steady_clock::time_point start_, last_;
};

}  // namespace embx::cli
