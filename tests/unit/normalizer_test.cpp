// Normalizer steps on aligned text: each output character keeps the input bytes it came from.
#include <gtest/gtest.h>

#include "core/tokenizer/normalizer.hpp"
#include "core/tokenizer/text_chars.hpp"

namespace embx {
namespace {

std::string run(std::vector<NormalizerStep> steps, const std::string& text) {
    auto n = Normalizer::create(std::move(steps));
    EXPECT_TRUE(n.ok());
    return encode_chars(n->apply(decode_chars(text)));
}

NormalizerStep step(NormalizerStep::Kind k) {
    NormalizerStep s;
    s.kind = k;
    return s;
}

TEST(TextChars, DecodesLikeTextDecoder) {
    // Maximal invalid subsequences become one U+FFFD each (the WHATWG Encoding standard).
    const auto c = decode_chars("a\xE2\x82" "b\xF0\x9F\x98" "\xFF\xED\xA0\x80");
    std::u32string cps;
    for (const Char& ch : c) cps += ch.cp;
    EXPECT_EQ(cps, (std::u32string{U'a', 0xFFFD, U'b', 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD, 0xFFFD}));
    EXPECT_EQ(c[1].from, 1u);
    EXPECT_EQ(c[1].to, 3u);
}

TEST(Normalizer, UnicodeFormsKeepAlignment) {
    const auto n = unicode_normalize(decode_chars("xe\xCC\x81y"), UnicodeForm::NFC);
    ASSERT_EQ(n.size(), 3u);
    EXPECT_EQ(n[1].cp, 0xE9u);
    EXPECT_EQ(n[1].from, 1u);
    EXPECT_EQ(n[1].to, 4u);  // é stands for e + U+0301
    EXPECT_EQ(encode_chars(unicode_normalize(decode_chars("\xC3\xA9"), UnicodeForm::NFD)), "e\xCC\x81");
    EXPECT_EQ(encode_chars(unicode_normalize(decode_chars("\xEF\xAC\x81"), UnicodeForm::NFKC)), "fi");  // ﬁ ligature
    // Hangul jamo compose across starters: the result is still exact.
    EXPECT_EQ(encode_chars(unicode_normalize(decode_chars("\xE1\x84\x80\xE1\x85\xA1"), UnicodeForm::NFC)), "\xEA\xB0\x80");
}

TEST(Normalizer, LowercaseAsJavaScript) {
    EXPECT_EQ(run({step(NormalizerStep::Kind::Lowercase)}, "ABC \xCE\x9F\xCE\x94\xCE\x9F\xCE\xA3"),
              "abc \xCE\xBF\xCE\xB4\xCE\xBF\xCF\x82");  // final sigma
    EXPECT_EQ(run({step(NormalizerStep::Kind::Lowercase)}, "\xC4\xB0"), "i\xCC\x87");  // İ -> i + dot above
}

TEST(Normalizer, ReplacePrependStrip) {
    NormalizerStep rep = step(NormalizerStep::Kind::Replace);
    rep.pattern = " ";
    rep.content = "\xE2\x96\x81";
    NormalizerStep pre = step(NormalizerStep::Kind::Prepend);
    pre.content = "\xE2\x96\x81";
    EXPECT_EQ(run({pre, rep}, "a b"), "\xE2\x96\x81" "a\xE2\x96\x81" "b");
    EXPECT_EQ(run({pre}, ""), "");
    NormalizerStep re = step(NormalizerStep::Kind::Replace);
    re.regex = true;
    re.pattern = " {2,}";
    re.content = " ";
    EXPECT_EQ(run({re}, "a   b  c d"), "a b c d");
    NormalizerStep strip = step(NormalizerStep::Kind::Strip);
    strip.left = strip.right = true;
    EXPECT_EQ(run({strip}, " \t a b \n"), "a b");
}

TEST(Normalizer, BertCleansSpacesChineseAndAccents) {
    NormalizerStep bert = step(NormalizerStep::Kind::Bert);
    EXPECT_EQ(run({bert}, "Caf\xC3\xA9\tX\x01\xE4\xB8\xAD"), "cafe x \xE4\xB8\xAD ");
    bert.lowercase = false;
    EXPECT_EQ(run({bert}, "Caf\xC3\xA9"), "Caf\xC3\xA9");  // strip_accents follows lowercase
    bert.strip_accents = 1;
    EXPECT_EQ(run({bert}, "Caf\xC3\xA9"), "Cafe");
}

}  // namespace
}  // namespace embx
