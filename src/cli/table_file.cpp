#include "cli/table_file.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string_view>
#include <vector>

#include "cli/commands.hpp"
#include "cli/progress.hpp"

namespace embx::cli {

namespace {

struct FileCloser {
    void operator()(std::FILE* f) const { std::fclose(f); }
};

}  // namespace

Expected<std::shared_ptr<EmbeddingTable>> load_table_file(const LoadRequest& req) {
    std::unique_ptr<std::FILE, FileCloser> f(std::fopen(req.path.c_str(), "rb"));
    if (!f) return Error{req.path + ": cannot open: " + std::strerror(errno)};
    std::fseek(f.get(), 0, SEEK_END);
    const long size = std::ftell(f.get());
    std::fseek(f.get(), 0, SEEK_SET);
    if (size < 0) return Error{req.path + ": cannot determine the file size"};

    std::vector<uint8_t> buf(4 << 20);
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

}  // namespace embx::cli
