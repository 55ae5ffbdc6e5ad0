// Streams the rows of one 2-D tensor (an LLM's input-embedding matrix) out of a file's bytes
// into an EmbeddingTable. Shared by the safetensors and GGUF importers: they parse their own
// headers, then hand every byte of the data section to a TensorRowReader, which keeps the
// bytes of the wanted rows, converts them to floats and ignores the rest.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/embedding_table.hpp"
#include "core/status.hpp"

namespace embx {

// Element encodings an embedding matrix can be stored in.
enum class TensorElement { F32, F16, BF16, Q8_0 };

// Q8_0 (GGUF): blocks of 32 values, each an f16 scale followed by 32 int8.
constexpr uint32_t kQ8_0BlockValues = 32;
constexpr uint32_t kQ8_0BlockBytes = 2 + kQ8_0BlockValues;

std::string_view tensor_element_name(TensorElement e);

// Bytes of one stored row of `dims` values (for Q8_0, `dims` must be a multiple of 32).
uint64_t tensor_row_bytes(TensorElement e, uint32_t dims);

// Decodes one stored row into floats. Returns the index of the first value that is NaN or
// infinite (a NaN would poison every score it touches), or `dims` when all are finite.
uint32_t decode_tensor_row(TensorElement e, const uint8_t* src, uint32_t dims, float* out);


// The name of row `row`: vocabulary[row] when there is one that long, else "<row N>".
std::string row_token(const std::vector<std::string>* vocabulary, uint64_t row);

// A note for the user when the vocabulary (`source`: "the given vocabulary", ...) and the
// matrix disagree in size; empty if they agree.
std::string vocabulary_size_note(uint64_t vocabulary_size, uint64_t rows, std::string_view source);

struct TensorSlice {
    std::string name;      // the tensor's name, for messages
    TensorElement element = TensorElement::F32;
    uint64_t rows = 0;     // rows stored in the file
    uint32_t dims = 0;
    uint64_t offset = 0;   // absolute file offset of row 0
};

class TensorRowReader {
public:
    // Appends rows [0, keep_rows) of `slice` to `table` (whose dims match), named from
    // `vocabulary` (may be null). `source_name` starts every error message.
    TensorRowReader(std::string source_name, TensorSlice slice, uint64_t keep_rows,
                    std::shared_ptr<const std::vector<std::string>> vocabulary,
                    std::shared_ptr<EmbeddingTable> table);

    // The bytes [at, at + n) of the file. Calls must follow the file in order without gaps
    // once the rows have started; bytes outside the wanted rows are ignored.
    Status consume(uint64_t at, const uint8_t* p, size_t n);

    bool done() const { return next_row_ == keep_rows_; }
    uint64_t rows_done() const { return next_row_; }
    uint64_t end_offset() const { return slice_.offset + keep_rows_ * row_bytes_; }
    // Rows whose token had already been used by an earlier row (lookups find the first).
    uint64_t duplicate_tokens() const { return duplicates_; }
    // Adds a note about those rows for the user, the first time it is called after done().
    void note_duplicates_once(std::vector<std::string>& notes);

private:
    Status emit_row(const uint8_t* src);

    std::string name_;
    TensorSlice slice_;
    uint64_t keep_rows_;
    bool duplicates_noted_ = false;
    uint64_t row_bytes_;
    std::shared_ptr<const std::vector<std::string>> vocab_;
    std::shared_ptr<EmbeddingTable> table_;
    uint64_t next_row_ = 0;
    uint64_t duplicates_ = 0;
    std::vector<uint8_t> partial_;  // a row split across chunks
    std::vector<float> values_;
};

}  // namespace embx
