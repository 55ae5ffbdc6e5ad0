#include "core/graph/sentence_tokens.hpp"

namespace embx {

namespace {

bool is_word_byte(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c >= 0x80;
}

bool is_joiner(unsigned char c) { return c == '\'' || c == '-'; }

}  // namespace

std::vector<std::string> split_sentence(std::string_view text) {
    std::vector<std::string> out;
    size_t i = 0;
    while (i < text.size()) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c <= ' ' || c == 0x7f) {
            ++i;
        } else if (is_word_byte(c)) {
            size_t j = i + 1;
            // "don't", "state-of-the-art": a joiner stays inside a word only between word bytes.
            while (j < text.size()) {
                const auto d = static_cast<unsigned char>(text[j]);
                if (is_word_byte(d)) {
                    ++j;
                } else if (is_joiner(d) && j + 1 < text.size() &&
                           is_word_byte(static_cast<unsigned char>(text[j + 1]))) {
                    j += 2;
                } else {
                    break;
                }
            }
            out.emplace_back(text.substr(i, j - i));
            i = j;
        } else {
            out.emplace_back(1, char(c));
            ++i;
        }
    }
    return out;
}

}  // namespace embx
