"""Word-vector exchange formats against the reference tools, on files generated here:

1. gensim writes word2vec text, word2vec binary and (no header) GloVe text; NumPy writes .npy
   (f4, f2, f8; versions 1.0 and 2.0) and a Projector TSV pair. `embx convert` imports each,
   and the .embx it writes must hold exactly the same words and f32 values.
2. `embx convert` exports word2vec text, word2vec binary and the TSV pair; gensim and NumPy
   read them back bit for bit.
3. `embx neighbors` on an imported text file agrees with gensim's most_similar.
4. Bad files fail with "embx: error: <file>: line N (byte X): ..." and leave no output.

Usage: vector_formats.py --embx build/.../embx --workdir DIR
"""
import argparse
import json
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


def fixture(rows, dims, seed):
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(rows // 8 + 1, dims))
    m = (centres[np.arange(rows) // 8] + 0.3 * rng.normal(size=(rows, dims))).astype(np.float32)
    words = [f"w{i}" for i in range(rows)]
    words[1], words[2] = "caf\u00e9", "</s>"
    return words, m


def embx_rows(embx, table, dims):
    """Every word and f32 row of a table, through a word2vec text export (exact floats)."""
    out = Path(table).with_suffix(".check.txt")
    run([embx, "convert", table, "-o", out, "--dtype", "f32"])
    kv = KeyedVectors.load_word2vec_format(str(out), binary=False)
    return list(kv.index_to_key), kv.vectors


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--embx", required=True)
    ap.add_argument("--workdir", required=True)
    a = ap.parse_args()
    w = Path(a.workdir)
    w.mkdir(parents=True, exist_ok=True)
    words, m = fixture(3000, 50, 7)
    kv = KeyedVectors(vector_size=50)
    kv.add_vectors(words, m)

    # 1. Imports of files the reference tools wrote.
    kv.save_word2vec_format(str(w / "g.txt"), binary=False)
    kv.save_word2vec_format(str(w / "g.bin"), binary=True)
    kv.save_word2vec_format(str(w / "glove.txt"), binary=False, write_header=False)
    np.save(w / "m4.npy", m)
    np.save(w / "m2.npy", m.astype(np.float16))
    np.save(w / "m8.npy", m.astype(np.float64))
    with open(w / "m4v2.npy", "wb") as f:
        np.lib.format.write_array(f, m, version=(2, 0))
    (w / "vocab.txt").write_text("".join(x + "\n" for x in words), encoding="utf-8")
    np.savetxt(w / "p.tsv", m, delimiter="\t", fmt="%.9g")
    (w / "p-meta.tsv").write_text("word\tindex\n" + "".join(f"{x}\t{i}\n" for i, x in enumerate(words)),
                                  encoding="utf-8")
    cases = [("g.txt", [], m), ("g.bin", [], m), ("glove.txt", [], m), ("m4.npy", ["--vocab", "vocab.txt"], m),
             ("m2.npy", ["--vocab", "vocab.txt"], m.astype(np.float16).astype(np.float32)),
             ("m8.npy", ["--vocab", "vocab.txt"], m), ("m4v2.npy", ["--vocab", "vocab.txt"], m),
             ("p.tsv", ["--vocab", "p-meta.tsv"], m)]
    for name, extra, want in cases:
        table = w / (name + ".embx")
        p = run([a.embx, "convert", w / name, "-o", table, "--dtype", "f32"] +
                [str(w / x) if x.endswith((".txt", ".tsv")) else x for x in extra])
        check(p.returncode == 0, f"convert {name}")
        if p.returncode:
            continue
        got_words, got = embx_rows(a.embx, table, 50)
        check(got_words == words, f"{name}: words and order kept")
        check(got.shape == want.shape and np.array_equal(got, want), f"{name}: f32 values exact")

    # 2. Exports read by gensim and NumPy.
    src = w / "g.bin.embx"
    # `embx info` shows the same fingerprint as text and as JSON; word2vec text and binary
    # imports of the same vectors have the same one, NumPy's f16 copy another.
    fp_json = json.loads(run([a.embx, "info", src, "--json", "--samples", 0]).stdout)["fingerprint"]
    fp_text = [x.split()[1] for x in run([a.embx, "info", src]).stdout.splitlines() if x.startswith("fingerprint ")]
    check(fp_text == [fp_json], f"info prints the fingerprint as text ({fp_text}) and JSON ({fp_json})")
    fp_of = lambda t: json.loads(run([a.embx, "info", w / t, "--json", "--samples", 0]).stdout)["fingerprint"]
    check(fp_of("g.txt.embx") == fp_json and fp_of("m2.npy.embx") != fp_json,
          "equal fingerprints for equal tables, different for different ones")
    for out, binary in [("e.txt", False), ("e.vec", False), ("e.bin", True)]:
        p = run([a.embx, "convert", src, "-o", w / out])
        check(p.returncode == 0, f"export {out}")
        back = KeyedVectors.load_word2vec_format(str(w / out), binary=binary)
        check(list(back.index_to_key) == words and np.array_equal(back.vectors, m), f"gensim reads {out} exactly")
    p = run([a.embx, "convert", src, "-o", w / "e.tsv"])
    check(p.returncode == 0 and (w / "e-metadata.tsv").exists(), "export the TSV pair")
    vec = np.loadtxt(w / "e.tsv", delimiter="\t", dtype=np.float32)
    meta = (w / "e-metadata.tsv").read_text(encoding="utf-8").split("\n")[:-1]
    check(np.array_equal(vec, m) and meta == words, "NumPy reads e.tsv exactly, metadata in row order")

    # 3. Neighbours on an imported text file agree with gensim.
    p = run([a.embx, "neighbors", w / "g.txt", "w40", "-k", "5", "--json"])
    ours = [x["word"] for x in json.loads(p.stdout)] if p.returncode == 0 else []
    theirs = [x for x, _ in kv.most_similar("w40", topn=5)]
    check(ours == theirs, f"neighbors of w40: {ours} == gensim {theirs}")

    # 4. Bad files: clear errors, no output left behind.
    (w / "bad.txt").write_text("a 1 2 3\nb 1 2\n")
    p = run([a.embx, "convert", w / "bad.txt", "-o", w / "bad.embx"], expect_ok=False)
    check(p.returncode != 0 and "bad.txt: line 2 (byte 8): row has 2 values, expected 3" in p.stderr,
          f"unequal rows reported: {p.stderr.strip()}")
    check(not (w / "bad.embx").exists() and not (w / "bad.embx.partial").exists(), "no output after an error")
    (w / "nan.vec").write_text("2 2\na 1 2\nb nan 1\n")
    p = run([a.embx, "convert", w / "nan.vec", "-o", w / "nan.embx"], expect_ok=False)
    check(p.returncode != 0 and "line 3 (byte 12): value 'nan' is not finite" in p.stderr,
          f"NaN reported: {p.stderr.strip()}")
    (w / "dup.txt").write_text("a 1 2\nb 1 3\na 5 5\n")
    p = run([a.embx, "convert", w / "dup.txt", "-o", w / "dup.embx"])
    check(p.returncode == 0 and "embx: note: skipped 1 row whose word repeats" in p.stderr,
          f"duplicate noted: {p.stderr.strip()}")

    print(f"{len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
