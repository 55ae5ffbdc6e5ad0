#include "formats/gguf_model.hpp"

#include <algorithm>
#include <iterator>

#include <nlohmann/json.hpp>

#include "formats/gguf_layout.hpp"
#include "formats/gguf_tokenizer.hpp"
#include "formats/hf_config.hpp"
#include "formats/transformer_tensor_names.hpp"

namespace embx {

namespace {

namespace g = gguf_format;

struct NamePair {
    const char* hf;
    const char* gguf;
};

// Hugging Face's names and llama.cpp's, outside the layers and inside (after "blk.N.").
constexpr NamePair kDecoderGlobal[] = {{"model.embed_tokens.weight", "token_embd.weight"},
                                       {"model.norm.weight", "output_norm.weight"}};
constexpr NamePair kDecoderLayer[] = {
    {"input_layernorm.weight", "attn_norm.weight"},   {"post_attention_layernorm.weight", "ffn_norm.weight"},
    {"self_attn.q_proj.weight", "attn_q.weight"},     {"self_attn.q_proj.bias", "attn_q.bias"},
    {"self_attn.k_proj.weight", "attn_k.weight"},     {"self_attn.k_proj.bias", "attn_k.bias"},
    {"self_attn.v_proj.weight", "attn_v.weight"},     {"self_attn.v_proj.bias", "attn_v.bias"},
    {"self_attn.o_proj.weight", "attn_output.weight"}, {"self_attn.o_proj.bias", "attn_output.bias"},
    {"self_attn.q_norm.weight", "attn_q_norm.weight"}, {"self_attn.k_norm.weight", "attn_k_norm.weight"},
    {"mlp.gate_proj.weight", "ffn_gate.weight"},       {"mlp.gate_proj.bias", "ffn_gate.bias"},
    {"mlp.up_proj.weight", "ffn_up.weight"},           {"mlp.up_proj.bias", "ffn_up.bias"},
    {"mlp.down_proj.weight", "ffn_down.weight"},       {"mlp.down_proj.bias", "ffn_down.bias"},
};
constexpr NamePair kBertGlobal[] = {{"embeddings.word_embeddings.weight", "token_embd.weight"},
                                    {"embeddings.position_embeddings.weight", "position_embd.weight"},
                                    {"embeddings.token_type_embeddings.weight", "token_types.weight"},
                                    {"embeddings.LayerNorm.weight", "token_embd_norm.weight"},
                                    {"embeddings.LayerNorm.bias", "token_embd_norm.bias"}};
constexpr NamePair kBertLayer[] = {
    {"attention.self.query.weight", "attn_q.weight"},           {"attention.self.query.bias", "attn_q.bias"},
    {"attention.self.key.weight", "attn_k.weight"},             {"attention.self.key.bias", "attn_k.bias"},
    {"attention.self.value.weight", "attn_v.weight"},           {"attention.self.value.bias", "attn_v.bias"},
    {"attention.output.dense.weight", "attn_output.weight"},    {"attention.output.dense.bias", "attn_output.bias"},
    {"attention.output.LayerNorm.weight", "attn_output_norm.weight"},
    {"attention.output.LayerNorm.bias", "attn_output_norm.bias"},
    {"intermediate.dense.weight", "ffn_up.weight"},             {"intermediate.dense.bias", "ffn_up.bias"},
    {"output.dense.weight", "ffn_down.weight"},                 {"output.dense.bias", "ffn_down.bias"},
    {"output.LayerNorm.weight", "layer_output_norm.weight"},    {"output.LayerNorm.bias", "layer_output_norm.bias"},
};

const GgufValue* arch_value(const GgufHeaderReader& h, const std::string& arch, const char* key) {
    return h.value(arch + "." + key);
}

// The config.json the metadata stands for, read by the same parser (and checks) as a folder's.
Expected<TransformerConfig> config_from_metadata(const GgufHeaderReader& h, const std::string& arch,
                                                 const std::string& source) {
    nlohmann::json c;
    c["model_type"] = arch;
    const auto integer = [&](const char* json_key, const char* gguf_key) {
        if (const GgufValue* v = arch_value(h, arch, gguf_key)) c[json_key] = int64_t(v->number);
    };
    integer("hidden_size", "embedding_length");
    integer("num_hidden_layers", "block_count");
    integer("num_attention_heads", "attention.head_count");
    integer("num_key_value_heads", "attention.head_count_kv");
    integer("intermediate_size", "feed_forward_length");
    integer("max_position_embeddings", "context_length");
    if (arch == "qwen3") integer("head_dim", "attention.key_length");
    if (const GgufTensorInfo* t = h.tensor("token_embd.weight"); t && t->dims.size() == 2)
        c["vocab_size"] = t->dims[1];
    if (arch == "bert") {
        if (const GgufValue* v = arch_value(h, arch, "attention.layer_norm_epsilon")) c["layer_norm_eps"] = v->number;
        if (const GgufTensorInfo* t = h.tensor("token_types.weight"); t && t->dims.size() == 2)
            c["type_vocab_size"] = t->dims[1];
    } else {
        if (const GgufValue* v = arch_value(h, arch, "attention.layer_norm_rms_epsilon")) c["rms_norm_eps"] = v->number;
        if (const GgufValue* v = arch_value(h, arch, "rope.freq_base")) c["rope_theta"] = v->number;
        if (arch == "llama") {
            c["attention_bias"] = h.tensor("blk.0.attn_q.bias") != nullptr;
            c["mlp_bias"] = h.tensor("blk.0.ffn_up.bias") != nullptr;
        }
        const GgufValue* scaling = arch_value(h, arch, "rope.scaling.type");
        if (scaling && scaling->text != "none") c["rope_scaling"] = {{"type", scaling->text}};
        else if (h.tensor("rope_freqs.weight")) c["rope_scaling"] = {{"type", "llama3 (rope_freqs.weight)"}};
    }
    return parse_hf_config(c.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), source + " (its GGUF metadata)");
}

}  // namespace

GgufHeaderReader::Options gguf_model_header_options() {
    GgufHeaderReader::Options o;
    keep_gguf_tokenizer_arrays(o);
    return o;
}

std::string gguf_tensor_name(const std::string& hf_name, Architecture arch) {
    const bool bert = arch == Architecture::Bert;
    const NamePair* global = bert ? kBertGlobal : kDecoderGlobal;
    const size_t n_global = bert ? std::size(kBertGlobal) : std::size(kDecoderGlobal);
    for (size_t i = 0; i < n_global; ++i)
        if (hf_name == global[i].hf) return global[i].gguf;
    const std::string prefix = bert ? "encoder.layer." : "model.layers.";
    if (hf_name.compare(0, prefix.size(), prefix) != 0) return "";
    const size_t dot = hf_name.find('.', prefix.size());
    if (dot == std::string::npos || dot == prefix.size()) return "";
    const std::string layer = hf_name.substr(prefix.size(), dot - prefix.size()), rest = hf_name.substr(dot + 1);
    const NamePair* in_layer = bert ? kBertLayer : kDecoderLayer;
    const size_t n_layer = bert ? std::size(kBertLayer) : std::size(kDecoderLayer);
    for (size_t i = 0; i < n_layer; ++i)
        if (rest == in_layer[i].hf) return "blk." + layer + "." + in_layer[i].gguf;
    return "";
}

Expected<GgufModelPlan> plan_gguf_model(const GgufHeaderReader& h, const std::string& source) {
    const GgufValue* arch_v = h.value("general.architecture");
    if (!arch_v) return Error{source + ": no general.architecture in the GGUF metadata"};
    const std::string arch = arch_v->text;
    if (arch != "bert" && arch != "llama" && arch != "qwen2" && arch != "qwen3")
        return Error{source + ": general.architecture \"" + arch + "\" is not one we run (we run bert, llama, qwen2, qwen3)"};
    GgufModelPlan plan;
    auto cfg = config_from_metadata(h, arch, source);
    if (!cfg) return Error{cfg.error()};
    plan.config = *cfg;
    const TransformerConfig& c = plan.config;

    std::string problem;
    TransformerWeights layout;  // only to walk the names and shapes
    for_each_transformer_tensor(c, layout, [&](const TensorSlot<Matrix, Vec>& s) {
        if (!problem.empty()) return;
        const std::string& hf = s.names[0];
        const std::string name = gguf_tensor_name(hf, c.arch);
        const GgufTensorInfo* t = name.empty() ? nullptr : h.tensor(name);
        if (!t) {
            problem = "missing tensor " + (name.empty() ? hf : name + " (Hugging Face's " + hf + ")") + " for a " + arch + " model";
            return;
        }
        std::string dtype;
        switch (t->type) {
            case g::kTypeF32: dtype = "F32"; break;
            case g::kTypeF16: dtype = "F16"; break;
            case g::kTypeBF16: dtype = "BF16"; break;
            case g::kTypeQ8_0: dtype = "Q8_0"; break;
            default: {
                const auto* tt = g::find_tensor_type(t->type);
                problem = "tensor " + name + " is " + (tt ? std::string(tt->name) : "of unknown type " + std::to_string(t->type)) +
                          "; we run F32, F16, BF16 and Q8_0 weights (llama.cpp's llama-quantize can make a Q8_0 file)";
                return;
            }
        }
        SafetensorsTensor st;
        st.name = hf;
        st.dtype = dtype;
        st.shape.assign(t->dims.rbegin(), t->dims.rend());  // GGUF lists the contiguous dimension first
        st.begin = t->offset;
        st.end = t->offset + t->bytes;
        plan.tensors.tensors.push_back(std::move(st));
        plan.tensors.buffer_bytes = std::max(plan.tensors.buffer_bytes, t->offset + t->bytes);
        // llama.cpp interleaves a Llama model's q/k rows per head (Qwen's are left as they are).
        if (c.arch == Architecture::Llama) {
            if (name.find(".attn_q.") != std::string::npos) plan.interleaved_heads[hf] = uint32_t(c.heads);
            if (name.find(".attn_k.") != std::string::npos) plan.interleaved_heads[hf] = uint32_t(c.kv_heads);
        }
    });
    if (!problem.empty()) return Error{source + ": " + problem};

    auto tok = gguf_tokenizer_spec(h);
    if (tok) plan.tokenizer = std::move(*tok);
    else plan.tokenizer_note = tok.error();
    return plan;
}

}  // namespace embx
