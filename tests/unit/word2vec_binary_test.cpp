// word2vec binary: every chunk size, rows with and without "\n", cuts at every byte, and a
// catalogue of handcrafted bad files.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "formats/word2vec_binary.hpp"
#include "vector_file_fixtures.hpp"

namespace embx {
namespace {

using test::contains;

struct Imported {
    Status status;
    std::shared_ptr<EmbeddingTable> table;
    std::vector<std::string> notes;
};

Imported import_bin(const std::vector<uint8_t>& bytes, size_t chunk, ImportOptions opt = {DType::F32},
                    bool known_size = true) {
    auto imp = make_word2vec_binary_importer("vec.bin", opt, known_size ? bytes.size() : 0);
    Imported out;
    out.status = test::feed_all(*imp, bytes, chunk ? chunk : bytes.size() + 1);
    out.table = imp->table();
    out.notes = imp->notes();
    if (out.status.ok()) {
        EXPECT_TRUE(imp->complete());
    }
    return out;
}

std::vector<uint8_t> bytes_of(const std::string& s) { return test::bytes_of(s); }

std::vector<uint8_t> operator+(std::vector<uint8_t> a, const std::vector<uint8_t>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

std::vector<uint8_t> floats(std::initializer_list<float> v) {
    std::vector<uint8_t> out;
    for (float x : v) {
        const auto* p = reinterpret_cast<const uint8_t*>(&x);
        out.insert(out.end(), p, p + 4);
    }
    return out;
}

TEST(Word2VecBinary, EveryChunkSizeWithAndWithoutRowNewlines) {
    auto f = test::make_float_table(8, 5, 201);
    f.words[2] = "caf\xc3\xa9";
    f.words[3] = "x\n\xff";  // any bytes but a space (a leading newline would be taken as a row end)
    for (bool newline : {true, false}) {
        const auto bytes = test::word2vec_binary(f, newline);
        for (size_t chunk = 1; chunk <= bytes.size(); ++chunk) {
            const auto r = import_bin(bytes, chunk, {DType::F32}, chunk % 2 == 1);
            ASSERT_TRUE(r.status.ok()) << "chunk " << chunk << ": " << r.status.error();
            ASSERT_EQ(r.table->rows(), 8u);
            test::expect_rows_match(*r.table, f, 8);  // f32 in, f32 out: bit for bit
        }
    }
}

TEST(Word2VecBinary, DtypesLimitDuplicatesAndTrailingWhitespace) {
    const auto f = test::make_float_table(30, 16, 202);
    for (DType dtype : {DType::F16, DType::I8}) {
        const auto r = import_bin(test::word2vec_binary(f), 100, {dtype});
        ASSERT_TRUE(r.status.ok()) << r.status.error();
        test::expect_rows_match(*r.table, f, 30);
    }
    const auto limited =
        import_bin(test::word2vec_binary(f) + bytes_of("garbage that is never read"), 64, {DType::F32, 7});
    ASSERT_TRUE(limited.status.ok()) << limited.status.error();
    EXPECT_EQ(limited.table->rows(), 7u);

    const auto bom = bytes_of(
                         "\xEF\xBB\xBF"
                         "1 2\r\nab ") +
                     floats({1, 2});
    const auto with_bom = import_bin(bom, 1);
    ASSERT_TRUE(with_bom.status.ok()) << with_bom.status.error();
    EXPECT_EQ(with_bom.table->word(0), "ab");

    const auto dup = bytes_of("3 1\na ") + floats({1}) + bytes_of("\na ") + floats({2}) + bytes_of("\nb ") +
                     floats({3}) + bytes_of("\n\n  \r\n");
    const auto r = import_bin(dup, 1);
    ASSERT_TRUE(r.status.ok()) << r.status.error();
    ASSERT_EQ(r.table->rows(), 2u);
    EXPECT_TRUE(r.table->complete());
    ASSERT_EQ(r.notes.size(), 1u);
    EXPECT_TRUE(contains(r.notes[0], "skipped 1 row ")) << r.notes[0];
}

TEST(Word2VecBinary, CutAtEveryByteIsAnError) {
    const auto f = test::make_float_table(4, 3, 203);
    const auto bytes = test::word2vec_binary(f);
    const size_t header = std::string(bytes.begin(), bytes.end()).find('\n') + 1;
    const size_t row = 3 + 4 * 3;  // "wN " + 12 bytes, then "\n"
    for (size_t cut = 0; cut < bytes.size(); ++cut) {
        const std::vector<uint8_t> part(bytes.begin(), bytes.begin() + cut);
        const auto r = import_bin(part, 5, {DType::F32}, false);
        const bool all_rows = cut + 1 == bytes.size();  // only the last "\n" is missing
        ASSERT_EQ(r.status.ok(), all_rows) << "cut " << cut << ": " << r.status.error();
        if (all_rows) continue;
        EXPECT_EQ(r.status.error().rfind("vec.bin: byte " + std::to_string(cut) + ": ", 0), 0u)
            << "cut " << cut << ": " << r.status.error();
        if (cut > header) {
            const size_t complete = (cut - header) / (row + 1) + ((cut - header) % (row + 1) == row ? 1 : 0);
            ASSERT_EQ(r.table->rows(), complete) << "cut " << cut;
            EXPECT_TRUE(contains(r.status.error(), std::to_string(complete) + " of 4 rows were complete"))
                << r.status.error();
        }
    }
}

struct BadCase {
    const char* what;
    std::vector<uint8_t> bytes;
    const char* message;
    bool known_size = true;
};

TEST(Word2VecBinaryBadInput, HandcraftedFiles) {
    const float nan = std::numeric_limits<float>::quiet_NaN();
    const float inf = std::numeric_limits<float>::infinity();
    const auto one_row = bytes_of("1 2\na ") + floats({1, 2});
    const BadCase cases[] = {
        {"empty", {}, "vec.bin: byte 0: file is empty"},
        {"header cut", bytes_of("2 3"), "vec.bin: byte 3: file ends inside the header line"},
        {"header junk", bytes_of("abc\n"), "vec.bin: byte 0: expected a header line 'rows dims'"},
        {"header over-long", bytes_of(std::string(300, '1')), "header line is longer than 256 bytes"},
        {"negative rows", bytes_of("-2 3\n"), "row count '-2' is negative"},
        {"negative dims", bytes_of("2 -3\n"), "vec.bin: byte 2: dimension count '-3' is negative"},
        {"zero rows", bytes_of("0 3\n"), "announces 0 rows"},
        {"zero dims", bytes_of("3 0\n"), "announces 0 dimensions"},
        {"huge rows", bytes_of("18446744073709551617 3\n"), "exceeds the limit"},
        {"huge dims", bytes_of("3 100000\n"), "exceeds the limit of 65536"},
        {"rows beyond the file", bytes_of("5 2\na ") + floats({1, 2}),
         "vec.bin: byte 0: the header announces 5 rows of 2 floats, which need at least 50 bytes, but the file has 10"},
        {"V x D at the limits", bytes_of("2147483648 65536\na ") + floats({1}),
         "need at least 562954248388608 bytes, but the file has 6"},
        {"empty word", bytes_of("1 2\n ") + floats({1, 2}), "vec.bin: byte 4: row 0 has an empty word", false},
        {"NaN", bytes_of("1 2\nab ") + floats({1, nan}), "vec.bin: byte 11: row 0 ('ab'): value 1 is NaN"},
        {"infinity", bytes_of("1 2\nab ") + floats({-inf, 1}), "byte 7: row 0 ('ab'): value 0 is infinite"},
        {"trailing junk", one_row + bytes_of("\nxyz"), "vec.bin: byte 15: unexpected data after the 1 rows"},
        {"cut inside values", bytes_of("1 2\na ") + floats({1}) + bytes_of("\x01\x02"),
         "file is truncated: it ends inside the values of row 0 (6 of 8 bytes); 0 of 1 rows were complete", false},
        {"cut inside a word", bytes_of("1 2\nabc"), "file is truncated: it ends inside the word of row 0", false},
        {"cut between rows", bytes_of("2 2\na ") + floats({1, 2}) + bytes_of("\n"),
         "vec.bin: byte 15: file is truncated: it ends before row 1; 1 of 2 rows were complete", false},
        {"text read as binary", bytes_of("1 2\na 0.25 0.5\n"), "this is a word2vec text file, not binary"},
        {"over-long word", bytes_of("1 2\n" + std::string(70000, 'w')), "longer than 65536 bytes"},
    };
    for (const auto& c : cases) {
        for (size_t chunk : {size_t(1), size_t(3), size_t(0)}) {
            if (chunk == 1 && c.bytes.size() > 10000) continue;
            const auto r = import_bin(c.bytes, chunk, {DType::F32}, c.known_size);
            ASSERT_FALSE(r.status.ok()) << c.what;
            EXPECT_TRUE(contains(r.status.error(), c.message)) << c.what << " -> " << r.status.error();
        }
    }
}

TEST(Word2VecBinaryBadInput, HugeHeaderWithUnknownSizeReservesNothing) {
    auto imp = make_word2vec_binary_importer("vec.bin", {DType::F32}, 0);
    const auto bytes = bytes_of("2147483648 65536\nw ");
    if (test::refused_as_unaddressable_on_32_bit(imp, bytes)) return;
    ASSERT_TRUE(imp->feed(bytes.data(), bytes.size()).ok());
    ASSERT_TRUE(imp->table());
    EXPECT_LT(imp->table()->memory_bytes(), size_t(1) << 20);
    const Status s = imp->finish();
    ASSERT_FALSE(s.ok());
    EXPECT_TRUE(contains(s.error(), "0 of 2147483648 rows were complete")) << s.error();
}

}  // namespace
}  // namespace embx
