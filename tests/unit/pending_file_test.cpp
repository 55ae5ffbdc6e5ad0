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
    EXPECT_EQ(s.error(), "no_such_folder_here/graph.graphml.partial: cannot create: No such file or directory");
}

#ifndef __EMSCRIPTEN__
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
