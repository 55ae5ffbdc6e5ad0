#!/usr/bin/python3
"""Our CLI on the int8 default table against gensim on the float vectors it came from (the npm
GloVe JSON): `embx neighbors` vs most_similar, `embx query` (3CosAdd) vs most_similar with
positive/negative lists, `embx eval analogies` vs evaluate_word_analogies (every 10th question,
restrict_vocab 30000) and `embx eval pairs` vs evaluate_word_pairs. gensim is the reference
people trust; this test computes its answers live, nothing is hard-coded."""
import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time

import numpy as np
from gensim.models import KeyedVectors

COMMON = ["cat", "king", "queen", "paris", "computer", "music", "river", "happy", "france",
          "science", "money", "car", "war", "red", "good", "january", "doctor", "apple",
          "football", "book", "water", "city", "love", "strawberry", "germany", "london"]


def load_gensim(path):
    t0 = time.time()
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    dims, words = data["dimensions"], data["words"]
    vecs = np.zeros((len(words), dims), dtype=np.float32)
    for w, v in data["vectors"].items():
        vecs[int(v[data["wordIndex"]])] = v[:dims]
    kv = KeyedVectors(vector_size=dims)
    kv.add_vectors(words, vecs)
    print(f"gensim: {len(words)} words loaded in {time.time() - t0:.1f} s", flush=True)
    return kv, words


def ours(embx, table, word, k):
    out = subprocess.run([embx, "neighbors", table, word, "-k", str(k), "--json"],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--embx", required=True)
    ap.add_argument("--table", required=True)
    ap.add_argument("--wink-json", required=True)
    ap.add_argument("--random-queries", type=int, default=40)
    ap.add_argument("--data-dir", required=True, help="folder with questions-words.txt and wordsim353.tsv")
    a = ap.parse_args()
    kv, words = load_gensim(a.wink_json)
    rng = random.Random(2026)
    queries = COMMON + rng.sample(words[100:50000], a.random_queries)

    overlaps, top1, max_diff = [], 0, 0.0
    for q in queries:
        ref = kv.most_similar(q, topn=10)
        got = ours(a.embx, a.table, q, 10)
        ref_words = [w for w, _ in ref]
        got_words = [h["word"] for h in got]
        overlaps.append(len(set(ref_words) & set(got_words)) / 10)
        top1 += ref_words[0] == got_words[0]
        for h in got:  # cosine of each of our results, as gensim computes it on the floats
            max_diff = max(max_diff, abs(h["score"] - float(kv.similarity(q, h["word"]))))
    mean_overlap = sum(overlaps) / len(overlaps)
    print(f"{len(queries)} queries: mean top-10 overlap {mean_overlap:.3f}, "
          f"same top-1 {top1}/{len(queries)}, max |score - gensim| {max_diff:.4f}")

    failures = []
    if mean_overlap < 0.95:
        failures.append(f"mean top-10 overlap {mean_overlap:.3f} < 0.95")
    if top1 < 0.97 * len(queries):
        failures.append(f"same top-1 in only {top1}/{len(queries)}")
    if max_diff > 0.01:
        failures.append(f"a score differs from gensim by {max_diff:.4f} > 0.01")

    # The foundation issue's acceptance points, checked against gensim live.
    king = [h["word"] for h in ours(a.embx, a.table, "king", 5)]
    if not {"prince", "queen"} <= set(king):
        failures.append(f"king's top 5 {king} lacks prince or queen")
    cat = {h["word"]: h["score"] for h in ours(a.embx, a.table, "cat", 5)}
    ref_dog = float(kv.similarity("cat", "dog"))
    print(f"cat~dog: ours {cat.get('dog')}, gensim {ref_dog:.6f}; king top-5: {king}")
    if "dog" not in cat or abs(cat["dog"] - ref_dog) > 0.01:
        failures.append(f"cat~dog {cat.get('dog')} not within 0.01 of gensim's {ref_dog:.4f}")

    failures += check_queries(a, kv)
    failures += check_evaluation(a, kv)
    for f in failures:
        print("FAIL:", f)
    return 1 if failures else 0


EXPRESSIONS = [("italy - rome + london", ["italy", "london"], ["rome"]),
               ("king - man + woman", ["king", "woman"], ["man"]),
               ("paris - france + germany", ["paris", "germany"], ["france"]),
               ("walking - walk + swim", ["walking", "swim"], ["walk"]),
               ("bigger - big + small", ["bigger", "small"], ["big"]),
               ("tokyo - japan + china", ["tokyo", "china"], ["japan"])]


def check_queries(a, kv):
    failures = []
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
        f.write("\n".join(e for e, _, _ in EXPRESSIONS) + "\n")
        batch = f.name
    out = subprocess.run([a.embx, "query", a.table, "--batch", batch, "-k", "5"],
                         check=True, capture_output=True, text=True).stdout.splitlines()
    os.unlink(batch)
    for (expr, pos, neg), line in zip(EXPRESSIONS, out):
        got = json.loads(line)
        ref = kv.most_similar(positive=pos, negative=neg, topn=5)
        print(f"{expr}: ours {got['results'][0]}, gensim {ref[0]}")
        if got["q"] != expr or got["results"][0]["word"] != ref[0][0]:
            failures.append(f"{expr}: top answer {got['results'][0]['word']} != gensim {ref[0][0]}")
        if abs(got["results"][0]["score"] - ref[0][1]) > 0.01:
            failures.append(f"{expr}: score {got['results'][0]['score']} vs gensim {ref[0][1]:.4f}")
    return failures


def check_evaluation(a, kv):
    failures = []
    questions = os.path.join(a.data_dir, "questions-words.txt")
    with open(questions, encoding="utf-8") as f:
        lines = f.read().splitlines()
    subset, n = [], 0
    for line in lines:  # every 10th question of every section
        if line.startswith(": "):
            subset.append(line)
        else:
            n += 1
            if n % 10 == 0:
                subset.append(line)
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
        f.write("\n".join(subset) + "\n")
        path = f.name
    t0 = time.time()
    ref_score, _ = kv.evaluate_word_analogies(path, restrict_vocab=30000)
    ref_s = time.time() - t0
    t0 = time.time()
    ours = json.loads(subprocess.run([a.embx, "eval", "analogies", a.table, path, "--restrict", "30000", "--json"],
                                     check=True, capture_output=True, text=True).stdout)
    ours_s = time.time() - t0
    os.unlink(path)
    acc = ours["total"]["accuracy"]
    print(f"analogies (every 10th question, restrict 30000): ours {100 * acc:.2f}% in {ours_s:.1f} s, "
          f"gensim {100 * ref_score:.2f}% in {ref_s:.1f} s")
    if abs(acc - ref_score) > 0.01:
        failures.append(f"analogy accuracy {100 * acc:.2f}% vs gensim {100 * ref_score:.2f}%")

    pairs = os.path.join(a.data_dir, "wordsim353.tsv")
    pearson, spearman, oov = kv.evaluate_word_pairs(pairs)
    ours = json.loads(subprocess.run([a.embx, "eval", "pairs", a.table, pairs, "--json"],
                                     check=True, capture_output=True, text=True).stdout)
    print(f"wordsim353: ours Spearman {ours['spearman']:.4f} Pearson {ours['pearson']:.4f} OOV {ours['oov_ratio']:.2f}%; "
          f"gensim {spearman[0]:.4f} {pearson[0]:.4f} {oov:.2f}%")
    if abs(ours["spearman"] - spearman[0]) > 0.01 or abs(ours["pearson"] - pearson[0]) > 0.01:
        failures.append("WordSim-353 correlations differ from gensim by more than 0.01")
    if abs(ours["oov_ratio"] - oov) > 1e-9:
        failures.append(f"OOV ratio {ours['oov_ratio']} vs gensim {oov}")
    return failures


if __name__ == "__main__":
    sys.exit(main())
