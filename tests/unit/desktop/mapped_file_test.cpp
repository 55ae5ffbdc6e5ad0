// MappedFile and FileFeeder: a table file reaches the TableSession whole, mapped or read, and
// every way a file cannot be loaded ends in a clear error on the session.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <string>

#include "fixtures.hpp"
#include "platform/desktop/file_feeder.hpp"
#include "platform/desktop/mapped_file.hpp"
#include "temp_dir.hpp"
#include "without_root_reads.hpp"

namespace embx::desktop {
namespace {

std::string embx_file(size_t rows, uint32_t dims, uint64_t seed) {
    const auto bytes = test::to_embx_bytes(*test::to_table(test::make_float_table(rows, dims, seed), DType::I8));
    return std::string(bytes.begin(), bytes.end());
}

// Everything next() hands out, in slices of `slice` bytes.
std::string read_all(MappedFile& f, size_t slice) {
    std::string out;
    for (;;) {
        auto s = f.next(slice);
        EXPECT_TRUE(s.ok()) << s.error();
        if (!s || s->size == 0) return out;
        EXPECT_LE(s->size, slice);
        out.append(reinterpret_cast<const char*>(s->data), s->size);
    }
}

TEST(MappedFile, HandsOutTheWholeFileMappedOrRead) {
    test::TempDir t;
    const std::string bytes = embx_file(300, 24, 1);
    const std::string path = t.write("t.embx", bytes);
    for (bool map : {true, false}) {
        auto f = MappedFile::open(path, map);
        ASSERT_TRUE(f.ok()) << f.error();
        EXPECT_EQ((*f)->mapped(), map);
        EXPECT_EQ((*f)->fallback_reason().empty(), map);
        EXPECT_EQ((*f)->size(), bytes.size());
        EXPECT_EQ(read_all(**f, 1000), bytes);
        EXPECT_EQ((*f)->offset(), bytes.size());
        auto end = (*f)->next(1000);  // stays at the end
        ASSERT_TRUE(end.ok());
        EXPECT_EQ(end->size, 0u);
    }
}

TEST(MappedFile, ReadsPipesToTheEnd) {
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    const std::string bytes = "not a regular file";
    ASSERT_EQ(::write(fds[1], bytes.data(), bytes.size()), ssize_t(bytes.size()));
    ::close(fds[1]);
    auto f = MappedFile::open("/dev/fd/" + std::to_string(fds[0]));
    ::close(fds[0]);
    ASSERT_TRUE(f.ok()) << f.error();
    EXPECT_FALSE((*f)->mapped());
    EXPECT_EQ((*f)->size(), 0u);  // unknown
    EXPECT_EQ((*f)->fallback_reason(), "not a regular file");
    EXPECT_EQ(read_all(**f, 7), bytes);
}

TEST(MappedFile, SaysWhyAFileCannotBeOpened) {
    test::TempDir t;
    auto missing = MappedFile::open(t / "missing.embx");
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error(), "cannot open: No such file or directory");

    auto dir = MappedFile::open(t.mkdir("folder.embx"));
    ASSERT_FALSE(dir.ok());
    EXPECT_EQ(dir.error(), "is a directory");

    auto empty = MappedFile::open(t.write("empty.embx", ""));
    ASSERT_FALSE(empty.ok());
    EXPECT_EQ(empty.error(), "empty file");

    const std::string locked = t.write("locked.embx", "x");
    ::chmod(locked.c_str(), 0);
    const test::WithoutRootReads as_a_user;  // as root too (CI)
    ASSERT_EQ(as_a_user.error(), "");
    auto denied = MappedFile::open(locked);
    ASSERT_FALSE(denied.ok());
    EXPECT_EQ(denied.error(), "cannot open: Permission denied");
}

// A drive pulled out, or the file truncated by another program while it loads: touching the
// vanished pages of a mapping raises SIGBUS, which used to end the app.
TEST(MappedFile, AFileThatShrinksWhileMappedIsAnErrorNotACrash) {
    test::TempDir t;
    const std::string bytes(size_t(3) << 20, 'x');
    const std::string path = t.write("shrinks.embx", bytes);
    auto f = MappedFile::open(path, true);
    ASSERT_TRUE(f.ok()) << f.error();
    ASSERT_TRUE((*f)->mapped());
    auto first = (*f)->next(size_t(1) << 20);
    ASSERT_TRUE(first.ok()) << first.error();
    ASSERT_EQ(first->size, size_t(1) << 20);
    ASSERT_EQ(::truncate(path.c_str(), 4096), 0);
    auto second = (*f)->next(size_t(1) << 20);
    ASSERT_FALSE(second.ok());
    EXPECT_EQ(second.error(),
              "the file changed while being read: byte 1048576 of 3145728 can no longer be read (it is now "
              "4096 bytes; was the drive removed or the file overwritten?)");
}

// Pumps until the feeder is done (each pump is one "frame").
void pump_to_end(FileFeeder& feeder, double budget_ms) {
    for (int frames = 0; feeder.busy() && frames < 100000; ++frames) feeder.pump(budget_ms);
    ASSERT_FALSE(feeder.busy());
}

TEST(FileFeeder, LoadsATableMappedOrRead) {
    test::TempDir t;
    const std::string bytes = embx_file(5000, 32, 2);
    const std::string path = t.write("t.embx", bytes);
    for (bool map : {true, false}) {
        app::TableSession session;
        FileFeeder feeder(session, map);
        feeder.open(path);
        ASSERT_TRUE(feeder.busy());
        pump_to_end(feeder, 10.0);
        ASSERT_TRUE(session.last_error().empty()) << session.last_error();
        ASSERT_TRUE(session.active());
        EXPECT_EQ(session.active()->rows(), 5000u);
        EXPECT_EQ(session.active()->dims(), 32u);
        EXPECT_TRUE(feeder.last().ok);
        EXPECT_EQ(feeder.last().mapped, map);
        EXPECT_EQ(feeder.last().bytes, bytes.size());
        EXPECT_GE(feeder.last().pumps, 1);
    }
}

TEST(FileFeeder, ATinyBudgetStillMovesOneSliceAFrame) {
    test::TempDir t;
    const std::string bytes = embx_file(20000, 100, 3);  // ~2.6 MB: at least three 1 MB slices
    const std::string path = t.write("t.embx", bytes);
    app::TableSession session;
    FileFeeder feeder(session);
    feeder.open(path);
    pump_to_end(feeder, 1e-6);
    ASSERT_TRUE(session.last_error().empty()) << session.last_error();
    EXPECT_EQ(session.active()->rows(), 20000u);
    EXPECT_GE(feeder.last().pumps, 3);
}

TEST(FileFeeder, ErrorsReachTheSessionWithTheFileName) {
    test::TempDir t;
    app::TableSession session;
    FileFeeder feeder(session);
    feeder.open(t / "missing.embx");
    EXPECT_FALSE(feeder.busy());
    EXPECT_FALSE(feeder.last().ok);
    EXPECT_EQ(session.last_error(), (t / "missing.embx") + ": cannot open: No such file or directory");

    feeder.open(t.mkdir("folder"));
    EXPECT_EQ(session.last_error(), (t / "folder") + ": is a directory");

    feeder.open(t.write("empty.embx", ""));
    EXPECT_EQ(session.last_error(), (t / "empty.embx") + ": empty file");

    // A corrupt table fails in the importer, after the feeder opened it fine.
    std::string bad = embx_file(3000, 16, 4);
    bad[bad.size() / 2] ^= 0x5a;
    feeder.open(t.write("bad.embx", bad));
    ASSERT_TRUE(feeder.busy());
    pump_to_end(feeder, 10.0);
    EXPECT_FALSE(feeder.last().ok);
    EXPECT_NE(session.last_error().find("bad.embx"), std::string::npos) << session.last_error();
}

TEST(FileFeeder, AFailedLoadKeepsTheTableThatWasThere) {
    test::TempDir t;
    app::TableSession session;
    FileFeeder feeder(session);
    feeder.open(t.write("good.embx", embx_file(400, 16, 5)));
    pump_to_end(feeder, 10.0);
    ASSERT_TRUE(session.active());
    feeder.open(t / "missing.embx");
    EXPECT_FALSE(session.last_error().empty());
    ASSERT_TRUE(session.active());
    EXPECT_EQ(session.active()->rows(), 400u);
}

}  // namespace
}  // namespace embx::desktop
