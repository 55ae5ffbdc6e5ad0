#include <cstdio>
#include <string>

#include "cli/commands.hpp"

#if defined(__EMSCRIPTEN__)
#include <emscripten/threading.h>
#endif

namespace embx::cli {

int report_error(const std::string& message) {
    std::fprintf(stderr, "embx: error: %s\n", message.c_str());
    return 1;
}

void report_note(const std::string& message) {
    std::fprintf(stderr, "embx: note: %s\n", message.c_str());
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
