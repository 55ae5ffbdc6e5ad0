#include "cli/transformer_model.hpp"

#include <filesystem>

#include "core/transformer/bert_encoder.hpp"
#include "core/transformer/decoder.hpp"
#include "formats/bert_vocab_tokenizer.hpp"
#include "formats/hf_config.hpp"
#include "formats/model_weights.hpp"
#include "formats/tokenizer_json.hpp"
#include "io/random_access_file.hpp"
#include "io/whole_file.hpp"

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

// Fulfils the loader's reads from the folder's files until it asks for nothing more.
Status read_weights(const std::string& dir, WeightsLoader& loader) {
    std::vector<uint8_t> buf;
    for (auto reqs = loader.requests(); !reqs.empty(); reqs = loader.requests())
        for (const ByteRequest& r : reqs) {
            auto file = io::RandomAccessFile::open(dir + "/" + r.file);
            if (!file) return Error{file.error()};
            buf.resize(size_t(r.length));
            auto got = (*file)->read_at(r.offset, buf.data(), buf.size());
            if (!got) return Error{got.error()};
            if (Status s = loader.deliver(r, buf.data(), *got); !s.ok()) return s;
        }
    return Status::success();
}

Expected<Tokenizer> load_folder_tokenizer(const std::string& dir, const ModelFolderLayout& l) {
    if (!l.tokenizer.empty()) {
        auto bytes = io::read_whole_file(dir + "/" + l.tokenizer);
        if (!bytes) return Error{bytes.error()};
        return read_tokenizer(l.tokenizer, reinterpret_cast<const uint8_t*>(bytes->data()), bytes->size());
    }
    if (!l.vocab_txt.empty()) {
        auto vocab = io::read_whole_file(dir + "/" + l.vocab_txt);
        if (!vocab) return Error{vocab.error()};
        std::string cfg;
        if (!l.tokenizer_config.empty()) {
            auto c = io::read_whole_file(dir + "/" + l.tokenizer_config);
            if (!c) return Error{c.error()};
            cfg = std::move(*c);
        }
        auto spec = bert_vocab_tokenizer(*vocab, cfg);
        if (!spec) return Error{dir + "/vocab.txt: " + spec.error()};
        return Tokenizer::create(std::move(*spec));
    }
    return Error{dir + ": no tokenizer.json or vocab.txt to split text with (give token ids with --ids)"};
}

}  // namespace

Expected<HiddenStates> TransformerModel::run(const std::vector<uint32_t>& ids) const {
    return config.decoder() ? run_decoder(config, weights, ids) : run_bert(config, weights, ids);
}

std::string TransformerModel::token_text(uint32_t id) const {
    return tokenizer && id < tokenizer->vocab_size() ? tokenizer->token(id) : std::string();
}

Expected<TransformerModel> load_transformer_model(const std::string& dir, bool int8, bool with_tokenizer) {
    auto files = list_folder(dir);
    if (!files) return Error{files.error()};
    auto layout = classify_model_folder(std::move(*files));
    if (!layout) return Error{dir + ": " + layout.error()};
    TransformerModel m;
    m.dir = dir;
    m.layout = std::move(*layout);
    const std::string root = dir + "/" + m.layout.prefix;
    if (m.layout.config.empty()) return Error{dir + ": no config.json"};
    if (m.layout.gguf) return Error{dir + ": GGUF weights are not run yet (safetensors only)"};
    auto cfg_text = io::read_whole_file(root + m.layout.config);
    if (!cfg_text) return Error{cfg_text.error()};
    auto cfg = parse_hf_config(*cfg_text, dir + "/config.json");
    if (!cfg) return Error{cfg.error()};
    m.config = *cfg;
    if (!m.layout.weights_index.empty()) {
        auto idx = io::read_whole_file(root + m.layout.weights_index);
        if (!idx) return Error{idx.error()};
        if (Status s = read_safetensors_index(m.layout, *idx); !s.ok()) return Error{dir + "/" + s.error()};
    }
    WeightsLoader loader(m.config, m.layout.weights, int8);
    if (Status s = read_weights(root, loader); !s.ok()) return Error{dir + ": " + s.error()};
    auto w = loader.finish();
    if (!w) return Error{dir + ": " + w.error()};
    m.weights = std::move(*w);
    if (with_tokenizer) {
        auto tok = load_folder_tokenizer(root, m.layout);
        if (!tok) return Error{tok.error()};
        m.tokenizer = std::move(*tok);
    } else if (auto tok = load_folder_tokenizer(root, m.layout)) {
        m.tokenizer = std::move(*tok);  // only to show token strings; none is fine
    }
    return m;
}

}  // namespace embx::cli
