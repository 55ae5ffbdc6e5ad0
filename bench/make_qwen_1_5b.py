#!/usr/bin/python3
"""Writes a random-weight Qwen2 folder of DeepSeek-R1-Distill-Qwen-1.5B's exact shape (hidden
1536, 28 layers, 12 query and 2 key/value heads, intermediate 8960, vocabulary 151,936, BF16,
lm_head untied) in Hugging Face layout: config.json, two safetensors shards and their index,
3.5 GB. No real weights can be downloaded here; the shape is what the speed figures need.
Tensors are generated and written one at a time, so memory stays near the largest (0.9 GB).

  /usr/bin/python3 bench/make_qwen_1_5b.py OUT_DIR
"""
import json
import struct
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests/models"))
import hf_writer  # noqa: E402

H, L, HEADS, KV, F, V = 1536, 28, 12, 2, 8960, 151936
D = H // HEADS


def tensor_shapes():
    out = [("model.embed_tokens.weight", (V, H))]
    for i in range(L):
        p = f"model.layers.{i}."
        out += [(p + "self_attn.q_proj.weight", (H, H)), (p + "self_attn.q_proj.bias", (H,)),
                (p + "self_attn.k_proj.weight", (KV * D, H)), (p + "self_attn.k_proj.bias", (KV * D,)),
                (p + "self_attn.v_proj.weight", (KV * D, H)), (p + "self_attn.v_proj.bias", (KV * D,)),
                (p + "self_attn.o_proj.weight", (H, H)),
                (p + "mlp.gate_proj.weight", (F, H)), (p + "mlp.up_proj.weight", (F, H)),
                (p + "mlp.down_proj.weight", (H, F)),
                (p + "input_layernorm.weight", (H,)), (p + "post_attention_layernorm.weight", (H,))]
    out += [("model.norm.weight", (H,)), ("lm_head.weight", (V, H))]
    return out


def values(rng, name, shape):
    if name.endswith("norm.weight"):
        return 1.0 + 0.1 * rng.standard_normal(shape, dtype=np.float32)
    if name.endswith(".bias"):
        return 0.05 * rng.standard_normal(shape, dtype=np.float32)
    std = 0.02 if "embed" in name or "lm_head" in name else 1.0 / np.sqrt(shape[1])
    return rng.standard_normal(shape, dtype=np.float32) * np.float32(std)


def bf16_bytes(x):
    bits = x.view(np.uint32)
    return ((bits + 0x7FFF + ((bits >> 16) & 1)) >> 16).astype("<u2").tobytes()  # round to nearest even


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    cfg = hf_writer.decoder_config("qwen2", hidden=H, layers=L, heads=HEADS, kv_heads=KV, intermediate=F,
                                   vocab=V, max_pos=131072, dtype="BF16", rope_theta=10000.0, rms_norm_eps=1e-6)
    (out / "config.json").write_text(json.dumps(cfg, indent=2))
    shapes = tensor_shapes()
    half = len(shapes) // 2
    shards = [shapes[:half], shapes[half:]]
    names = [f"model-{i + 1:05d}-of-{len(shards):05d}.safetensors" for i in range(len(shards))]
    weight_map, total = {}, 0
    rng = np.random.default_rng(1536)
    for shard, fname in zip(shards, names):
        header, at = {}, 0
        for name, shape in shard:
            n = 2 * int(np.prod(shape))
            header[name] = {"dtype": "BF16", "shape": list(shape), "data_offsets": [at, at + n]}
            weight_map[name] = fname
            at += n
        raw = json.dumps(header).encode()
        raw += b" " * (-len(raw) % 8)
        with open(out / fname, "wb") as f:
            f.write(struct.pack("<Q", len(raw)) + raw)
            for name, shape in shard:
                f.write(bf16_bytes(values(rng, name, shape)))
        total += at
        print(f"wrote {fname}: {at / 1e9:.2f} GB", flush=True)
    (out / "model.safetensors.index.json").write_text(
        json.dumps({"metadata": {"total_size": total}, "weight_map": weight_map}, indent=1))
    print(f"{out}: {total / 1e9:.2f} GB of BF16 weights")


if __name__ == "__main__":
    main()
