#include "core/tokenizer/unicode_text.hpp"

#include <cstdlib>
#include <memory>
#include <vector>

#include <utf8proc.h>

namespace embx {

char32_t decode_utf8_at(std::string_view s, size_t i, size_t& len) {
    utf8proc_int32_t cp = -1;
    const auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(s.data() + i),
                                    utf8proc_ssize_t(s.size() - i), &cp);
    if (n <= 0 || cp < 0) {
        len = 1;
        return 0xFFFD;
    }
    len = size_t(n);
    return char32_t(cp);
}

void append_utf8(std::string& out, char32_t cp) {
    utf8proc_uint8_t buf[4];
    const auto n = utf8proc_encode_char(utf8proc_int32_t(cp), buf);
    out.append(reinterpret_cast<const char*>(buf), size_t(n));
}

std::string sanitize_utf8(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0, len = 0; i < s.size(); i += len) {
        const char32_t cp = decode_utf8_at(s, i, len);
        if (cp == 0xFFFD && len == 1) append_utf8(out, cp);
        else out.append(s.data() + i, len);
    }
    return out;
}

std::string nfc(std::string_view utf8) {
    // ASCII is already NFC: the common case skips utf8proc's allocation.
    bool ascii = true;
    for (char c : utf8) ascii &= static_cast<unsigned char>(c) < 0x80;
    if (ascii) return std::string(utf8);
    utf8proc_uint8_t* mapped = nullptr;
    const auto n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(utf8.data()),
                                utf8proc_ssize_t(utf8.size()), &mapped,
                                utf8proc_option_t(UTF8PROC_STABLE | UTF8PROC_COMPOSE));
    std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> owner(mapped, &std::free);
    if (n < 0) return std::string(utf8);  // only on invalid input, which callers sanitize away
    return std::string(reinterpret_cast<const char*>(mapped), size_t(n));
}

bool is_letter(char32_t cp) {
    const auto c = utf8proc_category(utf8proc_int32_t(cp));
    return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO;
}

bool is_number(char32_t cp) {
    const auto c = utf8proc_category(utf8proc_int32_t(cp));
    return c >= UTF8PROC_CATEGORY_ND && c <= UTF8PROC_CATEGORY_NO;
}

bool is_whitespace(char32_t cp) {
    // Unicode White_Space (PropList.txt): what \s means in the regex engines tokenizers use.
    switch (cp) {
        case 0x09: case 0x0A: case 0x0B: case 0x0C: case 0x0D: case 0x20: case 0x85: case 0xA0:
        case 0x1680: case 0x2028: case 0x2029: case 0x202F: case 0x205F: case 0x3000:
            return true;
        default:
            return cp >= 0x2000 && cp <= 0x200A;
    }
}

char32_t to_lower(char32_t cp) { return char32_t(utf8proc_tolower(utf8proc_int32_t(cp))); }

}  // namespace embx

namespace embx {

size_t first_invalid_utf8(std::string_view s) {
    for (size_t i = 0; i < s.size();) {
        if (static_cast<unsigned char>(s[i]) < 0x80) {
            ++i;
            continue;
        }
        utf8proc_int32_t cp = -1;
        const auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(s.data() + i),
                                        utf8proc_ssize_t(s.size() - i), &cp);
        if (n <= 0 || cp < 0) return i;
        i += size_t(n);
    }
    return std::string_view::npos;
}

namespace {

// Unicode's Cased property, as Lu, Ll and Lt (Other_Lowercase/Other_Uppercase left out).
bool is_cased(char32_t cp) {
    const auto c = utf8proc_category(utf8proc_int32_t(cp));
    return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LL || c == UTF8PROC_CATEGORY_LT;
}

// Unicode's Case_Ignorable property: Mn, Me, Cf, Lm, Sk and the Word_Break MidLetter,
// MidNumLet and Single_Quote characters.
bool is_case_ignorable(char32_t cp) {
    static const char32_t kWordBreakMid[] = {0x27,   0x2E,   0x3A,   0xB7,   0x387,  0x55F,  0x5F4,  0x2018, 0x2019,
                                             0x2024, 0x2027, 0xFE13, 0xFE52, 0xFE55, 0xFF07, 0xFF0E, 0xFF1A};
    for (char32_t m : kWordBreakMid)
        if (cp == m) return true;
    const auto c = utf8proc_category(utf8proc_int32_t(cp));
    return c == UTF8PROC_CATEGORY_MN || c == UTF8PROC_CATEGORY_ME || c == UTF8PROC_CATEGORY_CF ||
           c == UTF8PROC_CATEGORY_LM || c == UTF8PROC_CATEGORY_SK;
}

}  // namespace

std::string python_lower(std::string_view utf8) {
    std::vector<char32_t> cps;
    cps.reserve(utf8.size());
    for (size_t i = 0, len = 0; i < utf8.size(); i += len) cps.push_back(decode_utf8_at(utf8, i, len));
    std::string out;
    out.reserve(utf8.size());
    for (size_t i = 0; i < cps.size(); ++i) {
        const char32_t cp = cps[i];
        if (cp < 0x80) {
            out += char(cp >= 'A' && cp <= 'Z' ? cp + 32 : cp);
        } else if (cp == 0x130) {  // SpecialCasing.txt's one unconditional lower-case expansion
            append_utf8(out, 'i');
            append_utf8(out, 0x307);
        } else if (cp == 0x3A3) {  // Final_Sigma: cased (case-ignorable)* Σ not followed by the same
            size_t j = i;
            while (j > 0 && is_case_ignorable(cps[j - 1])) --j;
            bool final_sigma = j > 0 && is_cased(cps[j - 1]);
            if (final_sigma) {
                size_t k = i + 1;
                while (k < cps.size() && is_case_ignorable(cps[k])) ++k;
                final_sigma = k == cps.size() || !is_cased(cps[k]);
            }
            append_utf8(out, final_sigma ? 0x3C2 : 0x3C3);
        } else {
            append_utf8(out, char32_t(utf8proc_tolower(utf8proc_int32_t(cp))));
        }
    }
    return out;
}

bool is_python_word_char(char32_t cp) {
    if (cp < 0x80) return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9') || cp == '_';
    return is_letter(cp) || is_number(cp);
}

}  // namespace embx
