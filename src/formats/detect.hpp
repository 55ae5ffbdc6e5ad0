// Picks an importer for a file from its first bytes and its name.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "core/status.hpp"
#include "formats/importer.hpp"

namespace embx {

enum class Format { Auto, Embx, WinkJson, Safetensors, Gguf,
                    GloveText, Word2VecText, Word2VecBinary, FastTextVec, ProjectorTsv, Npy };

// "auto", "embx", "wink-json", "safetensors", "gguf", "glove-text", "word2vec-text",
// "word2vec-bin", "fasttext-vec", "tsv", "npy"; an Error for anything else.
Expected<Format> parse_format_name(std::string_view name);
std::string_view format_name(Format f);

// Decides from the leading bytes (at least 64 when the file has them) and the file name.
Expected<Format> detect_format(const uint8_t* head, size_t n, std::string_view file_name);

// `total_bytes` = 0 when unknown. For .embx the dtype/limit options do not apply.
Expected<std::unique_ptr<Importer>> make_importer(Format f, std::string source_name,
                                                  const ImportOptions& opt, uint64_t total_bytes);

}  // namespace embx
