// Writing tables to disk for the CLI (embx convert -o): .embx or one of the exchange formats,
// each file written under a temporary name and renamed at the end, so a failure never leaves
// a half-written file behind.
#pragma once

#include <string>
#include <vector>

#include "core/embedding_table.hpp"
#include "core/status.hpp"

namespace embx::cli {

enum class OutputFormat { Embx, Word2VecText, Word2VecBinary, ProjectorTsv };

// `to` is "embx", "word2vec-text", "word2vec-bin", "tsv", or empty to follow the output
// name: .embx, .txt/.vec (word2vec text), .bin (word2vec binary), .tsv (Projector pair).
Expected<OutputFormat> output_format(const std::string& to, const std::string& out_path);

// OUT.tsv -> OUT-metadata.tsv (the words that go with the vectors file).
std::string projector_metadata_path(const std::string& vectors_path);

// Writes the table; returns the files written (two for the Projector pair).
Expected<std::vector<std::string>> write_table_output(const EmbeddingTable& table, OutputFormat format,
                                                      const std::string& out_path, uint32_t embx_block_rows);

}  // namespace embx::cli
