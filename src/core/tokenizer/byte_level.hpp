// The byte-level alphabet of GPT-2-style BPE: every byte is shown as a printable code point
// (printable Latin-1 bytes as themselves, the other 68 as U+0100 + n in byte order), so
// "\x20cod" is the token "Ġcod".
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace embx {

char32_t byte_to_unicode(unsigned char b);
// Each byte as its code point, in UTF-8.
std::string byte_level_encode(std::string_view bytes);
// Back to the raw bytes; nullopt if a character is not in the byte alphabet.
std::optional<std::string> byte_level_decode(std::string_view text);

}  // namespace embx
