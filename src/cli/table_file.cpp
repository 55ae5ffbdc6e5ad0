#include "cli/table_file.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <memory>
#include <string_view>
#include <vector>

#include "cli/commands.hpp"
#include "cli/progress.hpp"
#include "formats/folder_table.hpp"
#include "io/random_access_file.hpp"

namespace embx::cli {

namespace {

struct FileCloser {
    void operator()(std::FILE* f) const { std::fclose(f); }
};

// Every regular file under `dir`, relative to it (a model folder is small: a few dozen files).
Expected<std::vector<FolderFile>> list_folder(const std::string& dir) {
    std::vector<FolderFile> out;
    std::error_code ec;
    for (auto it = std::filesystem::recursive_directory_iterator(dir, ec); !ec && it != std::filesystem::end(it);
         it.increment(ec)) {
        if (it.depth() > 2) {
            it.disable_recursion_pending();
            continue;
        }
        if (!it->is_regular_file(ec)) continue;
        out.push_back({std::filesystem::relative(it->path(), dir, ec).generic_string(), uint64_t(it->file_size(ec))});
        if (out.size() > 10000) return Error{dir + ": more than 10,000 files: not a model folder"};
    }
    if (ec) return Error{dir + ": cannot list the folder: " + ec.message()};
    return out;
}

// One file, through the importer of its format (below).
Expected<std::shared_ptr<EmbeddingTable>> load_table_file_only(const LoadRequest& req);

// A Hugging Face model folder: only the tokenizer, the headers and the embedding tensor's bytes
// (FolderTableLoader; a folder whose weights are one GGUF file reads that file's start).
Expected<std::shared_ptr<EmbeddingTable>> load_table_folder(const LoadRequest& req) {
    auto files = list_folder(req.path);
    if (!files) return Error{files.error()};
    FolderTableLoader loader(req.path, std::move(*files), req.options);
    Progress progress("reading " + req.path, loader.bytes_planned());
    std::vector<uint8_t> buf;
    std::map<std::string, std::shared_ptr<io::RandomAccessFile>> open;
    while (auto r = loader.next()) {
        auto& f = open[r->file];
        if (!f) {
            auto opened = io::RandomAccessFile::open((std::filesystem::path(req.path) / r->file).string());
            if (!opened) return Error{opened.error()};
            f = *opened;
        }
        if (buf.size() < r->length) buf.resize(size_t(r->length));  // grown only: no zeroing per chunk
        auto n = f->read_at(r->offset, buf.data(), size_t(r->length));
        if (!n) return Error{n.error()};
        if (Status s = loader.deliver(buf.data(), *n); !s.ok()) break;
        if (req.progress && loader.bytes_planned())
            progress.update_text(double(loader.bytes_read()) / double(loader.bytes_planned()),
                                 std::to_string(loader.bytes_read() >> 20) + " of " +
                                     std::to_string(loader.bytes_planned() >> 20) + " MB");
    }
    progress.finish();
    if (loader.failed()) return Error{loader.error()};
    for (const auto& note : loader.notes()) report_note(note);
    auto table = loader.table();
    if (!table || table->rows() == 0) return Error{req.path + ": no rows found"};
    return table;
}

}  // namespace

Expected<std::shared_ptr<EmbeddingTable>> load_table_file(const LoadRequest& req) {
    std::error_code ec;
    if (std::filesystem::is_directory(req.path, ec)) return load_table_folder(req);
    return load_table_file_only(req);
}

namespace {

Expected<std::shared_ptr<EmbeddingTable>> load_table_file_only(const LoadRequest& req) {
    std::unique_ptr<std::FILE, FileCloser> f(std::fopen(req.path.c_str(), "rb"));
    if (!f) return Error{req.path + ": cannot open: " + std::strerror(errno)};
    std::fseek(f.get(), 0, SEEK_END);
    const long size = std::ftell(f.get());
    std::fseek(f.get(), 0, SEEK_SET);
    if (size < 0) return Error{req.path + ": cannot determine the file size"};

    // 1 MiB reads: as fast as bigger ones here, and the buffer is part of the peak memory the
    // benchmark holds to 1.3x the file (bench/memory_soak.mjs).
    std::vector<uint8_t> buf(1 << 20);
    size_t n = std::fread(buf.data(), 1, buf.size(), f.get());
    Format format = req.format;
    if (format == Format::Auto) {
        auto detected = detect_format(buf.data(), n, req.path);
        if (!detected) return Error{detected.error()};
        format = *detected;
    }
    auto importer = make_importer(format, req.path, req.options, uint64_t(size));
    if (!importer) return Error{importer.error()};

    Progress progress("reading " + req.path, uint64_t(size));
    uint64_t done = 0;
    while (n > 0) {
        if (Status s = (*importer)->feed(buf.data(), n); !s.ok()) {
            progress.finish();
            return Error{s.error()};
        }
        done += n;
        if (req.progress) progress.update(done);
        if (req.options.limit > 0 && (*importer)->complete()) break;  // --limit reached: skip the rest
        n = std::fread(buf.data(), 1, buf.size(), f.get());
    }
    progress.finish();
    if (std::ferror(f.get())) return Error{req.path + ": read error: " + std::strerror(errno)};
    if (Status s = (*importer)->finish(); !s.ok()) return Error{s.error()};
    for (const auto& note : (*importer)->notes()) report_note(note);
    auto table = (*importer)->table();
    if (!table || table->rows() == 0) return Error{req.path + ": no rows found"};
    return table;
}

}  // namespace

}  // namespace embx::cli
