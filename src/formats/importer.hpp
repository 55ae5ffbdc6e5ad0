// The interface every table importer implements: bytes in, in chunks of any size, a table out.
// The CLI feeds it from a file, the desktop from an mmap, the web page from a fetch() stream.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/dtype.hpp"
#include "core/embedding_table.hpp"
#include "core/status.hpp"

namespace embx {

struct ImportOptions {
    DType dtype = DType::I8;  // storage type of the resulting table
    uint64_t limit = 0;       // keep only the first N rows (frequency order); 0 = all
    // Token strings for formats that carry only a matrix (.npy, safetensors, GGUF without
    // tokenizer.ggml.tokens): row i is named vocabulary[i]. Null = no external vocabulary.
    std::shared_ptr<const std::vector<std::string>> vocabulary;
    // Which tensor to import from a multi-tensor file (safetensors, GGUF); empty = choose by
    // well-known names and shape.
    std::string tensor_name;
    // Bytes the table may take in memory (the page's free heap); a header announcing more rows is
    // refused before anything is allocated, and growth stops there. 0 = no limit.
    uint64_t memory_limit = 0;
};

class Importer {
public:
    virtual ~Importer() = default;
    // Consumes the next bytes. After the first error every call returns that error.
    virtual Status feed(const uint8_t* data, size_t n) = 0;
    // End of input: an error if the data was incomplete.
    virtual Status finish() = 0;
    // The table being filled (rows may still be arriving); null until its shape is known.
    virtual std::shared_ptr<EmbeddingTable> table() const = 0;
    // True once finish() has succeeded, or earlier if no further bytes are needed (--limit).
    virtual bool complete() const = 0;

    // Things the user should know that are not errors ("skipped 3 duplicate words", "the
    // vocabulary has more entries than the matrix has rows"); shown by the CLI and the UI.
    const std::vector<std::string>& notes() const { return notes_; }

protected:
    std::vector<std::string> notes_;
};

}  // namespace embx
