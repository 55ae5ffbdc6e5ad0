"""LLM embedding files written from the published format descriptions alone, as a second,
independent writer next to llm_fixtures.py (which shares its authors' reading of the formats with
src/formats). Nothing here comes from our C++ or from llm_fixtures.py; each file is returned with
the float32 values its bytes mean, computed by numpy from the same definitions.

safetensors (github.com/huggingface/safetensors, README "Format"):
  8 bytes: N, little-endian u64; N bytes: a UTF-8 JSON object mapping each tensor name to
  {"dtype", "shape", "data_offsets": [begin, end)} (offsets into the byte buffer that follows the
  header), plus an optional "__metadata__" object of string -> string; then the byte buffer.
  Tensors are little-endian and row-major. The header may end in spaces.

GGUF v3 (github.com/ggml-org/ggml, docs/gguf.md), all little-endian:
  "GGUF", u32 version 3, u64 tensor count, u64 key/value count;
  each key/value: string key, u32 value type, value (a string is a u64 byte length + bytes;
  an array is u32 element type + u64 count + the elements);
  each tensor info: string name, u32 n_dims, n_dims x u64 (innermost first: ne[0] is the
  length of a row), u32 ggml type, u64 offset into the data section (a multiple of the alignment);
  zero padding to the alignment (general.alignment, u32, default 32), then the data section.
  ggml types used: F32 = 0, F16 = 1, Q8_0 = 8 (blocks of 32 values: f16 scale d, 32 x int8 q;
  value = d * q).
"""
import json
import struct

import numpy as np

# --- safetensors --------------------------------------------------------------------------------


def safetensors(tensors, metadata=None, pad_to=8):
    """tensors: list of (name, dtype string, shape, little-endian bytes), stored in that order."""
    header, offset = {}, 0
    for name, dtype, shape, raw in tensors:
        header[name] = {"dtype": dtype, "shape": list(shape), "data_offsets": [offset, offset + len(raw)]}
        offset += len(raw)
    if metadata is not None:
        header["__metadata__"] = metadata
    text = json.dumps(header).encode("utf-8")
    text += b" " * (-len(text) % pad_to)
    return struct.pack("<Q", len(text)) + text + b"".join(raw for _, _, _, raw in tensors)


# --- GGUF ---------------------------------------------------------------------------------------

# Metadata value types.
U8, I8, U16, I16, U32, I32, F32, BOOL, STRING, ARRAY, U64, I64, F64 = range(13)
_SCALAR = {U8: "B", I8: "b", U16: "H", I16: "h", U32: "I", I32: "i", F32: "f", BOOL: "?",
           U64: "Q", I64: "q", F64: "d"}
# Tensor types.
GGML_F32, GGML_F16, GGML_Q8_0 = 0, 1, 8


def _string(s):
    b = s.encode("utf-8")
    return struct.pack("<Q", len(b)) + b


def _value(vtype, value):
    if vtype == STRING:
        return _string(value)
    if vtype == ARRAY:
        etype, items = value
        return struct.pack("<IQ", etype, len(items)) + b"".join(_value(etype, x) for x in items)
    return struct.pack("<" + _SCALAR[vtype], value)


def gguf(kv, tensors, alignment=32):
    """kv: list of (key, value type, value); an ARRAY value is (element type, list).
    tensors: list of (name, dims innermost first, ggml type, bytes). If general.alignment is
    among the keys, `alignment` must be its value."""
    out = b"GGUF" + struct.pack("<IQQ", 3, len(tensors), len(kv))
    for key, vtype, value in kv:
        out += _string(key) + struct.pack("<I", vtype) + _value(vtype, value)
    data, offset = b"", 0
    for name, dims, gtype, raw in tensors:
        out += _string(name) + struct.pack("<I", len(dims)) + b"".join(struct.pack("<Q", d) for d in dims)
        out += struct.pack("<IQ", gtype, offset)
        padded = raw + b"\0" * (-len(raw) % alignment)
        data += padded
        offset += len(padded)
    out += b"\0" * (-len(out) % alignment)
    return out + data


# --- element encodings, each with the float32 values its bytes mean ----------------------------


def f32_matrix(rng, rows, dims):
    x = (rng.standard_normal((rows, dims)) * 0.05).astype("<f4")
    return x.tobytes(), x


def f16_matrix(rng, rows, dims):
    h = (rng.standard_normal((rows, dims)) * 0.05).astype("<f2")
    return h.tobytes(), h.astype(np.float32)


def bf16_matrix(rng, rows, dims):
    """bfloat16 is the top half of a float32: any 16-bit pattern of a finite float is valid."""
    top = ((rng.standard_normal((rows, dims)) * 0.05).astype("<f4").view("<u4") >> 16).astype("<u2")
    return top.tobytes(), (top.astype("<u4") << 16).view("<f4")


def q8_0_matrix(rng, rows, dims):
    """Random blocks (not a quantiser's output): any f16 scale and int8 values are a valid block.
    One block is all zero scale, as a quantiser writes for a block of zeros."""
    assert dims % 32 == 0
    d = rng.uniform(1e-4, 2e-3, size=(rows, dims // 32, 1)).astype("<f2")
    d[0, 0, 0] = 0
    q = rng.integers(-128, 128, size=(rows, dims // 32, 32), dtype=np.int8)
    blocks = np.concatenate([d.view(np.uint8).reshape(rows, dims // 32, 2), q.view(np.uint8)], axis=2)
    values = (d.astype(np.float32) * q.astype(np.float32)).reshape(rows, dims)  # exact in float32
    return blocks.tobytes(), values
