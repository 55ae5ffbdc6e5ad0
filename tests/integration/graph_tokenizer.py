#!/usr/bin/env python3
"""`embx graph --tokenizer`: a sentence becomes its Qwen tokens, whose ids are the rows of an
LLM table named by the same tokenizer. The table is synthetic (a float32 safetensors matrix
with one row per token of the real Qwen tokenizer.json, written here); each input token must
be a node at its id's row and linked to its k most similar rows as numpy computes them.

Usage: graph_tokenizer.py --embx build/.../embx --tokenizer .../tokenizer.json --workdir DIR
"""
import argparse
import json
import subprocess
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import llm_fixtures as fx  # noqa: E402

SENTENCE = "HTML coders are not considered programmers"
IDS = [5835, 20329, 388, 525, 537, 6509, 54846]
DIMS, K = 16, 3
failures = 0


def check(ok, what):
    global failures
    print(("ok   " if ok else "FAIL ") + what)
    failures += 0 if ok else 1


def run(cmd):
    p = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, encoding="utf-8")
    if p.returncode != 0:
        raise SystemExit(f"command failed ({p.returncode}): {' '.join(map(str, cmd))}\n{p.stderr}")
    return p


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--embx", required=True)
    ap.add_argument("--tokenizer", required=True)
    ap.add_argument("--workdir", required=True)
    a = ap.parse_args()
    work = Path(a.workdir)
    work.mkdir(parents=True, exist_ok=True)
    vocab = fx.tokenizer_vocab(a.tokenizer)

    x = fx.embedding_matrix(len(vocab), DIMS, seed=6509)
    st = work / "qwen-vocab.safetensors"
    st.write_bytes(fx.safetensors_bytes([("model.embed_tokens.weight", "F32", x.shape, x.tobytes())]))
    table = work / "qwen-vocab.embx"
    run([a.embx, "convert", st, "-o", table, "--tokenizer", a.tokenizer, "--dtype", "f32"])

    tokens = json.loads(run([a.embx, "tokenize", "--tokenizer", a.tokenizer, "--json", SENTENCE]).stdout)
    check([t["id"] for t in tokens] == IDS, f"tokenize: {SENTENCE!r} -> {IDS}")

    p = run([a.embx, "graph", table, "--tokenizer", a.tokenizer, "--sentence", SENTENCE, "-k", K, "--json"])
    g = json.loads(p.stdout)
    inputs = {n["rank"]: n for n in g["nodes"] if n["input"]}
    check(sorted(inputs) == sorted(IDS), "graph: the input nodes are the token ids' rows")
    check(all(inputs[i]["word"] == vocab[i] for i in IDS if i in inputs), "graph: input nodes carry the token strings")
    check("7 tokens: HTML Ġcod ers Ġare Ġnot Ġconsidered Ġprogrammers" in p.stderr, "graph: notes the tokens it used")

    unit = x / np.linalg.norm(x, axis=1, keepdims=True)
    row_of = {n["id"]: n["rank"] for n in g["nodes"]}
    linked = {}
    for e in g["edges"]:
        s, t = row_of[e["source"]], row_of[e["target"]]
        linked.setdefault(s, set()).add(t)
        linked.setdefault(t, set()).add(s)
    for i in IDS:
        sims = unit @ unit[i]
        sims[i] = -np.inf
        want = set(np.argsort(-sims)[:K].tolist())
        check(want <= linked.get(i, set()), f"graph: {vocab[i]!r} is linked to its {K} nearest rows {sorted(want)}")

    # `convert --tokenizer` embedded the tokenizer.json in the table: without --tokenizer the
    # table splits the sentence itself, into the same graph.
    info = json.loads(run([a.embx, "info", table, "--json"]).stdout)
    check(info["metadata"].get("tokenizer.json", "").startswith("(embedded, "),
          "info: the embedded tokenizer.json is shown by size, not printed")
    p = run([a.embx, "graph", table, "--sentence", SENTENCE, "-k", K, "--json"])
    check(json.loads(p.stdout) == g and "split with the table's embedded tokenizer.json" in p.stderr,
          "graph without --tokenizer uses the embedded one: the same graph")

    # A table without an embedded tokenizer (names from a plain vocabulary file) splits words,
    # most of which are no token.
    names = work / "qwen-vocab.txt"  # byte-level tokens hold no spaces or line breaks
    names.write_text("".join(w + "\n" for w in vocab), encoding="utf-8")
    plain = work / "qwen-plain.embx"
    run([a.embx, "convert", st, "-o", plain, "--vocab", names, "--dtype", "f32"])
    p = subprocess.run([a.embx, "graph", str(plain), "--sentence", SENTENCE, "-k", str(K), "--json"],
                       capture_output=True, text=True)
    check("'coders' is not in the table" in p.stderr, "graph on a table without a tokenizer splits words (and misses 'coders')")
    p = subprocess.run([a.embx, "graph", str(table), "--tokenizer", a.tokenizer, "--words", "x"],
                       capture_output=True, text=True)
    check(p.returncode != 0 and "--tokenizer goes with --sentence" in p.stderr, "graph: --tokenizer needs --sentence")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
