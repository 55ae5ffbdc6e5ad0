#include "core/tokenizer/sklearn_words.hpp"

#include "core/tokenizer/unicode_text.hpp"

namespace embx {

std::vector<std::string> sklearn_word_tokens(std::string_view utf8) {
    const std::string lower = python_lower(utf8);
    std::vector<std::string> words;
    size_t start = 0, chars = 0;  // the current run of word characters: first byte, length
    for (size_t i = 0, len = 0; i <= lower.size(); i += len) {
        const bool word = i < lower.size() && is_python_word_char(decode_utf8_at(lower, i, len));
        if (i == lower.size()) len = 1;
        if (word) {
            if (chars++ == 0) start = i;
            continue;
        }
        if (chars >= 2) words.emplace_back(lower, start, i - start);
        chars = 0;
    }
    return words;
}

}  // namespace embx
