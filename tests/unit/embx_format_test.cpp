// .embx: round trips, streaming in every chunk size, and a catalogue of bad files.
#include <gtest/gtest.h>

#include <cstring>

#include "core/search.hpp"
#include "fixtures.hpp"
#include "formats/byte_order.hpp"
#include "formats/checksum.hpp"
#include "formats/embx_layout.hpp"
#include "formats/embx_reader.hpp"

namespace embx {
namespace {

namespace fmt = embx_format;

std::shared_ptr<EmbeddingTable> sample_table(DType dtype, size_t rows = 150, uint32_t dims = 37) {
    auto f = test::make_float_table(rows, dims, 11);
    if (rows > 5) {
        f.words[3] = "caf\xc3\xa9";            // UTF-8
        f.words[4] = std::string("a\0b", 3);   // any bytes are allowed in a token
        f.words[5] = "";
    }
    auto t = test::to_table(f, dtype, "sample table");
    t->set_metadata({{"source", "unit test"}, {"license", "none"}});
    return t;
}

void expect_same_table(const EmbeddingTable& a, const EmbeddingTable& b) {
    ASSERT_EQ(a.rows(), b.rows());
    ASSERT_EQ(a.dims(), b.dims());
    ASSERT_EQ(a.dtype(), b.dtype());
    for (size_t r = 0; r < a.rows(); ++r) {
        ASSERT_EQ(a.word(r), b.word(r)) << r;
        ASSERT_EQ(std::memcmp(a.row_data(r), b.row_data(r), a.row_bytes()), 0) << r;
        ASSERT_EQ(a.scale(r), b.scale(r));
        ASSERT_EQ(a.norm(r), b.norm(r));
    }
}

class EmbxRoundTrip : public ::testing::TestWithParam<DType> {};

TEST_P(EmbxRoundTrip, EveryChunkSizeGivesTheSameTable) {
    const auto t = sample_table(GetParam());
    const auto bytes = test::to_embx_bytes(*t, 64);
    ASSERT_FALSE(bytes.empty());
    EXPECT_EQ(bytes.size() % 64, 0u);
    for (size_t chunk : {size_t(1), size_t(7), size_t(64), size_t(1000), bytes.size()}) {
        EmbxStreamReader r("mem.embx", chunk == 7 ? 0 : bytes.size());
        ASSERT_TRUE(test::feed_all(r, bytes, chunk).ok()) << chunk;
        ASSERT_TRUE(r.complete());
        expect_same_table(*t, *r.table());
        EXPECT_EQ(r.table()->info().name, "sample table");
        ASSERT_EQ(r.table()->info().metadata.size(), 3u);  // name + source + license
        EXPECT_EQ(*r.table()->vocab().find("caf\xc3\xa9"), 3u);
    }
}

INSTANTIATE_TEST_SUITE_P(Dtypes, EmbxRoundTrip, ::testing::Values(DType::F32, DType::F16, DType::I8, DType::I4),
                         [](const auto& param_info) { return std::string(dtype_name(param_info.param)); });

TEST(EmbxStreaming, RowsBecomeSearchableBlockByBlock) {
    const auto t = sample_table(DType::I8, 200, 16);
    const auto bytes = test::to_embx_bytes(*t, 64);  // blocks of 64 rows
    EmbxStreamReader r("mem.embx", bytes.size());
    size_t seen_partial = 0;
    for (size_t at = 0; at < bytes.size(); at += 100) {
        ASSERT_TRUE(r.feed(bytes.data() + at, std::min<size_t>(100, bytes.size() - at)).ok());
        if (r.table()) {
            const size_t rows = r.table()->rows();
            EXPECT_EQ(rows % 64 == 0 || rows == 200, true) << rows;
            if (rows > 0 && rows < 200) {
                ++seen_partial;
                auto hits = neighbors(*r.table(), "w1", 3);
                ASSERT_TRUE(hits.ok()) << hits.error();
                for (const auto& h : *hits) EXPECT_LT(h.row, rows);
            }
        }
    }
    EXPECT_GT(seen_partial, 0u);
    EXPECT_TRUE(r.finish().ok());
}

TEST(EmbxStreaming, LimitKeepsTheFirstRowsAndStopsReading) {
    const auto t = sample_table(DType::I8, 300, 16);
    const auto bytes = test::to_embx_bytes(*t, 64);
    for (uint64_t limit : {1u, 63u, 64u, 100u, 128u, 299u, 300u, 1000u}) {
        EmbxStreamReader r("mem.embx", bytes.size(), limit);
        size_t fed = 0;
        for (; fed < bytes.size() && !r.complete(); fed += 257)
            ASSERT_TRUE(r.feed(bytes.data() + fed, std::min<size_t>(257, bytes.size() - fed)).ok()) << limit;
        ASSERT_TRUE(r.complete()) << limit;
        // Bytes after the limit are ignored, not an error.
        if (fed < bytes.size()) {
            EXPECT_TRUE(r.feed(bytes.data() + fed, bytes.size() - fed).ok());
            EXPECT_LT(limit, 300u);
        }
        ASSERT_TRUE(r.finish().ok()) << limit;
        const size_t keep = size_t(std::min<uint64_t>(limit, 300));
        ASSERT_EQ(r.table()->rows(), keep) << limit;
        EXPECT_TRUE(r.table()->complete());
        EXPECT_EQ(r.table()->info().expected_rows, keep);
        for (size_t row = 0; row < keep; ++row) {
            ASSERT_EQ(r.table()->word(row), t->word(row));
            ASSERT_EQ(std::memcmp(r.table()->row_data(row), t->row_data(row), t->row_bytes()), 0);
        }
    }
}

TEST(EmbxBadInput, TruncatedAtEveryByteIsAnErrorAndKeepsCompleteBlocks) {
    const auto t = sample_table(DType::I8, 70, 5);
    const auto bytes = test::to_embx_bytes(*t, 32);
    for (size_t cut = 0; cut < bytes.size(); ++cut) {
        EmbxStreamReader r("cut.embx");
        Status s = r.feed(bytes.data(), cut);
        ASSERT_TRUE(s.ok()) << "cut " << cut << ": " << s.error();
        s = r.finish();
        ASSERT_FALSE(s.ok()) << "cut " << cut;
        EXPECT_NE(s.error().find("cut.embx: byte"), std::string::npos) << s.error();
        EXPECT_NE(s.error().find("truncated"), std::string::npos) << s.error();
        if (r.table()) { EXPECT_EQ(r.table()->rows() % 32, 0u); }
    }
}

TEST(EmbxBadInput, EverySingleByteCorruptionIsDetected) {
    const auto t = sample_table(DType::I8, 40, 5);
    const auto bytes = test::to_embx_bytes(*t, 16);
    for (size_t at = 0; at < bytes.size(); ++at) {
        auto bad = bytes;
        bad[at] ^= 0x41;
        EmbxStreamReader r("bad.embx", bad.size());
        Status s = r.feed(bad.data(), bad.size());
        if (s.ok()) s = r.finish();
        ASSERT_FALSE(s.ok()) << "corruption at byte " << at << " went unnoticed";
    }
}

// Rewrites a header field and re-seals the header checksum, so the check under test is the
// field's own validation, not the checksum.
std::vector<uint8_t> with_header_field(std::vector<uint8_t> bytes, size_t off, uint64_t v, size_t width) {
    if (width == 1) bytes[off] = uint8_t(v);
    if (width == 2) store_le<uint16_t>(bytes.data() + off, uint16_t(v));
    if (width == 4) store_le<uint32_t>(bytes.data() + off, uint32_t(v));
    if (width == 8) store_le<uint64_t>(bytes.data() + off, v);
    store_le<uint32_t>(bytes.data() + 60, uint32_t(checksum64(bytes.data(), 60)));
    return bytes;
}

struct BadHeaderCase {
    const char* name;
    size_t offset;
    uint64_t value;
    size_t width;
    const char* message;
};

TEST(EmbxBadInput, HandcraftedHeaders) {
    const auto good = test::to_embx_bytes(*sample_table(DType::I8, 40, 5), 16);
    const BadHeaderCase cases[] = {
        {"version 2", 4, 2, 2, "unsupported .embx version 2"},
        {"dtype 9", 12, 9, 1, "unknown dtype code 9"},
        {"zero rows", 16, 0, 8, "no rows"},
        {"2^40 rows", 16, 1ull << 40, 8, "exceeds the limit"},
        {"rows beyond file", 16, 1ull << 30, 8, "but the file has"},
        {"zero dims", 24, 0, 4, "out of range"},
        {"huge dims", 24, 1u << 20, 4, "out of range"},
        {"row bytes", 28, 8, 4, "does not match"},
        {"zero block rows", 32, 0, 4, "out of range"},
        {"block count", 36, 7, 4, "block count"},
        {"metadata 1 GB", 40, 1u << 30, 4, "too large"},
    };
    for (const auto& c : cases) {
        const auto bad = with_header_field(good, c.offset, c.value, c.width);
        EmbxStreamReader r("bad.embx", bad.size());
        Status s = r.feed(bad.data(), bad.size());
        if (s.ok()) s = r.finish();
        ASSERT_FALSE(s.ok()) << c.name;
        EXPECT_NE(s.error().find(c.message), std::string::npos) << c.name << ": " << s.error();
    }
}

TEST(EmbxBadInput, NotAnEmbxFileAndTrailingData) {
    EmbxStreamReader r("x.embx");
    const std::string junk(64, 'x');
    Status s = r.feed(reinterpret_cast<const uint8_t*>(junk.data()), junk.size());
    ASSERT_FALSE(s.ok());
    EXPECT_NE(s.error().find("not an .embx file"), std::string::npos);

    auto bytes = test::to_embx_bytes(*sample_table(DType::I8, 10, 5), 16);
    bytes.push_back(0);
    EmbxStreamReader r2("y.embx");
    s = r2.feed(bytes.data(), bytes.size());
    ASSERT_FALSE(s.ok());
    EXPECT_NE(s.error().find("after the last block"), std::string::npos);
    EXPECT_EQ(r2.table()->rows(), 10u);  // the complete table stays usable

    EmbxStreamReader r3("empty.embx");
    EXPECT_FALSE(r3.finish().ok());
}

TEST(EmbxBadInput, NanRowScaleIsRejectedEvenWithValidChecksums) {
    auto t = sample_table(DType::F32, 4, 5);
    auto bytes = test::to_embx_bytes(*t, 16);
    // Patch the first row's first value to NaN and re-seal the block checksum.
    const size_t meta_end = 64 + align_up(load_le<uint32_t>(bytes.data() + 40), 64);
    const size_t payload = meta_end + 64;
    const auto vocab = load_le<uint32_t>(bytes.data() + meta_end + 20);
    const auto l = fmt::payload_layout(4, vocab, t->row_bytes());
    const float nan = std::nanf("");
    store_le<float>(bytes.data() + payload + l.rows, nan);
    store_le<uint64_t>(bytes.data() + meta_end + 32, checksum64(bytes.data() + payload, l.total));
    store_le<uint32_t>(bytes.data() + meta_end + 60, uint32_t(checksum64(bytes.data() + meta_end, 60)));
    EmbxStreamReader r("nan.embx");
    Status s = r.feed(bytes.data(), bytes.size());
    ASSERT_FALSE(s.ok());
    EXPECT_NE(s.error().find("NaN"), std::string::npos) << s.error();
}

}  // namespace
}  // namespace embx
