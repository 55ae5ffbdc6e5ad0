// The byte-level BPE tokenizer on vocabularies built in code: the byte alphabet, the Qwen2
// pre-tokenizer's alternatives one by one, merge order, added tokens, NFC and bad input.
#include <gtest/gtest.h>

#include "bpe_fixtures.hpp"
#include "core/tokenizer/qwen2_pretokenizer.hpp"
#include "core/tokenizer/unicode_text.hpp"

namespace embx {
namespace {

using test::bl;
using test::tiny_bpe;

std::vector<std::string> split(const std::string& s) {
    std::vector<std::string> out;
    for (std::string_view p : split_qwen2(s)) out.emplace_back(p);
    return out;
}

std::vector<std::string> texts(const BpeTokenizer& t, const std::string& s) {
    std::vector<std::string> out;
    for (const Token& tok : t.encode(s)) out.push_back(tok.text);
    return out;
}

using V = std::vector<std::string>;

TEST(ByteLevel, KnownLettersAndRoundTrip) {
    EXPECT_EQ(byte_level_encode(" "), "\xC4\xA0");   // U+0120 Ġ
    EXPECT_EQ(byte_level_encode("\n"), "\xC4\x8A");  // U+010A Ċ
    EXPECT_EQ(byte_level_encode("Az~"), "Az~");
    EXPECT_EQ(byte_level_encode("\xC3\xA9"), "\xC3\x83\xC2\xA9");  // é -> Ã©
    std::string all;
    for (int b = 0; b < 256; ++b) all.push_back(char(b));
    const auto back = byte_level_decode(byte_level_encode(all));
    ASSERT_TRUE(back.has_value());
    EXPECT_EQ(*back, all);
    EXPECT_FALSE(byte_level_decode("\xE4\xB8\x80").has_value());  // U+4E00 is no byte
}

TEST(Qwen2Split, WordsAndSpaces) {
    EXPECT_EQ(split("Hello world"), (V{"Hello", " world"}));
    EXPECT_EQ(split("a  b"), (V{"a", " ", " b"}));
    EXPECT_EQ(split("end   "), (V{"end", "   "}));
    EXPECT_EQ(split("x  \n  y"), (V{"x", "  \n", " ", " y"}));
    EXPECT_EQ(split("a\n\nb"), (V{"a", "\n\n", "b"}));
    EXPECT_EQ(split("\tword"), (V{"\tword"}));
    EXPECT_EQ(split(""), V{});
}

TEST(Qwen2Split, ContractionsIgnoreCase) {
    EXPECT_EQ(split("I'm"), (V{"I", "'m"}));
    EXPECT_EQ(split("THEY'RE"), (V{"THEY", "'RE"}));
    EXPECT_EQ(split("we'll've"), (V{"we", "'ll", "'ve"}));
    EXPECT_EQ(split("'x"), (V{"'x"}));  // no contraction: an optional non-letter before letters
}

TEST(Qwen2Split, NumbersAndPunctuation) {
    EXPECT_EQ(split("2025"), (V{"2", "0", "2", "5"}));
    EXPECT_EQ(split("x1"), (V{"x", "1"}));
    EXPECT_EQ(split("Hi!!! ok"), (V{"Hi", "!!!", " ok"}));
    EXPECT_EQ(split("a !!\n\nb"), (V{"a", " !!\n\n", "b"}));
    EXPECT_EQ(split(".5"), (V{".", "5"}));
    EXPECT_EQ(split("\xC2\xBD"), (V{"\xC2\xBD"}));  // ½ is \p{N}
}

TEST(Qwen2Split, UnicodeLetters) {
    EXPECT_EQ(split("\xE6\x97\xA5\xE6\x9C\xAC"), (V{"\xE6\x97\xA5\xE6\x9C\xAC"}));  // 日本: one run of letters
    EXPECT_EQ(split("caf\xC3\xA9 ok"), (V{"caf\xC3\xA9", " ok"}));
    EXPECT_TRUE(is_letter(U'\u00E9'));
    EXPECT_TRUE(is_number(U'\u0663'));
    EXPECT_TRUE(is_whitespace(U'\u3000'));
    EXPECT_FALSE(is_whitespace(U'\uFEFF'));
}

TEST(BpeTokenizer, MergesByRank) {
    auto t = BpeTokenizer::create(tiny_bpe({{"b", "c"}, {"a", "b"}, {" ", "a"}}));
    ASSERT_TRUE(t.ok()) << t.error();
    // "bc" outranks "ab": a|bc, and no merge joins a with bc.
    EXPECT_EQ(texts(*t, "abc"), (V{"a", "bc"}));
    EXPECT_EQ(texts(*t, "ab ab"), (V{"ab", bl(" "), "ab"}));  // "ab" outranks " a"
    EXPECT_EQ(texts(*t, " a"), (V{bl(" a")}));
    EXPECT_EQ(t->encode_ids("a")[0], uint32_t('a'));
}

TEST(BpeTokenizer, LeftmostOnTiesAndChains) {
    auto t = BpeTokenizer::create(tiny_bpe({{"a", "a"}, {"aa", "a"}, {"aa", "aa"}}));
    ASSERT_TRUE(t.ok()) << t.error();
    EXPECT_EQ(texts(*t, "aaa"), (V{"aaa"}));    // aa|a, then aa+a
    EXPECT_EQ(texts(*t, "aaaa"), (V{"aaaa"}));  // aa|aa, then aa+aa
    // aa|a|a|a -> aa|aa|a (rank 0 first) -> aa|aaa (aa+a outranks aa+aa).
    EXPECT_EQ(texts(*t, "aaaaa"), (V{"aa", "aaa"}));
}

TEST(BpeTokenizer, AddedTokensFirstLongestMatch) {
    auto spec = tiny_bpe({{"h", "i"}}, {"<|x|>", "<|x|>!"});
    auto t = BpeTokenizer::create(spec);
    ASSERT_TRUE(t.ok()) << t.error();
    const auto toks = t->encode("hi<|x|>hi<|x|>!");
    ASSERT_EQ(toks.size(), 4u);
    EXPECT_EQ(toks[0].text, "hi");
    EXPECT_EQ(toks[1].text, "<|x|>");
    EXPECT_TRUE(toks[1].added);
    EXPECT_EQ(toks[3].text, "<|x|>!");
    EXPECT_EQ(toks[3].id, 256u + 2);
}

TEST(BpeTokenizer, AddedTokenStrip) {
    auto spec = tiny_bpe({}, {"<m>"});
    spec.added[0].lstrip = spec.added[0].rstrip = true;
    auto t = BpeTokenizer::create(spec);
    ASSERT_TRUE(t.ok()) << t.error();
    EXPECT_EQ(texts(*t, "a  <m>  b"), (V{"a", "<m>", "b"}));
}

TEST(BpeTokenizer, NfcAndInvalidUtf8) {
    auto t = BpeTokenizer::create(tiny_bpe({{"\xC3", "\xA9"}}));
    ASSERT_TRUE(t.ok()) << t.error();
    EXPECT_EQ(t->encode_ids("e\xCC\x81"), t->encode_ids("\xC3\xA9"));  // e + combining acute = é
    EXPECT_EQ(t->encode_ids("\xC3\xA9").size(), 1u);
    // A lone 0xFF reads as U+FFFD (EF BF BD), like a lossy UTF-8 decode.
    EXPECT_EQ(t->encode_ids("\xFF"), (std::vector<uint32_t>{0xEF, 0xBF, 0xBD}));
    auto raw = tiny_bpe({{"\xC3", "\xA9"}});
    raw.nfc = false;
    auto t2 = BpeTokenizer::create(raw);
    ASSERT_TRUE(t2.ok());
    EXPECT_EQ(t2->encode_ids("e\xCC\x81").size(), 3u);
}

TEST(BpeTokenizer, IgnoreMerges) {
    auto spec = tiny_bpe({{"a", "b"}});
    spec.vocab.push_back(bl("abc"));  // a token no merge produces
    spec.ignore_merges = true;
    auto t = BpeTokenizer::create(spec);
    ASSERT_TRUE(t.ok());
    EXPECT_EQ(texts(*t, "abc"), (V{"abc"}));
}

TEST(BpeTokenizer, RejectsBadSpecs) {
    auto spec = tiny_bpe({{"a", "b"}});
    spec.merges.emplace_back("zz", "a");
    auto t = BpeTokenizer::create(spec);
    ASSERT_FALSE(t.ok());
    EXPECT_NE(t.error().find("'zz' is not in the vocabulary"), std::string::npos) << t.error();
    auto spec2 = tiny_bpe({});
    spec2.added.push_back({"<x>", 99999, true});
    EXPECT_FALSE(BpeTokenizer::create(spec2).ok());
    EXPECT_FALSE(BpeTokenizer::create(BpeSpec{}).ok());
}

TEST(BpeTokenizer, LongRuns) {
    auto t = BpeTokenizer::create(tiny_bpe({{" ", " "}, {"  ", "  "}}));
    ASSERT_TRUE(t.ok());
    const auto ids = t->encode_ids(std::string(4000, ' '));
    EXPECT_EQ(ids.size(), 1000u);
}

}  // namespace
}  // namespace embx
