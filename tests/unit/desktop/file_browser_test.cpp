// FileBrowser, the model behind the desktop "Open a table file" dialog, on folders made here.
#include <gtest/gtest.h>

#include <filesystem>

#include "platform/desktop/file_browser.hpp"
#include "temp_dir.hpp"
#include "without_root_reads.hpp"

namespace embx::desktop {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> names(const FileBrowser& b) {
    std::vector<std::string> out;
    for (const auto& e : b.entries()) out.push_back((e.dir ? "dir:" : "") + e.name);
    return out;
}

// zeta/ Alpha/ b.embx A.NPY notes.md .hidden .cache/
void make_tree(const test::TempDir& t) {
    t.mkdir("zeta");
    t.mkdir("Alpha");
    t.mkdir(".cache");
    t.write("b.embx", "12345");
    t.write("A.NPY", "x");
    t.write("notes.md", "hello");
    t.write(".hidden", "");
}

TEST(FileBrowser, ListsFoldersFirstThenFilesByNameWithoutHiddenOnes) {
    test::TempDir t;
    make_tree(t);
    FileBrowser b;
    ASSERT_TRUE(b.go_to(t.path().string())) << b.error();
    EXPECT_EQ(b.dir(), t.path().string());
    EXPECT_EQ(names(b), (std::vector<std::string>{"dir:Alpha", "dir:zeta", "A.NPY", "b.embx", "notes.md"}));
    EXPECT_EQ(b.entries()[3].bytes, std::optional<uint64_t>(5));
    EXPECT_FALSE(b.entries()[0].bytes.has_value());  // folders have no size
    EXPECT_EQ(b.filtered_out(), 0u);
    EXPECT_TRUE(b.error().empty());
}

TEST(FileBrowser, FiltersFilesByExtensionCaseInsensitively) {
    test::TempDir t;
    make_tree(t);
    FileBrowser b;
    b.set_extensions(FileBrowser::table_extensions());
    ASSERT_TRUE(b.go_to(t.path().string()));
    EXPECT_EQ(names(b), (std::vector<std::string>{"dir:Alpha", "dir:zeta", "A.NPY", "b.embx"}));
    EXPECT_EQ(b.filtered_out(), 1u);  // notes.md
    EXPECT_TRUE(b.accepts("model.SafeTensors"));
    EXPECT_FALSE(b.accepts(".embx"));  // a name that is only the extension
    EXPECT_FALSE(b.accepts("embx"));
    b.set_extensions({});
    ASSERT_TRUE(b.refresh());
    EXPECT_EQ(b.entries().size(), 5u);
}

TEST(FileBrowser, GoesIntoFoldersAndUp) {
    test::TempDir t;
    make_tree(t);
    t.write("zeta/inner.embx", "abc");
    FileBrowser b;
    ASSERT_TRUE(b.go_to(t.path().string() + "/"));  // a trailing separator is dropped
    EXPECT_EQ(b.dir(), t.path().string());
    EXPECT_EQ(b.activate("zeta"), std::nullopt);  // a folder: entered
    EXPECT_EQ(b.dir(), t / "zeta");
    EXPECT_EQ(names(b), std::vector<std::string>{"inner.embx"});
    EXPECT_EQ(b.activate("inner.embx"), std::optional<std::string>(t / "zeta/inner.embx"));  // a file: chosen
    EXPECT_EQ(b.dir(), t / "zeta");
    ASSERT_TRUE(b.up());
    EXPECT_EQ(b.dir(), t.path().string());
    ASSERT_TRUE(b.go_to(t / "zeta/../Alpha/."));  // normalised
    EXPECT_EQ(b.dir(), t / "Alpha");
    ASSERT_TRUE(b.go_to("/"));
    ASSERT_TRUE(b.up());  // the root's parent is the root
    EXPECT_EQ(b.dir(), "/");
}

TEST(FileBrowser, TypedPathsAreRelativeToTheFolderShown) {
    test::TempDir t;
    make_tree(t);
    FileBrowser b;
    ASSERT_TRUE(b.go_to(t.path().string()));
    EXPECT_EQ(b.activate_typed("zeta"), std::nullopt);
    EXPECT_EQ(b.dir(), t / "zeta");
    EXPECT_EQ(b.activate_typed("../b.embx"), std::optional<std::string>(t / "b.embx"));
    EXPECT_EQ(b.activate_typed(t / "notes.md"), std::optional<std::string>(t / "notes.md"));
    // A name that does not exist is still returned: opening it reports the error.
    EXPECT_EQ(b.activate_typed("missing.embx"), std::optional<std::string>(t / "zeta/missing.embx"));
}

TEST(FileBrowser, AFolderThatCannotBeListedKeepsThePreviousListing) {
    test::TempDir t;
    make_tree(t);
    FileBrowser b;
    ASSERT_TRUE(b.go_to(t.path().string()));
    const auto before = names(b);

    EXPECT_FALSE(b.go_to(t / "no-such-folder"));
    EXPECT_NE(b.error().find("cannot list " + (t / "no-such-folder")), std::string::npos) << b.error();
    EXPECT_NE(b.error().find("No such file or directory"), std::string::npos) << b.error();
    EXPECT_EQ(b.dir(), t.path().string());
    EXPECT_EQ(names(b), before);

    EXPECT_FALSE(b.go_to(t / "b.embx"));  // a file is not a folder
    EXPECT_NE(b.error().find("Not a directory"), std::string::npos) << b.error();
    EXPECT_EQ(names(b), before);

    ASSERT_TRUE(b.go_to(t.path().string()));  // the next good listing clears the error
    EXPECT_TRUE(b.error().empty());
}

TEST(FileBrowser, AnUnreadableFolderIsAnErrorNotAnEmptyListing) {
    test::TempDir t;
    const std::string locked = t.mkdir("locked");
    t.write("locked/table.embx", "x");
    fs::permissions(locked, fs::perms::none);
    {
        const test::WithoutRootReads as_a_user;  // as root too (CI)
        ASSERT_EQ(as_a_user.error(), "");
        FileBrowser b;
        EXPECT_FALSE(b.go_to(locked));
        EXPECT_NE(b.error().find("cannot list " + locked + ": Permission denied"), std::string::npos) << b.error();
        EXPECT_TRUE(b.entries().empty());
    }
    fs::permissions(locked, fs::perms::owner_all);
}

TEST(FileBrowser, LinksAreFollowedAndDanglingOnesHaveNoSize) {
    test::TempDir t;
    t.mkdir("real");
    t.write("data.embx", "1234");
    fs::create_directory_symlink(t / "real", t / "linked-folder");
    fs::create_symlink(t / "data.embx", t / "linked.embx");
    fs::create_symlink(t / "gone.embx", t / "dangling.embx");
    FileBrowser b;
    ASSERT_TRUE(b.go_to(t.path().string()));
    EXPECT_EQ(names(b), (std::vector<std::string>{"dir:linked-folder", "dir:real", "dangling.embx", "data.embx",
                                                  "linked.embx"}));
    EXPECT_FALSE(b.entries()[2].bytes.has_value());
    EXPECT_EQ(b.entries()[4].bytes, std::optional<uint64_t>(4));
}

}  // namespace
}  // namespace embx::desktop
