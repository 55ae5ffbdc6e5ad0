// Memory limits for tables: the cost model, EmbeddingTable's refusal to grow past its limit, and
// every importer refusing a header that announces more rows than fit before it allocates them
// (a hostile 64-byte header with a large claimed size used to abort the wasm page).
#include <gtest/gtest.h>

#include <cstring>

#include "core/embedding_table.hpp"
#include "fixtures.hpp"
#include "formats/byte_order.hpp"
#include "formats/checksum.hpp"
#include "formats/detect.hpp"
#include "formats/embx_layout.hpp"
#include "llm_fixtures.hpp"
#include "vector_file_fixtures.hpp"

namespace embx {
namespace {

constexpr uint64_t kHugeRows = uint64_t(1) << 25;  // x 64 int8 dims: ~2 GB of rows alone
constexpr uint32_t kDims = 64;
constexpr uint64_t kLimit = uint64_t(64) << 20;

TEST(TableMemory, CostCountsIndexAndWordsAndSaturates) {
    // 64-byte rows: 64 + 28 bytes a row, plus 2 tables of 8-byte slots (at least 1024 each).
    EXPECT_EQ(table_memory_bytes(0, 64), 2u * 1024 * 8);
    EXPECT_EQ(table_memory_bytes(1000, 64), 1000u * 92 + 2 * 2048 * 8);  // 2048 >= 4/3 x 1001
    EXPECT_EQ(table_memory_bytes(1500, 64), 1500u * 92 + 2 * 2048 * 8);  // load 0.73: still 2048 slots
    EXPECT_EQ(table_memory_bytes(1536, 64), 1536u * 92 + 2 * 4096 * 8);  // 4/3 x 1537 > 2048
    EXPECT_EQ(table_memory_bytes(uint64_t(1) << 62, 64), UINT64_MAX);
    EXPECT_EQ(table_memory_bytes(uint64_t(1) << 40, size_t(1) << 30), UINT64_MAX);
    for (uint64_t r = 1; r < 5000; r += 97)
        EXPECT_LE(table_memory_bytes(r, 64), table_memory_bytes(r + 1, 64)) << r;
}

TEST(TableMemory, MaxRowsIsTheLargestThatFits) {
    for (uint64_t limit : {uint64_t(20000), uint64_t(1) << 20, uint64_t(3) << 30}) {
        const uint64_t most = table_max_rows(64, limit);
        EXPECT_LE(table_memory_bytes(most, 64), limit);
        EXPECT_GT(table_memory_bytes(most + 1, 64), limit);
    }
    EXPECT_EQ(table_max_rows(64, 100), 0u);  // not even the empty index fits
    // No limit: what the address space allows (a wasm32 buffer stays under 2 GB).
    EXPECT_EQ(table_max_rows(64, 0), uint64_t(SIZE_MAX / 2) / 64);
}

TableInfo limited_info(uint64_t limit) {
    TableInfo info;
    info.name = "t";
    info.dtype = DType::I8;
    info.dims = kDims;
    info.memory_limit = limit;
    return info;
}

TEST(TableMemory, ReserveAndAppendStopAtTheLimit) {
    EmbeddingTable t(limited_info(200000));
    const size_t before = t.memory_bytes();
    // Would wrap a 32-bit size_t (2^26 x 64 = 2^32); refused, nothing allocated.
    EXPECT_FALSE(t.reserve_rows(size_t(1) << 26));
    EXPECT_FALSE(t.reserve_rows(SIZE_MAX));
    EXPECT_EQ(t.memory_bytes(), before);
    std::vector<float> x(kDims, 0.5f);
    size_t added = 0;
    while (t.append_float_row("w" + std::to_string(added), x.data()) == EmbeddingTable::Append::Added) ++added;
    EXPECT_EQ(added, table_max_rows(t.row_bytes(), 200000));
    EXPECT_EQ(t.rows(), added) << "the refused row was not appended";
    EXPECT_LE(table_memory_bytes(t.rows(), t.row_bytes()), 200000u);
}

// Bytes up to the end of each format's header for kHugeRows x kDims, and the size a server
// could claim for the whole file.
struct HugeHeader {
    std::string name;
    std::vector<uint8_t> bytes;
    uint64_t claimed_total;
};

std::vector<uint8_t> huge_embx_header() {
    const auto small = test::to_embx_bytes(*test::to_table(test::make_float_table(64, kDims, 1), DType::I8));
    std::vector<uint8_t> h(small.begin(), small.begin() + 64);
    namespace fmt = embx_format;
    store_le<uint64_t>(h.data() + offsetof(fmt::FileHeader, rows), kHugeRows);
    const uint32_t block_rows = load_le<uint32_t>(h.data() + offsetof(fmt::FileHeader, block_rows));
    store_le<uint32_t>(h.data() + offsetof(fmt::FileHeader, block_count),
                       uint32_t((kHugeRows + block_rows - 1) / block_rows));
    store_le<uint32_t>(h.data() + offsetof(fmt::FileHeader, meta_bytes), 0);
    store_le<uint32_t>(h.data() + offsetof(fmt::FileHeader, header_check), uint32_t(checksum64(h.data(), 60)));
    return h;
}

std::vector<uint8_t> huge_safetensors_header() {
    const uint64_t data = kHugeRows * kDims * 4;
    const std::string json = "{\"emb\":{\"dtype\":\"F32\",\"shape\":[" + std::to_string(kHugeRows) + "," +
                             std::to_string(kDims) + "],\"data_offsets\":[0," + std::to_string(data) + "]}}";
    // Built as a string: GCC 12 warns (falsely) on vector inserts after a fixed-size start.
    std::string out;
    for (int i = 0; i < 8; ++i) out += char(uint8_t(uint64_t(json.size()) >> (8 * i)));
    return test::bytes_of(out + json);
}

std::vector<uint8_t> huge_gguf_header() {
    test::GgufFile f;
    f.kvs = {test::kv_string("general.architecture", "llama")};
    f.tensors = {{"token_embd.weight", {kDims, kHugeRows}, test::ggml_type::F32, {}}};
    return f.bytes();
}

std::vector<HugeHeader> huge_headers() {
    const uint64_t f32_rows = kHugeRows * kDims * 4;
    const std::string w2v = std::to_string(kHugeRows) + " " + std::to_string(kDims) + "\n";
    const std::string wink = "{\"precision\":8,\"size\":" + std::to_string(kHugeRows) +
                             ",\"dimensions\":" + std::to_string(kDims) + ",\"vectors\":{\"a\":[";
    const auto safetensors = huge_safetensors_header();
    return {
        {"huge.embx", huge_embx_header(), 64 + kHugeRows * kDims},
        {"huge.safetensors", safetensors, safetensors.size() + f32_rows},  // exactly: no bytes unindexed
        {"huge.gguf", huge_gguf_header(), f32_rows + 200},
        {"huge.npy",
         test::npy_file("{'descr': '<f4', 'fortran_order': False, 'shape': (" + std::to_string(kHugeRows) + ", " +
                            std::to_string(kDims) + "), }",
                        {}),
         f32_rows + 128},
        {"huge.vec", test::bytes_of(w2v + "a"), kHugeRows * kDims * 10},
        {"huge.bin", test::bytes_of(w2v + "a"), f32_rows + kHugeRows * 8},
        {"huge.json", test::bytes_of(wink), kHugeRows * kDims * 10},
    };
}

TEST(TableMemory, EveryHeaderFormatRefusesRowsThatDoNotFitBeforeAllocating) {
    for (const HugeHeader& h : huge_headers()) {
        SCOPED_TRACE(h.name);
        auto format = detect_format(h.bytes.data(), h.bytes.size(), h.name);
        ASSERT_TRUE(format) << format.error();
        ImportOptions opt;
        opt.memory_limit = kLimit;
        auto importer = make_importer(*format, h.name, opt, h.claimed_total);
        ASSERT_TRUE(importer) << importer.error();
        const Status s = (*importer)->feed(h.bytes.data(), h.bytes.size());
        ASSERT_FALSE(s.ok()) << "the header alone must be refused";
        EXPECT_NE(s.error().find("too big for the memory available"), std::string::npos) << s.error();
        EXPECT_NE(s.error().find(std::to_string(kHugeRows) + " rows"), std::string::npos) << s.error();
        EXPECT_NE(s.error().find("at most ~" + std::to_string(table_max_rows(kDims, kLimit))), std::string::npos)
            << s.error();
        if (auto t = (*importer)->table()) {
            EXPECT_LT(t->memory_bytes(), kLimit / 16);
        }
    }
}

TEST(TableMemory, TextWithoutRowCountStopsAtTheLimitWithAMessage) {
    const auto f = test::make_float_table(3000, kDims, 5);
    const auto text = test::bytes_of(test::vectors_text(f));  // GloVe: no header, rows unknown
    auto format = detect_format(text.data(), text.size(), "glove.txt");
    ASSERT_TRUE(format) << format.error();
    ImportOptions opt;
    opt.memory_limit = 100000;
    auto importer = make_importer(*format, "glove.txt", opt, text.size());
    ASSERT_TRUE(importer);
    Status s = test::feed_all(**importer, text, 4096);
    if (s.ok()) s = (*importer)->finish();
    ASSERT_FALSE(s.ok());
    EXPECT_NE(s.error().find("out of memory after " + std::to_string(table_max_rows(kDims, 100000)) + " rows"),
              std::string::npos)
        << s.error();
    EXPECT_NE(s.error().find("was available for this table"), std::string::npos) << s.error();
    // Without a limit the same file loads.
    auto again = make_importer(*format, "glove.txt", ImportOptions{}, text.size());
    ASSERT_TRUE(again);
    ASSERT_TRUE(test::feed_all(**again, text, 4096).ok());
    ASSERT_TRUE((*again)->finish().ok());
    EXPECT_EQ((*again)->table()->rows(), 3000u);
}

}  // namespace
}  // namespace embx
