// Reading a Hugging Face tokenizer.json for the CLI (--tokenizer): the token strings that name
// the rows of an LLM embedding matrix.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/status.hpp"

namespace embx::cli {

// Streams the file through the tokenizer.json reader; prints its notes as "embx: note: ...".
Expected<std::shared_ptr<const std::vector<std::string>>> load_tokenizer_vocab(const std::string& path);

}  // namespace embx::cli
