// The split-pattern regex engine on arbitrary patterns and texts: the first line is the
// pattern, the rest the text. It must compile or refuse, and every scan must end (the step
// budget) with matches that are in order, in range and non-empty.
#include <cstdlib>
#include <string_view>

#include "core/tokenizer/split_regex.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view all(reinterpret_cast<const char*>(data), size);
    const size_t nl = all.find('\n');
    const std::string_view pattern = all.substr(0, nl == std::string_view::npos ? all.size() : nl);
    const std::string_view text = nl == std::string_view::npos ? std::string_view() : all.substr(nl + 1);
    auto re = embx::SplitRegex::compile(pattern);
    if (!re) return 0;
    const embx::CodePoints cps(text);
    uint32_t at = 0;
    for (const auto& [b, e] : re->find_all(cps)) {
        if (b < at || e <= b || e > cps.size()) std::abort();
        at = e;
    }
    return 0;
}
