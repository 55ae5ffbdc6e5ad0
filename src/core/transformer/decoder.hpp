// Qwen2 / Llama / Qwen3 decoder over one sequence (positions 0..n-1, causal), step by step:
// the token embeddings, one pre-norm block at a time, then the final norm (forward_pass.hpp).
#pragma once

#include <cstdint>
#include <vector>

#include "core/transformer/rope.hpp"
#include "core/scan_pool.hpp"
#include "core/transformer/transformer_config.hpp"
#include "core/transformer/weights.hpp"

namespace embx {

// x = the ids' embedding rows, [token][hidden]. Ids already checked.
void decoder_embed(const TransformerWeights& w, const std::vector<uint32_t>& ids, size_t hidden, std::vector<float>& x);
// One block over n tokens (rope: for n positions), x in place; probs as bert_layer's.
void decoder_layer(const TransformerConfig& c, const DecoderLayerWeights& L, size_t n, const RopeTable& rope,
                   std::vector<float>& x, std::vector<float>* probs, ScanPool* pool = nullptr);
// HF's last hidden state: the final RMS norm of the residual stream.
std::vector<float> decoder_final_norm(const TransformerConfig& c, const TransformerWeights& w, size_t n,
                                      const std::vector<float>& x);

}  // namespace embx
