"""Writers for LLM embedding files, generated in code (no downloaded model): safetensors and
GGUF files shaped like a real model's input-embedding matrix, with numpy computing the exact
values a reader must decode.

Used by llm_import.py (the integration test) and to regenerate the fuzz seed corpora:
    /usr/bin/python3 tests/integration/llm_fixtures.py seeds tests/fuzz/corpus
"""
import json
import struct
import sys
from pathlib import Path

import numpy as np


# --- element encodings ----------------------------------------------------------------------

def to_bf16(x):
    """float32 -> bf16 bits (round to nearest even), as uint16."""
    bits = np.ascontiguousarray(x, dtype=np.float32).view(np.uint32).astype(np.uint64)
    rounded = (bits + 0x7FFF + ((bits >> 16) & 1)) >> 16
    return rounded.astype(np.uint16)


def bf16_to_f32(b):
    return (b.astype(np.uint32) << 16).view(np.float32)


def quantize_q8_0(x):
    """Rows of float32 (dims a multiple of 32) -> (bytes, dequantized values), like ggml:
    per block of 32 an f16 scale d = max|x| / 127 and int8 q = round(x / d)."""
    rows, dims = x.shape
    blocks = x.reshape(rows, dims // 32, 32).astype(np.float32)
    amax = np.abs(blocks).max(axis=2, keepdims=True)
    d = amax / 127.0
    inv = np.where(d > 0, 1.0 / np.where(d > 0, d, 1), 0)
    q = np.clip(np.rint(blocks * inv), -127, 127).astype(np.int8)
    d16 = d.astype(np.float16)
    raw = np.concatenate([d16.view(np.uint8).reshape(rows, dims // 32, 2),
                          q.view(np.uint8)], axis=2)
    values = (d16.astype(np.float32) * q.astype(np.float32)).reshape(rows, dims)
    return raw.tobytes(), values


def embedding_matrix(rows, dims, seed):
    """Small Gaussian values like a trained embedding (std 0.02)."""
    rng = np.random.default_rng(seed)
    return (rng.standard_normal((rows, dims), dtype=np.float32) * 0.02).astype(np.float32)


# --- safetensors ----------------------------------------------------------------------------

def safetensors_bytes(tensors, metadata=None):
    """tensors: list of (name, dtype string, shape, raw bytes), stored in that order."""
    header, buffers, offset = {}, [], 0
    if metadata:
        header["__metadata__"] = metadata
    for name, dtype, shape, raw in tensors:
        header[name] = {"dtype": dtype, "shape": list(shape), "data_offsets": [offset, offset + len(raw)]}
        buffers.append(raw)
        offset += len(raw)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)  # the reference writer pads the header to 8 bytes
    return struct.pack("<Q", len(text)) + text + b"".join(buffers)


# --- GGUF -----------------------------------------------------------------------------------

GGUF_U32, GGUF_I32, GGUF_F32, GGUF_BOOL, GGUF_STRING, GGUF_ARRAY = 4, 5, 6, 7, 8, 9
GGML_F32, GGML_F16, GGML_Q8_0, GGML_BF16 = 0, 1, 8, 30


def _gguf_string(s):
    b = s.encode() if isinstance(s, str) else s
    return struct.pack("<Q", len(b)) + b


def _gguf_value(v):
    """str, bool, float (f32), int (u32), a list of str, or a list of int (i32)."""
    if isinstance(v, str):
        return struct.pack("<I", GGUF_STRING) + _gguf_string(v)
    if isinstance(v, list) and v and isinstance(v[0], int):
        return struct.pack("<IIQ", GGUF_ARRAY, GGUF_I32, len(v)) + struct.pack(f"<{len(v)}i", *v)
    if isinstance(v, list):
        return struct.pack("<IIQ", GGUF_ARRAY, GGUF_STRING, len(v)) + b"".join(_gguf_string(s) for s in v)
    if isinstance(v, bool):
        return struct.pack("<IB", GGUF_BOOL, int(v))
    if isinstance(v, float):
        return struct.pack("<If", GGUF_F32, v)
    return struct.pack("<II", GGUF_U32, v)


def gguf_bytes(kv, tensors, alignment=32):
    """kv: dict of str -> str | int (u32) | float (f32) | list of str.
    tensors: list of (name, dims (ggml order: row length first), ggml type, raw bytes)."""
    out = b"GGUF" + struct.pack("<IQQ", 3, len(tensors), len(kv))
    for k, v in kv.items():
        out += _gguf_string(k) + _gguf_value(v)
    offset, datas = 0, []
    for name, dims, gtype, raw in tensors:
        out += _gguf_string(name) + struct.pack("<I", len(dims)) + struct.pack(f"<{len(dims)}Q", *dims)
        out += struct.pack("<IQ", gtype, offset)
        pad = b"\0" * (-len(raw) % alignment)
        datas.append(raw + pad)
        offset += len(raw) + len(pad)
    out += b"\0" * (-len(out) % alignment)
    return out + b"".join(datas)


# --- tokenizer.json -------------------------------------------------------------------------

def tokenizer_vocab(path):
    """Token strings by id from a Hugging Face tokenizer.json (model.vocab + added_tokens)."""
    d = json.loads(Path(path).read_text(encoding="utf-8"))
    by_id = {i: t for t, i in d["model"]["vocab"].items()}
    for t in d.get("added_tokens", []):
        by_id[t["id"]] = t["content"]
    return [by_id.get(i, f"<unused {i}>") for i in range(max(by_id) + 1)]


# --- fuzz seeds -----------------------------------------------------------------------------

def write_seeds(corpus_dir):
    corpus = Path(corpus_dir)
    x = embedding_matrix(4, 32, seed=1)
    st = corpus / "safetensors"
    st.mkdir(parents=True, exist_ok=True)
    (st / "bf16.safetensors").write_bytes(safetensors_bytes(
        [("model.embed_tokens.weight", "BF16", (4, 32), to_bf16(x).tobytes()),
         ("model.norm.weight", "F32", (32,), np.ones(32, np.float32).tobytes())],
        metadata={"format": "pt"}))
    (st / "f16.safetensors").write_bytes(safetensors_bytes(
        [("wte.weight", "F16", (3, 8), x[:3, :8].astype(np.float16).tobytes())]))
    (st / "f32-guess.safetensors").write_bytes(safetensors_bytes(
        [("a", "F32", (2, 4), x[:2, :4].tobytes()), ("b", "F32", (3, 4), x[:3, :4].tobytes())]))

    gg = corpus / "gguf"
    gg.mkdir(parents=True, exist_ok=True)
    raw, _ = quantize_q8_0(x)
    kv = {"general.architecture": "qwen2", "general.name": "seed", "general.alignment": 32,
          "tokenizer.ggml.model": "gpt2", "tokenizer.ggml.tokens": ["a", "b", "\u0120c", "d"]}
    (gg / "q8_0.gguf").write_bytes(gguf_bytes(kv, [
        ("token_embd.weight", (32, 4), GGML_Q8_0, raw),
        ("output_norm.weight", (32,), GGML_F32, np.ones(32, np.float32).tobytes())]))
    (gg / "f16.gguf").write_bytes(gguf_bytes({"general.alignment": 64}, [
        ("token_embd.weight", (8, 3), GGML_F16, x[:3, :8].astype(np.float16).tobytes())], alignment=64))
    (gg / "bf16-f32.gguf").write_bytes(gguf_bytes({"tokenizer.ggml.tokens": ["x", "y"]}, [
        ("token_embd.weight", (4, 2), GGML_BF16, to_bf16(x[:2, :4]).tobytes()),
        ("f", (4, 2), GGML_F32, x[:2, :4].tobytes())]))

    tj = corpus / "tokenizer_vocab"
    tj.mkdir(parents=True, exist_ok=True)
    (tj / "bpe.json").write_text(json.dumps({
        "added_tokens": [{"id": 5, "content": "<|endoftext|>", "special": True}],
        "model": {"type": "BPE", "vocab": {"a": 0, "b": 1, "\u0120cod": 2, "ers": 3}, "merges": ["a b"]}},
        ensure_ascii=False))
    (tj / "unigram.json").write_text(json.dumps({
        "model": {"type": "Unigram", "vocab": [["<unk>", 0.0], ["\u2581the", -1.5], ["s", -2.25]]}}))


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "seeds":
        write_seeds(sys.argv[2])
    else:
        sys.exit(__doc__)
