// Pre-tokenizer steps: split behaviours, inverted splits, GPT-2's ByteLevel split, Metaspace,
// BERT's punctuation split.
#include <gtest/gtest.h>

#include "core/tokenizer/pre_tokenizer.hpp"

namespace embx {
namespace {

using V = std::vector<std::string>;

V pieces(std::vector<PreTokenizerStep> steps, const std::string& text, bool first = true) {
    auto p = PreTokenizer::create(std::move(steps));
    EXPECT_TRUE(p.ok()) << p.error();
    V out;
    for (const Chars& c : p->apply(decode_chars(text), first)) out.push_back(encode_chars(c));
    return out;
}

PreTokenizerStep split(const std::string& pattern, SplitBehavior b, bool invert = false) {
    PreTokenizerStep s;
    s.pattern = pattern;
    s.behavior = b;
    s.invert = invert;
    return s;
}

TEST(PreTokenizer, SplitBehaviours) {
    EXPECT_EQ(pieces({split("-", SplitBehavior::Isolated)}, "a-b--c"), (V{"a", "-", "b", "-", "-", "c"}));
    EXPECT_EQ(pieces({split("-", SplitBehavior::Removed)}, "a-b--c"), (V{"a", "b", "c"}));
    EXPECT_EQ(pieces({split("-", SplitBehavior::MergedWithPrevious)}, "a-b--c"), (V{"a-", "b-", "-", "c"}));
    EXPECT_EQ(pieces({split("-", SplitBehavior::MergedWithNext)}, "a-b--c"), (V{"a", "-b", "-", "-c"}));
    EXPECT_EQ(pieces({split("-", SplitBehavior::Contiguous)}, "a-b--c"), (V{"a", "-", "b", "--", "c"}));
    // Inverted: the matches are the pieces, each on its own even when they touch.
    EXPECT_EQ(pieces({split(R"(\s+(?!\S)|\s+|\p{L}+)", SplitBehavior::Removed, true)}, "a   b"), (V{"a", "  ", " ", "b"}));
}

TEST(PreTokenizer, ByteLevelWithGpt2Pattern) {
    PreTokenizerStep bl;
    bl.kind = PreTokenizerStep::Kind::ByteLevel;
    bl.add_prefix_space = true;
    auto p = PreTokenizer::create({bl});
    EXPECT_TRUE(p->byte_level());
    EXPECT_EQ(pieces({bl}, "Hello world's 42!"), (V{" Hello", " world", "'s", " 42", "!"}));
}

TEST(PreTokenizer, MetaspaceFirstAndSplit) {
    PreTokenizerStep m;
    m.kind = PreTokenizerStep::Kind::Metaspace;
    m.prepend = PreTokenizerStep::Prepend::First;
    EXPECT_EQ(pieces({m}, "a b  c"), (V{"\xE2\x96\x81" "a", "\xE2\x96\x81" "b", "\xE2\x96\x81", "\xE2\x96\x81" "c"}));
    EXPECT_EQ(pieces({m}, "a", false), (V{"a"}));
    m.split = false;
    EXPECT_EQ(pieces({m}, "a b"), (V{"\xE2\x96\x81" "a\xE2\x96\x81" "b"}));
}

TEST(PreTokenizer, BertSplitsPunctuationAndSpace) {
    PreTokenizerStep b;
    b.kind = PreTokenizerStep::Kind::Bert;
    EXPECT_EQ(pieces({b}, "  Hello, world!! $5 "), (V{"Hello", ",", "world", "!", "!", "$", "5"}));
}

}  // namespace
}  // namespace embx
