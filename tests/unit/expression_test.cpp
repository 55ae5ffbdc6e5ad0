#include <gtest/gtest.h>

#include <set>

#include "core/expression.hpp"

namespace embx {
namespace {

const std::set<std::string> kWords = {"italy", "rome", "london", "king", "man", "woman", "e-mail", "-", "+",
                                      "new", "york", "1990"};
bool is_word(std::string_view w) { return kWords.count(std::string(w)) > 0; }

std::string show(const std::vector<ExpressionTerm>& terms) {
    std::string s;
    for (const auto& t : terms) s += (t.weight < 0 ? "-" : "+") + std::to_string(std::abs(t.weight)).substr(0, 4) + t.word + " ";
    return s;
}

TEST(Expression, SpacedAndUnspacedFormsAgree) {
    for (const char* text : {"italy - rome + london", "italy-rome+london", "  italy -rome   +london ", "italy - rome+ london"}) {
        auto r = parse_expression(text, is_word);
        ASSERT_TRUE(r.ok()) << text << ": " << r.error();
        EXPECT_EQ(show(*r), "+1.00italy -1.00rome +1.00london ") << text;
    }
}

TEST(Expression, KnownHyphenatedWordsStayWhole) {
    auto r = parse_expression("e-mail-man", is_word);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(show(*r), "+1.00e-mail -1.00man ");
    r = parse_expression("'-' + king", is_word);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(show(*r), "+1.00- +1.00king ");
    r = parse_expression("\"new york\" - york", is_word);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ((*r)[0].word, "new york");
}

TEST(Expression, Weights) {
    for (const char* text : {"0.5*king - 2*man", "0.5 * king - 2 *man", "0.5* king -2*man"}) {
        auto r = parse_expression(text, is_word);
        ASSERT_TRUE(r.ok()) << text << ": " << r.error();
        ASSERT_EQ(r->size(), 2u);
        EXPECT_FLOAT_EQ((*r)[0].weight, 0.5f);
        EXPECT_FLOAT_EQ((*r)[1].weight, -2.0f);
    }
    auto r = parse_expression("1990 + king", is_word);  // a number without '*' is a word
    ASSERT_TRUE(r.ok());
    EXPECT_EQ((*r)[0].word, "1990");
}

TEST(Expression, LeadingSignAndUnknownWordsPassThrough) {
    auto r = parse_expression("-man + woman", is_word);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(show(*r), "-1.00man +1.00woman ");
    r = parse_expression("zzz-qqq", is_word);  // unknown parts are split; the caller reports them
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(show(*r), "+1.00zzz -1.00qqq ");
}

TEST(Expression, BadExpressionsSayWhatIsWrong) {
    const std::pair<const char*, const char*> cases[] = {
        {"", "empty expression"},
        {"   ", "empty expression"},
        {"king -", "ends with an operator"},
        {"+", "operator but no word"},
        {"king + - man", "two operators"},
        {"king queen", "expected + or - between 'king' and 'queen'"},
        {"'king", "unclosed quote"},
        {"* king", "'*' must follow a number"},
        {"abc * king", "not a number"},
        {"0.5*", "operator but no word"},
        {"''", "empty word"},
    };
    for (const auto& [text, msg] : cases) {
        auto r = parse_expression(text, is_word);
        ASSERT_FALSE(r.ok()) << text;
        EXPECT_NE(r.error().find(msg), std::string::npos) << text << " -> " << r.error();
    }
}

}  // namespace
}  // namespace embx
