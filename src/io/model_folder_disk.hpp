// A Hugging Face model folder (or a packed .embxm) on disk opened through the same loader as the page's
// (formats/transformer_folder): the folder listed, each byte request answered with pread.
// For the CLI (embx hidden, embed) and the desktop app's Context tab.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "core/status.hpp"
#include "formats/transformer_folder.hpp"

namespace embx::io {

// For a progress bar: (bytes read, the most this load reads), after every read.
using ModelLoadProgress = std::function<void(uint64_t read, uint64_t planned)>;

// The model with its notes (a tokenizer that can't be used, a pooling default...); errors name
// the folder and what is wrong. `path`: the folder, or a packed .embxm file. memory_limit:
// refuse from config.json a model bigger than this (0: no limit). keep_text_files: the model
// keeps its config and tokenizer files' bytes (embx convert-model).
Expected<std::shared_ptr<TransformerModel>> open_model_folder(const std::string& path, bool int8,
                                                              uint64_t memory_limit = 0,
                                                              const ModelLoadProgress& progress = nullptr,
                                                              bool keep_text_files = false);

}  // namespace embx::io
