// Every tensor the forward pass needs, by its Hugging Face names, declared once: the loader
// (formats/model_weights) looks them up in a checkpoint, the packer (formats/packed_model)
// writes them under the first (canonical) name.
//
//   for_each_transformer_tensor(config, weights, [](const TensorSlot<Matrix, Vec>& s) { ... });
//
// `weights` may be const (writing) or not (loading: its layer lists are sized here first).
#pragma once

#include <cstdint>
#include <string>
#include <type_traits>
#include <vector>

#include "core/transformer/transformer_config.hpp"
#include "core/transformer/weights.hpp"

namespace embx {

template <typename M, typename V>
struct TensorSlot {
    std::vector<std::string> names;  // accepted spellings, the first is the canonical one
    std::vector<uint64_t> shape;     // {rows, cols} for a matrix, {n} for a vector
    M* matrix = nullptr;             // or
    V* vec = nullptr;
    bool big = false;                // a matrix held as int8 when the model is loaded as int8
};

template <typename W, typename Visit>
void for_each_transformer_tensor(const TransformerConfig& c, W& w, Visit&& visit) {
    using M = std::conditional_t<std::is_const_v<W>, const Matrix, Matrix>;
    using V = std::conditional_t<std::is_const_v<W>, const Vec, Vec>;
    using Slot = TensorSlot<M, V>;
    const uint64_t h = c.hidden, f = c.intermediate, d = c.head_dim;
    const auto matrix = [&](M& m, std::vector<std::string> names, uint64_t rows, uint64_t cols, bool big) {
        visit(Slot{std::move(names), {rows, cols}, &m, nullptr, big});
    };
    const auto vec = [&](V& v, std::vector<std::string> names, uint64_t n) {
        visit(Slot{std::move(names), {n}, nullptr, &v, false});
    };
    if (c.arch == Architecture::Bert) {
        // "bert." (BertModel inside BertFor*) or no prefix (BertModel); old checkpoints' gamma/beta.
        const auto names = [](const std::string& n) { return std::vector<std::string>{n, "bert." + n}; };
        const auto ln = [&](V& lw, V& lb, const std::string& at) {
            std::vector<std::string> wn = names(at + ".weight"), bn = names(at + ".bias");
            for (const auto& n : names(at + ".gamma")) wn.push_back(n);
            for (const auto& n : names(at + ".beta")) bn.push_back(n);
            vec(lw, wn, h);
            vec(lb, bn, h);
        };
        matrix(w.word_embeddings, names("embeddings.word_embeddings.weight"), c.vocab, h, true);
        matrix(w.position_embeddings, names("embeddings.position_embeddings.weight"), c.max_positions, h, false);
        matrix(w.token_type_embeddings, names("embeddings.token_type_embeddings.weight"), c.type_vocab, h, false);
        ln(w.emb_ln_w, w.emb_ln_b, "embeddings.LayerNorm");
        if constexpr (!std::is_const_v<W>) w.bert_layers.resize(c.layers);
        for (size_t l = 0; l < c.layers && l < w.bert_layers.size(); ++l) {
            auto& L = w.bert_layers[l];
            const std::string p = "encoder.layer." + std::to_string(l) + ".";
            const auto lin = [&](M& m, V& b, const std::string& at, uint64_t rows, uint64_t cols) {
                matrix(m, names(p + at + ".weight"), rows, cols, true);
                vec(b, names(p + at + ".bias"), rows);
            };
            lin(L.q, L.qb, "attention.self.query", h, h);
            lin(L.k, L.kb, "attention.self.key", h, h);
            lin(L.v, L.vb, "attention.self.value", h, h);
            lin(L.o, L.ob, "attention.output.dense", h, h);
            ln(L.attn_ln_w, L.attn_ln_b, p + "attention.output.LayerNorm");
            lin(L.up, L.upb, "intermediate.dense", f, h);
            lin(L.down, L.downb, "output.dense", h, f);
            ln(L.out_ln_w, L.out_ln_b, p + "output.LayerNorm");
        }
        return;
    }
    const auto names = [](const std::string& n) { return std::vector<std::string>{"model." + n, n}; };
    const uint64_t qd = c.heads * d, kvd = c.kv_heads * d;
    matrix(w.word_embeddings, names("embed_tokens.weight"), c.vocab, h, true);
    vec(w.final_norm, names("norm.weight"), h);
    if constexpr (!std::is_const_v<W>) w.decoder_layers.resize(c.layers);
    for (size_t l = 0; l < c.layers && l < w.decoder_layers.size(); ++l) {
        auto& L = w.decoder_layers[l];
        const std::string p = "layers." + std::to_string(l) + ".";
        const auto lin = [&](M& m, V& b, const std::string& at, uint64_t rows, uint64_t cols, bool bias) {
            matrix(m, names(p + at + ".weight"), rows, cols, true);
            if (bias) vec(b, names(p + at + ".bias"), rows);
        };
        lin(L.q, L.qb, "self_attn.q_proj", qd, h, c.qkv_bias);
        lin(L.k, L.kb, "self_attn.k_proj", kvd, h, c.qkv_bias);
        lin(L.v, L.vb, "self_attn.v_proj", kvd, h, c.qkv_bias);
        lin(L.o, L.ob, "self_attn.o_proj", h, qd, c.o_bias);
        lin(L.gate, L.gateb, "mlp.gate_proj", f, h, c.mlp_bias);
        lin(L.up, L.upb, "mlp.up_proj", f, h, c.mlp_bias);
        lin(L.down, L.downb, "mlp.down_proj", h, f, c.mlp_bias);
        vec(L.input_norm, names(p + "input_layernorm.weight"), h);
        vec(L.post_norm, names(p + "post_attention_layernorm.weight"), h);
        if (c.qk_norm) {
            vec(L.q_norm, names(p + "self_attn.q_norm.weight"), d);
            vec(L.k_norm, names(p + "self_attn.k_norm.weight"), d);
        }
    }
}

}  // namespace embx
