// human_bytes: one decimal convention for every byte count the UI shows.
#include <gtest/gtest.h>

#include "core/byte_size.hpp"

namespace embx {
namespace {

TEST(ByteSize, DecimalUnitsWithTheirOwnPrecision) {
    EXPECT_EQ(human_bytes(0), "0 B");
    EXPECT_EQ(human_bytes(999), "999 B");
    EXPECT_EQ(human_bytes(1000), "1.0 kB");
    EXPECT_EQ(human_bytes(1536), "1.5 kB");
    EXPECT_EQ(human_bytes(999'949), "999.9 kB");
    EXPECT_EQ(human_bytes(50'400'000), "50.4 MB");
    EXPECT_EQ(human_bytes(1'230'000'000), "1.23 GB");
    EXPECT_EQ(human_bytes(uint64_t(1) << 40), "1099.51 GB");  // no TB: tables are not that big
}

}  // namespace
}  // namespace embx
