#!/usr/bin/python3
"""Reference forward pass, in torch float64, of the equations of Hugging Face's modeling_bert,
modeling_qwen2, modeling_llama and modeling_qwen3, written independently (no transformers).
Reads a model folder (config.json + safetensors parsed by hand), takes token ids, returns the
hidden states by the `output_hidden_states=True` convention:
  * BERT: [embedding output (after the embedding LayerNorm), output of layer 1, ..., layer L];
  * decoders: [embeddings, residual stream after layer 1, ..., after layer L-1,
               final norm(residual after layer L)] -- HF puts the normed output last.
Both have num_hidden_layers + 1 entries. Also the attention probabilities [layer][head][q][k]
and, for a sentence-transformers BERT folder, the pooled (and normalised) sentence embedding.

Precision: weights as stored (F16/BF16 upcast exactly), all arithmetic in float64, except the
RoPE tables (inv_freq, angles, cos, sin), computed in float32 exactly as HF does, then upcast.
Single sentence: token_type_ids all 0, attention mask all ones, position ids 0..n-1.

CLI (the same interface and JSON as the C++ `embx hidden`, so compare_hidden.py can run on it):
  reference_forward.py hidden MODEL_DIR --ids 1,2,3 --json
"""
import argparse
import json
import math
import sys
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
import safetensors_io  # noqa: E402

F64 = torch.float64
# HF computes the RoPE tables in float32; reference_selfcheck.py --rope-f64 switches to float64
# to show that this rounding is the only difference from its second computation.
ROPE_DTYPE = torch.float32


class Model:
    """config + float64 weights under canonical names (BERT: no "bert." prefix, LayerNorm
    gamma/beta renamed weight/bias) + the sentence-transformers pipeline if any."""

    def __init__(self, folder):
        self.folder = Path(folder)
        self.config = json.loads((self.folder / "config.json").read_text())
        raw, self.dtypes = safetensors_io.read_model(self.folder)
        self.w = {self._canonical(k): torch.from_numpy(v).to(F64) for k, v in raw.items()}
        self.pooling, self.normalize = self._sentence_transformers()
        vocab = self.folder / "vocab.txt"
        self.vocab = vocab.read_text().split("\n")[:-1] if vocab.exists() else None

    def _canonical(self, name):
        if self.config["model_type"] != "bert":
            return name
        if name.startswith("bert."):
            name = name[len("bert."):]
        if name.endswith("LayerNorm.gamma"):
            name = name[:-len("gamma")] + "weight"
        elif name.endswith("LayerNorm.beta"):
            name = name[:-len("beta")] + "bias"
        return name

    def _sentence_transformers(self):
        modules = self.folder / "modules.json"
        if not modules.exists():
            return None, False
        pooling, normalize = None, False
        for m in json.loads(modules.read_text()):
            if m["type"].endswith(".Pooling"):
                cfg = json.loads((self.folder / m["path"] / "config.json").read_text())
                modes = [k for k, v in cfg.items() if k.startswith("pooling_mode_") and v]
                if modes not in (["pooling_mode_mean_tokens"], ["pooling_mode_cls_token"]):
                    raise ValueError(f"unsupported pooling {modes}")
                pooling = "mean" if modes == ["pooling_mode_mean_tokens"] else "cls"
            elif m["type"].endswith(".Normalize"):
                normalize = True
        return pooling, normalize


# --- building blocks --------------------------------------------------------------------------

def linear(x, w, b=None):
    y = x @ w.T
    return y + b if b is not None else y


def layer_norm(x, w, b, eps):
    mean = x.mean(-1, keepdim=True)
    var = ((x - mean) ** 2).mean(-1, keepdim=True)  # biased variance, as torch's LayerNorm
    return (x - mean) / torch.sqrt(var + eps) * w + b


def rms_norm(x, w, eps):
    return x * torch.rsqrt((x * x).mean(-1, keepdim=True) + eps) * w


def gelu_erf(x):
    return 0.5 * x * (1.0 + torch.erf(x / math.sqrt(2.0)))


def silu(x):
    return x * torch.sigmoid(x)


def softmax(x):
    x = x - x.max(-1, keepdim=True).values
    e = torch.exp(x)
    return e / e.sum(-1, keepdim=True)


def rope_tables(n, head_dim, theta):
    """cos, sin of shape (n, head_dim), HF's default rope, in ROPE_DTYPE (float32 like HF),
    then float64."""
    exps = torch.arange(0, head_dim, 2, dtype=torch.int64).to(ROPE_DTYPE) / head_dim
    inv_freq = 1.0 / (theta ** exps)
    pos = torch.arange(n, dtype=torch.int64).to(ROPE_DTYPE)
    freqs = torch.outer(pos, inv_freq)                 # (n, head_dim/2)
    emb = torch.cat((freqs, freqs), dim=-1)            # non-interleaved halves
    return emb.cos().to(F64), emb.sin().to(F64)


def rotate_half(x):
    half = x.shape[-1] // 2
    return torch.cat((-x[..., half:], x[..., :half]), dim=-1)


# --- models -----------------------------------------------------------------------------------

def bert_forward(m, ids):
    c, W = m.config, m.w
    n, h, heads = len(ids), c["hidden_size"], c["num_attention_heads"]
    d, eps = h // heads, c["layer_norm_eps"]
    if c.get("hidden_act", "gelu") != "gelu":
        raise ValueError(f"unsupported hidden_act {c.get('hidden_act')}")
    if n > c["max_position_embeddings"]:
        raise ValueError("sequence longer than max_position_embeddings")
    idx = torch.tensor(ids)
    x = (W["embeddings.word_embeddings.weight"][idx]
         + W["embeddings.position_embeddings.weight"][:n]
         + W["embeddings.token_type_embeddings.weight"][0])
    x = layer_norm(x, W["embeddings.LayerNorm.weight"], W["embeddings.LayerNorm.bias"], eps)
    hidden, attn = [x], []
    for i in range(c["num_hidden_layers"]):
        p = f"encoder.layer.{i}."

        def lin(name, t):
            return linear(t, W[p + name + ".weight"], W[p + name + ".bias"])

        def split(t):  # (n, h) -> (heads, n, d)
            return t.view(n, heads, d).transpose(0, 1)

        q, k, v = (split(lin(f"attention.self.{s}", x)) for s in ("query", "key", "value"))
        probs = softmax(q @ k.transpose(1, 2) / math.sqrt(d))  # mask all ones: adds 0
        ctx = (probs @ v).transpose(0, 1).reshape(n, h)
        a = layer_norm(lin("attention.output.dense", ctx) + x,
                       W[p + "attention.output.LayerNorm.weight"],
                       W[p + "attention.output.LayerNorm.bias"], eps)
        inter = gelu_erf(lin("intermediate.dense", a))
        x = layer_norm(lin("output.dense", inter) + a,
                       W[p + "output.LayerNorm.weight"], W[p + "output.LayerNorm.bias"], eps)
        hidden.append(x)
        attn.append(probs)
    out = {"hidden_states": torch.stack(hidden), "attentions": torch.stack(attn)}
    if m.pooling:
        s = x.mean(0) if m.pooling == "mean" else x[0]  # all tokens unmasked
        if m.normalize:
            s = s / torch.clamp(s.norm(), min=1e-12)  # F.normalize(p=2)
        out["sentence_embedding"] = s
    return out


def decoder_forward(m, ids):
    c, W = m.config, m.w
    kind = c["model_type"]
    if kind not in ("qwen2", "llama", "qwen3"):
        raise ValueError(f"unsupported model_type {kind}")
    if c.get("hidden_act", "silu") != "silu":
        raise ValueError(f"unsupported hidden_act {c.get('hidden_act')}")
    if c.get("rope_scaling"):
        raise ValueError("rope_scaling is not implemented")
    n, h = len(ids), c["hidden_size"]
    heads, kv = c["num_attention_heads"], c["num_key_value_heads"]
    hd = c.get("head_dim") or h // heads
    eps = c["rms_norm_eps"]
    cos, sin = rope_tables(n, hd, float(c.get("rope_theta", 10000.0)))
    causal = torch.full((n, n), float("-inf"), dtype=F64).triu(1)  # key j > query i masked
    x = W["model.embed_tokens.weight"][torch.tensor(ids)]
    hidden, attn = [x], []
    for i in range(c["num_hidden_layers"]):
        p = f"model.layers.{i}."

        def lin(name, t):
            return linear(t, W[p + name + ".weight"], W.get(p + name + ".bias"))

        hn = rms_norm(x, W[p + "input_layernorm.weight"], eps)
        q = lin("self_attn.q_proj", hn).view(n, heads, hd)
        k = lin("self_attn.k_proj", hn).view(n, kv, hd)
        v = lin("self_attn.v_proj", hn).view(n, kv, hd)
        if kind == "qwen3":  # per-head RMSNorm over head_dim, before RoPE
            q = rms_norm(q, W[p + "self_attn.q_norm.weight"], eps)
            k = rms_norm(k, W[p + "self_attn.k_norm.weight"], eps)
        q, k, v = q.transpose(0, 1), k.transpose(0, 1), v.transpose(0, 1)  # (heads, n, hd)
        q = q * cos + rotate_half(q) * sin
        k = k * cos + rotate_half(k) * sin
        k = k.repeat_interleave(heads // kv, dim=0)  # GQA: kv head j serves q heads j*g..j*g+g-1
        v = v.repeat_interleave(heads // kv, dim=0)
        probs = softmax(q @ k.transpose(1, 2) * hd ** -0.5 + causal)
        ctx = (probs @ v).transpose(0, 1).reshape(n, heads * hd)
        x = x + lin("self_attn.o_proj", ctx)
        hn = rms_norm(x, W[p + "post_attention_layernorm.weight"], eps)
        x = x + lin("mlp.down_proj", silu(lin("mlp.gate_proj", hn)) * lin("mlp.up_proj", hn))
        hidden.append(x)
        attn.append(probs)
    hidden[-1] = rms_norm(x, W["model.norm.weight"], eps)
    return {"hidden_states": torch.stack(hidden), "attentions": torch.stack(attn)}


def forward(model, ids):
    """-> {"hidden_states": (L+1, n, hidden), "attentions": (L, heads, n, n)
    [, "sentence_embedding": (hidden,)]} as float64 numpy arrays."""
    if isinstance(model, (str, Path)):
        model = Model(model)
    ids = [int(i) for i in ids]
    if not ids or min(ids) < 0 or max(ids) >= model.config["vocab_size"]:
        raise ValueError("ids must be non-empty and within vocab_size")
    with torch.no_grad():
        fn = bert_forward if model.config["model_type"] == "bert" else decoder_forward
        out = fn(model, ids)
    return {k: v.numpy() for k, v in out.items()}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("command", choices=["hidden"])
    ap.add_argument("model")
    ap.add_argument("--ids", required=True, help="comma-separated token ids")
    ap.add_argument("--json", action="store_true", help="JSON output (the only format)")
    ap.add_argument("--dtype", default="f32", help="accepted for interface parity; ignored")
    args = ap.parse_args()
    model = Model(args.model)
    ids = [int(s) for s in args.ids.split(",")]
    out = forward(model, ids)
    tokens = [{"id": i, "token": model.vocab[i] if model.vocab else None} for i in ids]
    doc = {"tokens": tokens, "hidden_states": out["hidden_states"].tolist()}
    if "sentence_embedding" in out:
        doc["sentence_embedding"] = out["sentence_embedding"].tolist()
    json.dump(doc, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
