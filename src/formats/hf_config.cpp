#include "formats/hf_config.hpp"

#include <nlohmann/json.hpp>

namespace embx {

namespace {

using json = nlohmann::json;

const char* kSupported = "bert, qwen2, llama, qwen3";

// A positive integer field of at most `most`; 0 when absent (the caller decides whether that is
// allowed). The bounds are far above any model we know and keep every size computed from the
// config (weights, RoPE tables, activations) inside 64 bits, and each count inside a wasm32 size_t.
Expected<size_t> count(const json& j, const char* key, uint64_t most, const std::string& src, bool required) {
    const auto it = j.find(key);
    if (it == j.end() || it->is_null()) {
        if (required) return Error{src + ": no \"" + key + "\""};
        return size_t(0);
    }
    if (!it->is_number_integer() || (it->is_number_unsigned() ? it->get<uint64_t>() == 0 : it->get<int64_t>() <= 0))
        return Error{src + ": \"" + key + "\" must be a positive integer, not " + it->dump()};
    const uint64_t v = it->get<uint64_t>();
    if (v > most)
        return Error{src + ": \"" + key + "\" is " + std::to_string(v) + ", more than any model we run (at most " +
                     std::to_string(most) + ")"};
    return size_t(v);
}

double number(const json& j, const char* key, double fallback) {
    const auto it = j.find(key);
    return it != j.end() && it->is_number() ? it->get<double>() : fallback;
}

bool flag(const json& j, const char* key, bool fallback) {
    const auto it = j.find(key);
    return it != j.end() && it->is_boolean() ? it->get<bool>() : fallback;
}

std::string text(const json& j, const char* key, const std::string& fallback) {
    const auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : fallback;
}

}  // namespace

Expected<TransformerConfig> parse_hf_config(const std::string& json_text, const std::string& src) {
    const json j = json::parse(json_text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return Error{src + ": not a JSON object"};
    const std::string type = text(j, "model_type", "");
    TransformerConfig c;
    if (type == "bert") c.arch = Architecture::Bert;
    else if (type == "qwen2") c.arch = Architecture::Qwen2;
    else if (type == "llama") c.arch = Architecture::Llama;
    else if (type == "qwen3") c.arch = Architecture::Qwen3;
    else if (type.empty()) return Error{src + ": no \"model_type\" (supported: " + kSupported + ")"};
    else return Error{src + ": model_type \"" + type + "\" is not one we run (supported: " + kSupported + ")"};

    struct Field { const char* key; size_t* out; uint64_t most; bool required; };
    const Field fields[] = {{"hidden_size", &c.hidden, 1 << 16, true},
                            {"num_hidden_layers", &c.layers, 1 << 10, true},
                            {"num_attention_heads", &c.heads, 1 << 12, true},
                            {"intermediate_size", &c.intermediate, 1 << 20, true},
                            {"vocab_size", &c.vocab, 1 << 24, true},
                            {"max_position_embeddings", &c.max_positions, 1 << 24, c.arch == Architecture::Bert},
                            {"num_key_value_heads", &c.kv_heads, 1 << 12, false},
                            {"head_dim", &c.head_dim, 1 << 12, false},
                            {"type_vocab_size", &c.type_vocab, 1 << 16, false}};
    for (const Field& f : fields) {
        auto v = count(j, f.key, f.most, src, f.required);
        if (!v) return Error{v.error()};
        *f.out = *v;
    }
    if (!c.kv_heads || c.arch == Architecture::Bert) c.kv_heads = c.heads;
    if (!c.head_dim || c.arch != Architecture::Qwen3) {
        // Only Qwen3 sets head_dim apart from hidden / heads in the models we run; for the
        // others a head_dim key, when present, must agree.
        if (c.hidden % c.heads)
            return Error{src + ": hidden_size " + std::to_string(c.hidden) + " is not a multiple of num_attention_heads " +
                         std::to_string(c.heads)};
        if (c.head_dim && c.head_dim != c.hidden / c.heads)
            return Error{src + ": head_dim " + std::to_string(c.head_dim) + " differs from hidden_size / num_attention_heads"};
        c.head_dim = c.hidden / c.heads;
    }
    if (c.heads % c.kv_heads)
        return Error{src + ": num_key_value_heads " + std::to_string(c.kv_heads) + " does not divide num_attention_heads " +
                     std::to_string(c.heads)};
    if (c.head_dim % 2 && c.arch != Architecture::Bert) return Error{src + ": head_dim must be even for rotary embeddings"};
    const auto rs = j.find("rope_scaling");
    if (rs != j.end() && !rs->is_null())
        return Error{src + ": rope_scaling " + rs->dump() + " is not supported (only plain RoPE)"};

    if (c.arch == Architecture::Bert) {
        c.hidden_act = text(j, "hidden_act", "gelu");
        if (c.hidden_act != "gelu")
            return Error{src + ": hidden_act \"" + c.hidden_act + "\" is not supported for BERT (only gelu)"};
        const std::string pos = text(j, "position_embedding_type", "absolute");
        if (pos != "absolute") return Error{src + ": position_embedding_type \"" + pos + "\" is not supported"};
        c.eps = number(j, "layer_norm_eps", 1e-12);
        if (!c.type_vocab) c.type_vocab = 2;
    } else {
        c.hidden_act = text(j, "hidden_act", "silu");
        if (c.hidden_act != "silu")
            return Error{src + ": hidden_act \"" + c.hidden_act + "\" is not supported (only silu)"};
        c.eps = number(j, "rms_norm_eps", 1e-6);
        c.rope_theta = number(j, "rope_theta", 10000.0);
        c.tie_embeddings = flag(j, "tie_word_embeddings", c.arch != Architecture::Qwen2);
        const bool attention_bias = flag(j, "attention_bias", false);
        c.qkv_bias = c.arch == Architecture::Qwen2 || attention_bias;  // Qwen2 always has q/k/v biases
        c.o_bias = c.arch != Architecture::Qwen2 && attention_bias;
        c.mlp_bias = c.arch == Architecture::Llama && flag(j, "mlp_bias", false);
        c.qk_norm = c.arch == Architecture::Qwen3;
        if (!c.max_positions) c.max_positions = 32768;
    }
    return c;
}

}  // namespace embx
