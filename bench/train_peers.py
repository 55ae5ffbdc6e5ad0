#!/usr/bin/python3
"""Word2Vec training, side by side in one run on the same corpus (the Brown corpus prepared by
the build, build/native/assets/brown.txt) and settings (dim 100, window 5, negative 5, sample
1e-3, min-count 5, 5 epochs; alpha 0.025 skip-gram, 0.05 CBOW): our `embx train` against
Debian's `fasttext skipgram|cbow -minn 0 -maxn 0` (plain word2vec, no subwords) and gensim's
Word2Vec, for skip-gram and CBOW with 1 and 2 threads.

Speed: corpus words x epochs / wall seconds of the whole training (vocabulary pass included,
for every tool) / threads. Quality of each result: WordSim-353 Spearman (pairs covered) and
analogy accuracy on the covered questions, both computed by `embx eval` for every tool's
vectors alike. Numbers, not asserts.

WordSim-353 on a corpus as small as Brown moves by several hundredths from one seed to the
next (docs/word2vec.md), so one run per tool says little about quality: --seeds N trains each
tool N times (seeds 1..N; the speed is that of the first) and reports the mean and standard
deviation of each score.

    bench/train_peers.py --embx build/native/src/embx --corpus build/native/assets/brown.txt \
                         [--data-dir data] [--threads 1 2] [--models sg cbow] [--seeds 5] [--out train.json]
"""
import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

DIM, WINDOW, NEG, SAMPLE, MIN_COUNT, EPOCHS = 100, 5, 5, 1e-3, 5, 5


def timed(cmd, **kw):
    t = time.perf_counter()
    p = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, **kw)
    if p.returncode != 0:
        raise SystemExit(f"{cmd[0]} failed:\n{p.stdout}\n{p.stderr}")
    return time.perf_counter() - t


def train_embx(a, model, threads, out, seed=1):
    return timed([a.embx, "train", a.corpus, "-o", out, "--model", model, "--size", DIM, "--window", WINDOW,
                  "--negative", NEG, "--sample", SAMPLE, "--min-count", MIN_COUNT, "--iter", EPOCHS,
                  "--threads", threads, "--seed", seed, "-q"])


def train_fasttext(a, model, threads, out, seed=1):
    prefix = str(out)[:-4]
    return timed(["fasttext", "skipgram" if model == "sg" else "cbow", "-input", a.corpus, "-output", prefix,
                  "-dim", DIM, "-ws", WINDOW, "-neg", NEG, "-loss", "ns", "-t", SAMPLE, "-minCount", MIN_COUNT,
                  "-epoch", EPOCHS, "-lr", 0.025 if model == "sg" else 0.05, "-minn", 0, "-maxn", 0, "-bucket", 0,
                  "-thread", threads, "-verbose", 0, "-seed", seed])


GENSIM = """
import sys, time
from gensim.models import Word2Vec
from gensim.models.word2vec import LineSentence
corpus, model, threads, out, seed = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], int(sys.argv[5])
t = time.perf_counter()
m = Word2Vec(LineSentence(corpus), vector_size=%d, window=%d, negative=%d, hs=0, sample=%g, min_count=%d,
             sg=1 if model == "sg" else 0, alpha=0.025 if model == "sg" else 0.05, epochs=%d, workers=threads, seed=seed)
print(time.perf_counter() - t)
m.wv.save_word2vec_format(out)
""" % (DIM, WINDOW, NEG, SAMPLE, MIN_COUNT, EPOCHS)


def train_gensim(a, model, threads, out, seed=1):
    p = subprocess.run(["/usr/bin/python3", "-c", GENSIM, a.corpus, model, str(threads), str(out), str(seed)],
                       capture_output=True, text=True)
    if p.returncode != 0:
        raise SystemExit("gensim failed:\n" + p.stderr)
    return float(p.stdout.strip().splitlines()[-1])


def quality(a, vec):
    p = subprocess.run([a.embx, "eval", "pairs", vec, os.path.join(a.data_dir, "wordsim353.tsv")],
                       capture_output=True, text=True)
    m = re.search(r"Spearman\s+(-?[0-9.]+).*?\((\d+) pairs used", p.stdout + p.stderr)
    q = subprocess.run([a.embx, "eval", "analogies", vec, os.path.join(a.data_dir, "questions-words.txt")],
                       capture_output=True, text=True)
    n = re.search(r"Total accuracy\s+([0-9.]+)%\s+\((\d+)/(\d+)\)", q.stdout + q.stderr)
    return {"wordsim_spearman": float(m.group(1)) if m else None, "wordsim_pairs": int(m.group(2)) if m else None,
            "analogy_accuracy": float(n.group(1)) / 100 if n else None,
            "analogy_covered": int(n.group(3)) if n else None}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--embx", required=True)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--data-dir", default="data")
    ap.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--models", nargs="+", default=["sg", "cbow"])
    ap.add_argument("--tools", nargs="+", default=["embx", "fasttext", "gensim"])
    ap.add_argument("--seeds", type=int, default=1, help="quality over seeds 1..N (mean, sd)")
    ap.add_argument("--out")
    a = ap.parse_args()
    words = sum(len(line.split()) for line in open(a.corpus, encoding="utf-8"))
    tools = {"embx": train_embx, "fasttext": train_fasttext, "gensim": train_gensim}
    if shutil.which("fasttext") is None:
        tools.pop("fasttext")
        print("fasttext not installed (scripts/bootstrap.sh test installs it): skipped")
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for model in a.models:
            for threads in a.threads:
                for name in a.tools:
                    if name not in tools:
                        continue
                    out = Path(tmp) / f"{name}-{model}-{threads}.vec"
                    secs = tools[name](a, model, threads, out)
                    r = {"tool": name, "model": model, "threads": threads, "seconds": round(secs, 3),
                         "words_per_sec_per_thread": round(words * EPOCHS / secs / threads)}
                    first = quality(a, out)
                    r.update(first)
                    if a.seeds > 1:
                        runs = [first] + [
                            (tools[name](a, model, threads, out, seed), quality(a, out))[1]
                            for seed in range(2, a.seeds + 1)]
                        for key in ["wordsim_spearman", "analogy_accuracy"]:
                            v = [q[key] for q in runs if q[key] is not None]
                            r[key + "_seeds"] = v
                            r[key] = round(statistics.mean(v), 4) if v else None
                            r[key + "_sd"] = round(statistics.stdev(v), 4) if len(v) > 1 else None
                    results.append(r)
                    sd = (f" (sd {r['wordsim_spearman_sd']}, {a.seeds} seeds)" if a.seeds > 1 else "")
                    print(f"{model:4} {threads}t {name:8} {secs:7.2f} s  {r['words_per_sec_per_thread']:9,d} words/s/thread"
                          f"  WS353 {r['wordsim_spearman']}{sd}  analogies {r['analogy_accuracy']}"
                          f" ({r['analogy_covered']} covered)", flush=True)
                ours = next((r for r in results if r["tool"] == "embx" and r["model"] == model
                             and r["threads"] == threads), None)
                for r in results:
                    if ours and r["model"] == model and r["threads"] == threads and r["tool"] != "embx":
                        print(f"     embx / {r['tool']}: {ours['words_per_sec_per_thread'] / r['words_per_sec_per_thread']:.2f}x speed")
    if a.out:
        Path(a.out).write_text(json.dumps({"corpus_words": words, "epochs": EPOCHS, "results": results}, indent=1))


if __name__ == "__main__":
    main()
