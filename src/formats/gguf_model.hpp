// A GGUF file of a transformer we run, from its header alone (GgufHeaderReader): the config
// (from the `{arch}.*` metadata, checked by the same parser as config.json), every tensor the
// forward pass needs under its Hugging Face name (llama.cpp names: token_embd, blk.N.attn_q,
// ffn_gate, attn_norm, ...), and the tokenizer from `tokenizer.ggml.*` when we can build it
// exactly. The weights are then read by formats/model_weights like a safetensors file's.
//
// llama.cpp's converter interleaves the rows of a Llama model's q/k projections within each
// head (for its rotary layout): GGUF row h*d + 2i + j is Hugging Face row h*d + j*d/2 + i.
// Those tensors are listed in `interleaved_heads` and put back in Hugging Face's order on load.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/status.hpp"
#include "core/tokenizer/tokenizer_spec.hpp"
#include "core/transformer/transformer_config.hpp"
#include "formats/gguf_header.hpp"
#include "formats/safetensors_header.hpp"

namespace embx {

// What the header reader must keep for a model: the tokenizer's arrays.
GgufHeaderReader::Options gguf_model_header_options();

struct GgufModelPlan {
    TransformerConfig config;
    // The tensors to read, by Hugging Face name, shape [rows, cols] or [n], dtype "F32", "F16",
    // "BF16" or "Q8_0", offsets from the data section's start.
    SafetensorsHeader tensors;
    std::map<std::string, uint32_t> interleaved_heads;  // tensor -> heads whose rows to put back
    std::optional<TokenizerSpec> tokenizer;             // none: `tokenizer_note` says why
    std::string tokenizer_note;
};

// `source`: the file's name, for messages.
Expected<GgufModelPlan> plan_gguf_model(const GgufHeaderReader& header, const std::string& source);

// The Hugging Face name's llama.cpp name ("model.layers.3.mlp.up_proj.weight" ->
// "blk.3.ffn_up.weight"), or "" when llama.cpp has none for it.
std::string gguf_tensor_name(const std::string& hf_name, Architecture arch);

}  // namespace embx
