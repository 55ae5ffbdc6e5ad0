// Text as the tokenizer pipeline carries it: code points, each with the byte range of the
// original text it came from, so every token can say which bytes it stands for after
// normalizers have changed, added or removed characters.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace embx {

struct Char {
    char32_t cp;
    uint32_t from, to;  // [from, to) in the original text
};
using Chars = std::vector<Char>;

// Decodes UTF-8 as the WHATWG Encoding standard (TextDecoder, Rust's from_utf8_lossy) does:
// each maximal invalid subsequence becomes one U+FFFD. Offsets are `base` + the byte index.
Chars decode_chars(std::string_view utf8, uint32_t base = 0);
// The UTF-8 of c[begin, end).
std::string encode_chars(const Chars& c, size_t begin, size_t end);
inline std::string encode_chars(const Chars& c) { return encode_chars(c, 0, c.size()); }

// One code point of lossy UTF-8 at s[i]: its length in bytes (>= 1).
char32_t decode_utf8_lossy_at(std::string_view s, size_t i, size_t& len);

// Every non-overlapping occurrence of the UTF-8 `pattern` in `t`, leftmost first, as
// [begin, end) character indices (Replace normalizers, string Split pre-tokenizers).
std::vector<std::pair<uint32_t, uint32_t>> find_literal(const Chars& t, std::string_view pattern);

// JavaScript's \s (String.prototype.trim's white space): U+FEFF yes, U+0085 no.
bool is_js_space(char32_t c);

}  // namespace embx
