// TF-IDF (core/train/tfidf) and its tokenizer (core/tokenizer/sklearn_words): the article's
// worked example on the Classroom's default collection, both variants and the scikit-learn
// switches on numbers worked out by hand, cosines, and words as scikit-learn's default
// analyzer splits them (its outputs were taken from scikit-learn 1.2 for these strings).
#include <gtest/gtest.h>

#include <cmath>

#include "core/tokenizer/sklearn_words.hpp"
#include "core/tokenizer/unicode_text.hpp"
#include "core/train/tfidf.hpp"
#include "core/train/tfidf_collection.hpp"

namespace embx {
namespace {

using Words = std::vector<std::string>;

TEST(SklearnWords, PunctuationCaseAndShortWords) {
    EXPECT_EQ(sklearn_word_tokens("Hello, World! It's a test_case 42 x __ a_b"),
              (Words{"hello", "world", "it", "test_case", "42", "__", "a_b"}));
    EXPECT_EQ(sklearn_word_tokens("e-mail don't U.S.A. 3.14"), (Words{"mail", "don", "14"}));
    EXPECT_EQ(sklearn_word_tokens(""), Words{});
    EXPECT_EQ(sklearn_word_tokens("a b c ! ?"), Words{});
    EXPECT_EQ(sklearn_word_tokens("  cat\tcat\ncat  "), (Words{"cat", "cat", "cat"}));
}

TEST(SklearnWords, NonAscii) {
    // Python's str.lower(): ß stays, Σ at the end of a word is ς, İ becomes i + U+0307 (a
    // combining mark, which \w does not match, so it splits the word).
    EXPECT_EQ(sklearn_word_tokens("Café NAÏVE Straße ΟΔΟΣ İstanbul nai\u0308ve"),
              (Words{"café", "naïve", "straße", "οδος", "stanbul", "nai", "ve"}));
    // Numerics and other scripts are word characters.
    EXPECT_EQ(sklearn_word_tokens("½½ x² 日本語 ٣٤ Σ ΣΑ"), (Words{"½½", "x²", "日本語", "٣٤", "σα"}));
    // A titlecase digraph; a sigma followed (past an apostrophe) by a letter is not final.
    EXPECT_EQ(sklearn_word_tokens("ǅemal ΑΣ'Β"), (Words{"ǆemal", "ασ"}));
}

TEST(SklearnWords, InvalidUtf8SplitsWords) {
    EXPECT_EQ(sklearn_word_tokens("ab\xff"
                                  "cd"),
              (Words{"ab", "cd"}));
    EXPECT_EQ(first_invalid_utf8("ab\xff"
                                 "cd"),
              2u);
    EXPECT_EQ(first_invalid_utf8("café"), std::string_view::npos);
    EXPECT_EQ(first_invalid_utf8("caf\xc3"), 3u);  // truncated
    EXPECT_EQ(first_invalid_utf8("x\xc0\xaf"), 1u);  // overlong '/'
    EXPECT_EQ(first_invalid_utf8("x\xed\xa0\x80"), 1u);  // a surrogate
}

TEST(Tfidf, ArticleExampleOnTheDefaultCollection) {
    const auto& docs = classroom_tfidf_documents();
    ASSERT_EQ(docs.size(), 10u);
    auto m = build_tfidf(docs, TfidfOptions::textbook());
    ASSERT_TRUE(m.ok()) << m.error();
    const size_t d = kClassroomExampleDocument, cat = m->find_term(kClassroomExampleTerm);
    ASSERT_NE(cat, TfidfModel::npos);
    EXPECT_EQ(m->doc_tokens(d), 100u);
    EXPECT_EQ(m->count(d, cat), 5u);
    EXPECT_EQ(m->df(cat), 2u);
    EXPECT_DOUBLE_EQ(m->tf(d, cat), 0.05);
    EXPECT_DOUBLE_EQ(m->idf(cat), std::log(5.0));
    EXPECT_NEAR(m->idf(cat), 1.609, 5e-4);
    EXPECT_DOUBLE_EQ(m->value(d, cat), 0.05 * std::log(5.0));
    EXPECT_NEAR(m->value(d, cat), 0.080, 5e-4);
    const TfidfCell c = m->explain(d, cat);
    EXPECT_EQ(c.count, 5u);
    EXPECT_EQ(c.doc_tokens, 100u);
    EXPECT_EQ(c.df, 2u);
    EXPECT_EQ(c.n, 10u);
    EXPECT_DOUBLE_EQ(c.product, c.value);
    EXPECT_EQ(explain_formula(c, m->options()),
              "TF = 5/100 = 0.05, IDF = ln(10/2) = 1.61, TF-IDF = 0.05 × 1.61 ≈ 0.08");
    // "number" and "apple" never share a document: orthogonal term vectors.
    const size_t number = m->find_term("number"), apple = m->find_term("apple");
    ASSERT_NE(number, TfidfModel::npos);
    ASSERT_NE(apple, TfidfModel::npos);
    EXPECT_EQ(m->term_cosine(number, apple), 0.0);
    EXPECT_DOUBLE_EQ(m->term_cosine(apple, apple), 1.0);
}

TEST(Tfidf, TermsSortedLikeScikitLearn) {
    auto m = build_tfidf({"zebra Apple apple", "éclair zebra _x 10 9z"}, TfidfOptions::sklearn());
    ASSERT_TRUE(m.ok()) << m.error();
    EXPECT_EQ(m->term_list(), (Words{"10", "9z", "_x", "apple", "zebra", "éclair"}));
    EXPECT_EQ(m->find_term("nothing"), TfidfModel::npos);
}

// Three documents; "the" in all, "cat" and "sat" in two, "dog", "mat" and "on" in one.
const std::vector<std::string> kSmall = {"the cat sat", "the dog sat on the mat", "the cat"};

TEST(Tfidf, ScikitLearnDefaults) {
    auto m = build_tfidf(kSmall, TfidfOptions::sklearn());
    ASSERT_TRUE(m.ok()) << m.error();
    EXPECT_EQ(m->term_list(), (Words{"cat", "dog", "mat", "on", "sat", "the"}));
    const double idf_the = std::log(4.0 / 4.0) + 1, idf_cat = std::log(4.0 / 3.0) + 1,
                 idf_dog = std::log(4.0 / 2.0) + 1;
    EXPECT_DOUBLE_EQ(m->idf(5), idf_the);
    EXPECT_DOUBLE_EQ(m->idf(0), idf_cat);
    EXPECT_DOUBLE_EQ(m->idf(1), idf_dog);
    // Row 2: "the cat" -> raw counts 1, 1 times idf, then unit length.
    const double len = std::hypot(idf_the, idf_cat);
    EXPECT_DOUBLE_EQ(m->value(2, 5), idf_the / len);
    EXPECT_DOUBLE_EQ(m->value(2, 0), idf_cat / len);
    EXPECT_EQ(m->value(2, 1), 0.0);
    for (size_t d = 0; d < 3; ++d) {
        double sq = 0;
        for (double x : m->row(d)) sq += x * x;
        EXPECT_NEAR(sq, 1.0, 1e-12);
    }
    // Row 1 has "the" twice: tf = 2 (raw count).
    EXPECT_DOUBLE_EQ(m->tf(1, 5), 2.0);
    const TfidfCell c = m->explain(1, 5);
    EXPECT_EQ(c.count, 2u);
    EXPECT_DOUBLE_EQ(c.product, 2 * idf_the);
    EXPECT_DOUBLE_EQ(c.value, c.product / c.row_norm);
    EXPECT_EQ(explain_formula(c, m->options()),
              "TF = 2 (count), IDF = ln((1+3)/(1+3)) + 1 = 1, TF-IDF = 2 × 1 = 2, ÷ row length 3.78 ≈ 0.53");
}

TEST(Tfidf, ScikitLearnSwitches) {
    TfidfOptions o = TfidfOptions::sklearn();
    o.sublinear_tf = true;
    o.smooth_idf = false;
    o.norm = TfidfNorm::none;
    auto m = build_tfidf(kSmall, o);
    ASSERT_TRUE(m.ok()) << m.error();
    EXPECT_DOUBLE_EQ(m->tf(1, 5), 1 + std::log(2.0));
    EXPECT_DOUBLE_EQ(m->idf(1), std::log(3.0 / 1.0) + 1);
    EXPECT_DOUBLE_EQ(m->idf(5), 1.0);
    EXPECT_DOUBLE_EQ(m->value(1, 5), 1 + std::log(2.0));  // no normalisation
    EXPECT_DOUBLE_EQ(m->value(1, 1), std::log(3.0) + 1);
    EXPECT_EQ(describe(o), "scikit-learn TfidfVectorizer (sublinear_tf, smooth_idf=False, norm=None)");
    EXPECT_EQ(describe(TfidfOptions::sklearn()), "scikit-learn TfidfVectorizer (smooth_idf, norm=l2)");
}

TEST(Tfidf, TextbookVariant) {
    auto m = build_tfidf(kSmall, TfidfOptions::textbook());
    ASSERT_TRUE(m.ok()) << m.error();
    EXPECT_DOUBLE_EQ(m->tf(1, 5), 2.0 / 6.0);
    EXPECT_EQ(m->idf(5), 0.0);  // in every document
    EXPECT_EQ(m->value(1, 5), 0.0);
    EXPECT_DOUBLE_EQ(m->value(1, 1), (1.0 / 6.0) * std::log(3.0));
    EXPECT_DOUBLE_EQ(m->value(0, 0), (1.0 / 3.0) * std::log(1.5));
    // Textbook with row normalisation.
    TfidfOptions o = TfidfOptions::textbook();
    o.norm = TfidfNorm::l2;
    auto n = build_tfidf(kSmall, o);
    ASSERT_TRUE(n.ok());
    double sq = 0;
    for (double x : n->row(1)) sq += x * x;
    EXPECT_NEAR(sq, 1.0, 1e-12);
}

TEST(Tfidf, Cosines) {
    auto m = build_tfidf({"red apple", "red apple", "blue sky", "red sky"}, TfidfOptions::sklearn());
    ASSERT_TRUE(m.ok());
    EXPECT_NEAR(m->document_cosine(0, 1), 1.0, 1e-12);
    EXPECT_EQ(m->document_cosine(0, 2), 0.0);
    const double c03 = m->document_cosine(0, 3);
    EXPECT_GT(c03, 0.0);
    EXPECT_LT(c03, 1.0);
    // By hand: the dot product of the two unit rows.
    const auto r0 = m->row(0), r3 = m->row(3);
    double dot = 0;
    for (size_t t = 0; t < r0.size(); ++t) dot += r0[t] * r3[t];
    EXPECT_NEAR(c03, dot, 1e-12);
    const size_t apple = m->find_term("apple"), blue = m->find_term("blue"), red = m->find_term("red");
    EXPECT_EQ(m->term_cosine(apple, blue), 0.0);
    EXPECT_GT(m->term_cosine(apple, red), 0.5);
}

TEST(Tfidf, TopTerms) {
    auto m = build_tfidf(kSmall, TfidfOptions::textbook());
    ASSERT_TRUE(m.ok());
    // Row 1: dog, mat and on (1/6 ln 3), sat (1/6 ln 1.5); "the" is 0 and left out.
    const auto top = m->top_terms(1, 10);
    ASSERT_EQ(top.size(), 4u);
    EXPECT_EQ(m->term(top[0]), "dog");
    EXPECT_EQ(m->term(top[1]), "mat");
    EXPECT_EQ(m->term(top[3]), "sat");
    EXPECT_EQ(m->top_terms(1, 1).size(), 1u);
}

TEST(Tfidf, EmptyDocumentsAndErrors) {
    auto none = build_tfidf({}, TfidfOptions::sklearn());
    ASSERT_FALSE(none.ok());
    EXPECT_NE(none.error().find("empty"), std::string::npos);
    auto no_words = build_tfidf({"a b", "", "!!"}, TfidfOptions::sklearn());
    ASSERT_FALSE(no_words.ok());
    EXPECT_NE(no_words.error().find("empty vocabulary"), std::string::npos);
    // A document without words is an all-zero row, in both variants.
    for (const TfidfOptions& o : {TfidfOptions::sklearn(), TfidfOptions::textbook()}) {
        auto m = build_tfidf({"cat dog", "", "cat"}, o);
        ASSERT_TRUE(m.ok());
        EXPECT_EQ(m->doc_tokens(1), 0u);
        for (double x : m->row(1)) EXPECT_EQ(x, 0.0);
        EXPECT_EQ(m->document_cosine(0, 1), 0.0);
        EXPECT_EQ(explain_formula(m->explain(1, 0), o).find("TF = 0"), 0u);
    }
}

}  // namespace
}  // namespace embx
