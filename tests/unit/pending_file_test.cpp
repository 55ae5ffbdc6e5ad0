// io::PendingFile / write_file_safely: the file appears whole or not at all; a file already at
// the path stays whole when writing its replacement fails (a full disk used to report "saved"
// over a truncated export); every failure says which file and why.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <string>

#include "io/pending_file.hpp"
#include "io/whole_file.hpp"

#ifndef __EMSCRIPTEN__
#include <csignal>
#include <sys/resource.h>
#endif

namespace embx::io {
namespace {

std::string contents(const std::string& path) {
    auto r = read_whole_file(path);
    return r ? *r : "<" + r.error() + ">";
}

TEST(PendingFile, WritesAWholeFileAndReplacesAnOldOne) {
    const std::string path = "pending_file_test_replace.txt";
    ASSERT_TRUE(write_file_safely(path, "old contents").ok());
    EXPECT_EQ(contents(path), "old contents");
    const Status s = write_file_safely(path, "new");
    ASSERT_TRUE(s.ok()) << s.error();
    EXPECT_EQ(contents(path), "new");
    EXPECT_FALSE(std::filesystem::exists(path + ".partial"));
    std::remove(path.c_str());
}

TEST(PendingFile, NothingAppearsUntilCommit) {
    const std::string path = "pending_file_test_uncommitted.txt";
    std::remove(path.c_str());
    {
        PendingFile f(path);
        ASSERT_TRUE(f.opened().ok());
        ASSERT_TRUE(f.write("half", 4));
        EXPECT_FALSE(std::filesystem::exists(path));
    }  // dropped without commit: a refused model, an exception
    EXPECT_FALSE(std::filesystem::exists(path));
    EXPECT_FALSE(std::filesystem::exists(path + ".partial"));
}

TEST(PendingFile, AFolderThatDoesNotExistIsNamed) {
    const Status s = write_file_safely("no_such_folder_here/graph.graphml", "x");
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error(), "no_such_folder_here/graph.graphml: cannot create: No such file or directory");
}

#ifndef __EMSCRIPTEN__
// A link is followed: its target gets the new bytes and the link stays a link.
TEST(PendingFile, ALinkKeepsPointingAtTheReplacedFile) {
    const std::string target = "pending_file_test_target.txt", link = "pending_file_test_link.txt";
    std::remove(link.c_str());
    ASSERT_TRUE(write_file_safely(target, "old").ok());
    std::filesystem::create_symlink(target, link);
    const Status s = write_file_safely(link, "new");
    ASSERT_TRUE(s.ok()) << s.error();
    EXPECT_TRUE(std::filesystem::is_symlink(link));
    EXPECT_EQ(contents(target), "new");
    std::remove(link.c_str());
    std::remove(target.c_str());
}

// A device is written to, not renamed over: /dev/full stays /dev/full (an earlier version
// replaced it with a regular file when run as root) and its "disk full" is the error.
TEST(PendingFile, ADeviceIsWrittenInPlaceAndItsErrorsReported) {
    ASSERT_TRUE(std::filesystem::is_character_file("/dev/full"));
    const Status full = write_file_safely("/dev/full", std::string(100000, 'x'));
    ASSERT_FALSE(full.ok());
    EXPECT_EQ(full.error(), "/dev/full: cannot write: No space left on device");
    EXPECT_TRUE(std::filesystem::is_character_file("/dev/full"));
    EXPECT_FALSE(std::filesystem::exists("/dev/full.partial"));
    EXPECT_TRUE(write_file_safely("/dev/null", "gone").ok());
    EXPECT_TRUE(std::filesystem::is_character_file("/dev/null"));
}

// A disk that fills up mid-write, made with a file size limit (RLIMIT_FSIZE; SIGXFSZ ignored so
// the write fails with EFBIG instead of ending the process).
TEST(PendingFile, AFullDiskIsAnErrorAndTheOldFileStaysWhole) {
    const std::string path = "pending_file_test_full.txt";
    const std::string old(100000, 'o');
    ASSERT_TRUE(write_file_safely(path, old).ok());
    rlimit saved{};
    ASSERT_EQ(getrlimit(RLIMIT_FSIZE, &saved), 0);
    const auto previous_handler = std::signal(SIGXFSZ, SIG_IGN);
    rlimit small = saved;
    small.rlim_cur = 64 * 1024;
    ASSERT_EQ(setrlimit(RLIMIT_FSIZE, &small), 0);
    const Status s = write_file_safely(path, std::string(1 << 20, 'n'));
    setrlimit(RLIMIT_FSIZE, &saved);
    std::signal(SIGXFSZ, previous_handler);
    ASSERT_FALSE(s.ok());
    EXPECT_EQ(s.error(), path + ": cannot write: File too large");
    EXPECT_EQ(contents(path), old);
    EXPECT_FALSE(std::filesystem::exists(path + ".partial"));
    std::remove(path.c_str());
}
#endif

}  // namespace
}  // namespace embx::io
