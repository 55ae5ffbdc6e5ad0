// What the desktop "Open a table file" dialog shows, without any drawing: the current folder's
// entries (folders first, then files, each by name; hidden entries left out), an optional
// filter on file extensions, moving up and into folders, and an error when a folder cannot be
// listed (the previous listing stays). FileDialog draws it with ImGui; tests drive it directly.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace embx::desktop {

struct DirEntry {
    std::string name;
    bool dir = false;
    std::optional<uint64_t> bytes;  // files only; empty when the size cannot be read
};

class FileBrowser {
public:
    // The extensions of every table format `embx` reads (".embx", ".npy", ".gguf", ...).
    static std::vector<std::string> table_extensions();

    // Lists `dir` (made absolute and normal). False, with error() set, when it cannot be
    // listed; the previous folder and entries stay.
    bool go_to(const std::string& dir);
    bool up();
    bool refresh() { return go_to(dir_); }
    // Opens the entry called `name`: a folder is entered (nullopt), a file is returned as a
    // full path.
    std::optional<std::string> activate(const std::string& name);
    // A typed path: a folder is entered, anything else is returned as chosen.
    std::optional<std::string> activate_typed(const std::string& path);

    // Files must end with one of these (case-insensitive, e.g. ".embx"); empty shows every
    // file. Folders are always shown. Takes effect at the next listing.
    void set_extensions(std::vector<std::string> extensions);
    bool accepts(const std::string& file_name) const;

    const std::string& dir() const { return dir_; }
    const std::vector<DirEntry>& entries() const { return entries_; }
    size_t filtered_out() const { return filtered_out_; }  // files hidden by the extension filter
    const std::string& error() const { return error_; }

private:
    std::string dir_, error_;
    std::vector<DirEntry> entries_;
    std::vector<std::string> extensions_;  // lower case
    size_t filtered_out_ = 0;
};

}  // namespace embx::desktop
