// word2vec text / binary and Projector TSV writers, and round trips through every importer:
// fixture -> import -> .embx -> read back -> export -> import again.
#include <gtest/gtest.h>

#include "formats/embx_reader.hpp"
#include "formats/projector_tsv.hpp"
#include "formats/projector_tsv_writer.hpp"
#include "formats/text_vectors.hpp"
#include "formats/vocabulary_file.hpp"
#include "formats/word2vec_binary.hpp"
#include "formats/word2vec_writer.hpp"
#include "vector_file_fixtures.hpp"

namespace embx {
namespace {

using test::contains;

ByteSink into(std::vector<uint8_t>& out) {
    return [&out](const uint8_t* p, size_t n) {
        out.insert(out.end(), p, p + n);
        return true;
    };
}

std::shared_ptr<EmbeddingTable> import_all(std::unique_ptr<Importer> imp, const std::vector<uint8_t>& bytes,
                                           size_t chunk = 1000) {
    const Status s = test::feed_all(*imp, bytes, chunk);
    EXPECT_TRUE(s.ok()) << s.error();
    return s.ok() ? imp->table() : nullptr;
}

TEST(Exporters, Word2VecTextLooksLikeTheFormat) {
    auto f = test::make_float_table(2, 3, 501);
    f.values = {0.25f, -1.5f, 3.0f, 0.1f, 1e-8f, 123456.789f};
    auto t = test::to_table(f, DType::F32);
    std::vector<uint8_t> out;
    ASSERT_TRUE(write_word2vec_text(*t, into(out)).ok());
    EXPECT_EQ(std::string(out.begin(), out.end()), "2 3\nw0 0.25 -1.5 3\nw1 0.1 1e-08 123456.789\n");
}

TEST(Exporters, Word2VecBinaryLooksLikeTheFormat) {
    auto f = test::make_float_table(1, 2, 502);
    f.values = {1.0f, -2.0f};
    std::vector<uint8_t> out;
    ASSERT_TRUE(write_word2vec_binary(*test::to_table(f, DType::F32), into(out)).ok());
    const std::vector<uint8_t> want = {'1', ' ', '2', '\n', 'w', '0', ' ', 0, 0, 0x80, 0x3f, 0, 0, 0, 0xc0, '\n'};
    EXPECT_EQ(out, want);
}

TEST(Exporters, ProjectorTsvPair) {
    auto f = test::make_float_table(2, 2, 503);
    f.values = {1.0f, 0.5f, -2.0f, 0.125f};
    f.words = {"king", ""};
    std::vector<uint8_t> vectors, metadata;
    ASSERT_TRUE(write_projector_tsv(*test::to_table(f, DType::F32), into(vectors), into(metadata)).ok());
    EXPECT_EQ(std::string(vectors.begin(), vectors.end()), "1\t0.5\n-2\t0.125\n");
    EXPECT_EQ(std::string(metadata.begin(), metadata.end()), "king\n\n");
}

TEST(Exporters, WordsTheFormatsCannotHoldAreRefusedOrReplaced) {
    auto f = test::make_float_table(3, 2, 504);
    std::vector<uint8_t> a, b;
    f.words[1] = "new york";
    EXPECT_TRUE(contains(write_word2vec_text(*test::to_table(f, DType::F32), into(a)).error(),
                         "row 1: word 'new york' contains a blank or line break, which a word2vec text file"));
    EXPECT_TRUE(contains(write_word2vec_binary(*test::to_table(f, DType::F32), into(a)).error(), "row 1"));
    EXPECT_TRUE(write_projector_tsv(*test::to_table(f, DType::F32), into(a), into(b)).ok());
    f.words[1] = "";
    EXPECT_TRUE(contains(write_word2vec_text(*test::to_table(f, DType::F32), into(a)).error(), "is empty"));
    f.words[1] = "\nx";
    EXPECT_TRUE(contains(write_word2vec_binary(*test::to_table(f, DType::F32), into(a)).error(),
                         "starts with a line break"));
    f.words[1] = "a\tb";
    a.clear();
    b.clear();
    EXPECT_TRUE(contains(write_projector_tsv(*test::to_table(f, DType::F32), into(a), into(b)).error(),
                         "row 1: word 'a\\x09b' contains a blank or line break, which metadata.tsv"));
    EXPECT_TRUE(a.empty() && b.empty());  // nothing written
    const Status full = write_word2vec_text(*test::to_table(test::make_float_table(3, 2, 5), DType::F32),
                                            [](const uint8_t*, size_t) { return false; });
    EXPECT_TRUE(contains(full.error(), "write failed"));

    // Replaced: "<row 3>" names (a matrix without words) survive a word2vec round trip.
    f.words = {"<row 0>", "", "a\tb\nc"};
    size_t replaced = 0;
    a.clear();
    ASSERT_TRUE(write_word2vec_text(*test::to_table(f, DType::F32), into(a), UnwritableWords::Replace, &replaced).ok());
    EXPECT_EQ(replaced, 3u);
    auto back = import_all(make_word2vec_text_importer("r.txt", {DType::F32}, a.size()), a);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->word(0), "<row_0>");
    EXPECT_EQ(back->word(1), "_");
    EXPECT_EQ(back->word(2), "a_b_c");
    a.clear();
    b.clear();
    ASSERT_TRUE(write_projector_tsv(*test::to_table(f, DType::F32), into(a), into(b), UnwritableWords::Replace,
                                    &replaced).ok());
    EXPECT_EQ(replaced, 1u);
    EXPECT_EQ(std::string(b.begin(), b.end()), "<row 0>\n\na_b_c\n");
}

// glove text -> table (dtype) -> .embx -> table -> word2vec text -> table: within the dtype's
// tolerance of the original floats, words and order unchanged.
TEST(Exporters, RoundTripThroughEmbxAndWord2VecText) {
    auto f = test::make_float_table(120, 33, 505);
    f.words[7] = "caf\xc3\xa9";
    const auto glove = test::bytes_of(test::vectors_text(f));
    for (DType dtype : {DType::F32, DType::F16, DType::I8}) {
        auto first = import_all(make_glove_text_importer("in.txt", {dtype}, glove.size()), glove, 97);
        ASSERT_TRUE(first);
        const auto embx = test::to_embx_bytes(*first, 32);
        auto back = import_all(std::make_unique<EmbxStreamReader>("t.embx", embx.size()), embx, 61);
        ASSERT_TRUE(back);
        std::vector<uint8_t> text;
        ASSERT_TRUE(write_word2vec_text(*back, into(text)).ok());
        auto again = import_all(make_word2vec_text_importer("out.txt", {DType::F32}, text.size()), text, 1);
        ASSERT_TRUE(again);
        ASSERT_EQ(again->rows(), 120u);
        std::vector<float> x(33), y(33);
        for (size_t r = 0; r < 120; ++r) {  // same words; the text holds exactly the stored values
            ASSERT_EQ(again->word(r), f.words[r]);
            back->row_as_float(r, x.data());
            again->row_as_float(r, y.data());
            ASSERT_EQ(x, y) << dtype_name(dtype) << " row " << r;
        }
        for (size_t r = 0; r < 120; ++r) {  // and those are within the dtype's tolerance
            again->row_as_float(r, y.data());
            for (int d = 0; d < 33; ++d)
                ASSERT_NEAR(y[d], f.row(r)[d], test::dtype_tolerance(dtype, f.row(r), 33, f.row(r)[d]));
        }
    }
}

TEST(Exporters, RoundTripThroughWord2VecBinaryAndTsvIsExact) {
    auto f = test::make_float_table(40, 9, 506);
    auto t = test::to_table(f, DType::F32);
    std::vector<uint8_t> bin, vectors, metadata;
    ASSERT_TRUE(write_word2vec_binary(*t, into(bin)).ok());
    ASSERT_TRUE(write_projector_tsv(*t, into(vectors), into(metadata)).ok());

    auto from_bin = import_all(make_word2vec_binary_importer("t.bin", {DType::F32}, bin.size()), bin, 7);
    ASSERT_TRUE(from_bin);
    test::expect_rows_match(*from_bin, f, 40);

    auto names = parse_projector_metadata("m.tsv", metadata.data(), metadata.size());
    ASSERT_TRUE(names.ok()) << names.error();
    ImportOptions opt{DType::F32};
    opt.vocabulary = std::make_shared<const std::vector<std::string>>(*names);
    auto from_tsv = import_all(make_projector_tsv_importer("t.tsv", opt, vectors.size()), vectors, 5);
    ASSERT_TRUE(from_tsv);
    test::expect_rows_match(*from_tsv, f, 40);
}

}  // namespace
}  // namespace embx
