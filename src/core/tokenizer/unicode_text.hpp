// The few Unicode facts a tokenizer needs (categories, White_Space, NFC), on UTF-8 text.
// Backed by utf8proc; the rest of core never sees its header.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace embx {

// Decodes one code point at s[i]; sets `len` to the bytes it used. Invalid or truncated
// sequences decode as U+FFFD with len 1, so every byte string is readable.
char32_t decode_utf8_at(std::string_view s, size_t i, size_t& len);
void append_utf8(std::string& out, char32_t cp);

// Invalid UTF-8 replaced by U+FFFD (the text a Rust String would hold after a lossy decode).
std::string sanitize_utf8(std::string_view s);
// Unicode Normalization Form C of valid UTF-8 (sanitize first).
std::string nfc(std::string_view utf8);

bool is_letter(char32_t cp);      // \p{L}: Lu Ll Lt Lm Lo
bool is_number(char32_t cp);      // \p{N}: Nd Nl No
bool is_whitespace(char32_t cp);  // \s: the Unicode White_Space property
char32_t to_lower(char32_t cp);   // simple (one code point) lower-case mapping

// Byte offset of the first byte that does not start a valid UTF-8 sequence (overlongs,
// surrogates and code points past U+10FFFF are invalid), or std::string_view::npos.
size_t first_invalid_utf8(std::string_view s);

// Python's str.lower() on valid UTF-8: the full lower-case mapping (U+0130 becomes "i" and a
// combining dot above) and the Final_Sigma rule (a capital sigma that ends a word becomes ς).
std::string python_lower(std::string_view utf8);
// \w of Python's `re` on str patterns: str.isalnum() (letters, digits, numerics) or '_'.
// Combining marks are not word characters there.
bool is_python_word_char(char32_t cp);

}  // namespace embx
