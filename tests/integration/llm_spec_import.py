"""safetensors (F32, F16, BF16) and GGUF (F32, F16, Q8_0) files from an independent writer
(spec_llm_files.py, written from the published format descriptions) read by `embx`: every row of
the token embedding, exported as float32, must equal exactly the values numpy says the file's
bytes mean, with the right token names; `embx info --row` on an f32 .embx agrees value for value.
The files vary what a reader must get right: tensors before and after the embedding, metadata of
every value type, default and explicit alignments, a tensor chosen with --tensor.

Usage: llm_spec_import.py --embx build/native/src/embx --workdir DIR
"""
import argparse
import json
import subprocess
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import spec_llm_files as spec  # noqa: E402

ROWS, DIMS = 300, 64
INFO_ROWS = (0, 1, 157, ROWS - 1)
failures = []


def check(ok, what):
    print(("ok    " if ok else "FAIL  ") + what)
    if not ok:
        failures.append(what)


def run(cmd):
    p = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, encoding="utf-8")
    if p.returncode != 0:
        raise SystemExit(f"FAIL: {' '.join(map(str, cmd))} exited {p.returncode}:\n{p.stderr}")
    return p


def tokens():
    """Unique names without blanks (word2vec files separate words with them), some not ASCII."""
    special = ["<s>", "</s>", "\u2581the", "\u0120world", "\u65e5\u672c", "caf\u00e9", "\u0414\u0430"]
    return special + [f"tok{i}" for i in range(len(special), ROWS)]


def read_word2vec_bin(path):
    """(words, float32 rows) of a word2vec binary file: "rows dims\\n", then per row the word, a
    space, dims little-endian float32 and a newline."""
    buf = Path(path).read_bytes()
    nl = buf.index(b"\n")
    rows, dims = map(int, buf[:nl].split())
    words, values, at = [], np.empty((rows, dims), np.float32), nl + 1
    for r in range(rows):
        sp = buf.index(b" ", at)
        words.append(buf[at:sp].decode("utf-8"))
        values[r] = np.frombuffer(buf, "<f4", dims, sp + 1)
        at = sp + 1 + 4 * dims
        if buf[at:at + 1] == b"\n":
            at += 1
    return words, values, at == len(buf)


def compare(embx, work, label, path, extra, words, want):
    exported = work / f"{label}.bin"
    run([embx, "convert", path, "-o", exported, "--to", "word2vec-bin", *extra])
    got_words, got, whole = read_word2vec_bin(exported)
    check(whole and got.shape == want.shape, f"{label}: {want.shape[0]} x {want.shape[1]} rows exported, nothing more")
    check(got_words == words, f"{label}: rows named by their tokens, in order")
    mismatched = int(np.sum(np.any(got != want, axis=1))) if got.shape == want.shape else -1
    check(mismatched == 0, f"{label}: every float32 value exact ({mismatched} rows differ)")

    table = work / f"{label}.embx"
    run([embx, "convert", path, "-o", table, "--dtype", "f32", *extra])
    for r in INFO_ROWS:
        info = json.loads(run([embx, "info", table, "--json", "--row", r, "--samples", 0]).stdout)
        row = info["row"]
        values = np.array(row["values"], dtype=np.float64)
        check(info["rows"] == want.shape[0] and info["dims"] == want.shape[1] and row["word"] == words[r]
              and values.shape == (want.shape[1],) and np.array_equal(values, want[r].astype(np.float64)),
              f"{label}: info --row {r} is {words[r]!r} with the exact values")


def safetensors_cases(rng, vocab):
    norm_raw, _ = spec.f32_matrix(rng, 1, DIMS)
    f32_raw, f32 = spec.f32_matrix(rng, ROWS, DIMS)
    head_raw, head = spec.f16_matrix(rng, ROWS, DIMS)
    f16_raw, f16 = spec.f16_matrix(rng, ROWS, DIMS)
    bf16_raw, bf16 = spec.bf16_matrix(rng, ROWS, DIMS)
    return [
        ("st-f32", spec.safetensors([("model.norm.weight", "F32", (DIMS,), norm_raw),
                                     ("model.embed_tokens.weight", "F32", (ROWS, DIMS), f32_raw)],
                                    metadata={"format": "pt"}), [], f32),
        # The embedding after another matrix of the same shape; then that one by --tensor.
        ("st-f16", spec.safetensors([("lm_head.weight", "F16", (ROWS, DIMS), head_raw),
                                     ("model.embed_tokens.weight", "F16", (ROWS, DIMS), f16_raw)]), [], f16),
        ("st-f16-head", None, ["--tensor", "lm_head.weight"], head),
        ("st-bf16", spec.safetensors([("model.embed_tokens.weight", "BF16", (ROWS, DIMS), bf16_raw)],
                                     metadata={"format": "pt", "note": "written from the spec"}, pad_to=1), [], bf16),
    ]


def gguf_cases(rng, vocab):
    kv_common = [
        ("general.architecture", spec.STRING, "llama"),
        ("general.name", spec.STRING, "spec-written"),
        ("llama.embedding_length", spec.U32, DIMS),
        ("llama.context_length", spec.U64, 4096),
        ("llama.rope.freq_base", spec.F32, 10000.0),
        ("llama.attention.layer_norm_rms_epsilon", spec.F64, 1e-6),
        ("llama.use_parallel_residual", spec.BOOL, True),
        ("general.file_type", spec.I32, 1),
        ("general.quantization_version", spec.U32, 2),
        ("example.small", spec.I8, -3), ("example.u8", spec.U8, 200), ("example.u16", spec.U16, 65535),
        ("example.i16", spec.I16, -2), ("example.i64", spec.I64, -(1 << 40)),
        ("tokenizer.ggml.model", spec.STRING, "llama"),
        ("tokenizer.ggml.tokens", spec.ARRAY, (spec.STRING, vocab)),
        ("tokenizer.ggml.scores", spec.ARRAY, (spec.F32, [float(-i) for i in range(ROWS)])),
        ("tokenizer.ggml.token_type", spec.ARRAY, (spec.I32, [1] * ROWS)),
        # No nested array: the spec allows them, but embx refuses them by design (docs/llm-embeddings.md).
    ]
    norm_raw, _ = spec.f32_matrix(rng, 1, DIMS)
    odd_raw, _ = spec.f32_matrix(rng, 1, 7)  # 28 bytes: the next tensor needs padding
    f32_raw, f32 = spec.f32_matrix(rng, ROWS, DIMS)
    f16_raw, f16 = spec.f16_matrix(rng, ROWS, DIMS)
    out_raw, out = spec.f16_matrix(rng, ROWS, DIMS)
    q8_raw, q8 = spec.q8_0_matrix(rng, ROWS, DIMS)
    emb = "token_embd.weight"  # llama.cpp's name; dims innermost first: (row length, rows)
    return [
        ("gguf-f32", spec.gguf(kv_common, [("output_norm.weight", (DIMS,), spec.GGML_F32, norm_raw),
                                           (emb, (DIMS, ROWS), spec.GGML_F32, f32_raw)]), [], f32),
        ("gguf-f16", spec.gguf(kv_common + [("general.alignment", spec.U32, 64)],
                               [(emb, (DIMS, ROWS), spec.GGML_F16, f16_raw),
                                ("output.weight", (DIMS, ROWS), spec.GGML_F16, out_raw)], alignment=64), [], f16),
        ("gguf-f16-output", None, ["--tensor", "output.weight"], out),
        ("gguf-q8_0", spec.gguf([("general.alignment", spec.U32, 256)] + kv_common,
                                [("odd.weight", (7,), spec.GGML_F32, odd_raw),
                                 (emb, (DIMS, ROWS), spec.GGML_Q8_0, q8_raw)], alignment=256), [], q8),
    ]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--embx", required=True)
    ap.add_argument("--workdir", required=True)
    a = ap.parse_args()
    work = Path(a.workdir)
    work.mkdir(parents=True, exist_ok=True)
    vocab = tokens()
    vocab_file = work / "vocab.txt"
    vocab_file.write_text("".join(t + "\n" for t in vocab), encoding="utf-8")
    rng = np.random.default_rng(2026)

    previous = None
    for suffix, cases, names in ((".safetensors", safetensors_cases(rng, vocab), ["--vocab", vocab_file]),
                                 (".gguf", gguf_cases(rng, vocab), [])):
        for label, data, extra, want in cases:
            if data is not None:
                path = work / (label + suffix)
                path.write_bytes(data)
                previous = path
            compare(a.embx, work, label, previous, extra + names, vocab, want)

    if failures:
        print(f"{len(failures)} checks failed")
        return 1
    print("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
