#!/usr/bin/python3
"""`embx tfidf --json` against scikit-learn's TfidfVectorizer on a collection with punctuation,
case and non-ASCII words (Greek final sigma, German ß, Turkish İ, combining marks, CJK, digits,
underscores, emoji), in every variant and switch combination, documents given as files and
as lines (--lines). The scikit-learn variant must equal TfidfVectorizer(sublinear_tf=...,
smooth_idf=..., norm=...); the textbook variant (count / words in the document, ln(N/df))
is computed here from CountVectorizer's counts with numpy. Same terms in the same order, every
entry within 1e-6. Also the article's worked example on `--example --textbook`.

Usage: tfidf_vs_sklearn.py --embx build/native/src/embx --workdir DIR"""
import argparse
import itertools
import json
import math
import subprocess
import sys
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

LINES = [
    "The cat sat on the mat. The CAT, the Cat -- and the cat's toy!",
    "Dogs & cats: friends? Maybe... e-mail me at dog_lover@example.com (ASAP).",
    "",
    "Café au lait, crème brûlée and a NAÏVE naïve nai\u0308ve croissant in Straße 42.",
    "ΟΔΟΣ οδός ΣΟΦΟΣ σοφός ΑΣ'Β — Greek words, İstanbul and ISTANBUL too.",
    "   ",
    "日本語のテキスト and 中文 mixed with English; numbers ½ ² 3.14 2025 and x² too.",
    "Emoji 🐱🐶 don't count as words, but under_scores and __dunder__ do.\r",
    "a b c I — single letters are not words, but 'no' and 'ok' are.",
    "The cat and the dog; the DOG and the cat. Apple apple APPLE number NUMBER.",
]
FILES = [
    "The first file talks about the cat, the dog and a café.\nIt has two lines; Ωmega ΩΜΕΓΑ.\n",
    "\ufeffA second file with a byte order mark: cat CAT Cat, and ß, ẞ, İ.\r\nCRLF lines too.\r\n",
    "Third: apple, number, apple-pie, NUMBERS; 100 apples, 2 numbers.",
]
TOL = 1e-6


def run(embx, args):
    cmd = [embx, "tfidf", *args]
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"FAIL: {' '.join(cmd)} exited {p.returncode}: {p.stderr.strip()}")
    return json.loads(p.stdout)


def textbook(docs, norm):
    cv = CountVectorizer()
    counts = cv.fit_transform(docs).toarray().astype(float)
    lengths = counts.sum(axis=1, keepdims=True)
    tf = np.divide(counts, lengths, out=np.zeros_like(counts), where=lengths > 0)
    n = counts.shape[0]
    df = (counts > 0).sum(axis=0)
    m = tf * np.log(n / df)
    if norm == "l2":
        rn = np.linalg.norm(m, axis=1, keepdims=True)
        m = np.divide(m, rn, out=np.zeros_like(m), where=rn > 0)
    return list(cv.get_feature_names_out()), m


def sklearn_tfidf(docs, sublinear, smooth, norm):
    v = TfidfVectorizer(sublinear_tf=sublinear, smooth_idf=smooth, norm=None if norm == "none" else norm)
    m = v.fit_transform(docs).toarray()
    return list(v.get_feature_names_out()), m


def compare(label, ours, terms, matrix, n_docs):
    if ours["terms"] != terms:
        a, b = ours["terms"], terms
        diff = sorted(set(a) ^ set(b))[:10]
        sys.exit(f"FAIL {label}: terms differ ({len(a)} ours, {len(b)} sklearn; only in one: {diff}; "
                 f"first at {next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), None)})")
    got = np.array(ours["tfidf"], dtype=float)
    if got.shape != (n_docs, len(terms)):
        sys.exit(f"FAIL {label}: matrix shape {got.shape}, expected {(n_docs, len(terms))}")
    err = np.abs(got - matrix).max()
    if err > TOL:
        d, t = np.unravel_index(np.abs(got - matrix).argmax(), got.shape)
        sys.exit(f"FAIL {label}: max difference {err:.3g} at document {d}, term '{terms[t]}': "
                 f"ours {got[d, t]!r}, reference {matrix[d, t]!r}")
    print(f"ok: {label}: {n_docs} documents x {len(terms)} terms, max difference {err:.2g}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--embx", required=True)
    ap.add_argument("--workdir", required=True)
    a = ap.parse_args()
    work = Path(a.workdir)
    work.mkdir(parents=True, exist_ok=True)
    lines_file = work / "lines.txt"
    lines_file.write_bytes("\n".join(LINES).encode("utf-8"))
    files = []
    for i, text in enumerate(FILES):
        f = work / f"doc{i + 1}.txt"
        f.write_bytes(text.encode("utf-8"))
        files.append(str(f))
    # What embx reads: --lines splits on \n, drops one \r and blank lines; a file is its text
    # without a byte order mark.
    line_docs = [s[:-1] if s.endswith("\r") else s for s in LINES]
    line_docs = [s for s in line_docs if s.strip(" \t\r\v\f")]
    file_docs = [t.lstrip("\ufeff") for t in FILES]
    collections = [("--lines", ["--lines", str(lines_file)], line_docs),
                   ("files", files, file_docs)]

    for name, args, docs in collections:
        for norm in ["none", "l2"]:
            extra = [] if norm == "none" else ["--norm", "l2"]
            ours = run(a.embx, [*args, "--textbook", *extra, "--json"])
            compare(f"{name} textbook norm={norm}", ours, *textbook(docs, norm), len(docs))
        for sublinear, smooth, norm in itertools.product([False, True], [True, False], ["l2", "none"]):
            flags = (["--sublinear-tf"] if sublinear else []) + ([] if smooth else ["--no-smooth-idf"]) + \
                    ["--norm", norm]
            ours = run(a.embx, [*args, *flags, "--json"])
            compare(f"{name} sklearn {' '.join(flags)}", ours, *sklearn_tfidf(docs, sublinear, smooth, norm),
                    len(docs))
        # The defaults are TfidfVectorizer()'s.
        compare(f"{name} sklearn defaults", run(a.embx, [*args, "--json"]), *sklearn_tfidf(docs, False, True, "l2"),
                len(docs))
        if name == "--lines":
            names = run(a.embx, [*args, "--json"])["documents"]
            want = [f"{lines_file}:{i + 1}" for i, s in enumerate(LINES) if s.strip(" \t\r\v\f")]
            if names != want:
                sys.exit(f"FAIL: document names {names}, expected {want}")

    # The article's example: "cat" 5 times in a 100-word document, in 2 of 10 documents.
    ex = run(a.embx, ["--example", "--textbook", "--json"])
    t = ex["terms"].index("cat")
    checks = [(len(ex["documents"]), 10), (ex["document_tokens"][0], 100), (ex["df"][t], 2),
              (round(ex["idf"][t], 12), round(math.log(5), 12)), (round(ex["tfidf"][0][t], 12), round(0.05 * math.log(5), 12))]
    for got, want in checks:
        if got != want:
            sys.exit(f"FAIL: --example --textbook: {got} != {want}")
    print(f"ok: --example --textbook: cat = {ex['tfidf'][0][t]:.4f} (0.05 x ln 5)")


if __name__ == "__main__":
    main()
