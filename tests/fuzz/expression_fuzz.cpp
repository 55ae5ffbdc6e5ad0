// The query expression parser ("king - man + woman", "0.5*paris", quoted words) on arbitrary
// text: it parses or says why, and every term it returns has a word and a finite weight.
#include <cmath>
#include <cstdlib>
#include <string_view>

#include "core/expression.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    // Which strings are words steers how '-' and spaces split: let the input's first byte decide.
    const unsigned rule = size ? data[0] % 3 : 0;
    const auto is_word = [rule](std::string_view w) { return rule == 0 ? false : rule == 1 ? true : w.size() % 2 == 0; };
    auto terms = embx::parse_expression(text, is_word);
    if (!terms) {
        if (terms.error().empty()) std::abort();
        return 0;
    }
    for (const auto& t : *terms)
        if (t.word.empty() || !std::isfinite(t.weight)) std::abort();
    return 0;
}
