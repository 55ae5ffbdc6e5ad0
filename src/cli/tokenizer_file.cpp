#include "cli/tokenizer_file.hpp"

#include <algorithm>

#include "cli/commands.hpp"
#include "formats/embx_layout.hpp"
#include "formats/gguf.hpp"
#include "formats/gguf_header.hpp"
#include "formats/gguf_model.hpp"
#include "formats/gguf_tokenizer.hpp"
#include "formats/table_tokenizer.hpp"
#include "formats/tokenizer_json.hpp"
#include "formats/tokenizer_vocab.hpp"
#include "io/random_access_file.hpp"
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

// A GGUF file's tokenizer.ggml.*: its header is read, not its tensors.
static Expected<Tokenizer> load_gguf_tokenizer(const std::string& path) {
    auto file = io::RandomAccessFile::open(path);
    if (!file) return Error{file.error()};
    GgufHeaderReader header(path, (*file)->size(), gguf_model_header_options());
    std::vector<uint8_t> chunk(size_t(1) << 20);
    for (uint64_t at = 0; !header.done();) {
        auto got = (*file)->read_at(at, chunk.data(), chunk.size());
        if (!got) return Error{got.error()};
        if (*got == 0) return Error{path + ": byte " + std::to_string(at) + ": file is truncated: it ends inside " + header.where()};
        auto used = header.feed(chunk.data(), *got);
        if (!used) return Error{used.error()};
        at += *got;
    }
    auto spec = gguf_tokenizer_spec(header);
    if (!spec) return Error{path + ": " + spec.error()};
    auto tok = Tokenizer::create(std::move(*spec));
    if (!tok) return Error{path + ": " + tok.error()};
    return tok;
}

Expected<Tokenizer> load_tokenizer(const std::string& path, bool verbose) {
    if (is_gguf_name(path)) return load_gguf_tokenizer(path);
    TokenizerJsonReader reader(path);
    if (Status s = feed_file(path, reader); !s.ok()) return Error{s.error()};
    auto tok = reader.finish();
    if (tok && verbose)
        for (const auto& note : reader.notes()) report_note(note);
    return tok;
}

void embed_tokenizer_json(EmbeddingTable& t, const std::string& path) {
    auto bytes = io::read_whole_file(path, embx_format::kMaxMetaBytes - (size_t(1) << 16));
    if (!bytes) {
        report_note("tokenizer not embedded: " + bytes.error());
        return;
    }
    auto tok = read_tokenizer(path, reinterpret_cast<const uint8_t*>(bytes->data()), bytes->size());
    if (!tok) {
        report_note("tokenizer not embedded (the rows are still named by it): " + tok.error());
        return;
    }
    auto meta = t.info().metadata;
    meta.erase(std::remove_if(meta.begin(), meta.end(), [](const auto& e) { return e.first == kTokenizerMetadataKey; }),
               meta.end());
    meta.emplace_back(std::string(kTokenizerMetadataKey), std::move(*bytes));
    t.set_metadata(std::move(meta));
    report_note("embedded " + path + " (" + std::to_string(tok->vocab_size()) +
                " tokens): the explorer tokenizes sentences for this table with it");
}

}  // namespace embx::cli
