#include "core/tokenizer/split_regex.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <limits>

#include <utf8proc.h>

#include "core/tokenizer/text_chars.hpp"
#include "core/tokenizer/unicode_text.hpp"

namespace embx {

namespace {

constexpr uint32_t kJsSpaceBit = 1u << 30;
constexpr uint32_t kUnbounded = std::numeric_limits<uint32_t>::max();
constexpr size_t kMaxPatternBytes = 1 << 16;
constexpr size_t kMaxNesting = 32;

uint32_t cat(int c) { return 1u << c; }

const uint32_t kLetters = cat(UTF8PROC_CATEGORY_LU) | cat(UTF8PROC_CATEGORY_LL) | cat(UTF8PROC_CATEGORY_LT) |
                          cat(UTF8PROC_CATEGORY_LM) | cat(UTF8PROC_CATEGORY_LO);
const uint32_t kMarks = cat(UTF8PROC_CATEGORY_MN) | cat(UTF8PROC_CATEGORY_MC) | cat(UTF8PROC_CATEGORY_ME);
const uint32_t kNumbers = cat(UTF8PROC_CATEGORY_ND) | cat(UTF8PROC_CATEGORY_NL) | cat(UTF8PROC_CATEGORY_NO);
const uint32_t kPunctuation = cat(UTF8PROC_CATEGORY_PC) | cat(UTF8PROC_CATEGORY_PD) | cat(UTF8PROC_CATEGORY_PS) |
                              cat(UTF8PROC_CATEGORY_PE) | cat(UTF8PROC_CATEGORY_PI) | cat(UTF8PROC_CATEGORY_PF) |
                              cat(UTF8PROC_CATEGORY_PO);
const uint32_t kSymbols = cat(UTF8PROC_CATEGORY_SM) | cat(UTF8PROC_CATEGORY_SC) | cat(UTF8PROC_CATEGORY_SK) |
                          cat(UTF8PROC_CATEGORY_SO);
const uint32_t kSeparators = cat(UTF8PROC_CATEGORY_ZS) | cat(UTF8PROC_CATEGORY_ZL) | cat(UTF8PROC_CATEGORY_ZP);
const uint32_t kOther = cat(UTF8PROC_CATEGORY_CN) | cat(UTF8PROC_CATEGORY_CC) | cat(UTF8PROC_CATEGORY_CF) |
                        cat(UTF8PROC_CATEGORY_CS) | cat(UTF8PROC_CATEGORY_CO);

struct NamedMask {
    const char* name;
    uint32_t mask;
};

// \p{..} names: the general categories, short and long.
uint32_t property_mask(std::string_view name) {
    static const NamedMask kNames[] = {
        {"L", kLetters},      {"Letter", kLetters},        {"Lu", cat(UTF8PROC_CATEGORY_LU)},
        {"Ll", cat(UTF8PROC_CATEGORY_LL)}, {"Lt", cat(UTF8PROC_CATEGORY_LT)}, {"Lm", cat(UTF8PROC_CATEGORY_LM)},
        {"Lo", cat(UTF8PROC_CATEGORY_LO)}, {"M", kMarks},  {"Mark", kMarks}, {"Mn", cat(UTF8PROC_CATEGORY_MN)},
        {"Mc", cat(UTF8PROC_CATEGORY_MC)}, {"Me", cat(UTF8PROC_CATEGORY_ME)}, {"N", kNumbers}, {"Number", kNumbers},
        {"Nd", cat(UTF8PROC_CATEGORY_ND)}, {"Nl", cat(UTF8PROC_CATEGORY_NL)}, {"No", cat(UTF8PROC_CATEGORY_NO)},
        {"P", kPunctuation},  {"Punctuation", kPunctuation}, {"Pc", cat(UTF8PROC_CATEGORY_PC)},
        {"Pd", cat(UTF8PROC_CATEGORY_PD)}, {"Ps", cat(UTF8PROC_CATEGORY_PS)}, {"Pe", cat(UTF8PROC_CATEGORY_PE)},
        {"Pi", cat(UTF8PROC_CATEGORY_PI)}, {"Pf", cat(UTF8PROC_CATEGORY_PF)}, {"Po", cat(UTF8PROC_CATEGORY_PO)},
        {"S", kSymbols},      {"Symbol", kSymbols},        {"Sm", cat(UTF8PROC_CATEGORY_SM)},
        {"Sc", cat(UTF8PROC_CATEGORY_SC)}, {"Sk", cat(UTF8PROC_CATEGORY_SK)}, {"So", cat(UTF8PROC_CATEGORY_SO)},
        {"Z", kSeparators},   {"Separator", kSeparators},  {"Zs", cat(UTF8PROC_CATEGORY_ZS)},
        {"Zl", cat(UTF8PROC_CATEGORY_ZL)}, {"Zp", cat(UTF8PROC_CATEGORY_ZP)}, {"C", kOther}, {"Other", kOther},
        {"Cc", cat(UTF8PROC_CATEGORY_CC)}, {"Cf", cat(UTF8PROC_CATEGORY_CF)}, {"Cs", cat(UTF8PROC_CATEGORY_CS)},
        {"Co", cat(UTF8PROC_CATEGORY_CO)}, {"Cn", cat(UTF8PROC_CATEGORY_CN)},
    };
    for (const NamedMask& n : kNames)
        if (name == n.name) return n.mask;
    return 0;
}

bool is_ascii_letter(char32_t c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

using Item = SplitRegex::Item;
using Node = SplitRegex::Node;

// A compiled piece of pattern: its first node and the nodes whose `next` is still open.
struct Frag {
    uint32_t start = 0;
    std::vector<uint32_t> outs;
};

class Compiler {
public:
    Compiler(std::string_view p, std::vector<Node>& nodes, std::vector<Item>& items)
        : p_(p), nodes_(nodes), items_(items) {}

    Expected<uint32_t> compile() {
        Node entry;  // node 0, where every match starts
        entry.op = Node::Op::Jump;
        add(std::move(entry));
        Frag f = alternation(false, 0);
        if (!error_.empty()) return Error{error_};
        if (i_ < p_.size()) return Error{fail("unbalanced ')'")};
        const uint32_t accept = add(Node{});
        patch(f, accept);
        nodes_[0].next = f.start;
        return f.start;
    }

private:
    std::string fail(const std::string& what) {
        if (error_.empty()) error_ = what + " at offset " + std::to_string(i_) + " of the pattern";
        return error_;
    }
    bool failed() const { return !error_.empty(); }

    uint32_t add(Node n) {
        nodes_.push_back(std::move(n));
        return uint32_t(nodes_.size() - 1);
    }
    void patch(const Frag& f, uint32_t to) {
        for (uint32_t o : f.outs) nodes_[o].next = to;
    }
    Frag single(Node n) {
        const uint32_t id = add(std::move(n));
        return {id, {id}};
    }
    Frag jump() {
        Node n;
        n.op = Node::Op::Jump;
        return single(std::move(n));
    }

    bool more() const { return i_ < p_.size(); }
    char peek() const { return p_[i_]; }

    char32_t next_cp() {
        size_t len = 0;
        const char32_t c = decode_utf8_at(p_, i_, len);
        i_ += len;
        return c;
    }

    Frag alternation(bool caseless, size_t depth) {
        if (depth > kMaxNesting) {
            fail("groups nested more than " + std::to_string(kMaxNesting) + " deep");
            return {};
        }
        std::vector<Frag> branches{sequence(caseless, depth)};
        while (!failed() && more() && peek() == '|') {
            ++i_;
            branches.push_back(sequence(caseless, depth));
        }
        if (branches.size() == 1) return branches[0];
        Node alt;
        alt.op = Node::Op::Alt;
        Frag out;
        for (Frag& b : branches) {
            alt.branches.push_back(b.start);
            out.outs.insert(out.outs.end(), b.outs.begin(), b.outs.end());
        }
        out.start = add(std::move(alt));
        return out;
    }

    Frag sequence(bool caseless, size_t depth) {
        Frag seq;
        bool empty = true;
        while (!failed() && more() && peek() != '|' && peek() != ')') {
            Frag a = atom(caseless, depth);
            if (failed()) return {};
            if (empty) seq = std::move(a);
            else {
                patch(seq, a.start);
                seq.outs = std::move(a.outs);
            }
            empty = false;
        }
        return empty ? jump() : seq;
    }

    Frag atom(bool caseless, size_t depth) {
        const char c = peek();
        if (c == '(') return group(caseless, depth);
        if (c == '^' || c == '$') {
            fail(std::string("unsupported anchor '") + c + "'");
            return {};
        }
        if (c == '*' || c == '+' || c == '?' || c == '{') {
            fail(std::string("nothing to repeat before '") + c + "'");
            return {};
        }
        Node set;
        set.op = Node::Op::Set;
        set.caseless = caseless;
        set.first = uint32_t(items_.size());
        if (c == '[') {
            ++i_;
            char_class(set);
        } else if (c == '.') {
            ++i_;
            set.any = true;
        } else if (c == '\\') {
            ++i_;
            char32_t lit = 0;
            if (escape(lit)) items_.push_back({lit, lit, 0, false});
        } else {
            const char32_t lit = next_cp();
            items_.push_back({lit, lit, 0, false});
        }
        if (failed()) return {};
        set.count = uint32_t(items_.size()) - set.first;
        quantifier(set);
        if (failed()) return {};
        return single(std::move(set));
    }

    // Reads a quantifier after a one-character atom into `set` (turning it into a Repeat).
    void quantifier(Node& set) {
        if (!more()) return;
        uint32_t lo = 1, hi = 1;
        const char c = peek();
        if (c == '?') lo = 0, hi = 1;
        else if (c == '*') lo = 0, hi = kUnbounded;
        else if (c == '+') lo = 1, hi = kUnbounded;
        else if (c == '{') {
            if (!braces(lo, hi)) return;
        } else return;
        if (c != '{') ++i_;
        set.op = Node::Op::Repeat;
        set.min = lo;
        set.max = hi;
        if (more() && peek() == '?') {
            set.lazy = true;
            ++i_;
        }
        if (more() && (peek() == '*' || peek() == '+' || peek() == '{')) fail("a quantifier cannot follow a quantifier");
    }

    bool number(uint32_t& v) {
        const size_t from = i_;
        uint64_t n = 0;
        while (more() && peek() >= '0' && peek() <= '9' && i_ - from < 6) n = n * 10 + uint64_t(p_[i_++] - '0');
        v = uint32_t(n);
        return i_ > from;
    }

    bool braces(uint32_t& lo, uint32_t& hi) {
        ++i_;  // '{'
        if (!number(lo)) return fail("'{' without a repeat count"), false;
        hi = lo;
        if (more() && peek() == ',') {
            ++i_;
            hi = kUnbounded;
            if (more() && peek() != '}' && !number(hi)) return fail("bad repeat count"), false;
        }
        if (!more() || peek() != '}') return fail("'{' without '}'"), false;
        ++i_;
        if (hi < lo) return fail("repeat count {m,n} with n < m"), false;
        return true;
    }

    Frag group(bool caseless, size_t depth) {
        ++i_;  // '('
        bool look = false, negative = false;
        if (p_.compare(i_, 2, "?:") == 0) i_ += 2;
        else if (p_.compare(i_, 3, "?i:") == 0) i_ += 3, caseless = true;
        else if (p_.compare(i_, 2, "?=") == 0) i_ += 2, look = true;
        else if (p_.compare(i_, 2, "?!") == 0) i_ += 2, look = true, negative = true;
        else if (more() && peek() == '?') {
            fail("unsupported group '(" + std::string(p_.substr(i_, 3)) + "' (look-behind, flags or names)");
            return {};
        }
        Frag body = alternation(caseless, depth + 1);
        if (failed()) return {};
        if (!more() || peek() != ')') {
            fail("unclosed '('");
            return {};
        }
        ++i_;
        if (look) {
            patch(body, add(Node{}));  // the body ends in its own Accept
            Node n;
            n.op = Node::Op::Look;
            n.look_negative = negative;
            n.branches = {body.start};
            return single(std::move(n));
        }
        if (!more() || (peek() != '?' && peek() != '*' && peek() != '+' && peek() != '{')) return body;
        if (peek() != '?') {
            fail("unsupported repetition of a group (only '?' is implemented)");
            return {};
        }
        ++i_;
        const bool lazy = more() && peek() == '?';
        if (lazy) ++i_;
        Frag skip = jump();
        Node alt;
        alt.op = Node::Op::Alt;
        alt.branches = lazy ? std::vector<uint32_t>{skip.start, body.start} : std::vector<uint32_t>{body.start, skip.start};
        Frag out{add(std::move(alt)), body.outs};
        out.outs.push_back(skip.start);
        return out;
    }

    void char_class(Node& set) {
        if (more() && peek() == '^') {
            set.negated = true;
            ++i_;
        }
        bool first = true;
        while (!failed()) {
            if (!more()) {
                fail("unclosed '['");
                return;
            }
            if (peek() == ']' && !first) {
                ++i_;
                return;
            }
            first = false;
            if (peek() == '[') {
                fail("unsupported nested character class");
                return;
            }
            char32_t lo = 0;
            if (peek() == '\\') {
                ++i_;
                if (!escape(lo)) {
                    if (failed()) return;
                    continue;  // a class escape (\s, \p{L}) pushed its items: no range
                }
            } else {
                lo = next_cp();
            }
            char32_t hi = lo;
            if (more() && peek() == '-' && i_ + 1 < p_.size() && p_[i_ + 1] != ']') {
                ++i_;
                if (peek() == '\\') {
                    ++i_;
                    if (!escape(hi)) {
                        fail("a range cannot end in a class escape");
                        return;
                    }
                } else {
                    hi = next_cp();
                }
                if (hi < lo) {
                    fail("range out of order in a character class");
                    return;
                }
            }
            items_.push_back({lo, hi, 0, false});
        }
    }

    bool hex(size_t digits, char32_t& v) {
        v = 0;
        for (size_t k = 0; k < digits; ++k) {
            if (!more() || !std::isxdigit(static_cast<unsigned char>(peek()))) return fail("bad hexadecimal escape"), false;
            const char h = p_[i_++];
            v = v * 16 + char32_t(h <= '9' ? h - '0' : (h | 0x20) - 'a' + 10);
        }
        return true;
    }

    // After a backslash. A literal escape (\n, \-, \u00e9) returns true with `lit` set; a class
    // escape (\s, \p{L}, \w) pushes its items and returns false; errors return false too.
    bool escape(char32_t& lit) {
        if (!more()) return fail("pattern ends in '\\'"), false;
        const char c = p_[i_++];
        auto literal = [&](char32_t v) {
            lit = v;
            return true;
        };
        auto cls = [&](uint32_t mask, bool neg) {
            items_.push_back({0, 0, mask, neg});
            return false;
        };
        switch (c) {
            case 's': return cls(kJsSpaceBit, false);
            case 'S': return cls(kJsSpaceBit, true);
            case 'd': items_.push_back({'0', '9', 0, false}); return false;
            case 'w':
                for (auto r : {std::pair<char32_t, char32_t>{'a', 'z'}, {'A', 'Z'}, {'0', '9'}, {'_', '_'}})
                    items_.push_back({r.first, r.second, 0, false});
                return false;
            case 'p':
            case 'P': {
                if (!more() || peek() != '{') return fail("\\p without {name}"), false;
                const size_t close = p_.find('}', i_);
                if (close == std::string_view::npos) return fail("\\p{ without '}'"), false;
                const std::string_view name = p_.substr(i_ + 1, close - i_ - 1);
                const uint32_t mask = property_mask(name);
                if (mask == 0) return fail("unsupported Unicode property '\\p{" + std::string(name) + "}'"), false;
                i_ = close + 1;
                return cls(mask, c == 'P');
            }
            case 'r': return literal('\r');
            case 'n': return literal('\n');
            case 't': return literal('\t');
            case 'f': return literal('\f');
            case 'v': return literal('\v');
            case '0': return literal(0);
            case 'x': {
                char32_t v = 0;
                return hex(2, v) && literal(v);
            }
            case 'u': {
                char32_t v = 0;
                if (more() && peek() == '{') {
                    ++i_;
                    const size_t close = p_.find('}', i_);
                    if (close == std::string_view::npos || close == i_ || close - i_ > 6) return fail("bad \\u{...}"), false;
                    if (!hex(close - i_, v)) return false;
                    ++i_;
                    return literal(v);
                }
                return hex(4, v) && literal(v);
            }
            default:
                if (std::isalnum(static_cast<unsigned char>(c)))
                    return fail(std::string("unsupported escape '\\") + c + "'"), false;
                --i_;
                return literal(next_cp());  // an escaped punctuation or symbol stands for itself
        }
    }

    std::string_view p_;
    size_t i_ = 0;
    std::vector<Node>& nodes_;
    std::vector<Item>& items_;
    std::string error_;
};

}  // namespace

uint32_t category_bits(char32_t cp) {
    uint32_t bits = 1u << utf8proc_category(utf8proc_int32_t(cp));
    if (is_js_space(cp)) bits |= kJsSpaceBit;
    return bits;
}

namespace {
// ASCII is most of most texts: its bits come from a table made at start-up.
const std::array<uint32_t, 128> kAsciiBits = [] {
    std::array<uint32_t, 128> t{};
    for (char32_t a = 0; a < 128; ++a) t[a] = category_bits(a);
    return t;
}();
}  // namespace

void CodePoints::push_back(char32_t c) {
    cp.push_back(c);
    bits.push_back(c < 128 ? kAsciiBits[c] : category_bits(c));
}

CodePoints::CodePoints(std::string_view utf8) {
    cp.reserve(utf8.size());
    bits.reserve(utf8.size());
    for (size_t i = 0, len = 0; i < utf8.size(); i += len) push_back(decode_utf8_at(utf8, i, len));
}

Expected<SplitRegex> SplitRegex::compile(std::string_view pattern) {
    if (pattern.size() > kMaxPatternBytes) return Error{"the pattern is longer than 64 KiB"};
    if (first_invalid_utf8(pattern) != std::string_view::npos) return Error{"the pattern is not valid UTF-8"};
    SplitRegex re;
    re.pattern_.assign(pattern);
    Compiler c(re.pattern_, re.nodes_, re.items_);
    auto start = c.compile();
    if (!start) return Error{"regex '" + re.pattern_ + "': " + start.error()};
    // Each set's answer for the 128 ASCII characters, worked out once: most tests hit these.
    for (Node& n : re.nodes_) {
        if (n.op != Node::Op::Set && n.op != Node::Op::Repeat) continue;
        for (char32_t a = 0; a < 128; ++a)
            if (re.test_slow(n, a, category_bits(a))) n.ascii[a >> 6] |= uint64_t(1) << (a & 63);
    }
    return re;
}

bool SplitRegex::test(const Node& n, const CodePoints& t, size_t pos) const {
    const char32_t c = t.cp[pos];
    if (c < 128) return (n.ascii[c >> 6] >> (c & 63)) & 1;
    return test_slow(n, c, t.bits[pos]);
}

bool SplitRegex::test_slow(const Node& n, char32_t c, uint32_t bits) const {
    if (n.any) return c != '\n' && c != '\r' && c != 0x2028 && c != 0x2029;
    bool hit = false;
    for (uint32_t k = n.first; k < n.first + n.count && !hit; ++k) {
        const Item& it = items_[k];
        if (it.mask != 0) hit = ((bits & it.mask) != 0) != it.negated;
        else if (c >= it.lo && c <= it.hi) hit = true;
        else if (n.caseless && is_ascii_letter(c)) {
            const char32_t other = c ^ 0x20;
            hit = other >= it.lo && other <= it.hi;
        }
    }
    return hit != n.negated;
}

// Backtracking would make a run of n spaces quadratic for Qwen's `\s*[\r\n]+` (every start
// in the run tries every split of it). Since a match from node x at position p depends on
// nothing else (no captures, no back-references), the scan remembers, per repeat, the range
// of positions from which its continuation is known to fail, and skips them.
struct SplitRegex::Scan {
    std::vector<std::pair<size_t, size_t>> failed;  // per node: [lo, hi] (lo > hi: none)
    size_t steps_left = 0;
    bool exhausted = false;
};

bool SplitRegex::run(uint32_t id, const CodePoints& t, size_t pos, size_t& end, Scan& scan) const {
    for (;;) {
        if (scan.steps_left == 0) {
            scan.exhausted = true;
            return false;
        }
        --scan.steps_left;
        const Node& n = nodes_[id];
        switch (n.op) {
            case Node::Op::Set:
                if (pos >= t.size() || !test(n, t, pos)) return false;
                ++pos;
                id = n.next;
                break;
            case Node::Op::Repeat: {
                const size_t limit = std::min<size_t>(n.max, t.size() - pos);
                size_t k = 0;
                if (!n.lazy) {
                    while (k < limit && test(n, t, pos + k)) ++k;
                    if (k < n.min) return false;
                    auto& f = scan.failed[id];
                    for (size_t c = k;; --c) {
                        const size_t at = pos + c;
                        if (!(f.first <= at && at <= f.second) && run(n.next, t, at, end, scan)) return true;
                        if (scan.exhausted) return false;
                        if (c == n.min) break;
                    }
                    const size_t lo = pos + n.min, hi = pos + k;
                    if (f.first > f.second || hi + 1 < f.first || lo > f.second + 1) f = {lo, hi};
                    else f = {std::min(f.first, lo), std::max(f.second, hi)};
                    return false;
                }
                for (;; ++k) {
                    if (k >= n.min && run(n.next, t, pos + k, end, scan)) return true;
                    if (scan.exhausted || k >= limit || !test(n, t, pos + k)) return false;
                }
            }
            case Node::Op::Alt:
                for (size_t b = 0; b + 1 < n.branches.size(); ++b) {
                    if (run(n.branches[b], t, pos, end, scan)) return true;
                    if (scan.exhausted) return false;
                }
                id = n.branches.back();
                break;
            case Node::Op::Jump: id = n.next; break;
            case Node::Op::Look: {
                size_t ignored = 0;
                const bool found = run(n.branches[0], t, pos, ignored, scan);
                if (scan.exhausted || found == n.look_negative) return false;
                id = n.next;
                break;
            }
            case Node::Op::Accept: end = pos; return true;
        }
    }
}

std::vector<std::pair<uint32_t, uint32_t>> SplitRegex::find_all(const CodePoints& text, bool* complete) const {
    std::vector<std::pair<uint32_t, uint32_t>> out;
    Scan scan;
    scan.failed.assign(nodes_.size(), {1, 0});
    scan.steps_left = kStepsPerChar * text.size() + (size_t(1) << 16);
    for (size_t start = 0; start < text.size();) {
        size_t end = 0;
        if (run(0, text, start, end, scan) && end > start) {
            out.emplace_back(uint32_t(start), uint32_t(end));
            start = end;
        } else if (scan.exhausted) {
            break;
        } else {
            ++start;  // no match here, or an empty one (skipped, as JavaScript's matchAll does)
        }
    }
    if (complete) *complete = !scan.exhausted;
    return out;
}

}  // namespace embx
