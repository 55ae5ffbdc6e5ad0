// Turning the CLI's text or --ids into the token ids a transformer runs on.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.hpp"
#include "formats/transformer_folder.hpp"

namespace embx::cli {

// "1,2,3" -> ids.
Expected<std::vector<uint32_t>> parse_ids(const std::string& list);
// The sentence through the folder's tokenizer with its special tokens; longer than
// max_position_embeddings is cut (keeping the special tokens) with a note on stderr.
Expected<std::vector<uint32_t>> text_ids(const TransformerModel& m, const std::string& text);
// A JSON string literal.
std::string json_string(const std::string& s);

}  // namespace embx::cli
