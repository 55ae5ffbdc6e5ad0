// escape_for_display on arbitrary bytes: the result is valid UTF-8 with nothing invisible or
// reordering left in it (no C0/C1 control, bidi control, zero-width or other format character,
// line/paragraph separator, noncharacter), and unescape_display gives the bytes back when the
// input had no backslash of its own.
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/display_text.hpp"
#include "core/tokenizer/unicode_text.hpp"

namespace {
// Decodes one valid UTF-8 sequence (the output is checked valid first).
uint32_t next_code_point(std::string_view s, size_t& i) {
    const auto b = [&](size_t k) { return uint32_t(uint8_t(s[i + k])); };
    uint32_t c = b(0);
    size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    if (n == 2) c = (c & 0x1F) << 6 | (b(1) & 0x3F);
    if (n == 3) c = (c & 0x0F) << 12 | (b(1) & 0x3F) << 6 | (b(2) & 0x3F);
    if (n == 4) c = (c & 0x07) << 18 | (b(1) & 0x3F) << 12 | (b(2) & 0x3F) << 6 | (b(3) & 0x3F);
    i += n;
    return c;
}

bool hidden(uint32_t c) {
    return c < 0x20 || (c >= 0x7F && c < 0xA0) || (c >= 0x200B && c <= 0x200F) || (c >= 0x202A && c <= 0x202E) ||
           (c >= 0x2066 && c <= 0x2069) || c == 0x2028 || c == 0x2029 || c == 0xFEFF || (c & 0xFFFE) == 0xFFFE ||
           (c >= 0xFDD0 && c <= 0xFDEF) || (c >= 0xE0000 && c <= 0xE007F);
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view in(reinterpret_cast<const char*>(data), size);
    const std::string out = embx::escape_for_display(in);
    if (embx::first_invalid_utf8(out) != std::string_view::npos) std::abort();
    for (size_t i = 0; i < out.size();)
        if (hidden(next_code_point(out, i))) std::abort();
    if (in.find('\\') == std::string_view::npos) {
        const auto back = embx::unescape_display(out);
        if (back ? *back != in : out != in) std::abort();
    }
    return 0;
}
