// Text files as TF-IDF documents (core/train/text_documents): one per file or one per line,
// and every refusal names the file (and the byte offset of bad bytes).
#include "core/train/text_documents.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace embx {
namespace {

using Docs = std::vector<std::string>;

TEST(TextDocuments, WholeFileIsOneDocumentOnOneLine) {
    auto d = split_text_documents("a.txt", "  The cat sat.\r\nThe dog\tbarked.\n\n", false);
    ASSERT_TRUE(d.ok()) << d.error();
    EXPECT_EQ(*d, (Docs{"The cat sat.  The dog barked."}));
}

TEST(TextDocuments, PerLineSkipsBlankLinesAndCarriageReturns) {
    auto d = split_text_documents("a.txt", "first line\r\n\r\n   \n  second\tline  \nthird", true);
    ASSERT_TRUE(d.ok()) << d.error();
    EXPECT_EQ(*d, (Docs{"first line", "second\tline", "third"}));
}

TEST(TextDocuments, ByteOrderMarkIsSkipped) {
    auto d = split_text_documents("bom.txt",
                                  "\xEF\xBB\xBF"
                                  "café au lait",
                                  false);
    ASSERT_TRUE(d.ok()) << d.error();
    EXPECT_EQ(*d, (Docs{"café au lait"}));
}

TEST(TextDocuments, NotUtf8NamesFileAndOffset) {
    const std::string bytes = std::string("good line\nbad ") + char(0xFF) + " byte";
    auto d = split_text_documents("latin1.txt", bytes, true);
    ASSERT_FALSE(d.ok());
    EXPECT_NE(d.error().find("latin1.txt"), std::string::npos) << d.error();
    EXPECT_NE(d.error().find("not UTF-8"), std::string::npos) << d.error();
    EXPECT_NE(d.error().find("0xFF at byte offset " + std::to_string(bytes.find(char(0xFF)))), std::string::npos)
        << d.error();
    // A sequence cut short at the end of the file.
    auto cut = split_text_documents("cut.txt", "caf\xC3", false);
    ASSERT_FALSE(cut.ok());
    EXPECT_NE(cut.error().find("byte offset 3"), std::string::npos) << cut.error();
}

TEST(TextDocuments, ZeroByteMeansBinary) {
    const std::string bytes("PK\x03\x04\0\0rest", 10);
    auto d = split_text_documents("archive.zip", bytes, false);
    ASSERT_FALSE(d.ok());
    EXPECT_NE(d.error().find("archive.zip: not a text file (a zero byte at byte offset 4)"), std::string::npos)
        << d.error();
}

TEST(TextDocuments, BlankFilesAreRefused) {
    for (bool per_line : {false, true}) {
        auto d = split_text_documents("empty.txt", " \r\n\t\n", per_line);
        ASSERT_FALSE(d.ok());
        EXPECT_NE(d.error().find("empty.txt: no text"), std::string::npos) << d.error();
    }
}

TEST(TextDocuments, LimitsOnSizeAndDocuments) {
    TextDocumentLimits limits;
    limits.max_file_bytes = 20;
    limits.max_total_bytes = 50;
    limits.max_documents = 5;
    const std::string big(21, 'a');
    auto d = split_text_documents("big.txt", big, false, limits);
    ASSERT_FALSE(d.ok());
    EXPECT_NE(d.error().find("big.txt: larger than 20 B"), std::string::npos) << d.error();
    EXPECT_TRUE(split_text_documents("ok.txt", big.substr(1), false, limits).ok());

    limits.bytes_now = 40;  // the collection is nearly full
    d = split_text_documents("more.txt", "eleven char", false, limits);
    ASSERT_FALSE(d.ok());
    EXPECT_NE(d.error().find("more.txt"), std::string::npos) << d.error();
    limits.bytes_now = 0;

    limits.documents_now = 3;
    d = split_text_documents("lines.txt", "one\ntwo\nthree", true, limits);
    ASSERT_FALSE(d.ok());
    EXPECT_NE(d.error().find("lines.txt: 3 documents"), std::string::npos) << d.error();
    EXPECT_NE(d.error().find("more than the 5"), std::string::npos) << d.error();
    d = split_text_documents("lines.txt", "one\ntwo", true, limits);
    ASSERT_TRUE(d.ok()) << d.error();
    EXPECT_EQ(d->size(), 2u);
}

}  // namespace
}  // namespace embx
