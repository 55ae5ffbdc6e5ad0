// Fills an EmbeddingTable row by row for the importers of word-per-line formats (GloVe,
// word2vec, fastText) and plain matrices (TSV, .npy), so that all of them treat rows alike:
//  - --limit: once `limit` rows are kept, full() is true and the importer stops reading;
//  - duplicate words: the first row is kept (frequency order puts the common sense first),
//    later rows with the same word are skipped and counted in one note;
//  - matrix rows are named ImportOptions.vocabulary[i], or "<row i>" (i from 0) past its end
//    or without one, with a note saying so.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/embedding_table.hpp"
#include "formats/importer.hpp"

namespace embx {

class TableBuilder {
public:
    TableBuilder(std::string source_name, const ImportOptions& opt);

    // Creates the table once the row width is known. `announced_rows` is what the file
    // declares (0 = unknown). Memory for the rows is reserved only when `rows_are_proven`
    // (the file size has been checked to hold them); otherwise it grows with the data. Refuses
    // announced rows that cannot fit ImportOptions.memory_limit before allocating anything.
    Status start(uint32_t dims, uint64_t announced_rows, bool rows_are_proven);
    bool started() const { return table_ != nullptr; }
    // For formats that announce no row count: reserves room for about `rows` rows, estimated
    // from the file size, so a large table is not copied as it grows. Best effort: a refusal
    // only means growing as rows arrive.
    void reserve_estimate(uint64_t rows);
    // Text formats: once `lines` lines (kEstimateLines) have taken `bytes` bytes of a `total`-byte
    // file, reserves for the rest at their average length plus a quarter. Not from the first line
    // alone: a short one ("a 0") would claim memory for many times the rows.
    static constexpr uint64_t kEstimateLines = 1024;
    void estimate_from_lines(uint64_t lines, uint64_t bytes, uint64_t total);

    enum class Added { Row, Duplicate, NoMemory };
    Added add(std::string_view word, const float* values);
    bool full() const { return limit_ && table_ && table_->rows() >= limit_; }

    // The name of matrix row `r` (formats that carry no words).
    std::string_view matrix_row_name(uint64_t r);
    // Notes how the vocabulary compares with a matrix of `rows` rows. When reading stopped
    // early (--limit), `rows` is only a lower bound and extra names are not worth a note.
    void note_vocabulary_fit(uint64_t rows, bool rows_is_total, std::vector<std::string>& notes);
    // End of input (or limit reached): the note about skipped duplicates, and the table
    // marked complete even if duplicates left it short of the announced rows.
    void finish(std::vector<std::string>& notes);

    const std::shared_ptr<EmbeddingTable>& table() const { return table_; }
    uint64_t duplicates() const { return duplicates_; }

private:
    std::string name_;
    DType dtype_;
    uint64_t limit_;
    uint64_t memory_limit_;
    std::shared_ptr<const std::vector<std::string>> vocabulary_;
    std::shared_ptr<EmbeddingTable> table_;
    uint64_t duplicates_ = 0;
    std::vector<std::string> duplicate_examples_;
    std::string row_name_;
    bool finished_ = false;
    bool estimated_ = false;
};

}  // namespace embx
