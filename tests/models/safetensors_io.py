"""Minimal safetensors reader and writer (numpy only), written from the format's description:
8-byte little-endian header length, a JSON header {name: {dtype, shape, data_offsets}} plus an
optional "__metadata__", then the raw little-endian tensor data. No `safetensors` package needed.

Sharded checkpoints: model-0000K-of-0000N.safetensors plus model.safetensors.index.json
({"metadata": {"total_size": bytes}, "weight_map": {tensor name: file name}}).
"""
import json
import struct
from pathlib import Path

import numpy as np

DTYPES = ("F32", "F16", "BF16")
_ITEMSIZE = {"F32": 4, "F16": 2, "BF16": 2}


def f32_to_bf16_bits(x):
    """float32 -> bf16 bit patterns (round to nearest even), as uint16."""
    bits = np.ascontiguousarray(x, dtype=np.float32).view(np.uint32).astype(np.uint64)
    return ((bits + 0x7FFF + ((bits >> 16) & 1)) >> 16).astype(np.uint16)


def bf16_bits_to_f32(b):
    return (np.asarray(b, dtype=np.uint16).astype(np.uint32) << 16).view(np.float32)


def encode(x, dtype):
    """float array -> raw little-endian bytes of `dtype`."""
    x = np.asarray(x, dtype=np.float32)
    if dtype == "F32":
        return x.astype("<f4").tobytes()
    if dtype == "F16":
        return x.astype("<f2").tobytes()
    if dtype == "BF16":
        return f32_to_bf16_bits(x).astype("<u2").tobytes()
    raise ValueError(f"unsupported dtype {dtype}")


def decode(raw, dtype, shape):
    """raw bytes -> float32 array (F16/BF16 upcast exactly)."""
    if dtype == "F32":
        a = np.frombuffer(raw, dtype="<f4")
    elif dtype == "F16":
        a = np.frombuffer(raw, dtype="<f2").astype(np.float32)
    elif dtype == "BF16":
        a = bf16_bits_to_f32(np.frombuffer(raw, dtype="<u2"))
    else:
        raise ValueError(f"unsupported dtype {dtype}")
    return a.reshape(shape).astype(np.float32)


def rounded(x, dtype):
    """The float32 values a reader gets back after storing x as dtype."""
    x = np.asarray(x, dtype=np.float32)
    return decode(encode(x, dtype), dtype, x.shape)


def file_bytes(tensors, dtype, metadata=None):
    """{name: float array} -> bytes of one .safetensors file, every tensor stored as dtype.
    Tensors are laid out in name order; the header is space-padded to a multiple of 8 bytes
    (as the safetensors library does) so the data starts aligned."""
    header = {"__metadata__": dict(metadata or {"format": "pt"})}
    blobs, offset = [], 0
    for name in sorted(tensors):
        raw = encode(tensors[name], dtype)
        header[name] = {"dtype": dtype, "shape": list(np.shape(tensors[name])),
                        "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    text = json.dumps(header, separators=(",", ":")).encode()
    text += b" " * (-len(text) % 8)
    return struct.pack("<Q", len(text)) + text + b"".join(blobs)


def write_model(folder, tensors, dtype, shards=1):
    """Writes model.safetensors, or `shards` files plus model.safetensors.index.json.
    Shards split the name-ordered tensors into runs of roughly equal byte size; a tensor is
    never split. Returns the list of files written."""
    folder = Path(folder)
    if shards <= 1:
        (folder / "model.safetensors").write_bytes(file_bytes(tensors, dtype))
        return ["model.safetensors"]
    names = sorted(tensors)
    sizes = [int(np.prod(np.shape(tensors[n]))) * _ITEMSIZE[dtype] for n in names]
    total = sum(sizes)
    groups, acc = [[] for _ in range(shards)], 0
    for name, size in zip(names, sizes):
        # Place by the byte position of the tensor's middle: roughly equal shards, in order.
        groups[min(shards - 1, int((acc + size / 2) * shards / total))].append(name)
        acc += size
    if any(not g for g in groups):
        raise ValueError("too few tensors for that many shards")
    files, weight_map = [], {}
    for k, group in enumerate(groups, 1):
        fname = f"model-{k:05d}-of-{shards:05d}.safetensors"
        (folder / fname).write_bytes(file_bytes({n: tensors[n] for n in group}, dtype))
        files.append(fname)
        weight_map.update({n: fname for n in group})
    index = {"metadata": {"total_size": total}, "weight_map": dict(sorted(weight_map.items()))}
    (folder / "model.safetensors.index.json").write_text(json.dumps(index, indent=2) + "\n")
    return files + ["model.safetensors.index.json"]


def read_file(path):
    """One .safetensors file -> ({name: float32 array}, {name: dtype})."""
    data = Path(path).read_bytes()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8:8 + n])
    header.pop("__metadata__", None)
    base = 8 + n
    out, dtypes = {}, {}
    for name, info in header.items():
        begin, end = info["data_offsets"]
        out[name] = decode(data[base + begin:base + end], info["dtype"], info["shape"])
        dtypes[name] = info["dtype"]
    return out, dtypes


def read_model(folder):
    """A model folder (single file or sharded with an index) -> ({name: float32}, {name: dtype})."""
    folder = Path(folder)
    index = folder / "model.safetensors.index.json"
    files = (sorted(set(json.loads(index.read_text())["weight_map"].values()))
             if index.exists() else ["model.safetensors"])
    tensors, dtypes = {}, {}
    for f in files:
        t, d = read_file(folder / f)
        tensors.update(t)
        dtypes.update(d)
    return tensors, dtypes
