// TensorFlow Projector vectors.tsv: every chunk size, names from metadata, cuts at every byte,
// and a catalogue of handcrafted bad files.
#include <gtest/gtest.h>

#include "formats/line_splitter.hpp"
#include "formats/projector_tsv.hpp"
#include "formats/vocabulary_file.hpp"
#include "vector_file_fixtures.hpp"

namespace embx {
namespace {

using test::contains;

struct Imported {
    Status status;
    std::shared_ptr<EmbeddingTable> table;
    std::vector<std::string> notes;
};

Imported import_tsv(const std::string& text, size_t chunk, ImportOptions opt = {DType::F32}) {
    auto imp = make_projector_tsv_importer("vectors.tsv", opt, text.size());
    Imported out;
    out.status = test::feed_all(*imp, test::bytes_of(text), chunk ? chunk : text.size() + 1);
    out.table = imp->table();
    out.notes = imp->notes();
    if (out.status.ok()) { EXPECT_TRUE(imp->complete()); }
    return out;
}

std::string metadata_of(const test::FloatTable& f) {
    std::string s;
    for (const auto& w : f.words) s += w + "\n";
    return s;
}

TEST(ProjectorTsv, EveryChunkSizeWithNamesFromMetadata) {
    const auto f = test::make_float_table(7, 4, 401);
    const std::string text = test::projector_vectors(f);
    const std::string meta = metadata_of(f);
    auto names = parse_projector_metadata("metadata.tsv", reinterpret_cast<const uint8_t*>(meta.data()), meta.size());
    ASSERT_TRUE(names.ok()) << names.error();
    ImportOptions opt{DType::F32};
    opt.vocabulary = std::make_shared<const std::vector<std::string>>(*names);
    for (size_t chunk = 1; chunk <= text.size(); ++chunk) {
        const auto r = import_tsv(text, chunk, opt);
        ASSERT_TRUE(r.status.ok()) << "chunk " << chunk << ": " << r.status.error();
        ASSERT_EQ(r.table->rows(), 7u);
        test::expect_rows_match(*r.table, f, 7);
        EXPECT_TRUE(r.notes.empty()) << test::joined(r.notes);
    }
}

TEST(ProjectorTsv, AcceptsCrlfBomNoFinalNewlineAndTrailingBlankLines) {
    for (const std::string text : {"1\t2\r\n3\t4\r\n", "\xEF\xBB\xBF" "1\t2\n3\t4", "1\t2\n3\t4\n\n\r\n"}) {
        const auto r = import_tsv(text, 1);
        ASSERT_TRUE(r.status.ok()) << r.status.error();
        ASSERT_EQ(r.table->rows(), 2u);
        std::vector<float> v(2);
        r.table->row_as_float(1, v.data());
        EXPECT_EQ(v, (std::vector<float>{3, 4}));
        EXPECT_EQ(r.table->word(1), "<row 1>");
        ASSERT_EQ(r.notes.size(), 1u);  // no vocabulary
        EXPECT_TRUE(contains(r.notes[0], "no vocabulary was given")) << r.notes[0];
    }
}

TEST(ProjectorTsv, VocabularyOfTheWrongLengthAndDuplicateNames) {
    const std::string text = "1\t0\n0\t1\n1\t1\n";
    ImportOptions opt{DType::F32};
    opt.vocabulary = std::make_shared<const std::vector<std::string>>(std::vector<std::string>{"x"});
    auto fewer = import_tsv(text, 5, opt);
    ASSERT_TRUE(fewer.status.ok());
    EXPECT_EQ(fewer.table->word(0), "x");
    EXPECT_EQ(fewer.table->word(2), "<row 2>");
    ASSERT_EQ(fewer.notes.size(), 1u);
    EXPECT_TRUE(contains(fewer.notes[0], "1 tokens but the matrix has 3 rows: rows 1..2 are named <row N>"));

    opt.vocabulary = std::make_shared<const std::vector<std::string>>(std::vector<std::string>{"a", "b", "a", "z"});
    auto more = import_tsv(text, 5, opt);
    ASSERT_TRUE(more.status.ok());
    ASSERT_EQ(more.table->rows(), 2u);  // the second "a" is skipped
    ASSERT_EQ(more.notes.size(), 2u);
    EXPECT_TRUE(contains(test::joined(more.notes), "the last 1 tokens have no row"));
    EXPECT_TRUE(contains(test::joined(more.notes), "skipped 1 row whose word repeats"));

    opt.limit = 2;
    auto limited = import_tsv(text + "not\ta\tnumber\n", 5, opt);
    ASSERT_TRUE(limited.status.ok()) << limited.status.error();
    EXPECT_EQ(limited.table->rows(), 2u);
}

TEST(ProjectorTsv, CutAtEveryByteIsAnErrorOrTheRowsBeforeTheCut) {
    const auto f = test::make_float_table(4, 3, 402);
    const std::string text = test::projector_vectors(f);
    for (size_t cut = 0; cut <= text.size(); ++cut) {
        const std::string part = text.substr(0, cut);
        const auto r = import_tsv(part, 3);
        const size_t full_rows = size_t(std::count(part.begin(), part.end(), '\n'));
        const std::string partial = part.substr(part.rfind('\n') == std::string::npos ? 0 : part.rfind('\n') + 1);
        if (partial.empty()) {
            ASSERT_EQ(r.status.ok(), cut > 0) << cut;
            if (cut > 0) test::expect_rows_match(*r.table, f, full_rows, false);
            continue;
        }
        // A partial last row is valid only with every column and a last value that parses.
        if (!r.status.ok()) {
            EXPECT_EQ(r.status.error().rfind("vectors.tsv: line ", 0), 0u) << r.status.error();
            continue;
        }
        if (full_rows == 0) {  // line 1 sets the width, so a cut first row is a narrower file
            EXPECT_EQ(r.table->rows(), 1u);
            continue;
        }
        ASSERT_EQ(size_t(std::count(partial.begin(), partial.end(), '\t')), 2u) << cut;
        ASSERT_EQ(r.table->rows(), full_rows + 1) << cut;
        test::expect_rows_match(*r.table, f, full_rows, false);
    }
}

TEST(ProjectorTsvBadInput, HandcraftedFiles) {
    const std::string long_line = "1\t" + std::string(LineSplitter::kMaxLineBytes, '2') + "\n";
    struct Case {
        const char* what;
        std::string text;
        const char* message;
    } cases[] = {
        {"empty", "", "vectors.tsv: byte 0: file is empty"},
        {"blank only", "\n\n", "vectors.tsv: byte 2: file has no rows"},
        {"unequal rows", "1\t2\t3\n1\t2\n", "vectors.tsv: line 2 (byte 6): row has 2 values, expected 3 (from line 1)"},
        {"empty field", "1\t\t3\n", "line 1 (byte 0): empty field"},
        {"trailing tab", "1\t2\t\n", "empty field"},
        {"spaces not tabs", "1 2\t3\n", "line 1 (byte 0): value '1 2' is not a number"},
        {"words in vectors", "cat\t0.5\n", "value 'cat' is not a number"},
        {"NaN", "1\t2\n3\tNaN\n", "line 2 (byte 6): value 'NaN' is not finite"},
        {"infinity", "inf\t2\n", "is not finite"},
        {"overflow", "1e40\t2\n", "value '1e40' is out of float range"},
        {"blank inside", "1\t2\n\n3\t4\n", "line 2 (byte 4): blank line before or between rows"},
        {"over-long line", long_line, "line 1 (byte 0): line is longer than 1048576 bytes"},
    };
    for (const auto& c : cases) {
        for (size_t chunk : {size_t(1), size_t(4), size_t(0)}) {
            if (chunk == 1 && c.text.size() > 10000) continue;
            const auto r = import_tsv(c.text, chunk);
            ASSERT_FALSE(r.status.ok()) << c.what;
            EXPECT_TRUE(contains(r.status.error(), c.message)) << c.what << " -> " << r.status.error();
        }
    }
}

}  // namespace
}  // namespace embx
