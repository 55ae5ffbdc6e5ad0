"""Writes random-weight Hugging Face model folders (config.json + safetensors, HF tensor names)
for BERT encoders and Qwen2 / Llama / Qwen3 decoders; optionally the sentence-transformers layout
(modules.json, 1_Pooling, 2_Normalize) and a WordPiece vocab.txt for BERT.

Weights: normal with std = gain / sqrt(fan_in) for matrices (gain ~1, larger for q/k so attention
is visibly peaked), norm weights 1 + N(0, 0.1), biases N(0, 0.05). That keeps activations O(1)
while each layer still changes the hidden states visibly. Generated in float32 from a fixed
seed, then stored as F32, F16 or BF16 (the reference reads back the stored, rounded values).
"""
import json
from pathlib import Path

import numpy as np

import bert_vocab
import safetensors_io

TORCH_DTYPE = {"F32": "float32", "F16": "float16", "BF16": "bfloat16"}


# --- configs (the real HF keys) --------------------------------------------------------------

def bert_config(hidden=64, layers=2, heads=4, intermediate=128, vocab=300, max_pos=64,
                dtype="F32", architectures=("BertModel",)):
    return {
        "architectures": list(architectures), "model_type": "bert",
        "vocab_size": vocab, "hidden_size": hidden, "num_hidden_layers": layers,
        "num_attention_heads": heads, "intermediate_size": intermediate, "hidden_act": "gelu",
        "hidden_dropout_prob": 0.1, "attention_probs_dropout_prob": 0.1,
        "max_position_embeddings": max_pos, "type_vocab_size": 2, "initializer_range": 0.02,
        "layer_norm_eps": 1e-12, "pad_token_id": 0, "position_embedding_type": "absolute",
        "torch_dtype": TORCH_DTYPE[dtype], "transformers_version": "4.44.0",
    }


def decoder_config(model_type, hidden=64, layers=2, heads=4, kv_heads=4, intermediate=128,
                   vocab=256, max_pos=128, dtype="F32", tie=False, head_dim=None,
                   attention_bias=None, rope_theta=10000.0, rms_norm_eps=1e-6):
    """model_type: "qwen2" (q/k/v biases), "llama" (attention_bias, default False) or "qwen3"
    (q_norm/k_norm, no biases, explicit head_dim)."""
    arch = {"qwen2": "Qwen2ForCausalLM", "llama": "LlamaForCausalLM", "qwen3": "Qwen3ForCausalLM"}
    cfg = {
        "architectures": [arch[model_type]], "model_type": model_type,
        "vocab_size": vocab, "hidden_size": hidden, "intermediate_size": intermediate,
        "num_hidden_layers": layers, "num_attention_heads": heads,
        "num_key_value_heads": kv_heads, "hidden_act": "silu",
        "max_position_embeddings": max_pos, "rms_norm_eps": rms_norm_eps,
        "rope_theta": rope_theta, "tie_word_embeddings": tie, "torch_dtype": TORCH_DTYPE[dtype],
        "attention_dropout": 0.0, "initializer_range": 0.02, "use_cache": True,
        "bos_token_id": 1, "eos_token_id": 2, "transformers_version": "4.51.0",
    }
    if model_type == "qwen2":
        cfg.update(use_sliding_window=False, sliding_window=None, max_window_layers=layers)
    if model_type in ("llama", "qwen3"):
        cfg["attention_bias"] = bool(attention_bias)
    if model_type == "llama":
        cfg.update(mlp_bias=False, pretraining_tp=1, rope_scaling=None)
    if model_type == "qwen3":
        cfg.update(head_dim=head_dim or hidden // heads, use_sliding_window=False,
                   sliding_window=None, max_window_layers=layers)
    elif head_dim:
        cfg["head_dim"] = head_dim
    return cfg


# --- random tensors ---------------------------------------------------------------------------

class _Init:
    def __init__(self, seed):
        self.rng = np.random.default_rng(seed)

    def mat(self, out_dim, in_dim, gain=1.0):
        return (self.rng.standard_normal((out_dim, in_dim)) * gain / np.sqrt(in_dim)).astype(np.float32)

    def emb(self, rows, dims, std):
        return (self.rng.standard_normal((rows, dims)) * std).astype(np.float32)

    def bias(self, n, std=0.05):
        return (self.rng.standard_normal(n) * std).astype(np.float32)

    def norm(self, n):
        return (1.0 + 0.1 * self.rng.standard_normal(n)).astype(np.float32)


def bert_tensors(cfg, seed, prefix=True, gamma_beta=False, mlm_head=False):
    """HF BERT tensor names. prefix=False drops "bert." (sentence-transformers / BertModel
    checkpoints); gamma_beta=True uses the old LayerNorm.gamma/.beta names; mlm_head adds the
    cls.predictions.* tensors a BertForMaskedLM checkpoint carries (a reader must skip them)."""
    g = _Init(seed)
    h, inter, L = cfg["hidden_size"], cfg["intermediate_size"], cfg["num_hidden_layers"]
    p = "bert." if prefix else ""
    w_name, b_name = ("gamma", "beta") if gamma_beta else ("weight", "bias")
    t = {}

    def ln(name):
        t[f"{name}.{w_name}"] = g.norm(h)
        t[f"{name}.{b_name}"] = g.bias(h)

    def dense(name, out_dim, in_dim, gain=1.0):
        t[f"{name}.weight"] = g.mat(out_dim, in_dim, gain)
        t[f"{name}.bias"] = g.bias(out_dim)

    e = f"{p}embeddings"
    t[f"{e}.word_embeddings.weight"] = g.emb(cfg["vocab_size"], h, 0.5)
    t[f"{e}.position_embeddings.weight"] = g.emb(cfg["max_position_embeddings"], h, 0.3)
    t[f"{e}.token_type_embeddings.weight"] = g.emb(cfg["type_vocab_size"], h, 0.3)
    ln(f"{e}.LayerNorm")
    for i in range(L):
        b = f"{p}encoder.layer.{i}"
        dense(f"{b}.attention.self.query", h, h, 2.0)
        dense(f"{b}.attention.self.key", h, h, 2.0)
        dense(f"{b}.attention.self.value", h, h, 1.0)
        dense(f"{b}.attention.output.dense", h, h, 1.0)
        ln(f"{b}.attention.output.LayerNorm")
        dense(f"{b}.intermediate.dense", inter, h, 1.0)
        dense(f"{b}.output.dense", h, inter, 1.0)
        ln(f"{b}.output.LayerNorm")
    dense(f"{p}pooler.dense", h, h, 1.0)
    if mlm_head:
        dense("cls.predictions.transform.dense", h, h)
        ln("cls.predictions.transform.LayerNorm")
        t["cls.predictions.bias"] = g.bias(cfg["vocab_size"])
    return t


def decoder_tensors(cfg, seed):
    """HF names for Qwen2 / Llama / Qwen3 (model.layers.{i}...; lm_head absent when tied)."""
    g = _Init(seed)
    kind = cfg["model_type"]
    h, inter, L = cfg["hidden_size"], cfg["intermediate_size"], cfg["num_hidden_layers"]
    heads, kv = cfg["num_attention_heads"], cfg["num_key_value_heads"]
    hd = cfg.get("head_dim") or h // heads
    qkv_bias = kind == "qwen2" or cfg.get("attention_bias", False)
    o_bias = kind != "qwen2" and cfg.get("attention_bias", False)
    t = {"model.embed_tokens.weight": g.emb(cfg["vocab_size"], h, 1.0)}
    for i in range(L):
        b = f"model.layers.{i}"
        t[f"{b}.input_layernorm.weight"] = g.norm(h)
        for name, rows, gain in (("q_proj", heads * hd, 2.0), ("k_proj", kv * hd, 2.0),
                                 ("v_proj", kv * hd, 1.0)):
            t[f"{b}.self_attn.{name}.weight"] = g.mat(rows, h, gain)
            if qkv_bias:
                t[f"{b}.self_attn.{name}.bias"] = g.bias(rows, 0.2)
        t[f"{b}.self_attn.o_proj.weight"] = g.mat(h, heads * hd, 1.0)
        if o_bias:
            t[f"{b}.self_attn.o_proj.bias"] = g.bias(h)
        if kind == "qwen3":
            t[f"{b}.self_attn.q_norm.weight"] = g.norm(hd)
            t[f"{b}.self_attn.k_norm.weight"] = g.norm(hd)
        t[f"{b}.post_attention_layernorm.weight"] = g.norm(h)
        t[f"{b}.mlp.gate_proj.weight"] = g.mat(inter, h, 1.0)
        t[f"{b}.mlp.up_proj.weight"] = g.mat(inter, h, 1.0)
        t[f"{b}.mlp.down_proj.weight"] = g.mat(h, inter, 1.0)
    t["model.norm.weight"] = g.norm(h)
    if not cfg["tie_word_embeddings"]:
        t["lm_head.weight"] = g.mat(cfg["vocab_size"], h, 1.0)
    return t


# --- folder -----------------------------------------------------------------------------------

def write_sentence_transformers(folder, hidden, max_seq_length, normalize=True):
    """modules.json + 1_Pooling/config.json (mean pooling) [+ 2_Normalize/], as in
    sentence-transformers/all-MiniLM-L6-v2."""
    folder = Path(folder)
    modules = [
        {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
        {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
    ]
    if normalize:
        modules.append({"idx": 2, "name": "2", "path": "2_Normalize",
                        "type": "sentence_transformers.models.Normalize"})
        (folder / "2_Normalize").mkdir(exist_ok=True)
    (folder / "modules.json").write_text(json.dumps(modules, indent=2) + "\n")
    (folder / "1_Pooling").mkdir(exist_ok=True)
    pooling = {"word_embedding_dimension": hidden, "pooling_mode_cls_token": False,
               "pooling_mode_mean_tokens": True, "pooling_mode_max_tokens": False,
               "pooling_mode_mean_sqrt_len_tokens": False,
               "pooling_mode_weightedmean_tokens": False, "pooling_mode_lasttoken": False,
               "include_prompt": True}
    (folder / "1_Pooling" / "config.json").write_text(json.dumps(pooling, indent=2) + "\n")
    (folder / "sentence_bert_config.json").write_text(
        json.dumps({"max_seq_length": max_seq_length, "do_lower_case": False}, indent=2) + "\n")


def write_folder(folder, config, tensors, dtype="F32", shards=1):
    """config.json + safetensors (one file or shards + index); a BERT also gets its vocab."""
    if dtype not in safetensors_io.DTYPES:
        raise ValueError(dtype)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    config = dict(config, torch_dtype=TORCH_DTYPE[dtype])
    (folder / "config.json").write_text(json.dumps(config, indent=2) + "\n")
    files = safetensors_io.write_model(folder, tensors, dtype, shards)
    if config["model_type"] == "bert":
        bert_vocab.write(folder, config["vocab_size"], config["max_position_embeddings"])
    return files
