#include "core/tokenizer/normalizer.hpp"

#include <cstdlib>
#include <memory>

#include <utf8proc.h>

#include "core/tokenizer/unicode_text.hpp"

namespace embx {

namespace {

bool all_ascii(const Chars& t) {
    for (const Char& c : t)
        if (c.cp >= 0x80) return false;
    return true;
}

int category(char32_t cp) { return utf8proc_category(utf8proc_int32_t(cp)); }

bool is_mark(char32_t cp) {
    const int c = category(cp);
    return c == UTF8PROC_CATEGORY_MN || c == UTF8PROC_CATEGORY_MC || c == UTF8PROC_CATEGORY_ME;
}

std::string map_utf8(const std::string& s, UnicodeForm form) {
    int opts = UTF8PROC_STABLE;
    switch (form) {
        case UnicodeForm::NFC: opts |= UTF8PROC_COMPOSE; break;
        case UnicodeForm::NFD: opts |= UTF8PROC_DECOMPOSE; break;
        case UnicodeForm::NFKC: opts |= UTF8PROC_COMPOSE | UTF8PROC_COMPAT; break;
        case UnicodeForm::NFKD: opts |= UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT; break;
    }
    utf8proc_uint8_t* mapped = nullptr;
    const auto n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(s.data()), utf8proc_ssize_t(s.size()),
                                &mapped, utf8proc_option_t(opts));
    std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> owner(mapped, &std::free);
    if (n < 0) return s;  // only for invalid UTF-8, which decode_chars never produces
    return std::string(reinterpret_cast<const char*>(mapped), size_t(n));
}

// Appends the code points of `utf8`, each aligned to [from, to).
void append_aligned(Chars& out, const std::string& utf8, uint32_t from, uint32_t to) {
    for (size_t i = 0, len = 0; i < utf8.size(); i += len) out.push_back({decode_utf8_at(utf8, i, len), from, to});
}

bool starts_segment(char32_t cp) {
    if (cp >= 0x1160 && cp <= 0x11FF) return false;  // Hangul medial vowels and finals compose with what precedes
    return utf8proc_get_property(utf8proc_int32_t(cp))->combining_class == 0;
}

// Unicode's Cased and Case_Ignorable, as the final-sigma rule needs them.
bool is_cased(char32_t cp) {
    const int c = category(cp);
    return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LL || c == UTF8PROC_CATEGORY_LT;
}
bool is_case_ignorable(char32_t cp) {
    static const char32_t kMid[] = {0x27,   0x2E,   0x3A,   0xB7,   0x387,  0x55F,  0x5F4,  0x2018, 0x2019,
                                    0x2024, 0x2027, 0xFE13, 0xFE52, 0xFE55, 0xFF07, 0xFF0E, 0xFF1A};
    for (char32_t m : kMid)
        if (cp == m) return true;
    const int c = category(cp);
    return c == UTF8PROC_CATEGORY_MN || c == UTF8PROC_CATEGORY_ME || c == UTF8PROC_CATEGORY_CF ||
           c == UTF8PROC_CATEGORY_LM || c == UTF8PROC_CATEGORY_SK;
}

bool is_cjk_ideograph(char32_t cp) {
    return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x20000 && cp <= 0x2A6DF) ||
           (cp >= 0x2A700 && cp <= 0x2B73F) || (cp >= 0x2B740 && cp <= 0x2B81F) || (cp >= 0x2B820 && cp <= 0x2CEAF) ||
           (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x2F800 && cp <= 0x2FA1F);
}

Chars strip_marks(const Chars& t, bool nonspacing_only) {
    Chars out;
    out.reserve(t.size());
    for (const Char& c : t)
        if (!(nonspacing_only ? category(c.cp) == UTF8PROC_CATEGORY_MN : is_mark(c.cp))) out.push_back(c);
    return out;
}

Chars strip(const Chars& t, bool left, bool right) {
    size_t b = 0, e = t.size();
    if (left)
        while (b < e && is_js_space(t[b].cp)) ++b;
    if (right)
        while (e > b && is_js_space(t[e - 1].cp)) --e;
    return Chars(t.begin() + std::ptrdiff_t(b), t.begin() + std::ptrdiff_t(e));
}

// Every match of [begin, end) ranges replaced by `content`, aligned to what it replaced.
Chars replace_ranges(const Chars& t, const std::vector<std::pair<uint32_t, uint32_t>>& ranges, const std::string& content) {
    if (ranges.empty()) return t;
    Chars out;
    out.reserve(t.size());
    size_t at = 0;
    for (const auto& [b, e] : ranges) {
        out.insert(out.end(), t.begin() + std::ptrdiff_t(at), t.begin() + std::ptrdiff_t(b));
        append_aligned(out, content, t[b].from, t[e - 1].to);
        at = e;
    }
    out.insert(out.end(), t.begin() + std::ptrdiff_t(at), t.end());
    return out;
}

Chars bert_normalize(const Chars& t, const NormalizerStep& s) {
    Chars out;
    out.reserve(t.size() + 8);
    for (const Char& c : t) {
        if (s.clean_text) {
            const int k = category(c.cp);
            const bool control = (k == UTF8PROC_CATEGORY_CC && c.cp != '\t' && c.cp != '\n' && c.cp != '\r') ||
                                 k == UTF8PROC_CATEGORY_CF || k == UTF8PROC_CATEGORY_CO || k == UTF8PROC_CATEGORY_CS;
            if (c.cp == 0 || c.cp == 0xFFFD || control) continue;
            if (is_js_space(c.cp)) {
                out.push_back({U' ', c.from, c.to});
                continue;
            }
        }
        // The reference walks UTF-16 units here, so only BMP ideographs get spaces.
        if (s.chinese && c.cp <= 0xFFFF && is_cjk_ideograph(c.cp)) {
            out.push_back({U' ', c.from, c.from});
            out.push_back(c);
            out.push_back({U' ', c.to, c.to});
        } else {
            out.push_back(c);
        }
    }
    const bool strip_accents = s.strip_accents == 1 || (s.strip_accents == -1 && s.lowercase);
    if (s.lowercase) out = js_lowercase(out);
    if (strip_accents) out = strip_marks(unicode_normalize(out, UnicodeForm::NFD), true);
    return out;
}

}  // namespace

Chars unicode_normalize(const Chars& text, UnicodeForm form) {
    if (all_ascii(text)) return text;
    // Normalized as a whole, for the exact result; segment by segment (a starter and the marks
    // after it), to keep each output character's source bytes. When the two disagree (a rare
    // composition across starters) the whole output is aligned to the whole input.
    const std::string input = encode_chars(text);
    const std::string whole = map_utf8(input, form);
    if (whole == input) return text;  // already normalized: most text, and the alignment stays
    Chars out;
    out.reserve(text.size());
    std::string by_segments;
    for (size_t b = 0; b < text.size();) {
        size_t e = b + 1;
        while (e < text.size() && !starts_segment(text[e].cp)) ++e;
        const std::string seg = map_utf8(encode_chars(text, b, e), form);
        append_aligned(out, seg, text[b].from, text[e - 1].to);
        by_segments += seg;
        b = e;
    }
    if (by_segments == whole) return out;
    out.clear();
    append_aligned(out, whole, text.front().from, text.back().to);
    return out;
}

Chars js_lowercase(const Chars& t) {
    Chars out;
    out.reserve(t.size());
    for (size_t i = 0; i < t.size(); ++i) {
        const Char& c = t[i];
        if (c.cp < 0x80) {
            out.push_back({c.cp >= 'A' && c.cp <= 'Z' ? c.cp + 32 : c.cp, c.from, c.to});
        } else if (c.cp == 0x130) {  // SpecialCasing's one unconditional lower-case expansion
            out.push_back({U'i', c.from, c.to});
            out.push_back({0x307, c.from, c.to});
        } else if (c.cp == 0x3A3) {  // Final_Sigma: cased (case-ignorable)* Σ, no cased letter after
            size_t j = i;
            while (j > 0 && is_case_ignorable(t[j - 1].cp)) --j;
            bool final_sigma = j > 0 && is_cased(t[j - 1].cp);
            if (final_sigma) {
                size_t k = i + 1;
                while (k < t.size() && is_case_ignorable(t[k].cp)) ++k;
                final_sigma = k == t.size() || !is_cased(t[k].cp);
            }
            out.push_back({final_sigma ? char32_t(0x3C2) : char32_t(0x3C3), c.from, c.to});
        } else {
            out.push_back({char32_t(utf8proc_tolower(utf8proc_int32_t(c.cp))), c.from, c.to});
        }
    }
    return out;
}

Expected<Normalizer> Normalizer::create(std::vector<NormalizerStep> steps) {
    Normalizer n;
    for (const NormalizerStep& s : steps) {
        if (s.kind == NormalizerStep::Kind::Replace && s.regex) {
            auto re = SplitRegex::compile(s.pattern);
            if (!re) return Error{"normalizer Replace: " + re.error()};
            n.regexes_.push_back(std::move(*re));
        }
    }
    n.steps_ = std::move(steps);
    return n;
}

Chars Normalizer::apply(Chars t, bool at_start, bool at_end) const {
    size_t regex = 0;
    for (const NormalizerStep& s : steps_) {
        using K = NormalizerStep::Kind;
        switch (s.kind) {
            case K::NFC: t = unicode_normalize(t, UnicodeForm::NFC); break;
            case K::NFD: t = unicode_normalize(t, UnicodeForm::NFD); break;
            case K::NFKC: t = unicode_normalize(t, UnicodeForm::NFKC); break;
            case K::NFKD: t = unicode_normalize(t, UnicodeForm::NFKD); break;
            case K::Lowercase: t = js_lowercase(t); break;
            case K::StripAccents: t = strip_marks(t, false); break;
            case K::Strip: t = strip(t, s.left && at_start, s.right && at_end); break;
            case K::Replace:
                if (s.regex) {
                    CodePoints cps;
                    for (const Char& c : t) cps.push_back(c.cp);
                    t = replace_ranges(t, regexes_[regex++].find_all(cps), s.content);
                } else {
                    t = replace_ranges(t, find_literal(t, s.pattern), s.content);
                }
                break;
            case K::Prepend:
                if (at_start && !t.empty()) {
                    Chars out;
                    append_aligned(out, s.content, t.front().from, t.front().from);
                    out.insert(out.end(), t.begin(), t.end());
                    t = std::move(out);
                }
                break;
            case K::Bert: t = bert_normalize(t, s); break;
        }
    }
    return t;
}

bool Normalizer::cut_safe() const {
    for (const NormalizerStep& st : steps_) {
        if (st.kind != NormalizerStep::Kind::Replace) continue;
        if (st.regex) return false;
        size_t len = 0;
        if (st.pattern.empty() || (decode_utf8_at(st.pattern, 0, len), len != st.pattern.size())) return false;
    }
    return true;
}

}  // namespace embx
