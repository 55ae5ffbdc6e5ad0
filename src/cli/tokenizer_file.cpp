#include "cli/tokenizer_file.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "cli/commands.hpp"
#include "formats/tokenizer_json.hpp"
#include "formats/tokenizer_vocab.hpp"

namespace embx::cli {

namespace {

// Streams the file through `reader` (anything with feed(data, n) -> Status) in 1 MB pieces.
template <typename Reader>
Status feed_file(const std::string& path, Reader& reader) {
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) return Error{path + ": cannot open: " + std::strerror(errno)};
    std::vector<uint8_t> buf(1 << 20);
    Status s;
    size_t n;
    while (s.ok() && (n = std::fread(buf.data(), 1, buf.size(), f)) > 0) s = reader.feed(buf.data(), n);
    const bool read_error = std::ferror(f) != 0;
    std::fclose(f);
    if (!s.ok()) return s;
    if (read_error) return Error{path + ": read error"};
    return Status::success();
}

}  // namespace

Expected<std::shared_ptr<const std::vector<std::string>>> load_tokenizer_vocab(const std::string& path) {
    TokenizerVocabReader reader(path);
    if (Status s = feed_file(path, reader); !s.ok()) return Error{s.error()};
    auto vocab = reader.finish();
    if (!vocab) return Error{vocab.error()};
    for (const auto& note : reader.notes()) report_note(note);
    return std::make_shared<const std::vector<std::string>>(std::move(*vocab));
}

Expected<BpeTokenizer> load_bpe_tokenizer(const std::string& path, bool verbose) {
    TokenizerJsonReader reader(path);
    if (Status s = feed_file(path, reader); !s.ok()) return Error{s.error()};
    auto tok = reader.finish();
    if (tok && verbose)
        for (const auto& note : reader.notes()) report_note(note);
    return tok;
}

}  // namespace embx::cli
