// A Hugging Face config.json -> TransformerConfig, for the architectures we run (BERT; Qwen2,
// Llama, Qwen3 decoders). Anything else, or a feature we do not compute (rope_scaling,
// non-absolute BERT positions, another activation), is refused with a reason.
#pragma once

#include <string>

#include "core/status.hpp"
#include "core/transformer/transformer_config.hpp"

namespace embx {

Expected<TransformerConfig> parse_hf_config(const std::string& json_text, const std::string& source = "config.json");

}  // namespace embx
