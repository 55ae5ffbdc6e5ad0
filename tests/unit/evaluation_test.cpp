// Analogy and pair evaluation on a table built so that the answers are known by construction.
#include <gtest/gtest.h>

#include "core/evaluation.hpp"
#include "core/stats.hpp"
#include "fixtures.hpp"

namespace embx {
namespace {

// Words: a set of "countries" c_i and "capitals" p_i with p_i = c_i + offset, plus noise words.
std::shared_ptr<EmbeddingTable> analogy_table() {
    test::FloatTable f = test::make_float_table(60, 16, 5, 1);
    for (int i = 0; i < 5; ++i) {
        f.words[i] = "country" + std::to_string(i);
        f.words[10 + i] = "capital" + std::to_string(i);
        for (int d = 0; d < 16; ++d) f.values[(10 + i) * 16 + d] = f.values[i * 16 + d] + (d == 3 ? 4.0f : 0.0f);
    }
    f.words[20] = "Country0";  // another casing, less frequent
    return test::to_table(f, DType::F32);
}

TEST(Evaluation, AnalogiesCountCorrectOovAndSections) {
    auto t = analogy_table();
    const std::string text =
        ": capitals\n"
        "country0 capital0 country1 capital1\n"
        "COUNTRY2 CAPITAL2 country3 capital3\n"
        "country0 capital0 nosuchword capital1\n"
        "bad line\n"
        ": other\n"
        "country1 capital1 country4 capital4\n"
        "country1 capital1 country4 w55\n";
    AnalogyOptions opt;
    auto r = evaluate_analogies(*t, text, opt);
    ASSERT_TRUE(r.ok()) << r.error();
    ASSERT_EQ(r->sections.size(), 2u);
    EXPECT_EQ(r->sections[0].name, "capitals");
    EXPECT_EQ(r->sections[0].correct, 2u);
    EXPECT_EQ(r->sections[0].incorrect, 0u);
    EXPECT_EQ(r->sections[1].correct, 1u);
    EXPECT_EQ(r->sections[1].incorrect, 1u);
    EXPECT_EQ(r->total.correct, 3u);
    EXPECT_EQ(r->questions, 5u);
    EXPECT_EQ(r->oov_questions, 1u);
    EXPECT_EQ(r->invalid_lines, 1u);

    opt.method = QueryMethod::Mul;
    auto m = evaluate_analogies(*t, text, opt);
    ASSERT_TRUE(m.ok());
    EXPECT_EQ(m->total.correct, 3u);

    opt.restrict_vocab = 12;  // capital2.. fall outside: those questions become OOV
    auto small = evaluate_analogies(*t, text, opt);
    ASSERT_TRUE(small.ok());
    EXPECT_EQ(small->oov_questions, 4u);
}

// Enough questions for the packed int8 batch (3 queries each): the answers must be those of
// the questions asked one at a time (each scored unpacked), for 3CosAdd and 3CosMul alike.
TEST(Evaluation, PackedBatchAnswersAsQuestionsOneByOne) {
    test::FloatTable f = test::make_float_table(400, 24, 11, 1);
    constexpr int kPairs = 25;  // 50 distinct words: enough for the packed batch in 3CosMul too
    for (int i = 0; i < kPairs; ++i) {
        f.words[i] = "country" + std::to_string(i);
        f.words[50 + i] = "capital" + std::to_string(i);
        for (int d = 0; d < 24; ++d)
            f.values[(50 + i) * 24 + d] = f.values[i * 24 + d] + (d == 5 ? 2.5f : 0.0f) + 1.2f * f.values[(200 + i) * 24 + d];
    }
    auto t = test::to_table(f, DType::I8);
    std::vector<std::string> lines;
    for (int i = 0; i < kPairs; ++i)
        for (int j = 0; j < kPairs; ++j)
            if (i != j)
                lines.push_back("country" + std::to_string(i) + " capital" + std::to_string(i) + " country" +
                                std::to_string(j) + " capital" + std::to_string(j) + "\n");
    std::string all = ": capitals\n";
    for (const auto& l : lines) all += l;
    for (QueryMethod method : {QueryMethod::Add, QueryMethod::Mul}) {
        AnalogyOptions opt;
        opt.method = method;
        auto batch = evaluate_analogies(*t, all, opt);
        ASSERT_TRUE(batch.ok()) << batch.error();
        size_t correct = 0;
        for (const auto& l : lines) {
            auto one = evaluate_analogies(*t, ": capitals\n" + l, opt);
            ASSERT_TRUE(one.ok()) << one.error();
            correct += one->total.correct;
        }
        EXPECT_EQ(batch->total.correct, correct) << (method == QueryMethod::Mul ? "mul" : "add");
        // Not every question is right, nor every one wrong: the comparison means something.
        EXPECT_GT(correct, 0u);
        EXPECT_LT(correct, lines.size());
    }
}

TEST(Evaluation, AnalogyFileErrors) {
    auto t = analogy_table();
    EXPECT_FALSE(evaluate_analogies(*t, "country0 capital0 country1 capital1\n", {}).ok());
    EXPECT_FALSE(evaluate_analogies(*t, "", {}).ok());
}

TEST(Evaluation, PairsCorrelateWithCosines) {
    auto t = analogy_table();
    std::string text = "# comment\nWord 1\tWord 2\tHuman (mean)\n";  // header: invalid score, skipped
    text += "country0\tcapital0\t9\ncountry0\tw40\t1\ncountry1\tcapital1\t8\ncountry2\tw50\t2\ncountry3\tnosuch\t5\n";
    auto r = evaluate_pairs(*t, text);
    ASSERT_TRUE(r.ok()) << r.error();
    EXPECT_EQ(r->pairs, 4u);
    EXPECT_EQ(r->oov, 1u);
    EXPECT_NEAR(r->oov_ratio, 20.0, 1e-9);
    // The same statistics computed here from the cosines of the four in-vocabulary pairs.
    std::vector<double> gold = {9, 1, 8, 2}, cos;
    for (auto [x, y] : {std::pair{"country0", "capital0"}, {"country0", "w40"}, {"country1", "capital1"},
                        {"country2", "w50"}})
        cos.push_back(*similarity(*t, x, y));
    EXPECT_NEAR(r->pearson, pearson(gold, cos), 1e-6);
    EXPECT_NEAR(r->spearman, spearman(gold, cos), 1e-9);
    EXPECT_FALSE(evaluate_pairs(*t, "a b c\n").ok());
}

}  // namespace
}  // namespace embx
