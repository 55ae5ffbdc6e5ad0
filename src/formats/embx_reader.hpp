// Chunk-fed .embx reader. Feed it bytes as they arrive (a fetch() stream, a file read in
// pieces, an mmap in one go); rows become searchable block by block, most frequent first.
// Nothing the file claims is trusted: every size is checked against limits, and against the
// total length when the caller knows it, before anything is allocated.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/embedding_table.hpp"
#include "core/status.hpp"
#include "formats/importer.hpp"

namespace embx {

class EmbxStreamReader final : public Importer {
public:
    // `source_name` appears in error messages; `total_bytes` = 0 when unknown. `limit` > 0
    // keeps only the first `limit` rows (frequency order): the reader stops after the block
    // that holds the last of them and ignores the rest of the file unread. `memory_limit` as in
    // ImportOptions.
    explicit EmbxStreamReader(std::string source_name, uint64_t total_bytes = 0, uint64_t limit = 0,
                              uint64_t memory_limit = 0);

    // Consumes bytes. After the first error every call returns that error.
    Status feed(const uint8_t* data, size_t n) override;
    // Declares the end of the stream: an error if the file was cut short.
    Status finish() override;

    // The table being filled; null until the file header has been read.
    std::shared_ptr<EmbeddingTable> table() const override { return table_; }
    bool complete() const override { return done(); }
    uint64_t bytes_consumed() const { return consumed_; }
    uint64_t rows_expected() const { return rows_; }
    uint32_t blocks_done() const { return next_block_; }
    uint32_t block_count() const { return block_count_; }
    bool done() const { return state_ == State::Done; }

private:
    enum class State { FileHeader, Metadata, BlockHeader, Payload, Done };

    Status process();
    Status parse_file_header();
    Status parse_metadata();
    Status parse_block_header();
    Status parse_payload();
    Status fail(uint64_t offset, const std::string& what);
    void expect(State s, uint64_t bytes);

    std::string name_;
    uint64_t total_;
    uint64_t limit_;
    uint64_t memory_limit_;
    uint64_t keep_ = 0;        // rows the table will hold: min(rows, limit)
    bool stopped_ = false;     // the limit was reached; later bytes are ignored
    State state_ = State::FileHeader;
    Status error_;
    std::vector<uint8_t> buf_;  // bytes of the structure being assembled
    uint64_t need_ = 64;
    uint64_t at_ = 0;           // file offset where buf_ starts
    uint64_t consumed_ = 0;

    // From the file header.
    uint64_t rows_ = 0;
    uint32_t dims_ = 0, row_bytes_ = 0, block_rows_ = 0, block_count_ = 0, meta_bytes_ = 0;
    uint64_t meta_hash_ = 0;
    uint8_t dtype_ = 0;
    // From the current block header.
    uint32_t next_block_ = 0, cur_rows_ = 0, cur_vocab_ = 0;
    uint64_t cur_hash_ = 0;

    std::shared_ptr<EmbeddingTable> table_;
};

}  // namespace embx
