#include "core/tokenizer/qwen2_pretokenizer.hpp"

#include "core/tokenizer/unicode_text.hpp"

namespace embx {

const std::string_view kQwen2SplitPattern =
    R"((?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)";

namespace {

struct Cp {
    char32_t c;
    size_t at;  // byte offset in the text
};

bool is_crlf(char32_t c) { return c == '\r' || c == '\n'; }
bool is_other(char32_t c) { return !is_whitespace(c) && !is_letter(c) && !is_number(c); }

// Simple case folding of the contraction letters: (?i) also lets 's match U+017F (long s).
char32_t fold(char32_t c) {
    if (c == 0x17F) return 's';
    return (c >= 'A' && c <= 'Z') ? c + 32 : c;
}

class Scanner {
public:
    explicit Scanner(const std::vector<Cp>& cps) : s_(cps) {}

    // Length in code points of the match at i (always >= 1: the last alternatives take any
    // whitespace, the others any letter, number or other character).
    size_t match(size_t i) const {
        if (size_t n = contraction(i)) return n;
        if (size_t n = letters(i)) return n;
        if (is_number(at(i))) return 1;
        if (size_t n = punctuation(i)) return n;
        if (size_t n = newlines(i)) return n;
        if (size_t n = spaces_not_before_word(i)) return n;
        if (size_t n = run(i, is_whitespace)) return n;
        return 1;  // unreachable: every code point is whitespace, letter, number or other
    }

private:
    char32_t at(size_t i) const { return i < s_.size() ? s_[i].c : char32_t(-1); }
    bool has(size_t i) const { return i < s_.size(); }

    template <typename Pred>
    size_t run(size_t i, Pred p) const {
        size_t j = i;
        while (has(j) && p(at(j))) ++j;
        return j - i;
    }

    size_t contraction(size_t i) const {
        if (at(i) != '\'' || !has(i + 1)) return 0;
        const char32_t a = fold(at(i + 1));
        if (a == 's' || a == 't' || a == 'm' || a == 'd') return 2;
        if (!has(i + 2)) return 0;
        const char32_t b = fold(at(i + 2));
        if ((a == 'r' && b == 'e') || (a == 'v' && b == 'e') || (a == 'l' && b == 'l')) return 3;
        return 0;
    }

    // [^\r\n\p{L}\p{N}]?\p{L}+
    size_t letters(size_t i) const {
        if (!has(i)) return 0;
        const char32_t c = at(i);
        if (is_letter(c)) return run(i, is_letter);
        if (is_crlf(c) || is_number(c)) return 0;
        const size_t n = run(i + 1, is_letter);
        return n ? n + 1 : 0;
    }

    //  ?[^\s\p{L}\p{N}]+[\r\n]*
    size_t punctuation(size_t i) const {
        const size_t start = (at(i) == ' ' && has(i + 1) && is_other(at(i + 1))) ? i + 1 : i;
        const size_t n = run(start, is_other);
        if (n == 0) return 0;
        const size_t end = start + n;
        return end + run(end, is_crlf) - i;
    }

    // \s*[\r\n]+ : \s* backs off to the last CR/LF of the whitespace run.
    size_t newlines(size_t i) const {
        const size_t end = i + run(i, is_whitespace);
        for (size_t k = end; k > i; --k)
            if (is_crlf(at(k - 1))) return k - i;
        return 0;
    }

    // \s+(?!\S) : the whitespace run, less its last character when a non-space follows.
    size_t spaces_not_before_word(size_t i) const {
        const size_t n = run(i, is_whitespace);
        if (n == 0) return 0;
        if (!has(i + n)) return n;
        return n - 1;  // 0 when the run is one character: the alternative fails
    }

    const std::vector<Cp>& s_;
};

}  // namespace

std::vector<std::string_view> split_qwen2(std::string_view text) {
    std::vector<Cp> cps;
    cps.reserve(text.size());
    for (size_t i = 0, len = 0; i < text.size(); i += len) cps.push_back({decode_utf8_at(text, i, len), i});
    std::vector<std::string_view> pieces;
    Scanner scan(cps);
    for (size_t i = 0; i < cps.size();) {
        const size_t n = scan.match(i);
        const size_t from = cps[i].at;
        const size_t to = i + n < cps.size() ? cps[i + n].at : text.size();
        pieces.push_back(text.substr(from, to - from));
        i += n;
    }
    return pieces;
}

}  // namespace embx
