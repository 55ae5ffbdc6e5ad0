// TableSession: which table is active while files stream in, and what a failed or oversized
// load leaves behind.
#include <gtest/gtest.h>

#include "app/table_session.hpp"
#include "fixtures.hpp"
#include "formats/byte_order.hpp"
#include "formats/checksum.hpp"
#include "formats/embx_layout.hpp"

namespace embx::app {
namespace {

std::vector<uint8_t> embx_file(size_t rows, uint32_t dims, uint64_t seed) {
    return test::to_embx_bytes(*test::to_table(test::make_float_table(rows, dims, seed), DType::I8));
}

// Feeds in pieces of `chunk` bytes; false as soon as the session refuses.
bool load(TableSession& s, const std::string& name, const std::vector<uint8_t>& bytes, size_t chunk = 1000) {
    s.begin(name, bytes.size(), 0.0);
    for (size_t at = 0; at < bytes.size(); at += chunk)
        if (!s.feed(bytes.data() + at, std::min(chunk, bytes.size() - at), 0.1)) return false;
    return s.finish(0.2);
}

TEST(TableSession, LoadsAndReplaces) {
    TableSession s;
    ASSERT_TRUE(load(s, "a.embx", embx_file(300, 16, 1)));
    ASSERT_TRUE(s.active());
    EXPECT_EQ(s.active()->rows(), 300u);
    ASSERT_TRUE(load(s, "b.embx", embx_file(500, 8, 2)));
    EXPECT_EQ(s.active()->rows(), 500u);
    EXPECT_EQ(s.active()->dims(), 8u);
    EXPECT_TRUE(s.last_error().empty());
}

TEST(TableSession, CorruptFileKeepsThePreviousTable) {
    TableSession s;
    ASSERT_TRUE(load(s, "good.embx", embx_file(200, 16, 3)));
    auto bad = embx_file(400, 16, 4);
    bad[bad.size() / 2] ^= 0x5a;  // breaks a block checksum
    EXPECT_FALSE(load(s, "bad.embx", bad));
    EXPECT_NE(s.last_error().find("bad.embx"), std::string::npos) << s.last_error();
    ASSERT_TRUE(s.active());
    EXPECT_EQ(s.active()->rows(), 200u);
}

// A table still streaming in (the default one) when another load starts is kept too: it stays
// shown, and if the new load fails it is what the user keeps (it was lost before).
TEST(TableSession, APartialTableStaysUntilItsReplacementIsComplete) {
    TableSession s;
    const auto first = embx_file(3000, 16, 5);
    s.begin("first.embx", first.size(), 0.0);
    ASSERT_TRUE(s.feed(first.data(), first.size() / 2, 0.1));
    ASSERT_TRUE(s.active());
    const size_t partial_rows = s.active()->rows();
    ASSERT_GT(partial_rows, 0u);
    ASSERT_FALSE(s.active()->complete());
    auto bad = embx_file(400, 16, 6);
    bad[bad.size() / 2] ^= 0x5a;
    s.begin("bad.embx", bad.size(), 0.2);
    ASSERT_TRUE(s.feed(bad.data(), bad.size() / 4, 0.3));
    ASSERT_TRUE(s.active());
    EXPECT_EQ(s.active()->rows(), partial_rows) << "the partial table is still the one shown";
    EXPECT_FALSE(s.feed(bad.data() + bad.size() / 4, bad.size() - bad.size() / 4, 0.4));
    ASSERT_TRUE(s.active());
    EXPECT_EQ(s.active()->rows(), partial_rows);
    // A good replacement takes over once complete.
    ASSERT_TRUE(load(s, "good.embx", embx_file(200, 8, 7)));
    EXPECT_EQ(s.active()->rows(), 200u);
}

TEST(TableSession, OversizedTableIsRefusedAfterItsHeader) {
    TableSession s;
    ASSERT_TRUE(load(s, "small.embx", embx_file(100, 16, 5)));
    const auto big = embx_file(5000, 64, 6);  // ~5000 x (64 + 24) bytes in memory
    s.set_memory_available(100000);
    s.begin("big.embx", big.size(), 0.0);
    // The header and the first block (64 rows) are enough to know the size.
    size_t fed = 0;
    bool ok = true;
    while (ok && fed < big.size()) {
        const size_t n = std::min<size_t>(4096, big.size() - fed);
        ok = s.feed(big.data() + fed, n, 0.1);
        fed += n;
    }
    EXPECT_FALSE(ok);
    EXPECT_LT(fed, big.size() / 4) << "refused only after reading most of the file";
    const std::string& e = s.last_error();
    EXPECT_NE(e.find("big.embx"), std::string::npos) << e;
    EXPECT_NE(e.find("too big for the memory available"), std::string::npos) << e;
    EXPECT_NE(e.find("5000 rows"), std::string::npos) << e;
    ASSERT_TRUE(s.active());
    EXPECT_EQ(s.active()->rows(), 100u);
    // The same file fits when there is room.
    s.set_memory_available(0);
    EXPECT_TRUE(load(s, "big.embx", big));
    EXPECT_EQ(s.active()->rows(), 5000u);
}

// A 64-byte header announcing 2^25 rows, served with the Content-Length that would hold them:
// refused from the header alone, before anything is reserved for the rows (the wasm page used
// to abort in the allocator), and the table shown stays.
TEST(TableSession, HugeAnnouncedTableIsRefusedBeforeAllocating) {
    TableSession s;
    ASSERT_TRUE(load(s, "small.embx", embx_file(100, 16, 5)));
    auto header = embx_file(64, 64, 6);
    header.resize(64);
    const uint64_t rows = uint64_t(1) << 25;
    store_le<uint64_t>(header.data() + offsetof(embx_format::FileHeader, rows), rows);
    store_le<uint32_t>(header.data() + offsetof(embx_format::FileHeader, block_count),
                       uint32_t(rows / load_le<uint32_t>(header.data() + offsetof(embx_format::FileHeader, block_rows))));
    store_le<uint32_t>(header.data() + offsetof(embx_format::FileHeader, meta_bytes), 0);
    store_le<uint32_t>(header.data() + offsetof(embx_format::FileHeader, header_check),
                       uint32_t(checksum64(header.data(), 60)));
    s.set_memory_available(uint64_t(256) << 20);
    s.begin("evil.embx", 64 + rows * 64, 0.0);
    EXPECT_FALSE(s.feed(header.data(), header.size(), 0.1));
    EXPECT_NE(s.last_error().find("evil.embx: too big for the memory available"), std::string::npos)
        << s.last_error();
    ASSERT_TRUE(s.active());
    EXPECT_EQ(s.active()->rows(), 100u);
    EXPECT_FALSE(s.loading());
}

TEST(TableSession, AbortNamesTheLoadOnce) {
    TableSession s;
    ASSERT_TRUE(load(s, "a.embx", embx_file(50, 8, 1)));
    s.begin("b.embx", 0, 0.0);
    s.abort("download interrupted");
    EXPECT_EQ(s.last_error(), "b.embx: download interrupted");
    s.begin("c.embx", 0, 0.0);
    s.abort("c.embx: HTTP 404 Not Found");
    EXPECT_EQ(s.last_error(), "c.embx: HTTP 404 Not Found");
    EXPECT_EQ(s.active()->rows(), 50u);
}

TEST(TableSession, AdoptedTableBecomesActiveAndEndsALoadUnderWay) {
    TableSession s;
    ASSERT_TRUE(load(s, "a.embx", embx_file(300, 16, 1)));
    const uint64_t before = s.generation();
    auto bytes = embx_file(400, 16, 2);
    s.begin("b.embx", bytes.size(), 0.0);
    ASSERT_TRUE(s.feed(bytes.data(), 1000, 0.1));
    s.adopt(test::to_table(test::make_float_table(50, 8, 3), DType::F32), "trained");
    EXPECT_FALSE(s.loading());
    ASSERT_TRUE(s.active());
    EXPECT_EQ(s.active()->rows(), 50u);
    EXPECT_EQ(s.last_notice(), "trained");
    EXPECT_GT(s.generation(), before);
    // A later failed load falls back to the adopted table.
    auto bad = embx_file(400, 16, 4);
    bad[bad.size() / 2] ^= 0x5a;
    EXPECT_FALSE(load(s, "bad.embx", bad));
    EXPECT_EQ(s.active()->rows(), 50u);
}

TEST(TableSession, EmptyFileIsAnError) {
    TableSession s;
    s.begin("empty.txt", 0, 0.0);
    EXPECT_FALSE(s.finish(0.1));
    EXPECT_NE(s.last_error().find("empty"), std::string::npos) << s.last_error();
    EXPECT_FALSE(s.active());
}

}  // namespace
}  // namespace embx::app
