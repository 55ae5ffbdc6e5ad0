#include "cli/transformer_model.hpp"

#include <filesystem>
#include <vector>

#include "cli/commands.hpp"
#include "io/random_access_file.hpp"

namespace embx::cli {

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

Expected<std::shared_ptr<TransformerModel>> load_transformer_model(const std::string& dir, bool int8, bool need_tokenizer) {
    auto files = list_folder(dir);
    if (!files) return Error{files.error()};
    TransformerFolderLoader loader(dir, std::move(*files), int8);
    std::vector<uint8_t> buf;
    while (auto r = loader.next()) {
        auto file = io::RandomAccessFile::open(dir + "/" + r->file);
        if (!file) return Error{file.error()};
        buf.resize(size_t(r->length));
        auto got = (*file)->read_at(r->offset, buf.data(), buf.size());
        if (!got) return Error{got.error()};
        (void)loader.deliver(buf.data(), *got);  // a failure ends next() and is reported below
    }
    auto model = loader.take();
    if (!model) return Error{model.error()};
    for (const std::string& note : (*model)->notes) {
        if (need_tokenizer && !(*model)->tokenizer) return Error{dir + ": " + note};
        report_note(note);
    }
    if (need_tokenizer && !(*model)->tokenizer)
        return Error{dir + ": no tokenizer.json or vocab.txt to split text with (give token ids with --ids)"};
    return model;
}

}  // namespace embx::cli
