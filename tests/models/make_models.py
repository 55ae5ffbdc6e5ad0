#!/usr/bin/python3
"""Writes the set of small random-weight HF model folders, each with its reference.json.

  /usr/bin/python3 tests/models/make_models.py --out DIR [--minilm] [--only NAME,...]

reference.json (JSON so C++/JS tests can read it without numpy; floats to 9 significant digits):
  {"format": "embx-model-reference/1", "model_type", "dtype", "compute": "float64",
   "num_hidden_layers", "hidden_size", "num_attention_heads",
   "cases": [{"ids": [...],
              "hidden_states": [layer 0..L][token][hidden],   (HF output_hidden_states order)
              "attentions": [layer][head][query][key],
              "sentence_embedding": [hidden]                  (sentence-transformers folders)}]}
DIR/models.json lists the folders with their shapes, dtype, files and size.
--minilm adds a MiniLM-L6-shaped sentence-transformers BERT (for benchmarks; ~90 MB).
"""
import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bert_vocab  # noqa: E402
import hf_writer  # noqa: E402
import reference_forward  # noqa: E402

LENGTHS = (1, 7, 13)


def _bert(name, dtype, prefix, gamma_beta=False, st=False, mlm_head=False, seed=0, **shape):
    arch = ("BertForMaskedLM",) if mlm_head else ("BertModel",)
    cfg = hf_writer.bert_config(dtype=dtype, architectures=arch, **shape)
    return dict(name=name, config=cfg, dtype=dtype, shards=1, st=st,
                tensors=lambda: hf_writer.bert_tensors(cfg, seed, prefix, gamma_beta, mlm_head))


def _decoder(name, kind, dtype, shards=1, seed=0, **shape):
    cfg = hf_writer.decoder_config(kind, dtype=dtype, **shape)
    return dict(name=name, config=cfg, dtype=dtype, shards=shards, st=False,
                tensors=lambda: hf_writer.decoder_tensors(cfg, seed))


def model_specs(minilm=False):
    specs = [
        _bert("bert-f32", "F32", prefix=True, mlm_head=True, seed=1,
              hidden=64, layers=2, heads=4, intermediate=128, vocab=300, max_pos=64),
        _bert("bert-bf16-noprefix-gammabeta", "BF16", prefix=False, gamma_beta=True, seed=2,
              hidden=48, layers=3, heads=3, intermediate=96, vocab=120, max_pos=32),
        _bert("bert-st-mean-normalize", "F32", prefix=False, st=True, seed=3,
              hidden=32, layers=2, heads=2, intermediate=64, vocab=200, max_pos=40),
        _decoder("qwen2-mha-f32", "qwen2", "F32", seed=4, hidden=64, layers=2, heads=4,
                 kv_heads=4, intermediate=160, vocab=256),
        _decoder("qwen2-gqa3-bf16-sharded", "qwen2", "BF16", shards=3, seed=5, hidden=96,
                 layers=3, heads=6, kv_heads=2, intermediate=192, vocab=512),
        _decoder("llama-tied-f16", "llama", "F16", seed=6, hidden=64, layers=2, heads=4,
                 kv_heads=2, intermediate=128, vocab=384, tie=True, rope_theta=500000.0,
                 rms_norm_eps=1e-5),
        _decoder("qwen3-headdim24-f32", "qwen3", "F32", seed=7, hidden=64, layers=3, heads=4,
                 kv_heads=2, head_dim=24, intermediate=128, vocab=320, tie=True,
                 rope_theta=1000000.0),
    ]
    if minilm:
        specs.append(_bert("minilm-l6-st", "F32", prefix=False, st=True, seed=8, hidden=384,
                           layers=6, heads=12, intermediate=1536, vocab=30522, max_pos=512))
    return specs


def sequences(cfg, seed):
    """Token id sequences of LENGTHS; BERT ones framed by [CLS] ... [SEP] like a tokenizer's."""
    rng = np.random.default_rng(seed)
    vocab = cfg["vocab_size"]
    out = []
    for n in LENGTHS:
        if cfg["model_type"] == "bert":
            sp = bert_vocab.special_ids(vocab)
            first = max(sp.values()) + 1  # content tokens follow the specials
            body = rng.integers(first, vocab, max(0, n - 2)).tolist()
            ids = [sp["[CLS]"]] + (body + [sp["[SEP]"]] if n > 1 else [])
        else:
            ids = rng.integers(0, vocab, n).tolist()
        out.append(ids)
    return out


def _fmt(a):
    """Nested JSON lists of numbers with 9 significant digits (float32 round-trips)."""
    if a.ndim == 1:
        return "[" + ",".join(f"{v:.9g}" for v in a.tolist()) + "]"
    return "[" + ",".join(_fmt(x) for x in a) + "]"


def write_reference(folder, spec, model):
    cfg = spec["config"]
    cases = []
    for ids in sequences(cfg, seed=len(spec["name"])):
        out = reference_forward.forward(model, ids)
        fields = [f'"ids":{json.dumps(ids)}', f'"hidden_states":{_fmt(out["hidden_states"])}',
                  f'"attentions":{_fmt(out["attentions"])}']
        if "sentence_embedding" in out:
            fields.append(f'"sentence_embedding":{_fmt(out["sentence_embedding"])}')
        cases.append("{" + ",".join(fields) + "}")
    head = {"format": "embx-model-reference/1", "model_type": cfg["model_type"],
            "dtype": spec["dtype"], "compute": "float64",
            "num_hidden_layers": cfg["num_hidden_layers"], "hidden_size": cfg["hidden_size"],
            "num_attention_heads": cfg["num_attention_heads"]}
    text = json.dumps(head)[:-1] + ',"cases":[' + ",\n".join(cases) + "]}\n"
    (Path(folder) / "reference.json").write_text(text)
    return out


def layer_change(hidden):
    """Cosine between consecutive layers' hidden states, averaged over tokens (a sanity
    figure: near 1.0 would mean the layers barely change anything)."""
    a, b = hidden[:-1], hidden[1:]
    cos = (a * b).sum(-1) / (np.linalg.norm(a, axis=-1) * np.linalg.norm(b, axis=-1))
    return [round(float(c), 3) for c in cos.mean(-1)]


def main():
    ap = argparse.ArgumentParser(description="Write the small random HF models and references.")
    ap.add_argument("--out", required=True, type=Path)
    ap.add_argument("--minilm", action="store_true", help="add the MiniLM-L6-shaped BERT")
    ap.add_argument("--only", help="comma-separated model names")
    args = ap.parse_args()
    t0 = time.time()
    specs = model_specs(args.minilm)
    if args.only:
        wanted = set(args.only.split(","))
        specs = [s for s in specs if s["name"] in wanted]
    args.out.mkdir(parents=True, exist_ok=True)
    index = []
    for spec in specs:
        t1 = time.time()
        folder = args.out / spec["name"]
        cfg = spec["config"]
        files = hf_writer.write_folder(folder, cfg, spec["tensors"](), spec["dtype"], spec["shards"])
        if spec["st"]:
            hf_writer.write_sentence_transformers(folder, cfg["hidden_size"],
                                                  cfg["max_position_embeddings"])
        model = reference_forward.Model(folder)
        last = write_reference(folder, spec, model)
        size = sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())
        params = sum(int(np.prod(t.shape)) for t in model.w.values())
        entry = {"name": spec["name"], "model_type": cfg["model_type"], "dtype": spec["dtype"],
                 "hidden_size": cfg["hidden_size"], "num_hidden_layers": cfg["num_hidden_layers"],
                 "num_attention_heads": cfg["num_attention_heads"],
                 "num_key_value_heads": cfg.get("num_key_value_heads"),
                 "head_dim": cfg.get("head_dim"), "intermediate_size": cfg["intermediate_size"],
                 "vocab_size": cfg["vocab_size"], "parameters": params,
                 "weight_files": [f for f in files if f.endswith(".safetensors")],
                 "sentence_transformers": spec["st"], "folder_bytes": size}
        index.append(entry)
        print(f"{spec['name']:30s} {cfg['model_type']:5s} {spec['dtype']:4s} "
              f"h={cfg['hidden_size']} L={cfg['num_hidden_layers']} "
              f"heads={cfg['num_attention_heads']}/{cfg.get('num_key_value_heads', '-')} "
              f"files={len(entry['weight_files'])} {size / 1024:.0f} KiB "
              f"layer-to-layer cos={layer_change(last['hidden_states'])} "
              f"({time.time() - t1:.2f} s)")
    (args.out / "models.json").write_text(json.dumps(index, indent=2) + "\n")
    print(f"{len(specs)} models in {time.time() - t0:.2f} s -> {args.out}")


if __name__ == "__main__":
    main()
