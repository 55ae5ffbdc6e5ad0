// Vocabulary files next to a matrix: plain token lists and Projector metadata.tsv.
#include <gtest/gtest.h>

#include "formats/line_splitter.hpp"
#include "formats/vocabulary_file.hpp"
#include "vector_file_fixtures.hpp"

namespace embx {
namespace {

using test::contains;
using Names = std::vector<std::string>;

Expected<Names> lines(const std::string& s) {
    return parse_vocabulary_lines("vocab.txt", reinterpret_cast<const uint8_t*>(s.data()), s.size());
}
Expected<Names> metadata(const std::string& s) {
    return parse_projector_metadata("metadata.tsv", reinterpret_cast<const uint8_t*>(s.data()), s.size());
}

TEST(VocabularyFile, OneTokenPerLineKeptVerbatim) {
    auto a = lines("the\n, \n\ta b\n\ncaf\xc3\xa9");
    ASSERT_TRUE(a.ok()) << a.error();
    EXPECT_EQ(*a, (Names{"the", ", ", "\ta b", "", "caf\xc3\xa9"}));
    auto b = lines("\xEF\xBB\xBFx\r\ny\r\n");
    ASSERT_TRUE(b.ok());
    EXPECT_EQ(*b, (Names{"x", "y"}));
}

TEST(VocabularyFile, MetadataWithOneOrSeveralColumns) {
    auto one = metadata("king\nqueen\n\nman\n");
    ASSERT_TRUE(one.ok()) << one.error();
    EXPECT_EQ(*one, (Names{"king", "queen", "", "man"}));

    auto several = metadata("word\tcount\r\nking\t10\r\nqueen\t7\r\n\r\n");
    ASSERT_TRUE(several.ok()) << several.error();
    EXPECT_EQ(*several, (Names{"king", "queen"}));

    auto bom = metadata("\xEF\xBB\xBFlabel\tx\n\ta\n");  // an empty label is still a row
    ASSERT_TRUE(bom.ok()) << bom.error();
    EXPECT_EQ(*bom, (Names{""}));
}

TEST(VocabularyFile, BadFiles) {
    const std::string long_line(LineSplitter::kMaxLineBytes + 1, 'x');
    struct Case {
        const char* what;
        bool is_metadata;
        std::string text;
        const char* message;
    } cases[] = {
        {"empty list", false, "", "vocab.txt: byte 0: file is empty"},
        {"empty metadata", true, "", "metadata.tsv: byte 0: file is empty"},
        {"over-long token", false, "a\n" + long_line, "vocab.txt: line 2 (byte 2): line is longer than 1048576"},
        {"over-long label", true, long_line + "\n", "metadata.tsv: line 1 (byte 0): line is longer"},
        {"header only", true, "word\tcount\n", "holds no labels (only a header line)"},
        {"missing column", true, "word\tcount\nking\t1\nqueen\n", "line 3 (byte 18): line has 1 columns, expected 2"},
        {"extra column", true, "word\tcount\nking\t1\t2\n", "line has 3 columns, expected 2"},
        {"blank between rows", true, "a\tb\nx\t1\n\ny\t2\n", "line 3 (byte 8): blank line between rows"},
    };
    for (const auto& c : cases) {
        auto r = c.is_metadata ? metadata(c.text) : lines(c.text);
        ASSERT_FALSE(r.ok()) << c.what;
        EXPECT_TRUE(contains(r.error(), c.message)) << c.what << " -> " << r.error();
    }
}

}  // namespace
}  // namespace embx
