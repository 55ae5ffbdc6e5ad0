// The regular expressions tokenizer.json files split text with (GPT-2, Llama 3, Qwen2, GPT-4o,
// DeepSeek-V3 patterns and their like), compiled into a small backtracking matcher over code
// points. Semantics follow JavaScript's `u` regexes, as the reference tokenizer
// (transformers.js) runs them:
//   - \s is JavaScript's white space (U+FEFF yes, U+0085 no), \d and \w are ASCII;
//   - \p{..}/\P{..} take Unicode general categories (L, Lu, N, Nd, P, S, M, Z, C, ...);
//   - (?i:...) is ASCII-only case-insensitivity (how transformers.js rewrites the one
//     (?i:'s|'t|...) group these patterns use);
//   - leftmost match, alternatives in order, greedy or lazy quantifiers, (?=...)/(?!...).
// Anything else (back-references, look-behind, anchors, a quantified group other than `?`) is
// refused with the construct named: a pattern we cannot run exactly is never approximated.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.hpp"

namespace embx {

// Code points with their category bits, worked out once so that a pattern's tests are bit tests.
struct CodePoints {
    std::vector<char32_t> cp;
    std::vector<uint32_t> bits;  // category_bits(cp[i])
    CodePoints() = default;
    explicit CodePoints(std::string_view utf8);
    void push_back(char32_t c);
    size_t size() const { return cp.size(); }
};

// One bit per Unicode general category (utf8proc's order) plus JavaScript's \s.
uint32_t category_bits(char32_t cp);

class SplitRegex {
public:
    static Expected<SplitRegex> compile(std::string_view pattern);

    // Every non-empty match, leftmost first, as [begin, end) code point indices into `text`.
    // A pattern that would take more than kStepsPerChar steps a character (only adversarial
    // ones can: see run()) stops early; `complete` (if given) then says false and the text
    // after the last match is left unmatched.
    std::vector<std::pair<uint32_t, uint32_t>> find_all(const CodePoints& text, bool* complete = nullptr) const;
    static constexpr size_t kStepsPerChar = 256;

    const std::string& pattern() const { return pattern_; }

    struct Item;  // one class member: a range or a category mask (public for the compiler)
    struct Node;

private:
    struct Scan;  // one find_all's memo and step budget
    bool run(uint32_t node, const CodePoints& t, size_t pos, size_t& end, Scan& scan) const;
    bool test(const Node& n, const CodePoints& t, size_t pos) const;
    bool test_slow(const Node& n, char32_t c, uint32_t bits) const;

    std::string pattern_;
    std::vector<Node> nodes_;
    std::vector<Item> items_;
};

struct SplitRegex::Item {
    char32_t lo = 0, hi = 0;  // a code point range, when mask == 0
    uint32_t mask = 0;        // else: matches when the category bits meet the mask
    bool negated = false;     // \S, \P{..}, \D, \W inside a class
};

struct SplitRegex::Node {
    enum class Op : uint8_t { Set, Repeat, Alt, Jump, Look, Accept } op = Op::Accept;
    uint32_t next = 0;
    // Set and Repeat: the class items_[first, first + count) (Repeat: min..max times).
    uint32_t first = 0, count = 0;
    bool negated = false, caseless = false, any = false;
    uint32_t min = 1, max = 1;  // Repeat bounds (max UINT32_MAX: unbounded)
    bool lazy = false;
    bool look_negative = false;
    uint64_t ascii[2] = {0, 0};  // Set/Repeat: the answer for each ASCII character
    std::vector<uint32_t> branches;  // Alt: the first node of each branch; Look: its body
    // Jump: goes on to `next` (an empty branch, an optional group's skip).
};

}  // namespace embx
