// Importer for GGUF files (llama.cpp models, versions 2 and 3; layout in gguf_layout.hpp):
// the token-embedding matrix `token_embd.weight` (or ImportOptions::tensor_name) becomes a
// table, one row per token id, named from the file's `tokenizer.ggml.tokens` (else from
// ImportOptions::vocabulary, else "<row N>"). Imports F32, F16, BF16 and Q8_0 matrices.
//
// Chunk-fed: the key-value section and tensor infos are read field by field (a field split
// across chunks is assembled; long strings nobody needs are skipped unread), the wanted rows
// are converted as they arrive and the rest of the data is only counted. Every count, length,
// dimension and offset is checked (against the file size when it is known) before use.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "formats/importer.hpp"

namespace embx {

// A GGUF file goes by its name (".gguf"): the model loaders, the CLI and the folder layout ask here.
inline bool is_gguf_name(std::string_view path) {
    return path.size() > 5 && path.compare(path.size() - 5, 5, ".gguf") == 0;
}

// `total_bytes` = 0 when unknown.
std::unique_ptr<Importer> make_gguf_importer(std::string source_name, ImportOptions opt,
                                             uint64_t total_bytes);

}  // namespace embx
