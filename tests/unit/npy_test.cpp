// NumPy .npy: versions 1.0/2.0/3.0, '<f4'/'<f2'/'<f8', names from a vocabulary, every chunk
// size, cuts at every byte, and a catalogue of handcrafted bad headers and data.
#include <gtest/gtest.h>

#include <limits>

#include "formats/npy.hpp"
#include "vector_file_fixtures.hpp"

namespace embx {
namespace {

using test::contains;

struct Imported {
    Status status;
    std::shared_ptr<EmbeddingTable> table;
    std::vector<std::string> notes;
};

Imported import_npy(const std::vector<uint8_t>& bytes, size_t chunk, ImportOptions opt = {DType::F32},
                    bool known_size = true) {
    auto imp = make_npy_importer("m.npy", opt, known_size ? bytes.size() : 0);
    Imported out;
    out.status = test::feed_all(*imp, bytes, chunk ? chunk : bytes.size() + 1);
    out.table = imp->table();
    out.notes = imp->notes();
    if (out.status.ok()) { EXPECT_TRUE(imp->complete()); }
    return out;
}

ImportOptions with_vocabulary(std::vector<std::string> words, DType dtype = DType::F32) {
    ImportOptions opt{dtype};
    opt.vocabulary = std::make_shared<const std::vector<std::string>>(std::move(words));
    return opt;
}

TEST(Npy, EveryVersionElementTypeAndChunkSize) {
    const auto f = test::make_float_table(6, 7, 301);
    for (int major : {1, 2, 3}) {
        for (const char* descr : {"<f4", "<f2", "<f8"}) {
            const auto bytes = test::npy_bytes(f, descr, major);
            for (size_t chunk = 1; chunk <= bytes.size(); chunk += (chunk < 80 ? 1 : 7)) {
                const auto r = import_npy(bytes, chunk, with_vocabulary(f.words), chunk % 2 == 0);
                ASSERT_TRUE(r.status.ok()) << major << " " << descr << " chunk " << chunk << ": " << r.status.error();
                ASSERT_EQ(r.table->rows(), 6u);
                if (std::string(descr) == "<f2") {  // the fixture went through f16 on the way in
                    std::vector<float> v(7);
                    for (size_t row = 0; row < 6; ++row) {
                        r.table->row_as_float(row, v.data());
                        for (int d = 0; d < 7; ++d) ASSERT_EQ(v[d], f16_to_f32(f32_to_f16(f.row(row)[d])));
                    }
                } else {
                    test::expect_rows_match(*r.table, f, 6);
                }
                EXPECT_TRUE(r.notes.empty()) << test::joined(r.notes);
            }
        }
    }
}

TEST(Npy, RowsAreNamedByTheVocabularyOrByNumber) {
    const auto f = test::make_float_table(5, 3, 302);
    const auto bytes = test::npy_bytes(f);

    auto none = import_npy(bytes, 9);
    ASSERT_TRUE(none.status.ok()) << none.status.error();
    EXPECT_EQ(none.table->word(0), "<row 0>");
    EXPECT_EQ(none.table->word(4), "<row 4>");
    ASSERT_EQ(none.notes.size(), 1u);
    EXPECT_TRUE(contains(none.notes[0], "<row 0> to <row 4>")) << none.notes[0];

    auto fewer = import_npy(bytes, 9, with_vocabulary({"a", "b", "c"}));
    ASSERT_TRUE(fewer.status.ok());
    EXPECT_EQ(fewer.table->word(2), "c");
    EXPECT_EQ(fewer.table->word(3), "<row 3>");
    ASSERT_EQ(fewer.notes.size(), 1u);
    EXPECT_TRUE(contains(fewer.notes[0], "the vocabulary has 3 tokens but the matrix has 5 rows: rows 3..4"))
        << fewer.notes[0];

    auto more = import_npy(bytes, 9, with_vocabulary({"a", "b", "c", "d", "e", "f", "g"}));
    ASSERT_TRUE(more.status.ok());
    EXPECT_EQ(more.table->word(4), "e");
    ASSERT_EQ(more.notes.size(), 1u);
    EXPECT_TRUE(contains(more.notes[0], "the last 2 tokens have no row and are ignored")) << more.notes[0];

    auto dup = import_npy(bytes, 9, with_vocabulary({"a", "b", "a", "c", "b"}));
    ASSERT_TRUE(dup.status.ok());
    ASSERT_EQ(dup.table->rows(), 3u);
    EXPECT_TRUE(dup.table->complete());
    EXPECT_EQ(dup.table->word(2), "c");
    ASSERT_EQ(dup.notes.size(), 1u);
    EXPECT_TRUE(contains(dup.notes[0], "skipped 2 rows")) << dup.notes[0];

    ImportOptions limited = with_vocabulary(f.words);
    limited.limit = 2;
    auto lim = import_npy(bytes, 4, limited);
    ASSERT_TRUE(lim.status.ok());
    EXPECT_EQ(lim.table->rows(), 2u);
}

TEST(Npy, CutAtEveryByteIsAnErrorAndKeepsCompleteRows) {
    const auto f = test::make_float_table(4, 3, 303);
    const auto bytes = test::npy_bytes(f);
    const size_t data_at = bytes.size() - 4 * 3 * 4;
    for (size_t cut = 0; cut < bytes.size(); ++cut) {
        const std::vector<uint8_t> part(bytes.begin(), bytes.begin() + cut);
        const auto r = import_npy(part, 11, {DType::F32}, false);
        ASSERT_FALSE(r.status.ok()) << "cut " << cut;
        EXPECT_EQ(r.status.error().rfind("m.npy: byte " + std::to_string(cut) + ": ", 0), 0u) << r.status.error();
        if (cut >= data_at) {
            ASSERT_EQ(r.table->rows(), (cut - data_at) / 12) << cut;
            EXPECT_TRUE(contains(r.status.error(), "truncated")) << r.status.error();
        }
        // With the true size announced, the header check catches the cut before any row.
        const auto known = import_npy(part, 11, {DType::F32}, true);
        ASSERT_FALSE(known.status.ok()) << "cut " << cut;
    }
}

struct BadCase {
    const char* what;
    std::vector<uint8_t> bytes;
    const char* message;
};

std::vector<uint8_t> with_byte(std::vector<uint8_t> b, size_t at, uint8_t v) {
    b[at] = v;
    return b;
}

std::vector<uint8_t> f4_bytes(std::initializer_list<float> v) {
    std::vector<uint8_t> out;
    for (float x : v) {
        const auto* p = reinterpret_cast<const uint8_t*>(&x);
        out.insert(out.end(), p, p + 4);
    }
    return out;
}

TEST(NpyBadInput, HandcraftedFiles) {
    const auto data6 = f4_bytes({1, 2, 3, 4, 5, 6});
    const auto good = test::npy_file(test::npy_dict("<f4", 2, 3), data6);
    auto dict = [&](const std::string& d) { return test::npy_file(d, data6); };
    std::vector<uint8_t> v2_huge = {0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0, 0, 0, 0, 0x40};
    std::vector<uint8_t> v1_past_end = {0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, 0x00, 0x10, '{'};
    const float nan = std::numeric_limits<float>::quiet_NaN();
    const double big = 1e300;
    std::vector<uint8_t> f8 = test::npy_file(test::npy_dict("<f8", 1, 1), {});
    const auto* bp = reinterpret_cast<const uint8_t*>(&big);
    f8.insert(f8.end(), bp, bp + 8);
    const BadCase cases[] = {
        {"empty", {}, "m.npy: byte 0: file is empty"},
        {"wrong magic", with_byte(good, 5, 'X'), "m.npy: byte 0: not a .npy file"},
        {"text file", test::bytes_of("the 0.1 0.2 0.3\n"), "not a .npy file"},
        {"version 4.0", with_byte(good, 6, 4), "m.npy: byte 6: unsupported .npy version 4.0"},
        {"version 1.1", with_byte(good, 7, 1), "unsupported .npy version 1.1"},
        {"header length 0", with_byte(with_byte(good, 8, 0), 9, 0), "m.npy: byte 8: header length is 0"},
        {"header 1 GiB", v2_huge, "m.npy: byte 8: header length 1073741824 exceeds the limit of 65536"},
        {"header past the end", v1_past_end, "header of 4096 bytes runs past the end of the file (11 bytes)"},
        {"not a dict", dict("['descr', '<f4']"), "m.npy: byte 10: header: the header is not a dict"},
        {"big-endian", dict("{'descr': '>f4', 'fortran_order': False, 'shape': (2, 3), }"), "big-endian"},
        {"int32", dict("{'descr': '<i4', 'fortran_order': False, 'shape': (2, 3), }"),
         "m.npy: byte 20: header: element type '<i4' is not supported"},
        {"fortran", dict("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3), }"), "Fortran-order"},
        {"order not bool", dict("{'descr': '<f4', 'fortran_order': 0, 'shape': (2, 3), }"), "True or False"},
        {"1-D", dict("{'descr': '<f4', 'fortran_order': False, 'shape': (6,), }"), "the array has 1 dimensions"},
        {"3-D", dict("{'descr': '<f4', 'fortran_order': False, 'shape': (1, 2, 3), }"), "has 3 dimensions"},
        {"int not tuple", dict("{'descr': '<f4', 'fortran_order': False, 'shape': (6), }"), "trailing comma"},
        {"zero rows", dict("{'descr': '<f4', 'fortran_order': False, 'shape': (0, 3), }"), "the shape has 0 rows"},
        {"zero dims", dict("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 0), }"), "zero dimensions"},
        {"negative", dict("{'descr': '<f4', 'fortran_order': False, 'shape': (-2, 3), }"), "negative"},
        {"huge number", dict("{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999999999, 3), }"),
         "too large"},
        {"rows above 2^31", dict("{'descr': '<f4', 'fortran_order': False, 'shape': (2147483649, 3), }"),
         "above the limit of 2147483648"},
        {"dims above 65536", dict("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 65537), }"),
         "65537 columns, above the limit of 65536"},
        {"V x D x 4 beyond the file", dict("{'descr': '<f4', 'fortran_order': False, 'shape': (2147483648, 65536), }"),
         "the shape (2147483648, 65536) of <f4 needs 562949953421312 bytes of data but the file has 24"},
        {"missing shape", dict("{'descr': '<f4', 'fortran_order': False}"), "the header has no 'shape'"},
        {"duplicate key", dict("{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (2, 3)}"),
         "appears twice"},
        {"unknown key", dict("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), 'x': 1}"),
         "unexpected key 'x'"},
        {"escape", dict("{'descr': '<f\\x34', 'fortran_order': False, 'shape': (2, 3)}"), "escapes"},
        {"unclosed string", dict("{'descr: '<f4'}"), "expected ':'"},
        {"text after dict", dict("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3)} x"),
         "unexpected text after the header dict"},
        {"NaN", test::npy_file(test::npy_dict("<f4", 2, 3), f4_bytes({1, 2, 3, 4, nan, 6})),
         "m.npy: byte 144: row 1, column 1: value is NaN"},
        {"f2 infinity", test::npy_file(test::npy_dict("<f2", 1, 2), {0x00, 0x3c, 0x00, 0x7c}),
         "row 0, column 1: value is infinite"},
        {"f8 beyond float", f8, "row 0, column 0: value is out of float range"},
        {"trailing data", [&] { auto b = good; b.push_back(0); return b; }(),
         "m.npy: byte 152: unexpected data after the 2 rows of the array"},
    };
    for (const auto& c : cases) {
        for (size_t chunk : {size_t(1), size_t(5), size_t(0)}) {
            const auto r = import_npy(c.bytes, chunk);
            ASSERT_FALSE(r.status.ok()) << c.what;
            EXPECT_TRUE(contains(r.status.error(), c.message)) << c.what << " -> " << r.status.error();
        }
    }
}

TEST(NpyBadInput, ClaimedShapeWithUnknownSizeReservesNothing) {
    auto bytes = test::npy_file(test::npy_dict("<f4", 2147483648ull, 65536), {1, 2, 3});
    auto imp = make_npy_importer("m.npy", {DType::F32}, 0);
    if (test::refused_as_unaddressable_on_32_bit(imp, bytes)) return;
    ASSERT_TRUE(imp->feed(bytes.data(), bytes.size()).ok());
    ASSERT_TRUE(imp->table());
    EXPECT_EQ(imp->table()->rows(), 0u);
    EXPECT_LT(imp->table()->memory_bytes(), size_t(1) << 20);
    const Status s = imp->finish();
    ASSERT_FALSE(s.ok());
    EXPECT_TRUE(contains(s.error(), "it ends inside row 0 (3 of 262144 bytes); 0 of 2147483648 rows")) << s.error();
}

}  // namespace
}  // namespace embx
