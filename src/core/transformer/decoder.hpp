// Qwen2 / Llama / Qwen3 decoder forward pass over one sequence (positions 0..n-1, causal).
#pragma once

#include <cstdint>
#include <vector>

#include "core/status.hpp"
#include "core/transformer/hidden_states.hpp"
#include "core/transformer/transformer_config.hpp"
#include "core/transformer/weights.hpp"

namespace embx {

Expected<HiddenStates> run_decoder(const TransformerConfig& c, const TransformerWeights& w,
                                   const std::vector<uint32_t>& ids, bool want_attentions = false);

}  // namespace embx
