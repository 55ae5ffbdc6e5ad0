#include <cstdio>
#include <string>

#include "cli/commands.hpp"

namespace embx::cli {

int report_error(const std::string& message) {
    std::fprintf(stderr, "embx: error: %s\n", message.c_str());
    return 1;
}

void report_note(const std::string& message) {
    std::fprintf(stderr, "embx: note: %s\n", message.c_str());
}

}  // namespace embx::cli
