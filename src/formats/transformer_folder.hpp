// A Hugging Face model folder opened to run it (the Context tab, `embx hidden`/`embed`): its
// config.json, tokenizer (tokenizer.json, or BERT's vocab.txt with tokenizer_config.json),
// sentence-transformers pooling, shard index and weights. A state machine that does no I/O:
// the caller answers each ByteRequest (natively with pread, on the page with File.slice), so
// both read exactly the same bytes:
//
//   TransformerFolderLoader l(name, files, int8);
//   while (auto r = l.next()) l.deliver(read(r->file, r->offset, r->length));
//   auto model = l.take();  // or l.error()
//
// Text files are read whole (bounded), weights through formats/model_weights in row chunks.
// A single .embxm file (formats/embxm_layout.hpp, made by embx convert-model) is read as the
// folder it packs: its header and index first, then the same requests mapped into it.
// A GGUF file (alone, or the weights of a folder) gives the config, the tensors and the
// tokenizer from its header (formats/gguf_model); a tokenizer.json beside it is used instead.
// A model bigger than the memory limit is refused from config.json alone, with the numbers.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/status.hpp"
#include "core/tokenizer/tokenizer.hpp"
#include "core/transformer/pooling.hpp"
#include "core/transformer/transformer_config.hpp"
#include "core/transformer/weights.hpp"
#include "formats/byte_request.hpp"
#include "formats/gguf_header.hpp"
#include "formats/gguf_model.hpp"
#include "formats/model_folder.hpp"
#include "formats/model_weights.hpp"

namespace embx {

struct TransformerModel {
    std::string name;  // the folder's
    ModelFolderLayout layout;
    TransformerConfig config;
    TransformerWeights weights;
    std::optional<Tokenizer> tokenizer;  // none: only ids can be run
    bool int8 = false;
    // sentence-transformers (modules.json): its pooling and 2_Normalize; else mean, raw.
    Pooling pooling = Pooling::Mean;
    bool normalize = false;
    bool sentence_transformers() const { return !layout.modules.empty(); }
    std::vector<std::string> notes;  // things the user should know (a vocabulary mismatch, ...)
    // The folder's config and tokenizer files as read (path, bytes), when the loader was asked
    // to keep them (embx convert-model packs them with the weights).
    std::vector<std::pair<std::string, std::string>> text_files;

    std::string token_text(uint32_t id) const;  // the tokenizer's string, or ""
    uint64_t weight_bytes() const;               // as held in memory
};

// The sentence's ids with the tokenizer's special tokens; longer than max_position_embeddings
// is cut (the special tokens kept) and `note` says so. An error without a tokenizer.
Expected<std::vector<uint32_t>> model_text_ids(const TransformerModel& m, const std::string& text, std::string* note);

// Bytes the weights take as f32 or int8 (per-row scales included), from the config alone.
uint64_t transformer_weight_bytes(const TransformerConfig& c, bool int8);

class TransformerFolderLoader {
public:
    // `files` as listed (natively relative to the folder; on the page with the folder's name
    // in front: the common prefix is found and kept in the requests).
    TransformerFolderLoader(std::string name, std::vector<FolderFile> files, bool int8);
    TransformerFolderLoader(const TransformerFolderLoader&) = delete;
    TransformerFolderLoader& operator=(const TransformerFolderLoader&) = delete;

    // The most the weights may take (0: no limit). Call before the first deliver().
    void set_memory_limit(uint64_t bytes) { memory_limit_ = bytes; }
    // Keep the text files' bytes in the model (TransformerModel::text_files).
    void keep_text_files(bool keep) { keep_text_ = keep; }

    std::optional<ByteRequest> next() const;
    // The bytes of next()'s request, all of them.
    Status deliver(const uint8_t* data, size_t n);

    bool failed() const { return !error_.ok(); }
    const std::string& error() const { return error_.error(); }
    bool done() const { return stage_ == Stage::Done && error_.ok(); }
    // For a progress bar: bytes read so far, and the most this load reads (grows once the
    // weight headers are known).
    uint64_t bytes_read() const { return read_; }
    uint64_t bytes_planned() const { return planned_; }
    // Once done(): the model (then the loader is spent).
    Expected<std::shared_ptr<TransformerModel>> take();

private:
    enum class Stage { PackHeader, PackIndex, GgufHeader, Config, Index, Tokenizer, Vocab, TokenizerConfig, Modules, Pooling, Weights, Done };
    Status fail(const std::string& why);        // prefixed with the name
    Status fail_plain(const std::string& why);  // already says where
    void start(std::vector<FolderFile> files);  // the folder's (or the packed) files are known
    void start_gguf(FolderFile file);           // the GGUF's header next
    Status gguf_header_read();                  // its config, tensors and tokenizer known
    Status check_memory();                      // the config known
    void advance();
    Status parsed(Stage s, std::string text);

    std::string name_;
    Status error_;
    Stage stage_ = Stage::Config;
    FolderFile packed_;                             // the .embxm, when reading one
    uint32_t packed_index_bytes_ = 0;
    std::map<std::string, uint64_t> packed_offsets_;  // a packed file's path -> its offset
    FolderFile gguf_;                               // the GGUF file, when the weights are one
    std::unique_ptr<GgufHeaderReader> gguf_header_;
    std::unique_ptr<GgufModelPlan> gguf_plan_;
    std::string ahead_;        // bytes of the GGUF read with its header's last chunk, from ahead_at_
    uint64_t ahead_at_ = 0;
    uint64_t from_ahead_ = 0;  // bytes at the start of the pending weight read that come from ahead_
    std::optional<ByteRequest> pending_;
    std::unique_ptr<TransformerModel> model_;
    std::string vocab_txt_;
    std::unique_ptr<WeightsLoader> weights_;
    std::deque<ByteRequest> weight_reads_;
    uint64_t read_ = 0, planned_ = 0, memory_limit_ = 0;
    bool headers_known_ = false, keep_text_ = false;
};

}  // namespace embx
