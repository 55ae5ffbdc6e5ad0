#include "core/tokenizer/pre_tokenizer.hpp"

#include "core/tokenizer/unicode_text.hpp"

namespace embx {

const char* const kGpt2SplitPattern = R"('s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+)";

namespace {

// \p{P} and the ASCII symbols: what BERT and the Punctuation step call punctuation.
constexpr const char* kPunct = R"(\p{P}\u0021-\u002F\u003A-\u0040\u005B-\u0060\u007B-\u007E)";

using Ranges = std::vector<std::pair<uint32_t, uint32_t>>;

CodePoints code_points_of(const Chars& t) {
    CodePoints c;
    c.cp.reserve(t.size());
    c.bits.reserve(t.size());
    for (const Char& ch : t) c.push_back(ch.cp);
    return c;
}

// The pattern's matches; if an adversarial pattern runs out of steps (SplitRegex::find_all),
// the rest of the text becomes one more match rather than be lost.
Ranges find(const SplitRegex& re, const Chars& t) {
    bool complete = true;
    Ranges m = re.find_all(code_points_of(t), &complete);
    if (!complete) {
        const uint32_t from = m.empty() ? 0 : m.back().second;
        if (from < t.size()) m.emplace_back(from, uint32_t(t.size()));
    }
    return m;
}

Chars slice(const Chars& t, size_t b, size_t e) {
    return Chars(t.begin() + std::ptrdiff_t(b), t.begin() + std::ptrdiff_t(e));
}

struct Part {
    uint32_t b, e;
    bool delim;
};

// The text as matches and the gaps between them, in order; `invert`: the matches are the
// content and the gaps the delimiters (each match stays its own part either way).
std::vector<Part> parts_of(const Ranges& matches, size_t n, bool invert) {
    std::vector<Part> parts;
    uint32_t at = 0;
    for (const auto& [b, e] : matches) {
        if (b > at) parts.push_back({at, b, invert});
        parts.push_back({b, e, !invert});
        at = e;
    }
    if (at < n) parts.push_back({at, uint32_t(n), invert});
    return parts;
}

// Hugging Face's split behaviours: what happens to the delimiter parts.
void split_by(const Chars& t, const std::vector<Part>& parts, SplitBehavior how, std::vector<Chars>& out) {
    std::vector<std::pair<uint32_t, uint32_t>> pieces;
    for (size_t i = 0; i < parts.size(); ++i) {
        const Part& p = parts[i];
        switch (how) {
            case SplitBehavior::Removed:
                if (!p.delim) pieces.emplace_back(p.b, p.e);
                break;
            case SplitBehavior::Isolated: pieces.emplace_back(p.b, p.e); break;
            case SplitBehavior::MergedWithPrevious:
                if (p.delim && i > 0 && !parts[i - 1].delim) pieces.back().second = p.e;
                else pieces.emplace_back(p.b, p.e);
                break;
            case SplitBehavior::MergedWithNext:
                if (!p.delim && i > 0 && parts[i - 1].delim && !pieces.empty() && pieces.back().second == p.b)
                    pieces.back().second = p.e;
                else pieces.emplace_back(p.b, p.e);
                break;
            case SplitBehavior::Contiguous:
                if (p.delim && i > 0 && parts[i - 1].delim) pieces.back().second = p.e;
                else pieces.emplace_back(p.b, p.e);
                break;
        }
    }
    for (const auto& [b, e] : pieces)
        if (e > b) out.push_back(slice(t, b, e));
}

// Only the matches, in order (the reference's text.match(pattern)).
void keep_matches(const Chars& t, const Ranges& matches, std::vector<Chars>& out) {
    for (const auto& [b, e] : matches) out.push_back(slice(t, b, e));
}

void metaspace(Chars t, const PreTokenizerStep& s, bool first_section, bool section_start, std::vector<Chars>& out) {
    std::vector<char32_t> rep;
    for (size_t i = 0, len = 0; i < s.replacement.size(); i += len) rep.push_back(decode_utf8_at(s.replacement, i, len));
    if (rep.size() != 1) rep.assign(1, 0x2581);
    for (Char& c : t)
        if (c.cp == U' ') c.cp = rep[0];
    const bool prepend = section_start && (s.prepend == PreTokenizerStep::Prepend::Always ||
                                           (s.prepend == PreTokenizerStep::Prepend::First && first_section));
    if (prepend && !t.empty() && t.front().cp != rep[0]) t.insert(t.begin(), Char{rep[0], t.front().from, t.front().from});
    if (!s.split) {
        if (!t.empty()) out.push_back(std::move(t));
        return;
    }
    Ranges delims;
    for (size_t i = 0; i < t.size(); ++i)
        if (t[i].cp == rep[0]) delims.emplace_back(uint32_t(i), uint32_t(i + 1));
    split_by(t, parts_of(delims, t.size(), false), SplitBehavior::MergedWithNext, out);
}

}  // namespace

Expected<PreTokenizer> PreTokenizer::create(std::vector<PreTokenizerStep> steps) {
    PreTokenizer p;
    for (const PreTokenizerStep& s : steps) {
        using K = PreTokenizerStep::Kind;
        std::string pattern;
        if (s.kind == K::Split && s.regex) pattern = s.pattern;
        if (s.kind == K::ByteLevel) {
            p.byte_level_ = true;
            if (s.use_regex) pattern = kGpt2SplitPattern;
        }
        if (s.kind == K::Whitespace) pattern = R"([a-zA-Z0-9_]+|[^a-zA-Z0-9_\s]+)";
        if (s.kind == K::Bert) pattern = std::string(R"([^\s)") + kPunct + "]+|[" + kPunct + "]";
        if (s.kind == K::Punctuation) pattern = std::string("[^") + kPunct + "]+|[" + kPunct + "]+";
        if (s.kind == K::Digits) pattern = s.individual_digits ? "[^0-9]+|[0-9]" : "[^0-9]+|[0-9]+";
        if (s.kind == K::WhitespaceSplit) pattern = R"(\S+)";
        auto re = SplitRegex::compile(pattern.empty() ? "x" : pattern);
        if (!re) return Error{"pre-tokenizer: " + re.error()};
        p.regexes_.push_back(std::move(*re));
    }
    p.steps_ = std::move(steps);
    return p;
}

std::vector<Chars> PreTokenizer::apply(Chars text, bool first_section, bool section_start) const {
    std::vector<Chars> pieces;
    pieces.push_back(std::move(text));
    for (size_t k = 0; k < steps_.size(); ++k) {
        const PreTokenizerStep& s = steps_[k];
        const SplitRegex& re = regexes_[k];
        std::vector<Chars> next;
        next.reserve(pieces.size());
        for (Chars& t : pieces) {
            using K = PreTokenizerStep::Kind;
            switch (s.kind) {
                case K::Split: {
                    const Ranges m = s.regex ? find(re, t) : find_literal(t, s.pattern);
                    split_by(t, parts_of(m, t.size(), s.invert), s.behavior, next);
                    break;
                }
                case K::ByteLevel:
                    if (s.add_prefix_space && section_start && !t.empty() && t.front().cp != U' ')
                        t.insert(t.begin(), Char{U' ', t.front().from, t.front().from});
                    if (s.use_regex) keep_matches(t, find(re, t), next);
                    else next.push_back(std::move(t));
                    break;
                case K::Metaspace: metaspace(std::move(t), s, first_section, section_start, next); break;
                case K::Bert: {
                    size_t b = 0, e = t.size();  // the reference trims first
                    while (b < e && is_js_space(t[b].cp)) ++b;
                    while (e > b && is_js_space(t[e - 1].cp)) --e;
                    const Chars trimmed = slice(t, b, e);
                    keep_matches(trimmed, find(re, trimmed), next);
                    break;
                }
                case K::Whitespace:
                case K::WhitespaceSplit:
                case K::Punctuation:
                case K::Digits: keep_matches(t, find(re, t), next); break;
            }
        }
        pieces = std::move(next);
    }
    return pieces;
}

bool PreTokenizer::cut_safe() const {
    for (size_t k = 1; k < steps_.size(); ++k) {
        const PreTokenizerStep& st = steps_[k];
        if (st.kind == PreTokenizerStep::Kind::ByteLevel && st.add_prefix_space) return false;
        if (st.kind == PreTokenizerStep::Kind::Metaspace && st.prepend != PreTokenizerStep::Prepend::Never) return false;
    }
    return true;
}

}  // namespace embx
