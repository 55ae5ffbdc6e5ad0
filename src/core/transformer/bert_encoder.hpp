// BERT-family encoder forward pass over one sentence (token_type 0, no padding).
#pragma once

#include <cstdint>
#include <vector>

#include "core/status.hpp"
#include "core/transformer/hidden_states.hpp"
#include "core/transformer/transformer_config.hpp"
#include "core/transformer/weights.hpp"

namespace embx {

// Ids must be below the vocabulary and no more than max_positions.
Expected<HiddenStates> run_bert(const TransformerConfig& c, const TransformerWeights& w,
                                const std::vector<uint32_t>& ids, bool want_attentions = false);

}  // namespace embx
