#include "io/model_folder_disk.hpp"

#include <filesystem>
#include <map>
#include <vector>

#include "io/random_access_file.hpp"

namespace embx::io {

namespace fs = std::filesystem;

namespace {

Expected<std::vector<FolderFile>> list_folder(const std::string& dir) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) return Error{dir + ": not a directory"};
    std::vector<FolderFile> files;
    for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
         it.increment(ec)) {
        if (it.depth() > 1) it.disable_recursion_pending();
        // Directories too: sentence-transformers' 2_Normalize is an empty one.
        const bool is_dir = it->is_directory(ec);
        if (!is_dir && !it->is_regular_file(ec)) continue;
        files.push_back({fs::relative(it->path(), dir, ec).generic_string(), is_dir ? 0 : uint64_t(it->file_size(ec))});
    }
    if (ec) return Error{dir + ": " + ec.message()};
    return files;
}

}  // namespace

Expected<std::shared_ptr<TransformerModel>> open_model_folder(const std::string& path, bool int8, uint64_t memory_limit,
                                                              const ModelLoadProgress& progress, bool keep_text_files) {
    // One file (a packed .embxm, a .gguf) is read through the same loader from the folder it is in.
    std::error_code ec;
    if (!fs::exists(path, ec)) return Error{path + ": no such file or folder"};
    const bool packed = fs::is_regular_file(path, ec);
    const std::string dir = packed ? fs::path(path).parent_path().string() : path;
    Expected<std::vector<FolderFile>> files =
        packed ? Expected<std::vector<FolderFile>>(std::vector<FolderFile>{
                     {fs::path(path).filename().string(), uint64_t(fs::file_size(path, ec))}})
               : list_folder(path);
    if (!files) return Error{files.error()};
    TransformerFolderLoader loader(path, std::move(*files), int8);
    loader.set_memory_limit(memory_limit);
    loader.keep_text_files(keep_text_files);
    std::vector<uint8_t> buf;
    std::map<std::string, std::shared_ptr<RandomAccessFile>> open;
    while (auto r = loader.next()) {
        auto& file = open[r->file];
        if (!file) {
            auto opened = RandomAccessFile::open((dir.empty() ? std::string(".") : dir) + "/" + r->file);
            if (!opened) return Error{opened.error()};
            file = *opened;
        }
        // Grown, never shrunk: resizing after a small read would zero the next chunk first.
        if (buf.size() < r->length) buf.resize(size_t(r->length));
        auto got = file->read_at(r->offset, buf.data(), size_t(r->length));
        if (!got) return Error{got.error()};
        (void)loader.deliver(buf.data(), *got);  // a failure ends next() and is reported by take()
        if (progress) progress(loader.bytes_read(), loader.bytes_planned());
    }
    return loader.take();
}

}  // namespace embx::io
