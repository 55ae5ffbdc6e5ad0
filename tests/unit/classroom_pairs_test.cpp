// The Classroom's word pairs (app/classroom_pairs): cosine in TF-IDF term space next to the
// cosine of the same words' rows in an embedding table, and a reason wherever one is missing.
#include "app/classroom_pairs.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "fixtures.hpp"

namespace embx::app {
namespace {

double cosine(const float* a, const float* b, size_t n) {
    double dot = 0, na = 0, nb = 0;
    for (size_t i = 0; i < n; ++i) {
        dot += double(a[i]) * b[i];
        na += double(a[i]) * a[i];
        nb += double(b[i]) * b[i];
    }
    return dot / std::sqrt(na * nb);
}

TEST(ClassroomPairs, TfidfColumnsNextToTableRows) {
    // "cat" and "dog" share the first document only; "number" and "apple" never meet.
    const std::vector<std::string> docs = {"the cat and the dog", "a cat alone", "one number", "an apple a day"};
    auto model = build_tfidf(docs, TfidfOptions::textbook());
    ASSERT_TRUE(model.ok()) << model.error();
    test::FloatTable f = test::make_float_table(8, 16, 7);
    f.words = {"cat", "dog", "number", "apple", "king", "x5", "x6", "x7"};
    const auto table = test::to_table(f, DType::F32, "tiny");

    const auto rows = compare_word_pairs(article_word_pairs(), &*model, table.get());
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_EQ(rows[0].a, "number");
    EXPECT_TRUE(rows[0].has_tfidf);
    EXPECT_EQ(rows[0].tfidf, 0.0);
    ASSERT_TRUE(rows[0].has_table) << rows[0].table_why;
    EXPECT_NEAR(rows[0].table, cosine(f.row(2), f.row(3), f.dims), 1e-6);

    const size_t cat = model->find_term("cat"), dog = model->find_term("dog");
    ASSERT_TRUE(rows[1].has_tfidf);
    EXPECT_DOUBLE_EQ(rows[1].tfidf, model->term_cosine(cat, dog));
    EXPECT_GT(rows[1].tfidf, 0.0);
    EXPECT_NEAR(rows[1].table, cosine(f.row(0), f.row(1), f.dims), 1e-6);

    // king/queen: in no document; "queen" is not in the table either.
    EXPECT_FALSE(rows[2].has_tfidf);
    EXPECT_NE(rows[2].tfidf_why.find("\u201cking\u201d is in none of the documents"), std::string::npos)
        << rows[2].tfidf_why;
    EXPECT_NE(rows[2].tfidf_why.find("\u201cqueen\u201d"), std::string::npos) << rows[2].tfidf_why;
    EXPECT_FALSE(rows[2].has_table);
    EXPECT_NE(rows[2].table_why.find("queen"), std::string::npos) << rows[2].table_why;
}

TEST(ClassroomPairs, WordsAreLookedUpAsTheVectorizerAndSearchDo) {
    auto model = build_tfidf({"Cats and DOGS", "cats only"}, TfidfOptions::sklearn());
    ASSERT_TRUE(model.ok()) << model.error();
    test::FloatTable f = test::make_float_table(4, 8, 3);
    f.words = {"cats", "dogs", "a", "b"};
    const auto table = test::to_table(f, DType::F32);
    const auto rows = compare_word_pairs({{"CATS", "Dogs"}, {"a", "cats"}, {"new york", "cats"}}, &*model, table.get());
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_TRUE(rows[0].has_tfidf);  // lower-cased as TfidfVectorizer does
    EXPECT_TRUE(rows[0].has_table) << rows[0].table_why;  // ASCII case ignored as Search does
    EXPECT_FALSE(rows[1].has_tfidf);  // one letter: never a term
    EXPECT_NE(rows[1].tfidf_why.find("not one term"), std::string::npos) << rows[1].tfidf_why;
    EXPECT_TRUE(rows[1].has_table) << rows[1].table_why;
    EXPECT_FALSE(rows[2].has_tfidf);
}

TEST(ClassroomPairs, NoMatrixOrNoTable) {
    const auto rows = compare_word_pairs({{"cat", "dog"}}, nullptr, nullptr);
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_FALSE(rows[0].has_tfidf);
    EXPECT_FALSE(rows[0].has_table);
    EXPECT_FALSE(rows[0].tfidf_why.empty());
    EXPECT_EQ(rows[0].table_why, "no table is loaded");
}

}  // namespace
}  // namespace embx::app
