// GGUF: round trips for F32, F16, BF16 and Q8_0 matrices in every chunk size, vocabularies
// and metadata, truncation at every byte, and a catalogue of handcrafted bad files in the
// spirit of ggml's test-gguf.
#include <gtest/gtest.h>

#include <cmath>

#include "fixtures.hpp"
#include "formats/detect.hpp"
#include "formats/gguf.hpp"
#include "llm_fixtures.hpp"

namespace embx {
namespace {

using test::Enc;
using test::GgufFile;
namespace gt = test::gguf_type;
namespace mt = test::ggml_type;

struct Imported {
    Status status;
    std::shared_ptr<EmbeddingTable> table;
    std::vector<std::string> notes;
    bool complete = false;
};

Imported import_gguf(const std::vector<uint8_t>& bytes, size_t chunk, ImportOptions opt = {},
                     bool known_size = true, const std::string& name = "model.gguf") {
    auto imp = make_gguf_importer(name, opt, known_size ? bytes.size() : 0);
    Imported r;
    r.status = test::feed_all(*imp, bytes, chunk);
    r.table = imp->table();
    r.notes = imp->notes();
    r.complete = imp->complete();
    return r;
}

bool has_note(const std::vector<std::string>& notes, const std::string& part) {
    for (const auto& n : notes)
        if (n.find(part) != std::string::npos) return true;
    return false;
}

std::string meta_value(const EmbeddingTable& t, const std::string& k) {
    for (const auto& [key, v] : t.info().metadata)
        if (key == k) return v;
    return "<missing>";
}

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
            const float tol = t.dtype() == DType::F32 ? 0.0f : amax / 127 * 0.5001f;
            ASSERT_LE(std::fabs(v[i] - want[i]), tol) << "row " << r << " value " << i;
        }
    }
}

std::vector<std::string> tokens(size_t n) {
    std::vector<std::string> t = {"!", "\xC4\xA0" "cod", "HTML", "ers"};
    while (t.size() < n) t.push_back("tok" + std::to_string(t.size()));
    t.resize(n);
    return t;
}

std::vector<uint8_t> f32_bytes(size_t n, float v = 0.25f) {
    std::vector<uint8_t> out(n * 4);
    for (size_t i = 0; i < n; ++i) store_le<float>(out.data() + 4 * i, v);
    return out;
}

// A llama.cpp-like file: metadata the importer keeps, skips or ignores, a tensor before the
// embedding and one after it.
struct ModelFile {
    test::Encoded embedding;
    GgufFile file;
};

ModelFile model_file(Enc enc, uint32_t type, size_t rows = 6, uint32_t dims = 32, bool with_tokens = true) {
    ModelFile m;
    m.embedding = test::encode(test::make_float_table(rows, dims, 7), enc);
    auto& f = m.file;
    f.kvs = {test::kv_string("general.architecture", "qwen2"),
             test::kv_string("general.name", "Tiny Qwen"),
             test::kv_u32("general.alignment", 32),
             test::kv_f32("qwen2.rope.freq_base", 1e6f),
             test::kv_string("tokenizer.ggml.model", "gpt2"),
             test::kv_string("tokenizer.chat_template", std::string(1500, '{')),  // too long to keep
             test::kv_strings("tokenizer.ggml.merges", {"\xC4\xA0 c", "o d"})};
    if (with_tokens) f.kvs.push_back(test::kv_strings("tokenizer.ggml.tokens", tokens(rows)));
    test::GgufKv types{"tokenizer.ggml.token_type", gt::ARRAY, {}};  // an array of scalars: skipped
    test::put_u32(types.value, 5);  // i32
    test::put_u64(types.value, rows);
    for (size_t i = 0; i < rows; ++i) test::put_u32(types.value, 1);
    f.kvs.push_back(types);
    f.tensors = {{"output_norm.weight", {dims}, mt::F32, f32_bytes(dims)},
                 {"token_embd.weight", {dims, rows}, type, m.embedding.bytes},
                 {"output.weight", {dims, 3}, mt::F32, f32_bytes(dims * 3, -0.5f)}};
    return m;
}

struct ElementCase {
    const char* name;
    Enc enc;
    uint32_t type;
};
const ElementCase kElements[] = {{"F32", Enc::F32, mt::F32},
                                 {"F16", Enc::F16, mt::F16},
                                 {"BF16", Enc::BF16, mt::BF16},
                                 {"Q8_0", Enc::Q8_0, mt::Q8_0}};

class GgufRoundTrip : public ::testing::TestWithParam<std::tuple<ElementCase, DType>> {};

TEST_P(GgufRoundTrip, EveryChunkSizeGivesTheStoredValues) {
    const auto& e = std::get<0>(GetParam());
    const auto m = model_file(e.enc, e.type);
    const auto bytes = m.file.bytes();
    ImportOptions opt;
    opt.dtype = std::get<1>(GetParam());
    for (size_t chunk = 1; chunk <= bytes.size(); ++chunk) {
        const auto r = import_gguf(bytes, chunk, opt, chunk % 2 == 1);
        ASSERT_TRUE(r.status.ok()) << "chunk " << chunk << ": " << r.status.error();
        ASSERT_TRUE(r.complete);
        expect_rows(*r.table, m.embedding.values, 6);
        ASSERT_EQ(r.table->word(1), "\xC4\xA0" "cod");
    }
}

INSTANTIATE_TEST_SUITE_P(Elements, GgufRoundTrip,
                         ::testing::Combine(::testing::ValuesIn(kElements),
                                            ::testing::Values(DType::F32, DType::I8)),
                         [](const auto& param_info) {
                             return std::string(std::get<0>(param_info.param).name) + "_to_" +
                                    std::string(dtype_name(std::get<1>(param_info.param)));
                         });

TEST(Gguf, TokensMetadataAndNotes) {
    const auto m = model_file(Enc::Q8_0, mt::Q8_0);
    const auto r = import_gguf(m.file.bytes(), 100);
    ASSERT_TRUE(r.status.ok()) << r.status.error();
    const auto& t = *r.table;
    EXPECT_EQ(t.info().name, "Tiny Qwen");
    EXPECT_EQ(*t.vocab().find("HTML"), 2u);
    EXPECT_EQ(meta_value(t, "format"), "gguf v3");
    EXPECT_EQ(meta_value(t, "tensor"), "token_embd.weight");
    EXPECT_EQ(meta_value(t, "shape"), "6 x 32");
    EXPECT_EQ(meta_value(t, "source_dtype"), "Q8_0");
    EXPECT_EQ(meta_value(t, "vocabulary"), "tokenizer.ggml.tokens, 6 tokens");
    EXPECT_EQ(meta_value(t, "general.architecture"), "qwen2");
    EXPECT_EQ(meta_value(t, "tokenizer.ggml.model"), "gpt2");
    EXPECT_EQ(meta_value(t, "general.alignment"), "32");
    EXPECT_EQ(meta_value(t, "qwen2.rope.freq_base"), "1000000");
    EXPECT_EQ(meta_value(t, "tokenizer.chat_template"), "<missing>");
    EXPECT_TRUE(has_note(r.notes, "using tensor 'token_embd.weight' (Q8_0, 6 x 32)"));
    EXPECT_TRUE(has_note(r.notes, "1 metadata values were too long or too many to keep"));
}

TEST(Gguf, WithoutTokensTheGivenVocabularyOrRowNumbersNameTheRows) {
    const auto bytes = model_file(Enc::F16, mt::F16, 6, 32, false).file.bytes();
    auto r = import_gguf(bytes, 64);
    ASSERT_TRUE(r.status.ok()) << r.status.error();
    EXPECT_EQ(r.table->word(3), "<row 3>");
    EXPECT_TRUE(has_note(r.notes, "no tokenizer.ggml.tokens and no vocabulary was given"));

    ImportOptions opt;
    opt.vocabulary = std::make_shared<const std::vector<std::string>>(tokens(4));
    r = import_gguf(bytes, 64, opt);
    ASSERT_TRUE(r.status.ok()) << r.status.error();
    EXPECT_EQ(r.table->word(2), "HTML");
    EXPECT_EQ(r.table->word(5), "<row 5>");
    EXPECT_TRUE(has_note(r.notes, "the given vocabulary has 4 tokens but the matrix has 6 rows: rows 4..5"));

    // The file's own tokens win, and the user is told.
    const auto with_tokens = model_file(Enc::F16, mt::F16).file.bytes();
    r = import_gguf(with_tokens, 64, opt);
    ASSERT_TRUE(r.status.ok()) << r.status.error();
    EXPECT_EQ(r.table->word(5), "tok5");
    EXPECT_TRUE(has_note(r.notes, "the given vocabulary is not used"));
}

TEST(Gguf, MoreTokensThanRowsAreIgnoredWithANote) {
    auto m = model_file(Enc::F32, mt::F32, 4);
    m.file.kvs.push_back(test::kv_strings("tokenizer.ggml.tokens", tokens(7)));
    m.file.kvs.erase(m.file.kvs.end() - 3);  // the 4-token list
    const auto r = import_gguf(m.file.bytes(), 33);
    ASSERT_TRUE(r.status.ok()) << r.status.error();
    EXPECT_EQ(r.table->rows(), 4u);
    EXPECT_TRUE(has_note(r.notes, "the file's tokenizer.ggml.tokens has 7 tokens but the matrix has 4 rows: the last 3"));
}

TEST(Gguf, TensorOptionLimitAndEarlyCompletion) {
    const auto m = model_file(Enc::BF16, mt::BF16, 10);
    const auto bytes = m.file.bytes();
    ImportOptions opt;
    opt.tensor_name = "output.weight";
    auto r = import_gguf(bytes, 50, opt);
    ASSERT_TRUE(r.status.ok()) << r.status.error();
    EXPECT_EQ(r.table->rows(), 3u);
    EXPECT_TRUE(has_note(r.notes, "requested"));

    ImportOptions lim;
    lim.limit = 4;
    auto imp = make_gguf_importer("m.gguf", lim, bytes.size());
    const size_t data_start = bytes.size() - 32 * 4 - 10 * 32 * 2 - 32 * 3 * 4;
    const size_t rows_end = data_start + 32 * 4 + 4 * 32 * 2;
    ASSERT_TRUE(imp->feed(bytes.data(), rows_end - 1).ok());
    EXPECT_FALSE(imp->complete());
    ASSERT_TRUE(imp->feed(bytes.data() + rows_end - 1, 1).ok());
    EXPECT_TRUE(imp->complete());
    ASSERT_TRUE(imp->finish().ok());
    expect_rows(*imp->table(), m.embedding.values, 4);
}

TEST(Gguf, VersionTwoAndDetection) {
    auto m = model_file(Enc::F32, mt::F32);
    m.file.version = 2;
    const auto bytes = m.file.bytes();
    const auto r = import_gguf(bytes, 1000);
    ASSERT_TRUE(r.status.ok()) << r.status.error();
    EXPECT_EQ(meta_value(*r.table, "format"), "gguf v2");
    const auto f = detect_format(bytes.data(), bytes.size(), "x");
    ASSERT_TRUE(f.ok());
    EXPECT_EQ(*f, Format::Gguf);
    EXPECT_EQ(*parse_format_name("gguf"), Format::Gguf);
}

TEST(Gguf, UnknownTypesAreFineForOtherTensors) {
    auto m = model_file(Enc::F32, mt::F32);
    m.file.tensors[2].type = 200;  // a future ggml type: its size is unknown, it is not read
    const auto r = import_gguf(m.file.bytes(), 77);
    EXPECT_TRUE(r.status.ok()) << r.status.error();
}

TEST(GgufBadInput, TruncatedAtEveryByteIsAnError) {
    const auto bytes = model_file(Enc::Q8_0, mt::Q8_0, 3).file.bytes();
    for (size_t cut = 0; cut < bytes.size(); ++cut) {
        const std::vector<uint8_t> part(bytes.begin(), bytes.begin() + long(cut));
        for (bool known : {false, true}) {
            const auto r = import_gguf(part, 11, {}, known, "cut.gguf");
            ASSERT_FALSE(r.status.ok()) << "cut " << cut << (known ? " (size known)" : "");
            EXPECT_EQ(r.status.error().rfind("cut.gguf: byte ", 0), 0u) << r.status.error();
        }
    }
}

TEST(GgufBadInput, EverySingleByteCorruptionIsRefusedOrHarmless) {
    const auto bytes = model_file(Enc::F16, mt::F16, 3).file.bytes();
    for (size_t at = 0; at < bytes.size(); ++at) {
        auto bad = bytes;
        bad[at] ^= 0x41;
        const auto r = import_gguf(bad, 64);
        if (r.status.ok()) {
            ASSERT_EQ(r.table->rows(), 3u) << at;
            ASSERT_EQ(r.table->dims(), 32u) << at;
        }
    }
}

// The smallest useful file: one key, a 2 x 32 F32 embedding.
GgufFile small() {
    GgufFile f;
    f.kvs = {test::kv_string("general.name", "small")};
    f.tensors = {{"token_embd.weight", {32, 2}, mt::F32, f32_bytes(64)}};
    return f;
}

std::vector<uint8_t> patched(std::vector<uint8_t> b, size_t at, uint64_t v, size_t width) {
    if (width == 4) store_le<uint32_t>(b.data() + at, uint32_t(v));
    else store_le<uint64_t>(b.data() + at, v);
    return b;
}

GgufFile with_kv(test::GgufKv kv) {
    auto f = small();
    f.kvs.push_back(std::move(kv));
    return f;
}

GgufFile with_tensor(std::vector<uint64_t> dims, uint32_t type, std::vector<uint8_t> data,
                     const std::string& name = "token_embd.weight") {
    GgufFile f;
    f.tensors = {{name, std::move(dims), type, std::move(data)}};
    return f;
}

test::GgufKv raw_kv(const std::string& key, uint32_t type, std::vector<uint8_t> value) {
    return {key, type, std::move(value)};
}

std::vector<uint8_t> array_header(uint32_t type, uint64_t count) {
    std::vector<uint8_t> v;
    test::put_u32(v, type);
    test::put_u64(v, count);
    return v;
}

struct BadCase {
    const char* name;
    std::vector<uint8_t> bytes;
    const char* message;
    bool known_size = true;
};

TEST(GgufBadInput, HandcraftedFiles) {
    const auto good = small().bytes();
    // general.name: key length at 24, key at 32, type at 44, string length at 48.
    auto dup_tensor = small();
    dup_tensor.tensors.push_back(dup_tensor.tensors[0]);
    auto unaligned = small();
    unaligned.tensors[0].offset = 4;
    auto overlap = small();
    overlap.tensors.push_back({"other", {4}, mt::F32, f32_bytes(4)});
    overlap.tensors[1].offset = 128;
    auto nan_file = with_tensor({2, 1}, mt::F16, {0x00, 0x7E, 0x00, 0x3C});
    auto inf_scale = with_tensor({32, 1}, mt::Q8_0, std::vector<uint8_t>(34, 1));
    inf_scale.tensors[0].data[0] = 0x00;
    inf_scale.tensors[0].data[1] = 0x7C;  // f16 infinity as the block scale
    auto past_eof = small().bytes();
    past_eof.resize(past_eof.size() - 1);
    const auto many_kvs = patched(good, 16, 1ull << 40, 8);
    const std::vector<uint8_t> header_only(many_kvs.begin(), many_kvs.begin() + 24);
    auto long_token = with_kv(test::kv_strings("tokenizer.ggml.tokens", {std::string(65537, 'x')}));

    const BadCase cases[] = {
        {"wrong magic (GGML)", patched(good, 0, 0x4C4D4747, 4), "byte 0: not a GGUF file"},
        {"version 1", patched(good, 4, 1, 4), "byte 4: unsupported GGUF version 1"},
        {"version 4", patched(good, 4, 4, 4), "unsupported GGUF version 4 (this build reads versions 2 and 3)"},
        {"big-endian", patched(good, 4, 0x03000000, 4), "(a big-endian file?)"},
        {"tensor count", patched(good, 8, 1ull << 40, 8), "byte 8: 1099511627776 tensor infos cannot fit"},
        {"kv count", patched(good, 16, 1ull << 40, 8), "byte 16: 1099511627776 key-value pairs cannot fit"},
        {"kv count unknown size", header_only, "file is truncated: it ends inside the key of key-value pair 0", false},
        {"key past the end", patched(good, 24, 60000, 8), "byte 24: key length 60000 runs past the end"},
        {"key over the limit", patched(good, 24, 1ull << 40, 8), "key length 1099511627776 is over the 65535-byte limit", false},
        {"string past the end", patched(good, 48, 1ull << 40, 8), "byte 48: key 'general.name': string length 1099511627776 runs past"},
        {"duplicate key", with_kv(test::kv_string("general.name", "again")).bytes(), "duplicate key 'general.name'"},
        {"unknown value type", with_kv(raw_kv("x", 13, {0})).bytes(), "key 'x' has an unknown value type 13"},
        {"alignment as f32", with_kv(test::kv_f32("general.alignment", 32)).bytes(),
         "key 'general.alignment' must be a u32, not a f32"},
        {"alignment 0", with_kv(test::kv_u32("general.alignment", 0)).bytes(), "general.alignment 0 is not a power of two"},
        {"alignment 48", with_kv(test::kv_u32("general.alignment", 48)).bytes(), "general.alignment 48 is not a power of two"},
        {"tokens a string", with_kv(test::kv_string("tokenizer.ggml.tokens", "a b")).bytes(),
         "key 'tokenizer.ggml.tokens' must be an array of strings, not a string"},
        {"tokens of u32", with_kv(raw_kv("tokenizer.ggml.tokens", gt::ARRAY, array_header(gt::U32, 0))).bytes(),
         "must be an array of strings, not of u32"},
        {"name a number", with_kv(test::kv_u32("general.architecture", 1)).bytes(),
         "key 'general.architecture' must be a string, not a u32"},
        {"bool 2", with_kv(raw_kv("b", gt::BOOL, {2})).bytes(), "key 'b': bool value 2 is not 0 or 1"},
        {"nested array", with_kv(raw_kv("a", gt::ARRAY, array_header(gt::ARRAY, 1))).bytes(), "nested arrays are not supported"},
        {"array of unknown type", with_kv(raw_kv("a", gt::ARRAY, array_header(77, 1))).bytes(), "array of unknown type 77"},
        {"array past the end", with_kv(raw_kv("a", gt::ARRAY, array_header(gt::U64, 1000))).bytes(),
         "an array of 1000 u64 values cannot fit"},
        {"array count overflow", with_kv(raw_kv("a", gt::ARRAY, array_header(gt::U64, 1ull << 62))).bytes(),
         "cannot fit", false},
        {"token too long", long_token.bytes(), "token 0 is 65537 bytes long"},
        {"0 dimensions", with_tensor({}, mt::F32, {}).bytes(), "tensor 'token_embd.weight' has 0 dimensions (1 to 4 are allowed)"},
        {"5 dimensions", with_tensor({1, 1, 1, 1, 1}, mt::F32, f32_bytes(1)).bytes(), "has 5 dimensions"},
        {"zero dimension", with_tensor({32, 0}, mt::F32, {}).bytes(), "tensor 'token_embd.weight': dimension 1 is 0"},
        {"element count overflow", with_tensor({1ull << 32, 1ull << 32}, mt::F32, {}).bytes(), "the element count overflows"},
        {"byte size overflow", with_tensor({1ull << 62, 1}, mt::F32, {}).bytes(), "its size overflows"},
        {"unknown type", with_tensor({32, 2}, 99, f32_bytes(64)).bytes(), "has an unknown type 99; only F32, F16, BF16 and Q8_0"},
        {"unsupported type", with_tensor({256, 1}, mt::Q4_K, std::vector<uint8_t>(144)).bytes(), "has type Q4_K; only"},
        {"partial Q8_0 block", with_tensor({16, 2}, mt::Q8_0, std::vector<uint8_t>(68)).bytes(),
         "rows of 16 values are not whole Q8_0 blocks of 32"},
        {"offset not aligned", unaligned.bytes(), "offset 4 is not a multiple of the alignment 32"},
        {"data past the end", past_eof, "runs past the end of the file"},
        {"data past the end, streamed", past_eof, "file is truncated", false},
        {"tensors overlap", overlap.bytes(), "tensors 'token_embd.weight' and 'other' overlap"},
        {"duplicate tensor", dup_tensor.bytes(), "duplicate tensor name 'token_embd.weight'"},
        {"1-D embedding", with_tensor({32}, mt::F32, f32_bytes(32)).bytes(), "has 1 dimensions; an embedding matrix has 2"},
        {"too many values per row", with_tensor({70000, 1}, mt::F32, {}).bytes(), "rows of 70000 values; at most 65536", false},
        {"no embedding", with_tensor({32, 3}, mt::F32, f32_bytes(96), "output.weight").bytes(),
         "no tensor has a well-known embedding name; choose one by name (2-D tensors: 'output.weight' (32 x 3))"},
        {"NaN value", nan_file.bytes(), "tensor 'token_embd.weight', row 0: value 0 is NaN or infinite"},
        {"infinite Q8_0 scale", inf_scale.bytes(), "is NaN or infinite"},
    };
    for (const auto& c : cases) {
        const auto r = import_gguf(c.bytes, 7, {}, c.known_size, "bad.gguf");
        ASSERT_FALSE(r.status.ok()) << c.name << " was accepted";
        EXPECT_NE(r.status.error().find(c.message), std::string::npos) << c.name << ": " << r.status.error();
        EXPECT_EQ(r.status.error().rfind("bad.gguf: byte ", 0), 0u) << c.name << ": " << r.status.error();
    }

    ImportOptions opt;
    opt.tensor_name = "missing";
    const auto r = import_gguf(good, 7, opt, true, "bad.gguf");
    ASSERT_FALSE(r.status.ok());
    EXPECT_NE(r.status.error().find("there is no tensor named 'missing'"), std::string::npos) << r.status.error();
}

}  // namespace
}  // namespace embx
