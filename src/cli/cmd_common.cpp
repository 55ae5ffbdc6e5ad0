#include <cstdio>
#include <string>

#include "cli/commands.hpp"
#include "core/display_text.hpp"

#if defined(__EMSCRIPTEN__)
#include <emscripten/threading.h>
#endif

namespace embx::cli {

namespace {
// Messages quote names from the files (tensor names, keys, words): a terminal escape, a bidi
// override or a stray NUL in them is shown as \xNN / \uXXXX, never sent to the terminal as is.
// Line breaks of the message itself stay.
std::string for_terminal(const std::string& message) {
    std::string out;
    size_t start = 0;
    for (;;) {
        const size_t nl = message.find('\n', start);
        out += escape_for_display(std::string_view(message).substr(start, nl - start));
        if (nl == std::string::npos) return out;
        out += '\n';
        start = nl + 1;
    }
}
}  // namespace

int report_error(const std::string& message) {
    std::fprintf(stderr, "embx: error: %s\n", for_terminal(message).c_str());
    return 1;
}

void report_note(const std::string& message) {
    std::fprintf(stderr, "embx: note: %s\n", for_terminal(message).c_str());
}

std::string threads_unavailable(long threads) {
#if defined(__EMSCRIPTEN__)
    // The wasm CLI is linked without -pthread (its libraries are compiled with it): starting a
    // worker would throw, so say so instead.
    if (threads > 1 && !emscripten_has_threading_support())
        return "--threads " + std::to_string(threads) + ": this wasm build has no threads (use 1, or the native build)";
#else
    (void)threads;
#endif
    return {};
}

}  // namespace embx::cli
