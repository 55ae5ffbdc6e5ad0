#include "core/display_text.hpp"

#include <cstdint>

#include "core/tokenizer/unicode_text.hpp"

namespace embx {

namespace {

constexpr char kHex[] = "0123456789ABCDEF";

// Length of the valid UTF-8 sequence at s[i] and its code point, or length 0 if it is not one
// (overlongs, surrogates and code points past U+10FFFF count as invalid).
size_t utf8_sequence(std::string_view s, size_t i, uint32_t& cp) {
    const auto b0 = uint8_t(s[i]);
    size_t len;
    if (b0 < 0x80) { cp = b0; return 1; }
    if ((b0 & 0xE0) == 0xC0) { len = 2; cp = b0 & 0x1F; }
    else if ((b0 & 0xF0) == 0xE0) { len = 3; cp = b0 & 0x0F; }
    else if ((b0 & 0xF8) == 0xF0) { len = 4; cp = b0 & 0x07; }
    else return 0;
    if (i + len > s.size()) return 0;
    for (size_t k = 1; k < len; ++k) {
        const auto b = uint8_t(s[i + k]);
        if ((b & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (b & 0x3F);
    }
    static const uint32_t min_cp[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < min_cp[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp < 0xE000)) return 0;
    return len;
}

// Code points that draw nothing or change the order or breaking of the text around them.
bool hidden_or_reordering(uint32_t cp) {
    return (cp >= 0x80 && cp <= 0x9F) ||                       // C1 controls
           cp == 0xAD || cp == 0x34F || cp == 0x61C ||         // soft hyphen, CGJ, Arabic letter mark
           cp == 0x180E ||                                     // Mongolian vowel separator
           (cp >= 0x200B && cp <= 0x200F) ||                   // zero-width space/joiners, LRM, RLM
           (cp >= 0x2028 && cp <= 0x202E) ||                   // line/paragraph separators, embeddings, overrides
           (cp >= 0x2060 && cp <= 0x206F) ||                   // word joiner, invisible operators, isolates
           cp == 0xFEFF ||                                     // zero-width no-break space (BOM)
           (cp >= 0xFFF9 && cp <= 0xFFFB) ||                   // interlinear annotation
           (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE ||  // noncharacters (invalid in XML)
           (cp >= 0xE0000 && cp <= 0xE007F);                   // tag characters
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

// The value of the `digits` hex digits at s[i], or -1.
int64_t hex_at(std::string_view s, size_t i, size_t digits) {
    if (i + digits > s.size()) return -1;
    int64_t v = 0;
    for (size_t k = 0; k < digits; ++k) {
        const int h = hex_value(s[i + k]);
        if (h < 0) return -1;
        v = v * 16 + h;
    }
    return v;
}

}  // namespace

std::string escape_for_display(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size();) {
        const auto b = uint8_t(s[i]);
        uint32_t cp = 0;
        const size_t n = utf8_sequence(s, i, cp);
        if (n == 0 || b < 0x20 || b == 0x7F) {
            out += "\\x";
            out += kHex[b >> 4];
            out += kHex[b & 15];
            ++i;
        } else if (hidden_or_reordering(cp)) {
            const int digits = cp > 0xFFFF ? 8 : 4;
            out += digits == 8 ? "\\U" : "\\u";
            for (int k = digits - 1; k >= 0; --k) out += kHex[(cp >> (4 * k)) & 15];
            i += n;
        } else {
            out.append(s.data() + i, n);
            i += n;
        }
    }
    return out;
}

std::optional<std::string> unescape_display(std::string_view s) {
    std::string out;
    bool decoded = false;
    for (size_t i = 0; i < s.size();) {
        if (s[i] == '\\' && i + 1 < s.size()) {
            const char kind = s[i + 1];
            const size_t digits = kind == 'x' ? 2 : kind == 'u' ? 4 : kind == 'U' ? 8 : 0;
            const int64_t v = digits ? hex_at(s, i + 2, digits) : -1;
            if (v >= 0 && kind == 'x') {
                out += char(uint8_t(v));
                i += 4;
                decoded = true;
                continue;
            }
            if (v >= 0 && v <= 0x10FFFF && !(v >= 0xD800 && v < 0xE000)) {
                append_utf8(out, char32_t(v));
                i += 2 + digits;
                decoded = true;
                continue;
            }
        }
        out += s[i++];
    }
    if (!decoded) return std::nullopt;
    return out;
}

}  // namespace embx
