// GloVe text, word2vec text and fastText .vec: every chunk size, the accepted variations,
// files cut at every byte, and a catalogue of handcrafted bad files.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>

#include "formats/line_splitter.hpp"
#include "formats/text_vectors.hpp"
#include "vector_file_fixtures.hpp"

namespace embx {
namespace {

using test::contains;

struct Imported {
    Status status;
    std::shared_ptr<EmbeddingTable> table;
    std::vector<std::string> notes;
    bool complete = false;
};

Imported import_text(const std::string& text, bool header, size_t chunk, ImportOptions opt = {DType::F32},
                     bool known_size = true) {
    auto imp = header ? make_word2vec_text_importer("vec.txt", opt, known_size ? text.size() : 0)
                      : make_glove_text_importer("vec.txt", opt, known_size ? text.size() : 0);
    Imported out;
    out.status = test::feed_all(*imp, test::bytes_of(text), chunk ? chunk : text.size() + 1);
    out.table = imp->table();
    out.notes = imp->notes();
    out.complete = imp->complete();
    return out;
}

TEST(TextVectors, GloveEveryChunkSizeGivesTheSameTable) {
    const auto f = test::make_float_table(9, 5, 101);
    const std::string text = test::vectors_text(f);
    for (size_t chunk = 1; chunk <= text.size(); ++chunk) {
        const auto r = import_text(text, false, chunk, {DType::F32}, chunk % 2 == 0);
        ASSERT_TRUE(r.status.ok()) << "chunk " << chunk << ": " << r.status.error();
        ASSERT_TRUE(r.complete);
        ASSERT_EQ(r.table->rows(), 9u);
        ASSERT_TRUE(r.table->complete());
        test::expect_rows_match(*r.table, f, 9);
        EXPECT_TRUE(r.notes.empty()) << test::joined(r.notes);
    }
}

// The row estimate comes from the average of the first lines, not the first line alone: a
// file starting with "a 0" and going on with longer rows once reserved rows for ten times its
// rows (a 42 MB GloVe file took 664 MB).
TEST(TextVectors, AShortFirstLineDoesNotInflateTheReservation) {
    std::string text = "a 0\n";
    for (int i = 0; text.size() < 2'000'000; ++i) text += "word" + std::to_string(i) + " 0.123456789012345678901234567890\n";
    const auto r = import_text(text, false, 1 << 16);
    ASSERT_TRUE(r.status.ok()) << r.status.error();
    const size_t rows = r.table->rows();
    // Reserved at most a quarter (and rounding) more than the rows read, plus the words' arena
    // and the index (two tables of 8-byte slots, at most 8/3 slots a reserved row: 64 bytes).
    EXPECT_LE(r.table->memory_bytes(), rows * (r.table->row_bytes() + 12 + 4 * 3 + 16 + 64) * 3 / 2) << rows << " rows";
}

TEST(TextVectors, Word2VecAndFastTextEveryChunkSize) {
    const auto f = test::make_float_table(7, 4, 102);
    test::TextStyle fasttext;
    fasttext.header = true;
    fasttext.trailing_space = true;
    const std::string text = test::vectors_text(f, fasttext);
    for (size_t chunk = 1; chunk <= text.size(); ++chunk) {
        const auto r = import_text(text, true, chunk, {DType::F32}, chunk % 3 != 0);
        ASSERT_TRUE(r.status.ok()) << "chunk " << chunk << ": " << r.status.error();
        ASSERT_EQ(r.table->rows(), 7u);
        EXPECT_EQ(r.table->info().expected_rows, 7u);
        test::expect_rows_match(*r.table, f, 7);
    }
}

TEST(TextVectors, AcceptsCrlfBomTabsPlusSignsAndNoFinalNewline) {
    const auto f = test::make_float_table(6, 3, 103);
    for (int variant = 0; variant < 16; ++variant) {
        test::TextStyle s;
        s.crlf = variant & 1;
        s.bom = variant & 2;
        s.final_newline = variant & 4;
        s.separator = variant & 8 ? "\t" : " ";
        for (bool header : {false, true}) {
            s.header = header;
            const std::string text = test::vectors_text(f, s);
            for (size_t chunk : {size_t(1), size_t(2), size_t(5), size_t(0)}) {
                const auto r = import_text(text, header, chunk);
                ASSERT_TRUE(r.status.ok()) << "variant " << variant << " header " << header << ": " << r.status.error();
                test::expect_rows_match(*r.table, f, 6);
            }
        }
    }
    const auto r = import_text("a +1.5 -2e-1 3E+2 .25\nb 1 2 3 4\n\n\n", false, 3);
    ASSERT_TRUE(r.status.ok()) << r.status.error();
    std::vector<float> v(4);
    r.table->row_as_float(0, v.data());
    EXPECT_EQ(v, (std::vector<float>{1.5f, -0.2f, 300.0f, 0.25f}));
}

TEST(TextVectors, WordsAreArbitraryBytes) {
    auto f = test::make_float_table(4, 2, 104);
    f.words = {"caf\xc3\xa9", "\xff\xfe", "</s>", "a\rb"};
    const auto r = import_text(test::vectors_text(f), false, 3);
    ASSERT_TRUE(r.status.ok()) << r.status.error();
    test::expect_rows_match(*r.table, f, 4);
}

TEST(TextVectors, DuplicateWordsKeepTheFirstRowAndAreCountedInANote) {
    const std::string text = "a 1 0\nb 0 1\na 5 5\nc 1 1\nb 9 9\na 7 7\n";
    for (size_t chunk : {size_t(1), size_t(0)}) {
        const auto r = import_text("6 2\n" + text, true, chunk);
        ASSERT_TRUE(r.status.ok()) << r.status.error();
        ASSERT_EQ(r.table->rows(), 3u);
        EXPECT_TRUE(r.table->complete());  // 3 rows kept of 6 announced: still complete
        EXPECT_EQ(r.table->word(2), "c");
        std::vector<float> v(2);
        r.table->row_as_float(0, v.data());
        EXPECT_EQ(v, (std::vector<float>{1, 0}));
        ASSERT_EQ(r.notes.size(), 1u);
        EXPECT_TRUE(contains(r.notes[0], "skipped 3 rows")) << r.notes[0];
        EXPECT_TRUE(contains(r.notes[0], "'a', 'b', 'a'")) << r.notes[0];
    }
}

TEST(TextVectors, LimitStopsReadingOnceEnoughRowsAreKept) {
    const auto f = test::make_float_table(20, 3, 105);
    std::string text = test::vectors_text(f);
    text += "this line is not a row at all\n";  // never looked at
    ImportOptions opt{DType::I8, 5};
    auto imp = make_glove_text_importer("vec.txt", opt, 0);
    const auto bytes = test::bytes_of(text);
    ASSERT_TRUE(imp->feed(bytes.data(), bytes.size()).ok());
    EXPECT_TRUE(imp->complete());
    ASSERT_TRUE(imp->finish().ok());
    EXPECT_EQ(imp->table()->rows(), 5u);
    test::expect_rows_match(*imp->table(), f, 5);

    // Duplicates do not count towards the limit.
    const auto r = import_text("3 1\na 1\na 2\nb 3\n", true, 1, {DType::F32, 2});
    ASSERT_TRUE(r.status.ok()) << r.status.error();
    ASSERT_EQ(r.table->rows(), 2u);
    EXPECT_EQ(r.table->word(1), "b");
}

TEST(TextVectors, RowsAreUsableWhileTheFileIsArriving) {
    const auto f = test::make_float_table(50, 8, 106);
    const auto bytes = test::bytes_of(test::vectors_text(f, {true}));
    auto imp = make_word2vec_text_importer("vec.txt", {DType::I8}, bytes.size());
    ASSERT_TRUE(imp->feed(bytes.data(), bytes.size() / 2).ok());
    ASSERT_TRUE(imp->table());
    EXPECT_GT(imp->table()->rows(), 10u);
    EXPECT_FALSE(imp->table()->complete());
    EXPECT_FALSE(imp->complete());
    ASSERT_TRUE(imp->feed(bytes.data() + bytes.size() / 2, bytes.size() - bytes.size() / 2).ok());
    ASSERT_TRUE(imp->finish().ok());
    EXPECT_TRUE(imp->table()->complete());
    test::expect_rows_match(*imp->table(), f, 50);
}

TEST(TextVectors, TinyAndSubnormalValuesNeverBecomeNaN) {
    // Found by fuzzing: 127 / 1e-41 overflows, and the i8 row used to fill with NaN.
    for (DType dtype : {DType::I8, DType::F16, DType::F32}) {
        const auto r = import_text("tiny -1e-41 0\nsmall 1e-38 -2e-39\nw 0.5 0.25\n", false, 0, {dtype});
        ASSERT_TRUE(r.status.ok()) << r.status.error();
        std::vector<float> v(2);
        for (size_t row = 0; row < 3; ++row) {
            r.table->row_as_float(row, v.data());
            EXPECT_TRUE(std::isfinite(v[0]) && std::isfinite(v[1])) << dtype_name(dtype) << " row " << row;
            EXPECT_TRUE(std::isfinite(r.table->norm(row)) && std::isfinite(r.table->scale(row)));
        }
        r.table->row_as_float(2, v.data());
        EXPECT_NEAR(v[0], 0.5f, 0.01f);
        if (dtype == DType::I8) {  // too small to scale: stored as the zero rows they practically are
            for (size_t row = 0; row < 2; ++row) {
                r.table->row_as_float(row, v.data());
                EXPECT_EQ(v, (std::vector<float>{0, 0})) << row;
                EXPECT_EQ(r.table->norm(row), 0.0f) << row;
            }
        }
    }
}

// A row cut inside its last value is still a valid row: text formats carry no checksum.
bool is_float_text(const std::string& token) {
    if (token.empty()) return false;
    char* end = nullptr;
    std::strtof(token.c_str(), &end);
    return end == token.c_str() + token.size();
}

size_t field_count(const std::string& line, std::string* last) {
    size_t n = 0;
    size_t i = 0;
    while (i < line.size()) {
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
        if (i == line.size()) break;
        const size_t s = i;
        while (i < line.size() && line[i] != ' ' && line[i] != '\t') ++i;
        *last = line.substr(s, i - s);
        ++n;
    }
    return n;
}

TEST(TextVectors, CutAtEveryByteIsAnErrorOrTheRowsBeforeTheCut) {
    const auto f = test::make_float_table(5, 3, 107);
    for (bool header : {false, true}) {
        test::TextStyle s;
        s.header = header;
        s.crlf = header;
        const std::string text = test::vectors_text(f, s);
        const size_t header_bytes = header ? text.find('\n') + 1 : 0;
        for (size_t cut = 0; cut <= text.size(); ++cut) {
            const std::string part = text.substr(0, cut);
            const auto r = import_text(part, header, 7);
            const size_t last_nl = part.rfind('\n');
            const size_t body_start = last_nl == std::string::npos ? 0 : last_nl + 1;
            std::string partial = part.substr(body_start);
            if (!partial.empty() && partial.back() == '\r') partial.pop_back();
            size_t full_rows = 0;
            for (size_t i = header_bytes; i < cut; ++i) full_rows += part[i] == '\n';
            std::string last;
            const size_t fields = cut > header_bytes ? field_count(partial, &last) : 0;
            // GloVe takes its width from line 1, so a cut first line is a narrower valid file.
            const bool glove_first_line = !header && full_rows == 0;
            const bool partial_is_row =
                (glove_first_line ? fields >= 2 : fields == f.dims + 1) && is_float_text(last);
            const size_t rows = full_rows + (partial_is_row ? 1 : 0);
            const bool want_ok = rows > 0 && (partial.empty() || partial_is_row) && (!header || rows == 5);
            ASSERT_EQ(r.status.ok(), want_ok) << "header " << header << " cut " << cut << ": "
                                              << (r.status.ok() ? "ok" : r.status.error());
            if (want_ok) {
                ASSERT_EQ(r.table->rows(), rows) << cut;
                if (glove_first_line) EXPECT_EQ(r.table->dims(), fields - 1);
                else test::expect_rows_match(*r.table, f, full_rows);
            } else {
                EXPECT_EQ(r.status.error().rfind("vec.txt: ", 0), 0u) << r.status.error();
                if (r.table) { EXPECT_LE(r.table->rows(), 5u); }
            }
        }
    }
}

struct BadCase {
    const char* what;
    bool header;
    std::string text;
    const char* message;
};

TEST(TextVectorsBadInput, HandcraftedFiles) {
    const std::string long_line = "a " + std::string(LineSplitter::kMaxLineBytes, '1') + "\n";
    std::string wide = "a";
    for (int i = 0; i < 65537; ++i) wide += " 0";
    const BadCase cases[] = {
        {"empty", false, "", "vec.txt: byte 0: file is empty"},
        {"empty w2v", true, "", "vec.txt: byte 0: file is empty"},
        {"only blank lines", false, "\n \n\t\n", "file has no rows"},
        {"unequal rows", false, "a 1 2 3\nb 1 2\n", "vec.txt: line 2 (byte 8): row has 2 values, expected 3 (from line 1)"},
        {"longer row", false, "a 1 2\nb 1 2 3\n", "line 2 (byte 6): row has 3 values, expected 2"},
        {"not a number", false, "a 1 x2\n", "line 1 (byte 4): value 'x2' is not a number (row 'a')"},
        {"number then junk", false, "a 1 2x\n", "value '2x' is not a number"},
        {"double sign", false, "a 1 +-2\n", "value '+-2' is not a number"},
        {"NaN", false, "a 1 2\nb 1 nan\n", "line 2 (byte 10): value 'nan' is not finite (NaN and infinity are rejected)"},
        {"infinity", false, "a -inf 1\n", "value '-inf' is not finite"},
        {"overflow", false, "a 1 2\nb 1e39 2\n", "value '1e39' is out of float range"},
        {"blank line inside", false, "a 1 2\n\nb 1 2\n", "line 2 (byte 6): blank line before or between rows"},
        {"row starts blank", false, " a 1 2\n", "line 1 (byte 0): row starts with a blank"},
        {"no values", false, "a\n", "row 'a' has no values"},
        {"too wide", false, wide, "row has 65537 values; at most 65536 are supported"},
        {"over-long line", false, long_line, "line 1 (byte 0): line is longer than 1048576 bytes"},
        {"unterminated over-long", false, long_line.substr(0, long_line.size() - 1), "longer than 1048576"},
        {"binary junk", false, std::string("a 1 \x01\x02\n", 8), "value '\\x01\\x02' is not a number"},
        {"w2v header in glove", false, "3 2\na 1 2\n", "line 1 looks like a word2vec header"},
        {"header one number", true, "3\na 1\n", "line 1 (byte 0): expected a header line 'rows dims'"},
        {"header three numbers", true, "3 2 1\n", "expected a header line 'rows dims'"},
        {"header words", true, "a 1 2\n", "expected a header line"},
        {"negative rows", true, "-3 2\n", "line 1 (byte 0): row count '-3' is negative"},
        {"negative dims", true, "3 -2\n", "line 1 (byte 2): dimension count '-2' is negative"},
        {"zero rows", true, "0 2\n", "the header announces 0 rows"},
        {"zero dims", true, "2 0\n", "the header announces 0 dimensions"},
        {"huge rows", true, "99999999999999999999999 2\n", "row count '99999999999999999999999' exceeds the limit"},
        {"rows past 2^31", true, "2147483649 2\n", "exceeds the limit of 2147483648"},
        {"huge dims", true, "2 65537\n", "dimension count '65537' exceeds the limit of 65536"},
        {"rows beyond the file", true, "1000 3\na 1 2 3\n",
         "the header announces 1000 rows of 3 values, which need at least 7999 bytes, but the file has 8"},
        {"V x D at the limits", true, "2147483648 65536\na 1\n", "need at least 281479271677951 bytes"},
        {"fewer rows", true, "3 2\na 1.5 2.5\nb 1.5 2.5\n", "vec.txt: byte 24: file ends after 2 of the 3 rows"},
        {"more rows", true, "1 2\na 1 2\nb 1 2\n", "line 3 (byte 10): more rows than the 1 the header announces"},
        {"row width from header", true, "2 2\na 1 2 3\nb 1 2\n", "row has 3 values, expected 2 (from the header)"},
        {"header only", true, "2 2\n", "which need at least 11 bytes, but the file has 0 after the header"},
        {"blank before header", true, "\n2 1\na 1\nb 2\n", "line 1 (byte 0): blank line"},
    };
    for (const auto& c : cases) {
        for (size_t chunk : {size_t(1), size_t(4), size_t(0)}) {
            if (chunk == 1 && c.text.size() > 10000) continue;  // slow and no different
            const auto r = import_text(c.text, c.header, chunk);
            ASSERT_FALSE(r.status.ok()) << c.what;
            EXPECT_TRUE(contains(r.status.error(), c.message)) << c.what << " -> " << r.status.error();
            EXPECT_EQ(r.status.error().rfind("vec.txt: ", 0), 0u) << r.status.error();
            EXPECT_FALSE(r.complete) << c.what;
        }
    }
}

TEST(TextVectorsBadInput, ErrorsAreStickyAndNothingIsReservedFromTheHeaderAlone) {
    // Without a known size, a header that claims 2^31 rows must not reserve anything.
    auto imp = make_word2vec_text_importer("vec.txt", {DType::F32}, 0);
    const auto bytes = test::bytes_of("2147483648 65536\na 1\n");
    Status s = imp->feed(bytes.data(), bytes.size());
    ASSERT_FALSE(s.ok());
    if (sizeof(size_t) < 8)  // wasm32: 512 TB cannot be addressed, refused from the header
        EXPECT_TRUE(contains(s.error(), "too big for this build: 2147483648 rows x 65536 dims (f32) cannot be addressed"))
            << s.error();
    else
        EXPECT_TRUE(contains(s.error(), "line 2 (byte 17): row has 1 values, expected 65536")) << s.error();
    if (imp->table()) {  // (wasm32 refuses before there is a table)
        EXPECT_LT(imp->table()->memory_bytes(), size_t(1) << 20);
    }
    EXPECT_EQ(imp->feed(bytes.data(), 1).error(), s.error());
    EXPECT_EQ(imp->finish().error(), s.error());
}

}  // namespace
}  // namespace embx
