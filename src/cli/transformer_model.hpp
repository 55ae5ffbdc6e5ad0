// A Hugging Face model folder on disk, opened for `embx hidden` and `embx embed`: the same
// loader as the page's (formats/transformer_folder), its reads answered with pread.
#pragma once

#include <memory>
#include <string>

#include "core/status.hpp"
#include "formats/transformer_folder.hpp"

namespace embx::cli {

// need_tokenizer: text will be run, so a folder whose tokenizer can't be used is an error
// (without it the tokenizer's problems are only notes, and token strings are blank).
Expected<std::shared_ptr<TransformerModel>> load_transformer_model(const std::string& dir, bool int8, bool need_tokenizer);

}  // namespace embx::cli
