// An embedding table in the layout the kernels scan: rows of `row_bytes` bytes (64-byte
// aligned), a per-row dequantization scale and L2 norm, and the vocabulary in row order.
// Rows can be appended while the table is in use, so a streamed table is searchable as soon
// as its first rows arrive.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/aligned_buffer.hpp"
#include "core/dtype.hpp"
#include "core/status.hpp"
#include "core/vocabulary.hpp"

namespace embx {

struct TableInfo {
    std::string name;  // shown in the UI; e.g. "GloVe 6B 100d"
    DType dtype = DType::I8;
    uint32_t dims = 0;
    uint64_t expected_rows = 0;  // rows announced by the source (0 = unknown)
    // Growth past this many bytes (table_memory_bytes) fails cleanly instead of asking the
    // allocator: a wasm page aborts when malloc fails inside a std::vector. 0 = no limit.
    uint64_t memory_limit = 0;
    // Free-form provenance shown to the user: source, licence, model, tokenizer...
    std::vector<std::pair<std::string, std::string>> metadata;
};

// The most memory a table of `rows` rows of `row_bytes` bytes takes: the rows; a scale, norm and
// cosine factor (12 bytes); a word offset (8); ~8 bytes of word text; two hash-index tables of 8-byte
// slots, sized to the power of two at or above 4/3 x (rows + 1), i.e. 21 to 43 bytes a row. Computed
// in 64 bits and saturating, so a size read from an untrusted header cannot wrap.
uint64_t table_memory_bytes(uint64_t rows, size_t row_bytes);

// The most rows of `row_bytes` bytes this build can address (a wasm32 table buffer is below
// 2 GB, as it grows by half again when full) and that fit in `memory_limit` bytes (0 = no limit).
uint64_t table_max_rows(size_t row_bytes, uint64_t memory_limit);

class EmbeddingTable {
public:
    // `row_bytes` must be dtype_row_bytes(dtype, dims).
    explicit EmbeddingTable(TableInfo info);

    const TableInfo& info() const { return info_; }
    void set_name(std::string name) { info_.name = std::move(name); }
    // For importers that learn only at the end how many rows the table holds (they skipped
    // duplicate words): lets complete() become true at the final size.
    void set_expected_rows(uint64_t rows) { info_.expected_rows = rows; }
    void set_metadata(std::vector<std::pair<std::string, std::string>> m) {
        info_.metadata = std::move(m);
    }
    DType dtype() const { return info_.dtype; }
    uint32_t dims() const { return info_.dims; }
    size_t row_bytes() const { return row_bytes_; }
    size_t rows() const { return vocab_.size(); }
    bool complete() const { return info_.expected_rows == 0 || rows() >= info_.expected_rows; }

    const uint8_t* row_data(size_t r) const { return rows_.data() + r * row_bytes_; }
    const uint8_t* rows_begin() const { return rows_.data(); }
    float scale(size_t r) const { return scales_[r]; }
    float norm(size_t r) const { return norms_[r]; }
    // scale / norm, or 0 for a zero row: multiplies an integer (or float) dot into a cosine.
    const float* cosine_factors() const { return factors_.data(); }

    const Vocabulary& vocab() const { return vocab_; }
    std::string_view word(size_t r) const { return vocab_.word(r); }

    // Makes room for `n` more rows (growing geometrically when called block by block, never
    // past info().memory_limit); false if they do not fit or memory is not available.
    bool reserve_rows(size_t n);

    enum class Append { Added, Duplicate, NoMemory };
    // Appends one row already in storage layout (`row_bytes` bytes; padding should be zero).
    // A duplicate word is still appended as a row, but lookups find the first one.
    Append append_row(std::string_view word, const uint8_t* row, float scale, float norm);

    // Appends n rows in storage layout (contiguous, `row_bytes` each) with their words, scales
    // and norms in one go (the .embx reader's block path).
    Append append_rows(size_t n, const std::string_view* words, const uint8_t* rows, const float* scales,
                       const float* norms);

    // Appends a float row, converting it to the table's dtype. Values must be finite.
    Append append_float_row(std::string_view word, const float* x);

    // The row as floats (dequantized), `dims` values.
    void row_as_float(size_t r, float* out) const;

    size_t memory_bytes() const;

private:
    TableInfo info_;
    size_t row_bytes_;
    AlignedBuffer rows_;
    std::vector<float> scales_, norms_, factors_;
    Vocabulary vocab_;
    std::vector<uint8_t> scratch_;
};

}  // namespace embx
