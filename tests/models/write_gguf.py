#!/usr/bin/python3
"""Writes a Hugging Face model folder (made by make_models.py) as a GGUF file the way llama.cpp's
convert_hf_to_gguf.py lays one out, from the format's description (numpy only, no gguf package):
llama.cpp tensor names (token_embd, blk.N.attn_q, ffn_gate, attn_norm, ...), the config as
`{arch}.*` metadata, a Llama model's q/k rows interleaved per head for llama.cpp's rotary layout
(reshape(heads, 2, d/2, cols).swapaxes(1, 2)), matrices as F32, F16, BF16 or Q8_0 (Q8_0 only
where rows are whole blocks of 32, else F16, as llama.cpp falls back), vectors as F32.
Optionally the tokenizer of a tokenizer.json as tokenizer.ggml.* (byte-level BPE or WordPiece).

  write_gguf.py FOLDER OUT.gguf [--dtype f32|f16|bf16|q8_0] [--tokenizer tokenizer.json --pre qwen2]
"""
import argparse
import json
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "integration"))
import safetensors_io  # noqa: E402
from llm_fixtures import GGML_BF16, GGML_F16, GGML_F32, GGML_Q8_0, gguf_bytes, quantize_q8_0, to_bf16  # noqa: E402

DECODER_LAYER = {
    "input_layernorm.weight": "attn_norm.weight", "post_attention_layernorm.weight": "ffn_norm.weight",
    "self_attn.q_proj.weight": "attn_q.weight", "self_attn.q_proj.bias": "attn_q.bias",
    "self_attn.k_proj.weight": "attn_k.weight", "self_attn.k_proj.bias": "attn_k.bias",
    "self_attn.v_proj.weight": "attn_v.weight", "self_attn.v_proj.bias": "attn_v.bias",
    "self_attn.o_proj.weight": "attn_output.weight", "self_attn.q_norm.weight": "attn_q_norm.weight",
    "self_attn.k_norm.weight": "attn_k_norm.weight", "mlp.gate_proj.weight": "ffn_gate.weight",
    "mlp.up_proj.weight": "ffn_up.weight", "mlp.down_proj.weight": "ffn_down.weight",
}
BERT_LAYER = {
    "attention.self.query": "attn_q", "attention.self.key": "attn_k", "attention.self.value": "attn_v",
    "attention.output.dense": "attn_output", "attention.output.LayerNorm": "attn_output_norm",
    "intermediate.dense": "ffn_up", "output.dense": "ffn_down", "output.LayerNorm": "layer_output_norm",
}
BERT_GLOBAL = {
    "embeddings.word_embeddings": "token_embd", "embeddings.position_embeddings": "position_embd",
    "embeddings.token_type_embeddings": "token_types", "embeddings.LayerNorm": "token_embd_norm",
}


def gguf_name(name, arch):
    """A Hugging Face tensor name -> llama.cpp's, or None for tensors llama.cpp drops."""
    if arch == "bert":
        name = name.removeprefix("bert.").replace(".gamma", ".weight").replace(".beta", ".bias")
        base, _, kind = name.rpartition(".")
        if base in BERT_GLOBAL:
            return f"{BERT_GLOBAL[base]}.{kind}"
        if base.startswith("encoder.layer."):
            layer, _, rest = base.removeprefix("encoder.layer.").partition(".")
            return f"blk.{layer}.{BERT_LAYER[rest]}.{kind}" if rest in BERT_LAYER else None
        return None
    name = name.removeprefix("model.")
    if name == "embed_tokens.weight":
        return "token_embd.weight"
    if name == "norm.weight":
        return "output_norm.weight"
    if name == "lm_head.weight":
        return "output.weight"
    if name.startswith("layers."):
        layer, _, rest = name.removeprefix("layers.").partition(".")
        return f"blk.{layer}.{DECODER_LAYER[rest]}"
    return None


def interleave(w, heads):
    """llama.cpp's permute for a Llama model's q/k projections (rows within each head)."""
    return w.reshape(heads, 2, w.shape[0] // heads // 2, *w.shape[1:]).swapaxes(1, 2).reshape(w.shape)


def encode(x, dtype):
    """-> (ggml type, raw bytes)."""
    x = np.ascontiguousarray(x, dtype=np.float32)
    if x.ndim == 1 or dtype == "f32":
        return GGML_F32, x.tobytes()
    if dtype == "q8_0" and x.shape[-1] % 32 == 0:
        return GGML_Q8_0, quantize_q8_0(x)[0]
    if dtype == "bf16":
        return GGML_BF16, to_bf16(x).tobytes()
    return GGML_F16, x.astype(np.float16).tobytes()


def metadata(cfg, name):
    arch = cfg["model_type"]
    kv = {"general.architecture": arch, "general.name": name, "general.alignment": 32,
          f"{arch}.block_count": cfg["num_hidden_layers"], f"{arch}.embedding_length": cfg["hidden_size"],
          f"{arch}.feed_forward_length": cfg["intermediate_size"],
          f"{arch}.attention.head_count": cfg["num_attention_heads"],
          f"{arch}.context_length": cfg.get("max_position_embeddings", 32768)}
    if arch == "bert":
        kv[f"{arch}.attention.layer_norm_epsilon"] = float(cfg.get("layer_norm_eps", 1e-12))
        kv[f"{arch}.attention.causal"] = False
    else:
        kv[f"{arch}.attention.head_count_kv"] = cfg.get("num_key_value_heads", cfg["num_attention_heads"])
        kv[f"{arch}.attention.layer_norm_rms_epsilon"] = float(cfg.get("rms_norm_eps", 1e-6))
        kv[f"{arch}.rope.freq_base"] = float(cfg.get("rope_theta", 10000.0))
        if "head_dim" in cfg:
            kv[f"{arch}.attention.key_length"] = cfg["head_dim"]
            kv[f"{arch}.attention.value_length"] = cfg["head_dim"]
    return kv


def tokenizer_metadata(tokenizer_json, pre):
    """tokenizer.ggml.* for a byte-level BPE or WordPiece tokenizer.json, as llama.cpp's
    converter writes them: every token by id, merges as "a b", added tokens typed CONTROL (3,
    special) or USER_DEFINED (4), BOS added when the post-processor puts one first."""
    t = json.loads(Path(tokenizer_json).read_text(encoding="utf-8"))
    model = t["model"]
    by_id = {i: s for s, i in model["vocab"].items()}
    types = {}
    for a in t.get("added_tokens", []):
        by_id[a["id"]] = a["content"]
        types[a["id"]] = 3 if a.get("special") else 4
    n = max(by_id) + 1
    tokens = [by_id.get(i, f"[PAD{i}]") for i in range(n)]
    kv = {"tokenizer.ggml.tokens": tokens, "tokenizer.ggml.token_type": [types.get(i, 1) for i in range(n)]}
    if model["type"] == "WordPiece":
        # llama.cpp's "phantom space" vocabulary: a word start gets U+2581, a ## continuation
        # loses its ##, control tokens stay as they are.
        kv["tokenizer.ggml.tokens"] = [t if types.get(i) == 3 else t[2:] if t.startswith("##") else "\u2581" + t
                                       for i, t in enumerate(tokens)]
        kv["tokenizer.ggml.model"] = "bert"
        return kv
    kv["tokenizer.ggml.model"] = "gpt2"
    kv["tokenizer.ggml.pre"] = pre
    kv["tokenizer.ggml.merges"] = [m if isinstance(m, str) else " ".join(m) for m in model["merges"]]
    post = t.get("post_processor") or {}
    first = (post.get("single") or [{}])[0] if post.get("type") == "TemplateProcessing" else {}
    if "SpecialToken" in first:
        bos = first["SpecialToken"]["id"]
        kv["tokenizer.ggml.bos_token_id"] = post["special_tokens"][bos]["ids"][0]
        kv["tokenizer.ggml.add_bos_token"] = True
    return kv


def model_gguf(folder, dtype="f16", tokenizer=None, pre="qwen2", tensors=None):
    folder = Path(folder)
    cfg = json.loads((folder / "config.json").read_text())
    arch = cfg["model_type"]
    if tensors is None:
        tensors, _ = safetensors_io.read_model(folder)
    out = []
    for name in sorted(tensors):
        g = gguf_name(name, arch)
        if g is None or g == "output.weight":
            continue
        w = tensors[name]
        if arch == "llama" and (".attn_q." in g or ".attn_k." in g):
            heads = cfg["num_attention_heads"] if ".attn_q." in g else cfg.get("num_key_value_heads", cfg["num_attention_heads"])
            w = interleave(w, heads)
        gtype, raw = encode(w, dtype)
        out.append((g, tuple(reversed(w.shape)), gtype, raw))
    kv = metadata(cfg, folder.name)
    if tokenizer:
        kv.update(tokenizer_metadata(tokenizer, pre))
    return gguf_bytes(kv, out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--dtype", choices=["f32", "f16", "bf16", "q8_0"], default="f16")
    ap.add_argument("--tokenizer", type=Path)
    ap.add_argument("--pre", default="qwen2", help="tokenizer.ggml.pre for a byte-level BPE tokenizer")
    a = ap.parse_args()
    a.out.write_bytes(model_gguf(a.folder, a.dtype, a.tokenizer, a.pre))


if __name__ == "__main__":
    main()
