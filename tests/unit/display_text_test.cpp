// escape_for_display: what it marks and what it leaves; unescape_display: the way back.
#include <gtest/gtest.h>

#include <random>

#include "core/display_text.hpp"
#include "core/word_lookup.hpp"
#include "fixtures.hpp"

namespace embx {
namespace {

TEST(DisplayText, PrintableTextPassesUnchanged) {
    for (std::string s : {"cat", "na\xC3\xAFve", "\xE2\x96\x81the", "\xC4\xA0" "coders", "\xF0\x9F\x98\x80", "a\\b"})
        EXPECT_EQ(escape_for_display(s), s);
}

TEST(DisplayText, BytesControlsAndInvisibleCharactersAreMarked) {
    EXPECT_EQ(escape_for_display("tab\tbell\x07"), "tab\\x09bell\\x07");
    EXPECT_EQ(escape_for_display("\xFF\xC3"), "\\xFF\\xC3");                     // not UTF-8
    EXPECT_EQ(escape_for_display("\xC2\x85"), "\\u0085");                        // C1 control (NEL)
    EXPECT_EQ(escape_for_display("abc\xE2\x80\xAE" "def"), "abc\\u202Edef");     // right-to-left override
    EXPECT_EQ(escape_for_display("\xE2\x81\xA6x\xE2\x81\xA9"), "\\u2066x\\u2069");  // isolates
    EXPECT_EQ(escape_for_display("a\xE2\x80\x8B" "b"), "a\\u200Bb");             // zero-width space
    EXPECT_EQ(escape_for_display("\xEF\xBB\xBFword"), "\\uFEFFword");            // BOM
    EXPECT_EQ(escape_for_display("x\xE2\x80\xA8y"), "x\\u2028y");                // line separator
    EXPECT_EQ(escape_for_display("\xEF\xBF\xBE\xEF\xBF\xBF"), "\\uFFFE\\uFFFF");   // noncharacters
    EXPECT_EQ(escape_for_display("\xF3\xA0\x80\x81"), "\\U000E0001");            // language tag
}

TEST(DisplayText, UnescapeReversesEscape) {
    EXPECT_EQ(unescape_display("cat"), std::nullopt);
    EXPECT_EQ(unescape_display("\\q and \\x4"), std::nullopt);  // not escapes: nothing to decode
    std::mt19937 rng(7);
    for (int trial = 0; trial < 2000; ++trial) {
        std::string s;
        const int n = int(rng() % 12);
        for (int i = 0; i < n; ++i) {
            switch (rng() % 4) {
                case 0: s += char(rng() % 256); break;  // any byte
                case 1: s += char('a' + rng() % 26); break;
                case 2: s += "\xE2\x80\xAE"; break;      // U+202E
                default: s += "\xF3\xA0\x80\x81"; break;  // U+E0001
            }
        }
        if (s.find('\\') != std::string::npos) continue;  // a literal backslash-x in a word is ambiguous
        const std::string shown = escape_for_display(s);
        const auto back = unescape_display(shown);
        EXPECT_EQ(back.value_or(shown), s) << shown;
    }
}

TEST(DisplayText, AWordAsShownFindsItsRow) {
    test::FloatTable f = test::make_float_table(4, 8, 3);
    f.words = {"tab\tbell\x07", "evil\xE2\x80\xAE" "txt", "\xFF\xFE", "plain"};
    auto t = test::to_table(f, DType::I8);
    for (size_t r = 0; r < f.words.size(); ++r) {
        auto m = resolve_word(*t, escape_for_display(f.words[r]));
        ASSERT_TRUE(m) << m.error();
        EXPECT_EQ(m->row, r);
        auto raw = resolve_word(*t, f.words[r]);
        ASSERT_TRUE(raw);
        EXPECT_EQ(raw->row, r);
    }
}

}  // namespace
}  // namespace embx
