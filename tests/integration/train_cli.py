"""`embx train` end to end, against gensim:

1. A generated corpus with planted structure (groups of "member" words that only ever appear
   amid their group's context words) is trained with one thread and one seed into .vec, .bin
   and .embx; the same seed gives the same vectors each time.
2. gensim's KeyedVectors.load_word2vec_format reads the .vec and the .bin: the same words in
   the same order (most frequent first, "</s>" first as the word2vec tool writes it), the
   same float32 values in both files.
3. The planted structure shows in gensim (each member's most similar member is of its group)
   and in `embx neighbors` on the .embx table.
4. Bad input fails with a clear message before training: a binary file (byte offset), an
   empty file, too few words for min-count, absurd parameters.

Usage: train_cli.py --embx build/.../embx --workdir DIR
"""
import argparse
import json
import random
import subprocess
import sys
from pathlib import Path

import numpy as np
from gensim.models import KeyedVectors

failures = []


def check(ok, what):
    print(("ok    " if ok else "FAIL  ") + what)
    if not ok:
        failures.append(what)


def run(cmd, expect_ok=True):
    p = subprocess.run([str(c) for c in cmd], capture_output=True, text=True)
    if expect_ok and p.returncode != 0:
        print(p.stdout, p.stderr, sep="\n")
    return p


GROUPS, MEMBERS, CONTEXTS = 5, 4, 8


def member(g, i):
    return f"m{g}_{i}"


def planted_corpus(path, sentences, seed):
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8") as f:
        for _ in range(sentences):
            g = rng.randrange(GROUPS)
            words = [f"c{g}_{rng.randrange(CONTEXTS)}" for _ in range(6)]
            words.insert(3, member(g, rng.randrange(MEMBERS)))
            f.write(" ".join(words) + "\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--embx", required=True)
    ap.add_argument("--workdir", required=True)
    a = ap.parse_args()
    work = Path(a.workdir)
    work.mkdir(parents=True, exist_ok=True)
    corpus = work / "planted.txt"
    planted_corpus(corpus, 6000, 11)
    common = ["--model", "sg", "--size", "24", "--window", "3", "--min-count", "1", "--sample", "0",
              "--iter", "6", "--threads", "1", "--seed", "7", "-q"]

    outs = {}
    for ext in ["vec", "bin", "embx"]:
        out = work / f"planted.{ext}"
        out.unlink(missing_ok=True)
        p = run([a.embx, "train", corpus, "-o", out] + common + (["--dtype", "f32"] if ext == "embx" else []))
        check(p.returncode == 0 and out.exists(), f"embx train -> .{ext}")
        outs[ext] = out
    if failures:
        return 1

    kv_text = KeyedVectors.load_word2vec_format(str(outs["vec"]), binary=False)
    kv_bin = KeyedVectors.load_word2vec_format(str(outs["bin"]), binary=True)
    words = GROUPS * (MEMBERS + CONTEXTS) + 1
    check(len(kv_text.index_to_key) == words, f"gensim reads the .vec: {len(kv_text.index_to_key)} words")
    check(kv_text.index_to_key == kv_bin.index_to_key, ".vec and .bin: the same words in the same order")
    check(kv_text.index_to_key[0] == "</s>", '"</s>" is the first row, as the word2vec tool writes it')
    check(kv_text.vector_size == 24, "24 dimensions")
    check(np.array_equal(kv_text.vectors, kv_bin.vectors), ".vec and .bin hold the same float32 values (same seed)")

    # The same run again: the same bytes.
    again = work / "again.vec"
    run([a.embx, "train", corpus, "-o", again] + common)
    check(again.read_bytes() == outs["vec"].read_bytes(), "one thread, same seed: identical output files")

    # Planted structure, through gensim.
    members = [member(g, i) for g in range(GROUPS) for i in range(MEMBERS)]
    right = 0
    for w in members:
        others = [m for m in members if m != w]
        best = max(others, key=lambda m: kv_text.similarity(w, m))
        right += best.split("_")[0] == w.split("_")[0]
    check(right == len(members), f"gensim: each member's most similar member is of its group ({right}/{len(members)})")

    # ... and through our own .embx table.
    p = run([a.embx, "neighbors", outs["embx"], "m2_0", "-k", "3", "--json"])
    try:
        got = [r["word"] for r in json.loads(p.stdout)]
    except (ValueError, KeyError):
        got = []
    in_group = [w for w in got if w.startswith("m2_") or w.startswith("c2_")]
    check(len(got) == 3 and len(in_group) == 3, f"embx neighbors on the .embx: m2_0 -> {got}")
    e = kv_text["m2_0"]
    p = run([a.embx, "info", outs["embx"], "--json"])
    check(p.returncode == 0 and "word2vec" in p.stdout, "the .embx records the training parameters")

    # Bad input.
    binary = work / "binary.dat"
    binary.write_bytes(b"hello world\n" + bytes(range(256)))
    p = run([a.embx, "train", binary, "-o", work / "x.vec"], expect_ok=False)
    check(p.returncode != 0 and "byte 12" in p.stderr, f"binary corpus: {p.stderr.strip()}")
    latin1 = work / "latin1.txt"
    latin1.write_bytes("caf\u00e9 ol\u00e9\n".encode("latin-1"))
    p = run([a.embx, "train", latin1, "-o", work / "x.vec"], expect_ok=False)
    check(p.returncode != 0 and "byte 3: not UTF-8" in p.stderr, f"Latin-1 corpus: {p.stderr.strip()}")
    empty = work / "empty.txt"
    empty.write_text("")
    p = run([a.embx, "train", empty, "-o", work / "x.vec"], expect_ok=False)
    check(p.returncode != 0 and "no words" in p.stderr, f"empty corpus: {p.stderr.strip()}")
    small = work / "small.txt"
    small.write_text("a b c\n")
    p = run([a.embx, "train", small, "-o", work / "x.vec"], expect_ok=False)
    check(p.returncode != 0 and "min-count" in p.stderr, f"too few words: {p.stderr.strip()}")
    for args, word in [(["--size", "0"], "size"), (["--window", "0"], "window"),
                       (["--negative", "1000000"], "negative"), (["--alpha", "-1"], "alpha"),
                       (["--iter", "0"], "iter")]:
        p = run([a.embx, "train", corpus, "-o", work / "x.vec"] + args, expect_ok=False)
        check(p.returncode != 0 and word in p.stderr, f"{' '.join(args)}: {p.stderr.strip()}")
    check(not (work / "x.vec").exists(), "no output file after an error")
    del e

    print(f"{len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
