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
        n = std::fread(buf.data(), 1, buf.size(), f.get());
    }
    progress.finish();
    if (std::ferror(f.get())) return Error{req.path + ": read error: " + std::strerror(errno)};
    if (Status s = (*importer)->finish(); !s.ok()) return Error{s.error()};
    for (const auto& note : (*importer)->notes()) report_note(note);
    auto table = (*importer)->table();
    if (!table || table->rows() == 0) return Error{req.path + ": no rows found"};
    if (req.options.limit > 0 && table->rows() > req.options.limit) {
        // Importers that do not stop early (.embx reads whole blocks): keep the first N rows.
        TableInfo info = table->info();
        info.expected_rows = req.options.limit;
        auto cut = std::make_shared<EmbeddingTable>(info);
        const size_t keep = size_t(req.options.limit);
        if (!cut->reserve_rows(keep)) return Error{req.path + ": out of memory keeping " + std::to_string(keep) + " rows"};
        std::vector<std::string_view> words(keep);
        std::vector<float> scales(keep), norms(keep);
        for (size_t r = 0; r < keep; ++r) {
            words[r] = table->word(r);
            scales[r] = table->scale(r);
            norms[r] = table->norm(r);
        }
        cut->append_rows(keep, words.data(), table->rows_begin(), scales.data(), norms.data());
        return cut;
    }
    return table;
}

}  // namespace embx::cli
