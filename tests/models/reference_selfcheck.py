#!/usr/bin/python3
"""Checks reference_forward.py against a second, deliberately different computation:
  * BERT: torch.nn modules (nn.MultiheadAttention with packed in_proj, nn.LayerNorm, F.gelu),
    weights mapped by their own name rules;
  * decoders: plain numpy float64 loops over heads and query positions, RoPE as a complex
    rotation of the (i, i + d/2) pairs, GQA by head index (h // group) instead of repeats,
    the causal mask by slicing, RoPE angles in float64 (the reference uses HF's float32 ones,
    so a difference of ~1e-7 relative is expected from that alone; --rope-f64 makes the
    reference use float64 angles too, and then the two agree to ~1e-14).

  /usr/bin/python3 tests/models/reference_selfcheck.py [DIR]   (DIR from make_models.py;
  without it the default set is generated into a temporary folder)
Prints the max |difference| per model; exit 1 if any exceeds --tol (default 1e-5, or 1e-12
with --rope-f64).
"""
import argparse
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import torch
from torch import nn

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import reference_forward  # noqa: E402
import safetensors_io  # noqa: E402


# --- BERT through torch.nn --------------------------------------------------------------------

def bert_nn(folder, ids):
    cfg = json.loads((folder / "config.json").read_text())
    raw, _ = safetensors_io.read_model(folder)
    W = {}
    for k, v in raw.items():
        k = re.sub(r"^bert\.", "", k)
        k = re.sub(r"LayerNorm\.gamma$", "LayerNorm.weight", k)
        k = re.sub(r"LayerNorm\.beta$", "LayerNorm.bias", k)
        W[k] = torch.tensor(v, dtype=torch.float64)
    h, heads = cfg["hidden_size"], cfg["num_attention_heads"]

    def ln(prefix):
        m = nn.LayerNorm(h, eps=cfg["layer_norm_eps"], dtype=torch.float64)
        m.weight.data, m.bias.data = W[prefix + ".weight"], W[prefix + ".bias"]
        return m

    def lin(prefix):
        w = W[prefix + ".weight"]
        m = nn.Linear(w.shape[1], w.shape[0], dtype=torch.float64)
        m.weight.data, m.bias.data = w, W[prefix + ".bias"]
        return m

    idx = torch.tensor([ids])
    tok = nn.Embedding.from_pretrained(W["embeddings.word_embeddings.weight"])(idx)
    pos = nn.Embedding.from_pretrained(W["embeddings.position_embeddings.weight"])(
        torch.arange(len(ids))[None])
    typ = nn.Embedding.from_pretrained(W["embeddings.token_type_embeddings.weight"])(
        torch.zeros_like(idx))
    x = ln("embeddings.LayerNorm")(tok + pos + typ)
    hidden, attn = [x[0]], []
    for i in range(cfg["num_hidden_layers"]):
        p = f"encoder.layer.{i}."
        mha = nn.MultiheadAttention(h, heads, batch_first=True, dtype=torch.float64)
        mha.in_proj_weight.data = torch.cat([W[p + f"attention.self.{s}.weight"]
                                             for s in ("query", "key", "value")])
        mha.in_proj_bias.data = torch.cat([W[p + f"attention.self.{s}.bias"]
                                           for s in ("query", "key", "value")])
        mha.out_proj.weight.data = W[p + "attention.output.dense.weight"]
        mha.out_proj.bias.data = W[p + "attention.output.dense.bias"]
        mha.eval()
        a, probs = mha(x, x, x, need_weights=True, average_attn_weights=False)
        a = ln(p + "attention.output.LayerNorm")(a + x)
        inter = nn.functional.gelu(lin(p + "intermediate.dense")(a))
        x = ln(p + "output.LayerNorm")(lin(p + "output.dense")(inter) + a)
        hidden.append(x[0])
        attn.append(probs[0])
    out = {"hidden_states": torch.stack(hidden).detach().numpy(),
           "attentions": torch.stack(attn).detach().numpy()}
    if (folder / "modules.json").exists():  # sentence-transformers: masked mean + normalize
        mask = torch.ones(1, len(ids), 1, dtype=torch.float64)
        s = (x * mask).sum(1) / torch.clamp(mask.sum(1), min=1e-9)
        out["sentence_embedding"] = nn.functional.normalize(s, p=2, dim=1)[0].detach().numpy()
    return out


# --- decoders in numpy loops ------------------------------------------------------------------

def decoder_numpy(folder, ids):
    cfg = json.loads((folder / "config.json").read_text())
    raw, _ = safetensors_io.read_model(folder)
    W = {k: v.astype(np.float64) for k, v in raw.items()}
    h, L = cfg["hidden_size"], cfg["num_hidden_layers"]
    H, KV = cfg["num_attention_heads"], cfg["num_key_value_heads"]
    d = cfg.get("head_dim") or h // H
    eps, theta, n = cfg["rms_norm_eps"], cfg["rope_theta"], len(ids)
    group = H // KV

    def rms(v, w):
        return v / np.sqrt(np.mean(v * v, axis=-1, keepdims=True) + eps) * w

    def proj(name, v):
        y = v @ W[name + ".weight"].T
        return y + W[name + ".bias"] if name + ".bias" in W else y

    def rope(v, pos):  # v: (d,) -> rotated, as complex pairs (v[i], v[i + d/2])
        half = d // 2
        z = v[:half] + 1j * v[half:]
        z = z * np.exp(1j * pos * theta ** (-np.arange(half) * 2.0 / d))
        return np.concatenate([z.real, z.imag])

    x = W["model.embed_tokens.weight"][ids]
    hidden, attn = [x.copy()], []
    for i in range(L):
        p = f"model.layers.{i}."
        hn = rms(x, W[p + "input_layernorm.weight"])
        q = proj(p + "self_attn.q_proj", hn).reshape(n, H, d)
        k = proj(p + "self_attn.k_proj", hn).reshape(n, KV, d)
        v = proj(p + "self_attn.v_proj", hn).reshape(n, KV, d)
        if cfg["model_type"] == "qwen3":
            q = rms(q, W[p + "self_attn.q_norm.weight"])
            k = rms(k, W[p + "self_attn.k_norm.weight"])
        q = np.array([[rope(q[t, hh], t) for hh in range(H)] for t in range(n)])
        k = np.array([[rope(k[t, hh], t) for hh in range(KV)] for t in range(n)])
        ctx = np.zeros((n, H * d))
        probs = np.zeros((H, n, n))
        for hh in range(H):
            kvh = hh // group
            for t in range(n):
                s = np.array([q[t, hh] @ k[j, kvh] for j in range(t + 1)]) / np.sqrt(d)
                e = np.exp(s - s.max())
                probs[hh, t, :t + 1] = e / e.sum()
                ctx[t, hh * d:(hh + 1) * d] = probs[hh, t, :t + 1] @ v[:t + 1, kvh]
        x = x + proj(p + "self_attn.o_proj", ctx)
        hn = rms(x, W[p + "post_attention_layernorm.weight"])
        gate = proj(p + "mlp.gate_proj", hn)
        x = x + proj(p + "mlp.down_proj", gate / (1 + np.exp(-gate)) * proj(p + "mlp.up_proj", hn))
        hidden.append(x.copy())
        attn.append(probs)
    hidden[-1] = rms(x, W["model.norm.weight"])
    return {"hidden_states": np.array(hidden), "attentions": np.array(attn)}


def main():
    ap = argparse.ArgumentParser(description="reference_forward.py vs a second computation")
    ap.add_argument("dir", nargs="?", type=Path)
    ap.add_argument("--tol", type=float)
    ap.add_argument("--rope-f64", action="store_true", help="reference RoPE tables in float64")
    args = ap.parse_args()
    if args.rope_f64:
        reference_forward.ROPE_DTYPE = torch.float64
    if args.tol is None:
        args.tol = 1e-12 if args.rope_f64 else 1e-5
    tmp = None
    if args.dir is None:
        tmp = tempfile.TemporaryDirectory()
        args.dir = Path(tmp.name)
        subprocess.run([sys.executable, str(HERE / "make_models.py"), "--out", str(args.dir)],
                       check=True, stdout=subprocess.DEVNULL)
    worst, ok = 0.0, True
    for ref in sorted(args.dir.glob("*/reference.json")):
        folder = ref.parent
        kind = json.loads((folder / "config.json").read_text())["model_type"]
        other = bert_nn if kind == "bert" else decoder_numpy
        diffs = {}
        for case in json.loads(ref.read_text())["cases"]:
            a = reference_forward.forward(folder, case["ids"])
            b = other(folder, case["ids"])
            for key in a:
                diffs[key] = max(diffs.get(key, 0.0), float(np.abs(a[key] - b[key]).max()))
        m = max(diffs.values())
        worst, ok = max(worst, m), ok and m <= args.tol
        print(f"{'ok  ' if m <= args.tol else 'FAIL'} {folder.name:30s} "
              + " ".join(f"{k}={v:.2e}" for k, v in diffs.items()))
    print(f"max |difference| {worst:.2e} (tolerance {args.tol:g})")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
