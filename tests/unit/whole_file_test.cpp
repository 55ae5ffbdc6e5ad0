// io::read_file_chunks / read_whole_file: every byte arrives once and in order, the size limit
// holds, and a missing file or a sink's error comes back with the path in the message. The
// files live in the test's working directory (natively) or in memory (wasm under node).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <string>

#include "io/whole_file.hpp"

namespace embx::io {
namespace {

std::string write_temp(const std::string& name, const std::string& bytes) {
    const std::string path = "whole_file_test_" + name;
    std::FILE* f = std::fopen(path.c_str(), "wb");
    EXPECT_NE(f, nullptr);
    if (f) {
        EXPECT_EQ(std::fwrite(bytes.data(), 1, bytes.size(), f), bytes.size());
        std::fclose(f);
    }
    return path;
}

std::string pattern(size_t n) {
    std::string s(n, '\0');
    for (size_t i = 0; i < n; ++i) s[i] = char((i * 131 + 7) & 0xff);  // includes NULs
    return s;
}

TEST(WholeFile, ReadsEveryByteOfABinaryFile) {
    const std::string bytes = pattern(200'003);
    const std::string path = write_temp("binary", bytes);
    auto got = read_whole_file(path);
    ASSERT_TRUE(got.ok()) << got.error();
    EXPECT_EQ(*got, bytes);
    std::remove(path.c_str());
}

TEST(WholeFile, EmptyFileIsEmptyNotAnError) {
    const std::string path = write_temp("empty", "");
    auto got = read_whole_file(path);
    ASSERT_TRUE(got.ok()) << got.error();
    EXPECT_TRUE(got->empty());
    std::remove(path.c_str());
}

TEST(WholeFile, ChunksArriveInOrderAndNoLargerThanAsked) {
    const std::string bytes = pattern(10'007);
    const std::string path = write_temp("chunks", bytes);
    std::string joined;
    size_t pieces = 0, largest = 0;
    const Status s = read_file_chunks(
        path,
        [&](const uint8_t* d, size_t n) {
            joined.append(reinterpret_cast<const char*>(d), n);
            ++pieces;
            largest = std::max(largest, n);
            return Status::success();
        },
        1000);
    ASSERT_TRUE(s.ok()) << s.error();
    EXPECT_EQ(joined, bytes);
    EXPECT_LE(largest, 1000u);
    EXPECT_GE(pieces, 11u);
    std::remove(path.c_str());
}

TEST(WholeFile, TheSinksErrorStopsTheReadAndComesBack) {
    const std::string path = write_temp("sink", pattern(5000));
    size_t calls = 0;
    const Status s = read_file_chunks(
        path,
        [&](const uint8_t*, size_t) {
            ++calls;
            return Status(Error{"tokenizer.json: line 3: expected ':'"});
        },
        1000);
    EXPECT_FALSE(s.ok());
    EXPECT_EQ(s.error(), "tokenizer.json: line 3: expected ':'");
    EXPECT_EQ(calls, 1u);
    std::remove(path.c_str());
}

TEST(WholeFile, RefusesAFileOverTheLimitAndSaysWhich) {
    const std::string path = write_temp("big", pattern(3000));
    auto got = read_whole_file(path, 2999);
    ASSERT_FALSE(got.ok());
    EXPECT_EQ(got.error(), path + ": larger than 2999 bytes");
    auto exact = read_whole_file(path, 3000);  // the limit itself is allowed
    EXPECT_TRUE(exact.ok());
    auto mb = read_whole_file(path, size_t(1) << 10);
    ASSERT_FALSE(mb.ok());
    EXPECT_EQ(mb.error(), path + ": larger than 1024 bytes");
    std::remove(path.c_str());
}

TEST(WholeFile, AMissingFileNamesThePathAndTheReason) {
    auto got = read_whole_file("whole_file_test_no_such_file");
    ASSERT_FALSE(got.ok());
    EXPECT_EQ(got.error(), "whole_file_test_no_such_file: cannot open: No such file or directory");
}

}  // namespace
}  // namespace embx::io
