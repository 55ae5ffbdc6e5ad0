#include "platform/desktop/file_browser.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <system_error>

namespace embx::desktop {

namespace fs = std::filesystem;

namespace {

std::string lower(std::string s) {
    for (char& c : s) c = char(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// Absolute, without "." / ".." parts or a trailing separator ("/a/b/" -> "/a/b").
fs::path clean(const std::string& dir) {
    std::error_code ec;
    fs::path p = fs::absolute(dir.empty() ? "." : dir, ec).lexically_normal();
    if (p.has_relative_path() && p.filename().empty()) p = p.parent_path();
    return p;
}

}  // namespace

std::vector<std::string> FileBrowser::table_extensions() {
    return {".embx", ".json", ".txt", ".vec", ".bin", ".tsv", ".npy", ".safetensors", ".gguf"};
}

void FileBrowser::set_extensions(std::vector<std::string> extensions) {
    for (auto& e : extensions) e = lower(e);
    extensions_ = std::move(extensions);
}

bool FileBrowser::accepts(const std::string& file_name) const {
    if (extensions_.empty()) return true;
    const std::string name = lower(file_name);
    return std::any_of(extensions_.begin(), extensions_.end(), [&](const std::string& e) {
        return name.size() > e.size() && name.compare(name.size() - e.size(), e.size(), e) == 0;
    });
}

bool FileBrowser::go_to(const std::string& dir) {
    const fs::path p = clean(dir);
    std::error_code ec;
    // No skip_permission_denied: for a folder we may not read, it would list nothing silently.
    fs::directory_iterator it(p, ec);
    if (ec) {
        error_ = "cannot list " + p.string() + ": " + ec.message();
        return false;
    }
    std::vector<DirEntry> entries;
    size_t filtered = 0;
    for (const fs::directory_iterator end; it != end; it.increment(ec)) {
        DirEntry e;
        e.name = it->path().filename().string();
        if (e.name.empty() || e.name[0] == '.') continue;  // hidden
        std::error_code ec2;
        e.dir = it->is_directory(ec2);  // follows links: a link to a folder is a folder
        if (!e.dir) {
            if (!accepts(e.name)) {
                ++filtered;
                continue;
            }
            const uintmax_t bytes = it->file_size(ec2);
            if (!ec2) e.bytes = uint64_t(bytes);  // a dangling link has no size
        }
        entries.push_back(std::move(e));
    }
    if (ec) {  // the listing broke off half-way (the folder vanished, an I/O error)
        error_ = "cannot list " + p.string() + ": " + ec.message();
        return false;
    }
    std::sort(entries.begin(), entries.end(), [](const DirEntry& a, const DirEntry& b) {
        if (a.dir != b.dir) return a.dir;
        const std::string la = lower(a.name), lb = lower(b.name);  // "Zeta" after "alpha"
        return la != lb ? la < lb : a.name < b.name;
    });
    dir_ = p.string();
    entries_ = std::move(entries);
    filtered_out_ = filtered;
    error_.clear();
    return true;
}

bool FileBrowser::up() { return go_to(clean(dir_).parent_path().string()); }

std::optional<std::string> FileBrowser::activate(const std::string& name) {
    const fs::path p = fs::path(dir_) / name;
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
        go_to(p.string());
        return std::nullopt;
    }
    return p.string();
}

std::optional<std::string> FileBrowser::activate_typed(const std::string& path) {
    const fs::path p = fs::path(dir_) / path;  // relative to the folder shown; absolute stays
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
        go_to(p.string());
        return std::nullopt;
    }
    return p.lexically_normal().string();
}

}  // namespace embx::desktop
