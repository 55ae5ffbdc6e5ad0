// A model folder's token-embedding matrix as a table, reading only what it needs: the
// tokenizer (row names, embedded so the explorer can tokenize), the shard index, each shard's
// header, then just the bytes of the embedding tensor (a 3.5 GB checkpoint is not read whole).
// A folder whose weights are one GGUF file (LM Studio, Ollama exports) is read by the GGUF
// importer from the file's start up to the end of its embedding tensor, named by its own tokens.
// A state machine the caller drives with the bytes it asks for, so the CLI (pread) and the
// page (File.slice, or HTTP Range requests) share it:
//
//   FolderTableLoader l(files, opt);
//   while (auto r = l.next()) l.deliver(read(r->file, r->offset, r->length));
//   l.error() / l.table()
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/embedding_table.hpp"
#include "core/status.hpp"
#include "formats/byte_request.hpp"
#include "formats/importer.hpp"
#include "formats/model_folder.hpp"
#include "formats/safetensors.hpp"

namespace embx {

class FolderTableLoader {
public:
    // Bytes per request while the tensor's rows stream in.
    static constexpr uint64_t kChunkBytes = uint64_t(8) << 20;

    FolderTableLoader(std::string folder_name, std::vector<FolderFile> files, ImportOptions opt);

    // The next bytes wanted (the file as listed, the folder's prefix included); nullopt once
    // done or failed.
    std::optional<ByteRequest> next();
    // The bytes of the last request (fewer than asked only at the end of a file: an error).
    Status deliver(const uint8_t* data, size_t n);

    bool failed() const { return !error_.ok(); }
    const std::string& error() const { return error_.error(); }
    // The table (rows still arriving until done()); null until the tensor is chosen.
    std::shared_ptr<EmbeddingTable> table() const { return table_; }
    bool done() const { return stage_ == Stage::Done; }
    const std::vector<std::string>& notes() const { return notes_; }
    // Bytes read so far and the most this load will read (for a progress bar).
    uint64_t bytes_read() const { return read_; }
    uint64_t bytes_planned() const { return planned_; }

private:
    enum class Stage { Tokenizer, Vocab, Index, HeaderLength, Header, Rows, Gguf, Done };
    Status fail(const std::string& why);        // prefixed with the folder's name
    Status fail_plain(const std::string& why);  // already says where (the GGUF importer's)
    void advance();           // to the next stage that has something to read
    Status choose_tensor();   // after the last header

    std::string name_;
    ImportOptions opt_;
    Status error_;
    ModelFolderLayout layout_;
    Stage stage_ = Stage::Tokenizer;
    std::optional<ByteRequest> pending_;
    size_t shard_ = 0;
    uint64_t header_bytes_ = 0;
    struct Shard {
        SafetensorsHeader header;
        uint64_t data_start = 0;
    };
    std::vector<Shard> shards_;
    std::string tokenizer_json_;
    SafetensorsTable rows_;
    std::string tensor_file_;
    uint64_t next_offset_ = 0, end_offset_ = 0;
    std::shared_ptr<EmbeddingTable> table_;
    std::vector<std::string> notes_;
    uint64_t read_ = 0, planned_ = 0;
    std::unique_ptr<Importer> gguf_;  // Stage::Gguf
    uint64_t gguf_at_ = 0, gguf_size_ = 0;
};

}  // namespace embx
