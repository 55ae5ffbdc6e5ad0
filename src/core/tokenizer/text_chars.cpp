#include "core/tokenizer/text_chars.hpp"

#include "core/tokenizer/unicode_text.hpp"

namespace embx {

char32_t decode_utf8_lossy_at(std::string_view s, size_t i, size_t& len) {
    const auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char b0 = byte(i);
    len = 1;
    if (b0 < 0x80) return b0;
    size_t need = 0;
    unsigned char lo = 0x80, hi = 0xBF;  // the allowed range of the second byte
    char32_t cp = 0;
    if (b0 >= 0xC2 && b0 <= 0xDF) need = 1, cp = b0 & 0x1F;
    else if (b0 >= 0xE0 && b0 <= 0xEF) {
        need = 2, cp = b0 & 0x0F;
        if (b0 == 0xE0) lo = 0xA0;
        if (b0 == 0xED) hi = 0x9F;  // no surrogates
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        need = 3, cp = b0 & 0x07;
        if (b0 == 0xF0) lo = 0x90;
        if (b0 == 0xF4) hi = 0x8F;
    } else {
        return 0xFFFD;
    }
    for (size_t k = 1; k <= need; ++k) {
        if (i + k >= s.size()) return 0xFFFD;  // truncated: the bytes so far are one U+FFFD
        const unsigned char b = byte(i + k);
        if (b < (k == 1 ? lo : 0x80) || b > (k == 1 ? hi : 0xBF)) return 0xFFFD;
        cp = (cp << 6) | (b & 0x3F);
        len = k + 1;
    }
    return cp;
}

Chars decode_chars(std::string_view utf8, uint32_t base) {
    Chars out;
    out.reserve(utf8.size());
    for (size_t i = 0, len = 0; i < utf8.size(); i += len) {
        const char32_t c = decode_utf8_lossy_at(utf8, i, len);
        out.push_back({c, base + uint32_t(i), base + uint32_t(i + len)});
    }
    return out;
}

std::string encode_chars(const Chars& c, size_t begin, size_t end) {
    std::string out;
    out.reserve(end - begin);
    for (size_t i = begin; i < end; ++i) {
        const char32_t cp = c[i].cp;
        if (cp < 0x80) out += char(cp);
        else append_utf8(out, cp);
    }
    return out;
}

std::vector<std::pair<uint32_t, uint32_t>> find_literal(const Chars& t, std::string_view pattern) {
    std::vector<char32_t> pat;
    for (size_t i = 0, len = 0; i < pattern.size(); i += len) pat.push_back(decode_utf8_at(pattern, i, len));
    std::vector<std::pair<uint32_t, uint32_t>> out;
    if (pat.empty()) return out;
    for (size_t i = 0; i + pat.size() <= t.size();) {
        size_t k = 0;
        while (k < pat.size() && t[i + k].cp == pat[k]) ++k;
        if (k == pat.size()) {
            out.emplace_back(uint32_t(i), uint32_t(i + k));
            i += k;
        } else {
            ++i;
        }
    }
    return out;
}

bool is_js_space(char32_t c) {
    return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) ||
           c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000 || c == 0xFEFF;
}

}  // namespace embx
