// Number parsing and printing for the text formats: the short-decimal fast path must give
// the correctly rounded float (what strtof gives) for every shape of number.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <random>

#include "formats/text_numbers.hpp"

namespace embx {
namespace {

float scan_one(const std::string& token, bool padded) {
    // Padding puts 16+ bytes after the number, so the fast path is allowed to run.
    const std::string line = token + (padded ? " 0 0 0 0 0 0 0 0 0 0" : "");
    float v[16];
    const ValueScan s = scan_blank_separated(line.data(), line.data() + line.size(), v, 16);
    EXPECT_EQ(s.problem, ValueProblem::None) << token << ": " << describe_value_problem(s);
    return v[0];
}

TEST(TextNumbers, ShortDecimalsAreCorrectlyRounded) {
    std::mt19937_64 rng(7);
    for (int i = 0; i < 200000; ++i) {
        const int int_digits = int(rng() % 9), frac_digits = int(rng() % 18);  // both fast paths and beyond
        std::string t = rng() % 2 ? "-" : "";
        for (int d = 0; d < int_digits; ++d) t += char('0' + rng() % 10);
        if (frac_digits || int_digits == 0) t += '.';
        for (int d = 0; d < frac_digits || (int_digits == 0 && d == 0); ++d) t += char('0' + rng() % 10);
        const float want = std::strtof(t.c_str(), nullptr);
        ASSERT_EQ(scan_one(t, true), want) << t;
        ASSERT_EQ(scan_one(t, false), want) << t;
    }
    for (const char* t : {"0", "-0", "0.", ".5", "-.5", "16777216", "16777217", "1677721.7", "0.0000001",
                          "99999999", "3.4028235e38", "1e-45", "+2.5", "1E5", "-0.038194", "-0.31598783",
                          "0.000000012345678", "1234567.12345678", "9999999.99999999", "0.1234567890123456"}) {
        ASSERT_EQ(scan_one(t, true), std::strtof(t, nullptr)) << t;
        ASSERT_EQ(scan_one(t, false), std::strtof(t, nullptr)) << t;
    }
    EXPECT_TRUE(std::signbit(scan_one("-0.0", true)));
}

TEST(TextNumbers, BadTokens) {
    struct Case {
        const char* line;
        ValueProblem problem;
        const char* bad;
    } cases[] = {
        {"1 - 2 3 4 5 6 7 8 9 10 11", ValueProblem::NotANumber, "-"},
        {"1 . 2 3 4 5 6 7 8 9 10 11", ValueProblem::NotANumber, "."},
        {"1 1.5x 2 3 4 5 6 7 8 9 10", ValueProblem::NotANumber, "1.5x"},
        {"1 1e 2 3 4 5 6 7 8 9 10 11", ValueProblem::NotANumber, "1e"},
        {"1 --1 2 3 4 5 6 7 8 9 10 1", ValueProblem::NotANumber, "--1"},
        {"1 nan 2 3 4 5 6 7 8 9 10 1", ValueProblem::NotFinite, "nan"},
        {"1 -Infinity 2", ValueProblem::NotFinite, "-Infinity"},
        {"1 4e38 2", ValueProblem::OutOfRange, "4e38"},
    };
    for (const auto& c : cases) {
        float v[32];
        const std::string line = c.line;
        const ValueScan s = scan_blank_separated(line.data(), line.data() + line.size(), v, 32);
        EXPECT_EQ(s.problem, c.problem) << c.line;
        EXPECT_EQ(s.bad, c.bad) << c.line;
        EXPECT_EQ(s.count, 1u) << c.line;
    }
    float v[4];
    const std::string tabs = "1\t\t2";
    EXPECT_EQ(scan_tab_separated(tabs.data(), tabs.data() + tabs.size(), v, 4).problem, ValueProblem::EmptyField);
    const std::string many = "1 2 3 4 5 6";
    EXPECT_EQ(scan_blank_separated(many.data(), many.data() + many.size(), v, 4).count, 6u);  // counted past cap
}

TEST(TextNumbers, WholeNumbersAndPrintedFloats) {
    uint64_t v = 0;
    EXPECT_EQ(parse_whole_number("400000", 1u << 31, v), WholeNumber::Ok);
    EXPECT_EQ(v, 400000u);
    EXPECT_EQ(parse_whole_number("-1", 100, v), WholeNumber::Negative);
    EXPECT_EQ(parse_whole_number("101", 100, v), WholeNumber::TooLarge);
    EXPECT_EQ(parse_whole_number("18446744073709551616", UINT64_MAX, v), WholeNumber::TooLarge);
    EXPECT_EQ(parse_whole_number("1.0", 100, v), WholeNumber::NotANumber);
    EXPECT_EQ(parse_whole_number("", 100, v), WholeNumber::NotANumber);
    EXPECT_EQ(parse_whole_number("-", 100, v), WholeNumber::NotANumber);

    std::mt19937 rng(3);
    std::normal_distribution<float> g(0, 3);
    for (int i = 0; i < 100000; ++i) {
        const float x = i % 3 ? g(rng) : std::ldexp(g(rng), int(rng() % 200) - 100);
        std::string s;
        append_float(s, x);
        ASSERT_EQ(std::strtof(s.c_str(), nullptr), x) << s;
    }
    std::string s;
    append_float(s, 0.1f);
    EXPECT_EQ(s, "0.1");
}

}  // namespace
}  // namespace embx
