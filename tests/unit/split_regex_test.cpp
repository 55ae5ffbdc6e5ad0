// The split-pattern regex engine: the Qwen2 pattern's alternatives one by one, the other
// families' constructs (counted repeats, inverted classes, optional groups, look-ahead), and
// patterns it refuses with the construct named.
#include <gtest/gtest.h>

#include "bpe_fixtures.hpp"
#include "core/tokenizer/split_regex.hpp"

namespace embx {
namespace {

using V = std::vector<std::string>;

V matches(const std::string& pattern, const std::string& text) {
    auto re = SplitRegex::compile(pattern);
    EXPECT_TRUE(re.ok()) << re.error();
    if (!re) return {};
    const CodePoints cps(text);
    // Byte offsets of the code points, for slicing the text.
    std::vector<size_t> at;
    for (size_t i = 0; i < text.size(); ++i)
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) at.push_back(i);
    at.push_back(text.size());
    V out;
    for (const auto& [b, e] : re->find_all(cps)) out.push_back(text.substr(at[b], at[e] - at[b]));
    return out;
}

V qwen(const std::string& s) { return matches(test::kQwen2Pattern, s); }

TEST(SplitRegex, QwenWordsAndSpaces) {
    EXPECT_EQ(qwen("Hello world"), (V{"Hello", " world"}));
    EXPECT_EQ(qwen("a  b"), (V{"a", " ", " b"}));
    EXPECT_EQ(qwen("end   "), (V{"end", "   "}));
    EXPECT_EQ(qwen("x  \n  y"), (V{"x", "  \n", " ", " y"}));
    EXPECT_EQ(qwen("a\n\nb"), (V{"a", "\n\n", "b"}));
    EXPECT_EQ(qwen("\tword"), (V{"\tword"}));
    EXPECT_EQ(qwen(""), V{});
}

TEST(SplitRegex, QwenContractionsIgnoreAsciiCase) {
    EXPECT_EQ(qwen("I'm"), (V{"I", "'m"}));
    EXPECT_EQ(qwen("THEY'RE"), (V{"THEY", "'RE"}));
    EXPECT_EQ(qwen("we'll've"), (V{"we", "'ll", "'ve"}));
    EXPECT_EQ(qwen("'x"), (V{"'x"}));  // no contraction: an optional non-letter before letters
}

TEST(SplitRegex, QwenNumbersAndPunctuation) {
    EXPECT_EQ(qwen("2025"), (V{"2", "0", "2", "5"}));
    EXPECT_EQ(qwen("x1"), (V{"x", "1"}));
    EXPECT_EQ(qwen("Hi!!! ok"), (V{"Hi", "!!!", " ok"}));
    EXPECT_EQ(qwen("a !!\n\nb"), (V{"a", " !!\n\n", "b"}));
    EXPECT_EQ(qwen(".5"), (V{".", "5"}));
    EXPECT_EQ(qwen("\xC2\xBD"), (V{"\xC2\xBD"}));  // ½ is \p{N}
    EXPECT_EQ(qwen("\xE6\x97\xA5\xE6\x9C\xAC"), (V{"\xE6\x97\xA5\xE6\x9C\xAC"}));  // 日本: letters
}

TEST(SplitRegex, JavaScriptWhiteSpace) {
    // \s is JavaScript's: U+FEFF is white space, U+0085 is not.
    EXPECT_EQ(matches(R"(\s+)", "a\xEF\xBB\xBF b"), (V{"\xEF\xBB\xBF "}));
    EXPECT_EQ(matches(R"(\s+)", "a\xC2\x85 b"), (V{" "}));
}

TEST(SplitRegex, CountedRepeatsAndClasses) {
    EXPECT_EQ(matches(R"(\p{N}{1,3})", "1234567"), (V{"123", "456", "7"}));
    EXPECT_EQ(matches(R"([\u4e00-\u9fa5]+)", "ab\xE4\xB8\xAD\xE6\x96\x87" "cd"), (V{"\xE4\xB8\xAD\xE6\x96\x87"}));
    EXPECT_EQ(matches(R"([!\-./][A-Za-z]+)", "x.com -ab"), (V{".com", "-ab"}));
    EXPECT_EQ(matches(R"([^\s\p{L}]+)", "ab 12,3 c"), (V{"12,3"}));
    EXPECT_EQ(matches(R"(a{2})", "aaaaa"), (V{"aa", "aa"}));
    EXPECT_EQ(matches(R"(a+?b)", "aab"), (V{"aab"}));
}

TEST(SplitRegex, OptionalGroupsAndLookAhead) {
    EXPECT_EQ(matches(R"(\p{L}+(?i:'s|'t)?)", "it's DON'T"), (V{"it's", "DON'T"}));
    EXPECT_EQ(matches(R"(\s+(?!\S)|\s+)", "a   b"), (V{"  ", " "}));
    EXPECT_EQ(matches(R"(x(?=y))", "xy xz"), (V{"x"}));
}

TEST(SplitRegex, LongWhiteSpaceRunsStayLinear) {
    // Qwen's \s*[\r\n]+ would retry every split of a run at every start: the memo skips them.
    auto re = SplitRegex::compile(test::kQwen2Pattern);
    ASSERT_TRUE(re.ok());
    const CodePoints spaces(std::string(200000, ' ') + "x");
    bool complete = false;
    const auto m = re->find_all(spaces, &complete);
    EXPECT_TRUE(complete);
    ASSERT_EQ(m.size(), 2u);  // all spaces but the last, then " x"
    EXPECT_EQ(m[0].second, 199999u);
}

TEST(SplitRegex, StackedRepeatsStayLinearToo) {
    // O(n^7) by plain backtracking; each repeat's failed continuations are remembered.
    auto re = SplitRegex::compile("a*a*a*a*a*a*a*b|a");
    ASSERT_TRUE(re.ok());
    bool complete = false;
    const auto m = re->find_all(CodePoints(std::string(3000, 'a')), &complete);
    EXPECT_TRUE(complete);
    EXPECT_EQ(m.size(), 3000u);
}

TEST(SplitRegex, RefusesWhatItCannotRunExactly) {
    for (const char* bad : {"(?<=a)b", "\\bword", "^a", "(ab)+", "\\p{Han}", "[a", "(a", "a)", "*a", "a{3,1}", "\\1"}) {
        auto re = SplitRegex::compile(bad);
        EXPECT_FALSE(re.ok()) << bad;
        if (!re) {
            EXPECT_NE(re.error().find("offset"), std::string::npos) << re.error();
        }
    }
    auto han = SplitRegex::compile("\\p{Han}");
    EXPECT_NE(han.error().find("\\p{Han}"), std::string::npos) << han.error();
}

}  // namespace
}  // namespace embx
