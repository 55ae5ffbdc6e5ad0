// Recognising word-vector and matrix files from their first bytes and name.
#include <gtest/gtest.h>

#include "formats/detect.hpp"
#include "formats/sniff_vectors.hpp"
#include "vector_file_fixtures.hpp"

namespace embx {
namespace {

VectorFileKind sniff(const std::string& head, const std::string& name = "file") {
    return sniff_vector_file(reinterpret_cast<const uint8_t*>(head.data()), head.size(), name);
}

TEST(SniffVectors, FromTheFirstBytes) {
    const auto f = test::make_float_table(3, 20, 601);
    test::TextStyle w2v;
    w2v.header = true;
    const auto bin = test::word2vec_binary(f);
    const auto npy = test::npy_bytes(f);
    for (size_t head : {size_t(64), size_t(4096)}) {
        auto first = [&](const std::string& s) { return s.substr(0, head); };
        EXPECT_EQ(sniff(first(test::vectors_text(f))), VectorFileKind::GloveText);
        EXPECT_EQ(sniff(first(test::vectors_text(f, w2v))), VectorFileKind::Word2VecText);
        EXPECT_EQ(sniff(first(test::vectors_text(f, w2v)), "wiki.en.VEC"), VectorFileKind::FastTextVec);
        EXPECT_EQ(sniff(first(std::string(bin.begin(), bin.end()))), VectorFileKind::Word2VecBinary);
        EXPECT_EQ(sniff(first(std::string(npy.begin(), npy.end()))), VectorFileKind::Npy);
        EXPECT_EQ(sniff(first(test::projector_vectors(f))), VectorFileKind::ProjectorTsv);
    }
    EXPECT_EQ(sniff("\xEF\xBB\xBFthe 0.1 -0.2\r\n"), VectorFileKind::GloveText);
    EXPECT_EQ(sniff("0.5\n0.25\n"), VectorFileKind::ProjectorTsv);  // a one-column matrix
    EXPECT_EQ(sniff("3 2\n"), VectorFileKind::Word2VecText);       // nothing after the header yet
    EXPECT_EQ(sniff("3 2\n", "x.bin"), VectorFileKind::Word2VecBinary);
    EXPECT_EQ(sniff(std::string("3 2\nthe \x00\x00\x80\x3f", 12)), VectorFileKind::Word2VecBinary);
}

TEST(SniffVectors, ExtensionDecidesOnlyWhenTheBytesDoNot) {
    EXPECT_EQ(sniff("garbage", "m.npy"), VectorFileKind::Npy);
    EXPECT_EQ(sniff("garbage", "m.bin"), VectorFileKind::Word2VecBinary);
    EXPECT_EQ(sniff("garbage", "dir.v/m.Vec"), VectorFileKind::FastTextVec);
    EXPECT_EQ(sniff("garbage", "vectors.tsv"), VectorFileKind::ProjectorTsv);
    EXPECT_EQ(sniff("garbage", "glove.txt"), VectorFileKind::GloveText);
    EXPECT_EQ(sniff("garbage", "dir.txt/file"), VectorFileKind::Unknown);
    EXPECT_EQ(sniff("the 0.1 0.2\n", "glove.bin"), VectorFileKind::GloveText);
    EXPECT_EQ(sniff("hello world\n"), VectorFileKind::Unknown);
}

TEST(SniffVectors, DetectFormatAndNamesRoundTrip) {
    const std::string glove = "the 0.1 0.2\n";
    auto fmt = detect_format(reinterpret_cast<const uint8_t*>(glove.data()), glove.size(), "g.txt");
    ASSERT_TRUE(fmt.ok()) << fmt.error();
    EXPECT_EQ(*fmt, Format::GloveText);
    for (const char* name : {"glove-text", "word2vec-text", "word2vec-bin", "fasttext-vec", "tsv", "npy"}) {
        auto f = parse_format_name(name);
        ASSERT_TRUE(f.ok()) << name;
        EXPECT_EQ(format_name(*f), name);
        EXPECT_TRUE(make_importer(*f, "x", {}, 0).ok()) << name;
    }
    const std::string junk = "hello world\n";
    auto none = detect_format(reinterpret_cast<const uint8_t*>(junk.data()), junk.size(), "j");
    ASSERT_FALSE(none.ok());
    EXPECT_NE(none.error().find("unrecognised format"), std::string::npos);
}

TEST(SniffVectors, AnHtmlPageIsNamedAsSuch) {
    for (std::string page : {"<!DOCTYPE html>\n<html><body>Sign in</body></html>", "\n  <html lang=en>",
                             "\xEF\xBB\xBF<!doctype HTML>"}) {
        auto f = detect_format(reinterpret_cast<const uint8_t*>(page.data()), page.size(), "vectors.embx");
        ASSERT_FALSE(f.ok()) << page;
        EXPECT_NE(f.error().find("vectors.embx: this is an HTML web page, not a table"), std::string::npos) << f.error();
    }
    const std::string row = "<html> 0.1 0.2\n<p> 0.3 0.4\n";  // rows whose words are tags: still a table
    auto glove = detect_format(reinterpret_cast<const uint8_t*>(row.data()), row.size(), "tags.txt");
    ASSERT_TRUE(glove.ok()) << glove.error();
    EXPECT_EQ(*glove, Format::GloveText);
}

}  // namespace
}  // namespace embx
