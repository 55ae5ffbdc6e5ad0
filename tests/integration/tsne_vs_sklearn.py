#!/usr/bin/python3
"""Our t-SNE (`embx project --method tsne`) against scikit-learn's Barnes-Hut TSNE on the same
rows: the first N (most frequent) words of the default table, as float vectors dequantized by
`embx convert` and scaled to unit length (our t-SNE works on cosine distance, which is euclidean
distance between unit vectors). Both start from a random layout. The two layouts will differ
point by point (different random starts), so the test compares how well each keeps the
neighbourhoods of the input: sklearn.manifold.trustworthiness with 10 neighbours. Ours must not
be worse than sklearn's by more than --tolerance (0.02).

Usage: tsne_vs_sklearn.py --embx build/native/src/embx --table glove-6b-100d.embx [--points 2000]
The issue's acceptance point is 10,000 points (--points 10000: sklearn then takes minutes)."""
import argparse
import csv
import io
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from sklearn.manifold import TSNE, trustworthiness


def run_ours(embx, table, points, perplexity, seed):
    cmd = [embx, "project", table, "--method", "tsne", "--limit", str(points), "--csv",
           "--perplexity", str(perplexity), "--seed", str(seed)]
    t0 = time.time()
    p = subprocess.run(cmd, capture_output=True, text=True)
    seconds = time.time() - t0
    if p.returncode != 0:
        sys.exit(f"FAIL: {' '.join(cmd)} exited {p.returncode}: {p.stderr.strip()}")
    rows = list(csv.reader(io.StringIO(p.stdout)))
    if rows[0] != ["word", "x", "y"]:
        sys.exit(f"FAIL: CSV header is {rows[0]}, expected word,x,y")
    words = [r[0] for r in rows[1:]]
    coords = np.array([[float(r[1]), float(r[2])] for r in rows[1:]])
    return words, coords, seconds


def read_word2vec_bin(path, limit):
    """The first `limit` rows of a word2vec binary file: 'V D\\n' then 'word <D float32>' rows."""
    words, vecs = [], []
    with open(path, "rb") as f:
        rows, dims = map(int, f.readline().split())
        for _ in range(min(rows, limit)):
            word = bytearray()
            while (c := f.read(1)) != b" ":
                if not c:
                    sys.exit(f"FAIL: {path} ends early")
                if c != b"\n":  # the newline ending the previous row
                    word += c
            words.append(word.decode("utf-8"))
            vecs.append(np.frombuffer(f.read(4 * dims), dtype="<f4"))
    return words, np.array(vecs, dtype=np.float64)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--embx", required=True)
    ap.add_argument("--table", required=True)
    ap.add_argument("--points", type=int, default=2000)
    ap.add_argument("--perplexity", type=float, default=30)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--tolerance", type=float, default=0.02)
    ap.add_argument("--workdir", help="where to export the vectors (default: a temporary folder)")
    a = ap.parse_args()

    words, ours, ours_seconds = run_ours(a.embx, a.table, a.points, a.perplexity, a.seed)
    if len(words) != a.points:
        sys.exit(f"FAIL: {len(words)} points in the CSV, expected {a.points}")
    if not np.all(np.isfinite(ours)):
        sys.exit("FAIL: our layout has non-finite coordinates")

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(a.workdir or tmp) / "tsne-rows.bin"
        out.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run([a.embx, "convert", a.table, "-o", str(out)], check=True, capture_output=True)
        ref_words, x = read_word2vec_bin(out, a.points)
    if ref_words != words:
        sys.exit("FAIL: the CSV's words are not the table's first rows in order")
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    x = x / np.where(norms > 0, norms, 1)

    t0 = time.time()
    ref = TSNE(n_components=2, perplexity=a.perplexity, init="random", learning_rate="auto",
               method="barnes_hut", angle=0.5, random_state=0).fit_transform(x)
    ref_seconds = time.time() - t0

    t_ours = trustworthiness(x, ours, n_neighbors=10)
    t_ref = trustworthiness(x, ref, n_neighbors=10)
    print(f"{a.points} points, perplexity {a.perplexity:g}: trustworthiness (10 neighbours) "
          f"ours {t_ours:.4f} in {ours_seconds:.1f} s (whole CLI run), "
          f"sklearn {t_ref:.4f} in {ref_seconds:.1f} s")
    if t_ours < t_ref - a.tolerance:
        sys.exit(f"FAIL: our trustworthiness {t_ours:.4f} is more than {a.tolerance} below sklearn's {t_ref:.4f}")
    print("OK")


if __name__ == "__main__":
    main()
