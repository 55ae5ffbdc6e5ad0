#include "cli/tokenizer_file.hpp"

#include "cli/commands.hpp"
#include "formats/tokenizer_json.hpp"
#include "formats/tokenizer_vocab.hpp"
#include "io/whole_file.hpp"

namespace embx::cli {

namespace {

// Streams the file through `reader` (anything with feed(data, n) -> Status).
template <typename Reader>
Status feed_file(const std::string& path, Reader& reader) {
    return io::read_file_chunks(path, [&reader](const uint8_t* data, size_t n) { return reader.feed(data, n); });
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
