// safetensors: round trips for every element type, streaming in every chunk size, tensor
// selection, vocabularies, truncation at every byte, and one bad file per safety promise.
#include <gtest/gtest.h>

#include <cmath>

#include "fixtures.hpp"
#include "formats/detect.hpp"
#include "formats/safetensors.hpp"
#include "llm_fixtures.hpp"

namespace embx {
namespace {

using test::Enc;
using test::StTensor;

struct Imported {
    Status status;
    std::shared_ptr<EmbeddingTable> table;
    std::vector<std::string> notes;
    bool complete = false;
};

Imported import_st(const std::vector<uint8_t>& bytes, size_t chunk, ImportOptions opt = {},
                   bool known_size = true, const std::string& name = "model.safetensors") {
    auto imp = make_safetensors_importer(name, opt, known_size ? bytes.size() : 0);
    Imported r;
    r.status = test::feed_all(*imp, bytes, chunk);
    r.table = imp->table();
    r.notes = imp->notes();
    r.complete = imp->complete();
    return r;
}

ImportOptions with_dtype(DType d) {
    ImportOptions o;
    o.dtype = d;
    return o;
}

bool has_note(const std::vector<std::string>& notes, const std::string& part) {
    for (const auto& n : notes)
        if (n.find(part) != std::string::npos) return true;
    return false;
}

// Every row of `t` against the values the file stores: exact for f32 tables, within the
// rounding of f16 or of the per-row int8 scale otherwise.
void expect_rows(const EmbeddingTable& t, const std::vector<float>& expected, size_t rows) {
    ASSERT_EQ(t.rows(), rows);
    const uint32_t dims = t.dims();
    std::vector<float> v(dims);
    for (size_t r = 0; r < rows; ++r) {
        t.row_as_float(r, v.data());
        const float* want = expected.data() + r * dims;
        float amax = 0;
        for (uint32_t i = 0; i < dims; ++i) amax = std::max(amax, std::fabs(want[i]));
        for (uint32_t i = 0; i < dims; ++i) {
            const float tol = t.dtype() == DType::F32   ? 0.0f
                              : t.dtype() == DType::F16 ? std::fabs(want[i]) / 2048 + 6e-8f
                                                        : amax / 127 * 0.5001f;
            ASSERT_LE(std::fabs(v[i] - want[i]), tol) << "row " << r << " value " << i;
        }
    }
}

// An LLM-like file: a norm vector before the embedding and an output matrix after it, so
// the importer has to skip bytes on both sides.
struct ModelFile {
    test::Encoded embedding;
    std::vector<uint8_t> bytes;
};

ModelFile model_file(Enc enc, const std::string& dtype, size_t rows = 6, uint32_t dims = 8,
                     const std::string& name = "model.embed_tokens.weight") {
    ModelFile m;
    const auto f = test::make_float_table(rows, dims, 42);
    m.embedding = test::encode(f, enc);
    const auto norm = test::encode(test::make_float_table(1, dims, 43), Enc::F32);
    const auto head = test::encode(test::make_float_table(3, dims, 44), Enc::F16);
    m.bytes = test::st_file({{"model.norm.weight", "F32", {dims}, norm.bytes},
                             {name, dtype, {rows, dims}, m.embedding.bytes},
                             {"lm_head.weight", "F16", {3, dims}, head.bytes}},
                            R"({"format":"pt","note":"made by the unit test"})");
    return m;
}

class SafetensorsRoundTrip : public ::testing::TestWithParam<std::tuple<const char*, DType>> {};

TEST_P(SafetensorsRoundTrip, EveryChunkSizeGivesTheStoredValues) {
    const std::string dtype = std::get<0>(GetParam());
    const Enc enc = dtype == "BF16" ? Enc::BF16 : dtype == "F16" ? Enc::F16 : Enc::F32;
    const auto m = model_file(enc, dtype);
    for (size_t chunk = 1; chunk <= m.bytes.size(); ++chunk) {
        const auto r = import_st(m.bytes, chunk, with_dtype(std::get<1>(GetParam())), chunk % 2 == 0);
        ASSERT_TRUE(r.status.ok()) << "chunk " << chunk << ": " << r.status.error();
        ASSERT_TRUE(r.complete);
        expect_rows(*r.table, m.embedding.values, 6);
        EXPECT_EQ(r.table->word(0), "<row 0>");
        EXPECT_EQ(r.table->word(5), "<row 5>");
    }
}

INSTANTIATE_TEST_SUITE_P(Elements, SafetensorsRoundTrip,
                         ::testing::Combine(::testing::Values("BF16", "F16", "F32"),
                                            ::testing::Values(DType::F32, DType::F16, DType::I8)),
                         [](const auto& param_info) {
                             return std::string(std::get<0>(param_info.param)) + "_to_" +
                                    std::string(dtype_name(std::get<1>(param_info.param)));
                         });

TEST(Safetensors, MetadataAndNotesDescribeTheImport) {
    const auto m = model_file(Enc::BF16, "BF16");
    const auto r = import_st(m.bytes, 64);
    ASSERT_TRUE(r.status.ok()) << r.status.error();
    const auto& meta = r.table->info().metadata;
    auto value = [&](const std::string& k) {
        for (const auto& [key, v] : meta)
            if (key == k) return v;
        return std::string("<missing>");
    };
    EXPECT_EQ(value("format"), "safetensors");
    EXPECT_EQ(value("tensor"), "model.embed_tokens.weight");
    EXPECT_EQ(value("shape"), "6 x 8");
    EXPECT_EQ(value("source_dtype"), "BF16");
    EXPECT_EQ(value("safetensors.format"), "pt");
    EXPECT_EQ(value("safetensors.note"), "made by the unit test");
    EXPECT_TRUE(has_note(r.notes, "using tensor 'model.embed_tokens.weight' (BF16, 6 x 8): a well-known"));
    EXPECT_TRUE(has_note(r.notes, "no vocabulary"));
}

TEST(Safetensors, RowsArriveWhileTheFileStreams) {
    const auto m = model_file(Enc::F32, "F32", 40, 16);
    auto imp = make_safetensors_importer("s.safetensors", with_dtype(DType::I8), 0);
    std::vector<size_t> seen;
    for (size_t at = 0; at < m.bytes.size(); at += 100) {
        ASSERT_TRUE(imp->feed(m.bytes.data() + at, std::min<size_t>(100, m.bytes.size() - at)).ok());
        if (imp->table()) seen.push_back(imp->table()->rows());
    }
    ASSERT_TRUE(imp->finish().ok());
    ASSERT_GT(seen.size(), 3u);
    EXPECT_LT(seen[1], 40u);  // rows were usable before the whole tensor had arrived
    EXPECT_EQ(seen.back(), 40u);
}

TEST(Safetensors, TensorChoice) {
    const auto a = test::encode(test::make_float_table(3, 4, 1), Enc::F32);
    const auto b = test::encode(test::make_float_table(5, 4, 2), Enc::F32);
    const auto c = test::encode(test::make_float_table(5, 2, 3), Enc::F32);
    // No well-known name: the only 2-D tensor with the most rows.
    auto r = import_st(test::st_file({{"x", "F32", {3, 4}, a.bytes}, {"y", "F32", {5, 4}, b.bytes}}), 7);
    ASSERT_TRUE(r.status.ok()) << r.status.error();
    EXPECT_EQ(r.table->rows(), 5u);
    EXPECT_TRUE(has_note(r.notes, "using tensor 'y'"));
    EXPECT_TRUE(has_note(r.notes, "most rows"));
    // A tie is refused, with the candidates listed.
    r = import_st(test::st_file({{"y", "F32", {5, 4}, b.bytes}, {"z", "F32", {5, 2}, c.bytes}}), 7);
    ASSERT_FALSE(r.status.ok());
    EXPECT_NE(r.status.error().find("several 2-D tensors have 5 rows"), std::string::npos) << r.status.error();
    EXPECT_NE(r.status.error().find("'z' (5 x 2)"), std::string::npos) << r.status.error();
    // Asking by name settles it; a wrong name lists the choices.
    ImportOptions opt;
    opt.tensor_name = "z";
    r = import_st(test::st_file({{"y", "F32", {5, 4}, b.bytes}, {"z", "F32", {5, 2}, c.bytes}}), 7, opt);
    ASSERT_TRUE(r.status.ok()) << r.status.error();
    EXPECT_EQ(r.table->dims(), 2u);
    EXPECT_TRUE(has_note(r.notes, "requested"));
    opt.tensor_name = "w";
    r = import_st(test::st_file({{"y", "F32", {5, 4}, b.bytes}}), 7, opt);
    ASSERT_FALSE(r.status.ok());
    EXPECT_NE(r.status.error().find("no tensor named 'w' (2-D tensors: 'y' (5 x 4))"), std::string::npos)
        << r.status.error();
    // A well-known name wins over a bigger matrix.
    r = import_st(test::st_file({{"transformer.wte.weight", "F32", {3, 4}, a.bytes}, {"y", "F32", {5, 4}, b.bytes}}), 7);
    ASSERT_TRUE(r.status.ok()) << r.status.error();
    EXPECT_EQ(r.table->rows(), 3u);
}

TEST(Safetensors, VocabularyNamesRowsAndExtraRowsAreNumbered) {
    const auto m = model_file(Enc::BF16, "BF16");
    ImportOptions opt;
    opt.vocabulary = std::make_shared<const std::vector<std::string>>(
        std::vector<std::string>{"!", "\xC4\xA0" "cod", "HTML", "ers"});
    auto r = import_st(m.bytes, 50, opt);
    ASSERT_TRUE(r.status.ok()) << r.status.error();
    EXPECT_EQ(r.table->word(1), "\xC4\xA0" "cod");  // byte-level BPE strings stay as they are
    EXPECT_EQ(*r.table->vocab().find("HTML"), 2u);
    EXPECT_EQ(r.table->word(4), "<row 4>");
    EXPECT_TRUE(has_note(r.notes, "the given vocabulary has 4 tokens but the matrix has 6 rows: rows 4..5 are named <row N>"));

    std::vector<std::string> many;
    for (int i = 0; i < 9; ++i) many.push_back("t" + std::to_string(i));
    opt.vocabulary = std::make_shared<const std::vector<std::string>>(many);
    r = import_st(m.bytes, 50, opt);
    ASSERT_TRUE(r.status.ok()) << r.status.error();
    EXPECT_EQ(r.table->word(5), "t5");
    EXPECT_TRUE(has_note(r.notes, "the last 3 tokens have no row and are ignored"));
}

TEST(Safetensors, LimitKeepsTheFirstRowsAndCompletesEarly) {
    const auto m = model_file(Enc::F16, "F16", 20, 8);
    ImportOptions opt;
    opt.limit = 7;
    auto imp = make_safetensors_importer("m.safetensors", opt, m.bytes.size());
    const size_t header = 8 + load_le<uint64_t>(m.bytes.data());
    const size_t rows_end = header + 8 * 4 + 7 * 8 * 2;  // norm (8 x F32), then 7 rows of F16
    ASSERT_TRUE(imp->feed(m.bytes.data(), rows_end - 1).ok());
    EXPECT_FALSE(imp->complete());
    ASSERT_TRUE(imp->feed(m.bytes.data() + rows_end - 1, 1).ok());
    EXPECT_TRUE(imp->complete());  // the size was checked against the header: nothing else needed
    ASSERT_TRUE(imp->finish().ok());
    expect_rows(*imp->table(), m.embedding.values, 7);
}

TEST(Safetensors, DetectedByItsLayoutAndItsName) {
    const auto m = model_file(Enc::F32, "F32");
    auto f = detect_format(m.bytes.data(), m.bytes.size(), "x.bin");
    ASSERT_TRUE(f.ok());
    EXPECT_EQ(*f, Format::Safetensors);
    const uint8_t junk[16] = {1, 2, 3};
    f = detect_format(junk, sizeof junk, "broken.safetensors");
    ASSERT_TRUE(f.ok());
    EXPECT_EQ(*f, Format::Safetensors);
    EXPECT_EQ(*parse_format_name("safetensors"), Format::Safetensors);
}

TEST(SafetensorsBadInput, TruncatedAtEveryByteIsAnError) {
    const auto m = model_file(Enc::BF16, "BF16", 4, 8);
    for (size_t cut = 0; cut < m.bytes.size(); ++cut) {
        const std::vector<uint8_t> part(m.bytes.begin(), m.bytes.begin() + long(cut));
        for (bool known : {false, true}) {  // a stream that stops, and a file that is short
            const auto r = import_st(part, 13, {}, known, "cut.safetensors");
            ASSERT_FALSE(r.status.ok()) << "cut " << cut << (known ? " (size known)" : "");
            EXPECT_EQ(r.status.error().rfind("cut.safetensors: byte ", 0), 0u) << r.status.error();
        }
    }
}

TEST(SafetensorsBadInput, EverySingleByteCorruptionIsRefusedOrHarmless) {
    const auto m = model_file(Enc::F32, "F32", 3, 4);
    for (size_t at = 0; at < m.bytes.size(); ++at) {
        auto bad = m.bytes;
        bad[at] ^= 0x41;
        const auto r = import_st(bad, 9);
        if (r.status.ok()) {  // only a changed value or name can pass, never a changed shape
            ASSERT_EQ(r.table->rows(), 3u) << at;
            ASSERT_EQ(r.table->dims(), 4u) << at;
        }
    }
}

std::vector<uint8_t> f32_bytes(size_t n, float v = 0.25f) {
    std::vector<uint8_t> out(n * 4);
    for (size_t i = 0; i < n; ++i) store_le<float>(out.data() + 4 * i, v);
    return out;
}

// A file from a header text and a buffer of `buffer_bytes` bytes.
std::vector<uint8_t> st(const std::string& header, size_t buffer_bytes = 0) {
    return test::st_file(header, std::vector<uint8_t>(buffer_bytes, 0));
}

std::vector<uint8_t> with_length(uint64_t length, size_t extra = 0) {
    std::vector<uint8_t> out(8 + extra, ' ');
    store_le<uint64_t>(out.data(), length);
    return out;
}

struct BadCase {
    const char* name;
    std::vector<uint8_t> bytes;
    const char* message;
    bool known_size = true;
};

TEST(SafetensorsBadInput, EachSafetyPromiseHasItsOwnError) {
    const std::string e = R"("e":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]})";
    std::string nest(40, '[');
    // Eight tensors of 2^61 - 1 bytes each: a buffer that ends beyond what a u64 file offset holds.
    std::string huge = "{";
    for (uint64_t i = 0, max = (1ull << 61) - 1; i < 8; ++i)
        huge += std::string(i ? "," : "") + "\"t" + std::to_string(i) + "\":{\"dtype\":\"U8\",\"shape\":[" +
                std::to_string(max) + "],\"data_offsets\":[" + std::to_string(i * max) + "," +
                std::to_string((i + 1) * max) + "]}";
    huge += "}";
    std::vector<uint8_t> nan_file = test::st_file({{"e", "F32", {2, 2}, f32_bytes(4, std::nanf(""))}});
    const BadCase cases[] = {
        {"length over 100 MB", with_length(100'000'001, 8), "over the 100 MB limit", false},
        {"length past the file", with_length(500, 40), "larger than the file (48 bytes)"},
        {"length too small", with_length(1, 1), "too small for a JSON object"},
        {"not UTF-8", st("{\"\xC3\x28\":1}"), "byte 10: the header is not valid UTF-8"},
        {"overlong UTF-8", st("{\"\xC0\xAF\":1}"), "not valid UTF-8"},
        {"not JSON", st("{\"e\":}"), "byte 13: the header is not valid JSON"},
        {"trailing JSON", st("{} {}"), "not valid JSON"},
        {"an array", st("[]"), "the header is not a JSON object"},
        {"a string", st("\"x\""), "the header is not a JSON object"},
        {"nesting bomb", st("{\"a\":{\"b\":" + nest), "nests deeper than 8 levels"},
        {"entry not an object", st(R"({"e":5})"), "tensor 'e' is not a JSON object"},
        {"entry an array", st(R"({"e":[1]})"), "tensor 'e' is not a JSON object"},
        {"no dtype", st(R"({"e":{"shape":[2,2],"data_offsets":[0,16]}})", 16), "tensor 'e' has no \"dtype\""},
        {"no shape", st(R"({"e":{"dtype":"F32","data_offsets":[0,16]}})", 16), "has no \"shape\""},
        {"no offsets", st(R"({"e":{"dtype":"F32","shape":[2,2]}})", 16), "has no \"data_offsets\""},
        {"dtype not a string", st(R"({"e":{"dtype":32,"shape":[2,2],"data_offsets":[0,16]}})", 16),
         "\"dtype\" must be a string, not a number"},
        {"shape not an array", st(R"({"e":{"dtype":"F32","shape":"2x2","data_offsets":[0,16]}})", 16),
         "\"shape\" must be an array of integers, not a string"},
        {"negative dimension", st(R"({"e":{"dtype":"F32","shape":[-2,2],"data_offsets":[0,16]}})", 16),
         "\"shape\" must hold non-negative integers, not a negative number"},
        {"fractional dimension", st(R"({"e":{"dtype":"F32","shape":[2.5,2],"data_offsets":[0,16]}})", 16),
         "must hold non-negative integers, not a non-integer number"},
        {"nested shape", st(R"({"e":{"dtype":"F32","shape":[[2],2],"data_offsets":[0,16]}})", 16),
         "\"shape\" must hold non-negative integers"},
        {"offsets an object", st(R"({"e":{"dtype":"F32","shape":[2,2],"data_offsets":{}}})", 16),
         "\"data_offsets\" must be an array of integers"},
        {"one offset", st(R"({"e":{"dtype":"F32","shape":[2,2],"data_offsets":[16]}})", 16),
         "must hold 2 integers [begin, end], not 1"},
        {"field twice", st(R"({"e":{"dtype":"F32","dtype":"F16","shape":[2,2],"data_offsets":[0,16]}})", 16),
         "field \"dtype\" appears twice"},
        {"tensor twice", st("{" + e + "," + e + "}", 16), "\"e\" appears twice"},
        {"unknown dtype", st(R"({"e":{"dtype":"Q4","shape":[2,2],"data_offsets":[0,16]}})", 16),
         "tensor 'e' has an unknown dtype 'Q4'"},
        {"size mismatch", st(R"({"e":{"dtype":"F32","shape":[2,3],"data_offsets":[0,16]}})", 16),
         "shape [2, 3] of F32 needs 24 bytes but data_offsets hold 16"},
        {"offsets reversed", st(R"({"e":{"dtype":"F32","shape":[2,2],"data_offsets":[16,0]}})", 16),
         "end before they begin"},
        {"element count overflow", st(R"({"e":{"dtype":"F32","shape":[4294967296,4294967296,2],"data_offsets":[0,16]}})", 16),
         "more elements than 64 bits count"},
        {"byte size overflow", st(R"({"e":{"dtype":"F64","shape":[4611686018427387904],"data_offsets":[0,16]}})", 16),
         "overflows 64 bits"},
        {"offsets past the file", st(R"({"e":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]}})", 8),
         "data_offsets out of range"},
        {"offsets far out of range", st(R"({"e":{"dtype":"U8","shape":[1],"data_offsets":[18446744073709551614,18446744073709551615]}})"),
         "does not start at 0", false},
        {"offsets overflow the file offset", st(huge), "data_offsets are out of range", false},
        {"buffer not starting at 0", st(R"({"e":{"dtype":"F32","shape":[2,2],"data_offsets":[4,20]}})", 20),
         "the byte buffer does not start at 0: the first tensor, 'e', starts at 4"},
        {"overlap", st(R"({"e":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]},"f":{"dtype":"F32","shape":[2],"data_offsets":[12,20]}})", 20),
         "tensors 'e' and 'f' overlap"},
        {"hole", st(R"({"e":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]},"f":{"dtype":"F32","shape":[2],"data_offsets":[20,28]}})", 28),
         "bytes 16..20 of the byte buffer belong to no tensor"},
        {"bytes after the buffer", st("{" + e + "}", 17), "the file has 1 bytes after the last tensor"},
        {"bytes after the buffer, streamed", st("{" + e + "}", 17), "unexpected data after the end of the tensor buffer", false},
        {"1-D tensor", st(R"({"wte.weight":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}})", 16),
         "tensor 'wte.weight' has 1 dimensions; an embedding matrix has 2"},
        {"3-D tensor", st(R"({"wte.weight":{"dtype":"F32","shape":[1,2,2],"data_offsets":[0,16]}})", 16),
         "has 3 dimensions"},
        {"zero rows", st(R"({"wte.weight":{"dtype":"F32","shape":[0,4],"data_offsets":[0,0]}})"),
         "has a zero dimension (0 x 4)"},
        {"zero dims", st(R"({"wte.weight":{"dtype":"F32","shape":[4,0],"data_offsets":[0,0]}})"),
         "has a zero dimension"},
        {"too many dims", st(R"({"wte.weight":{"dtype":"U8","shape":[1,70000],"data_offsets":[0,70000]}})", 70000),
         "has 70000 columns; at most 65536"},
        {"integer tensor", st(R"({"wte.weight":{"dtype":"I64","shape":[2,1],"data_offsets":[0,16]}})", 16),
         "has dtype I64; only BF16, F16 and F32"},
        {"no 2-D tensor", st("{}"), "the file has no 2-D tensor"},
        {"metadata not strings", st(R"({"__metadata__":{"n":1},)" + e + "}", 16), "__metadata__ values must be strings"},
        {"metadata not an object", st(R"({"__metadata__":[],)" + e + "}", 16), "__metadata__ is not a JSON object"},
        {"NaN value", nan_file, "tensor 'e', row 0: value 0 is NaN or infinite"},
    };
    for (const auto& c : cases) {
        const auto r = import_st(c.bytes, 5, {}, c.known_size, "bad.safetensors");
        ASSERT_FALSE(r.status.ok()) << c.name;
        EXPECT_NE(r.status.error().find(c.message), std::string::npos) << c.name << ": " << r.status.error();
        EXPECT_EQ(r.status.error().rfind("bad.safetensors: byte ", 0), 0u) << c.name << ": " << r.status.error();
    }
}

TEST(SafetensorsBadInput, ValuesBeyondF16AreRefusedForAnF16Table) {
    const auto bytes = test::st_file({{"wte.weight", "F32", {1, 2}, f32_bytes(2, 1e6f)}});
    auto r = import_st(bytes, 64, with_dtype(DType::F16));
    ASSERT_FALSE(r.status.ok());
    EXPECT_NE(r.status.error().find("does not fit in f16"), std::string::npos) << r.status.error();
    r = import_st(bytes, 64, with_dtype(DType::I8));
    EXPECT_TRUE(r.status.ok()) << r.status.error();
}

}  // namespace
}  // namespace embx
