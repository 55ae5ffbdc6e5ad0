#!/usr/bin/python3
"""`embx project --method pca` on the full int8 default table against numpy (float64 covariance +
eigh), computed live on
  - the float vectors the table came from (the npm GloVe JSON): what a user would compare with;
    int8 rounding adds a little noise, so ratios within 1e-3 and coordinates correlated > 0.999;
  - the table's own dequantized rows (exported with `embx convert --to word2vec-bin`): the same
    numbers our PCA sees, so the agreement must be much closer (ratios within 1e-5).
Coordinates are compared up to the sign of each component; our sign convention (largest-|value|
entry of each component positive, sklearn >= 1.5) is checked on the dequantized run; sklearn's
PCA is the second reference on the float vectors."""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np
from sklearn.decomposition import PCA  # a reference, not optional (Debian python3-sklearn)

DIMS = 3


def load_wink(path):
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    dims, words = data["dimensions"], data["words"]
    m = np.zeros((len(words), dims), dtype=np.float32)
    for v in data["vectors"].values():
        m[int(v[data["wordIndex"]])] = v[:dims]
    return words, m


def load_word2vec_bin(path):
    """Rows of a word2vec binary file as float32 (layout in src/formats/word2vec_writer.hpp)."""
    with open(path, "rb") as f:
        buf = f.read()
    nl = buf.index(b"\n")
    rows, dims = map(int, buf[:nl].split())
    m = np.empty((rows, dims), dtype=np.float32)
    at, step = nl + 1, 4 * dims
    for r in range(rows):
        sp = buf.index(b" ", at)
        m[r] = np.frombuffer(buf, dtype="<f4", count=dims, offset=sp + 1)
        at = sp + 1 + step
        if buf[at:at + 1] == b"\n":
            at += 1
    return m


def numpy_pca(m, k):
    """Covariance (n - 1) in float64, eigh, top k; signs: largest-|entry| of each component > 0."""
    x = m.astype(np.float64)
    mean = x.mean(axis=0)
    x -= mean
    cov = x.T @ x / (len(x) - 1)
    values, vectors = np.linalg.eigh(cov)
    order = np.argsort(values)[::-1][:k]
    comps = vectors[:, order].T
    big = np.argmax(np.abs(comps), axis=1)
    comps *= np.sign(comps[np.arange(k), big])[:, None]
    return values[order] / np.trace(cov), comps, x @ comps.T


def compare(label, ours_ratio, ours_xyz, ref_ratio, ref_xyz, ratio_tol, corr_min):
    failures = []
    diff = np.max(np.abs(np.asarray(ours_ratio) - ref_ratio))
    corrs = [np.corrcoef(ours_xyz[:, c], ref_xyz[:, c])[0, 1] for c in range(DIMS)]
    print(f"{label}: ratios ours {np.round(ours_ratio, 6).tolist()} vs {np.round(ref_ratio, 6).tolist()}, "
          f"max diff {diff:.2e}; coordinate correlations {[round(c, 6) for c in corrs]}")
    if diff > ratio_tol:
        failures.append(f"{label}: explained_variance_ratio differs by {diff:.2e} > {ratio_tol}")
    for c, r in enumerate(corrs):
        if abs(r) < corr_min:
            failures.append(f"{label}: component {c} coordinates correlate only {r:.6f}")
    return failures, corrs


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--embx", required=True)
    ap.add_argument("--table", required=True)
    ap.add_argument("--wink-json", required=True)
    a = ap.parse_args()

    t0 = time.time()
    out = subprocess.run([a.embx, "project", a.table, "--method", "pca", "--dims", str(DIMS), "--json"],
                         check=True, capture_output=True, text=True).stdout
    wall = time.time() - t0
    ours = json.loads(out)
    ratio = ours["explained_variance_ratio"]
    pts = ours["points"]
    xyz = np.array([[p["x"], p["y"], p["z"]] for p in pts], dtype=np.float64)
    print(f"embx project: {ours['rows']} rows, PCA {ours['seconds']:.3f} s ({wall:.2f} s with loading and JSON)")

    failures = []
    if ours["method"] != "pca" or ours["dims"] != DIMS or len(ratio) != DIMS:
        failures.append(f"unexpected header {dict((k, v) for k, v in ours.items() if k != 'points')}")

    words, floats = load_wink(a.wink_json)
    if ours["rows"] != len(words) or [p["word"] for p in pts[:1000]] != words[:1000]:
        failures.append("rows or words differ from the JSON's")
    ref_ratio, _, ref_xyz = numpy_pca(floats, DIMS)
    f, _ = compare("vs numpy on the float GloVe vectors", ratio, xyz, ref_ratio, ref_xyz, 1e-3, 0.999)
    failures += f

    skl = PCA(n_components=DIMS, svd_solver="full").fit(floats)
    f, _ = compare("vs sklearn PCA on the float vectors", ratio, xyz, skl.explained_variance_ratio_,
                   skl.transform(floats), 1e-3, 0.999)
    failures += f

    with tempfile.TemporaryDirectory() as tmp:
        exported = os.path.join(tmp, "table.bin")
        subprocess.run([a.embx, "convert", a.table, "-o", exported, "--to", "word2vec-bin"],
                       check=True, capture_output=True)
        dequantized = load_word2vec_bin(exported)
    ref_ratio, _, ref_xyz = numpy_pca(dequantized, DIMS)
    f, corrs = compare("vs numpy on the table's dequantized rows", ratio, xyz, ref_ratio, ref_xyz, 1e-5, 0.99999)
    failures += f
    # Same data, same sign convention: the signs must agree, not only the magnitudes.
    failures += [f"component {c} has the opposite sign to numpy's with the same convention"
                 for c, r in enumerate(corrs) if r < 0]
    worst = np.max(np.abs(xyz - ref_xyz))
    print(f"  max |coordinate - numpy| on the dequantized rows: {worst:.2e} (coordinates span "
          f"{np.ptp(ref_xyz, axis=0).round(2).tolist()})")
    if worst > 1e-3:
        failures.append(f"a coordinate differs from numpy by {worst:.2e} on the same rows")

    for msg in failures:
        print("FAIL:", msg)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
