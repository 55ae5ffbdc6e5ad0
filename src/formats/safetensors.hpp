// Importer for safetensors files (Hugging Face models): the input-embedding matrix of an LLM
// becomes a table, one row per token id.
//
// The tensor is ImportOptions::tensor_name, else the first well-known embedding name present
// (model.embed_tokens.weight, transformer.wte.weight, ...), else the only 2-D tensor with the
// most rows; a note says which. Streams: after the header, bytes before the tensor are skipped
// unread, its rows are converted (BF16/F16/F32 -> the table dtype) as they arrive, and the rest
// is only counted. Rows are named from ImportOptions::vocabulary, else "<row N>".
//
// The header is checked against every promise of the format (see safetensors_header.hpp);
// with the file size known, a truncated file is refused before any row is read, and complete()
// turns true as soon as the wanted rows are in.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "formats/importer.hpp"
#include "formats/safetensors_header.hpp"
#include "formats/tensor_rows.hpp"

namespace embx {

// A table for one tensor of a safetensors file, and the reader that fills it from the file's
// bytes: shared by the importer (a whole file streamed) and a model folder (only the
// tensor's bytes read). `data_start` is the file offset of the byte buffer; `rows_proven`:
// the file size is known, so the table's memory may be reserved up front.
struct SafetensorsTable {
    std::shared_ptr<EmbeddingTable> table;
    std::unique_ptr<TensorRowReader> rows;
    std::vector<std::string> notes;
};
Expected<SafetensorsTable> start_safetensors_table(const std::string& source, const SafetensorsTensor& tensor,
                                                   uint64_t data_start, const std::string& reason,
                                                   std::vector<std::pair<std::string, std::string>> metadata,
                                                   const ImportOptions& opt, bool rows_proven);

// `total_bytes` = 0 when unknown.
std::unique_ptr<Importer> make_safetensors_importer(std::string source_name, ImportOptions opt,
                                                    uint64_t total_bytes);

}  // namespace embx
