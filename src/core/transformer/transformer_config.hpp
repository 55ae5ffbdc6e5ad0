// The shape and numerics of a transformer we run, filled from config.json (formats/hf_config).
#pragma once

#include <cstddef>
#include <string>

namespace embx {

enum class Architecture { Bert, Qwen2, Llama, Qwen3 };

inline const char* architecture_name(Architecture a) {
    switch (a) {
        case Architecture::Bert: return "bert";
        case Architecture::Qwen2: return "qwen2";
        case Architecture::Llama: return "llama";
        case Architecture::Qwen3: return "qwen3";
    }
    return "?";
}

struct TransformerConfig {
    Architecture arch = Architecture::Bert;
    size_t hidden = 0, layers = 0, heads = 0, kv_heads = 0, head_dim = 0, intermediate = 0;
    size_t vocab = 0, max_positions = 0, type_vocab = 0;
    double eps = 1e-12;          // layer_norm_eps (BERT) or rms_norm_eps (decoders)
    double rope_theta = 10000.0;
    bool tie_embeddings = false;
    bool qkv_bias = false;       // Qwen2 always; Llama's attention_bias
    bool o_bias = false;         // Llama's attention_bias also covers o_proj
    bool mlp_bias = false;       // Llama's mlp_bias
    bool qk_norm = false;        // Qwen3
    std::string hidden_act;      // "gelu" (erf) for BERT, "silu" for decoders

    bool decoder() const { return arch != Architecture::Bert; }
};

}  // namespace embx
