// BERT-family encoder over one sentence (token_type 0, no padding), step by step: the
// embedding output, then one post-LN block at a time (forward_pass.hpp drives the steps).
#pragma once

#include <cstdint>
#include <vector>

#include "core/scan_pool.hpp"
#include "core/transformer/transformer_config.hpp"
#include "core/transformer/weights.hpp"

namespace embx {

// x = LayerNorm(word + position + token type 0), [token][hidden]. Ids already checked.
void bert_embed(const TransformerConfig& c, const TransformerWeights& w, const std::vector<uint32_t>& ids,
                std::vector<float>& x);
// One block over n tokens, x in place; probs, when not null, gets [head][query][key].
void bert_layer(const TransformerConfig& c, const BertLayerWeights& L, size_t n, std::vector<float>& x,
                std::vector<float>* probs, ScanPool* pool = nullptr);

}  // namespace embx
