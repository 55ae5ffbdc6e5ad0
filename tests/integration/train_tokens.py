"""`embx train --tokenizer`: Word2Vec over token ids, into a token table.

A Qwen2-shaped byte-level BPE tokenizer.json is generated here (the 256 byte tokens, then
merges that make each corpus word after a space one token "Ġword", and one added token), with
a corpus of planted groups (members that only appear amid their group's context words).

1. The table has one row per token id, in id order, named by the token strings (as an LLM
   table imported with `convert --tokenizer` is), read back by gensim from the .vec.
2. Rows of tokens the corpus never has, and of tokens under min-count, are zero; the others
   are not. The counts behind min-count are computed here, independently, from the corpus.
3. The .embx carries the tokenizer.json (`embx info`), and `embx graph` splits a sentence with
   it, the input tokens being rows of the table.
4. The planted groups show (gensim similarity), and one thread + one seed gives identical files.
5. Bad input fails clearly: a tokenizer we cannot run, a file that is not JSON, a corpus line
   with bad UTF-8 (file and byte), a corpus with no tokens, min-count above every count.

Usage: train_tokens.py --embx build/.../embx --workdir DIR
"""
import argparse
import json
import random
import subprocess
import sys
from collections import Counter
from pathlib import Path

import numpy as np
from gensim.models import KeyedVectors

failures = []

# Qwen2's pre-tokenizer split pattern, as its tokenizer.json spells it.
QWEN2_SPLIT = (r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*"
               r"|\s*[\r\n]+|\s+(?!\S)|\s+")


def check(ok, what):
    print(("ok    " if ok else "FAIL  ") + what)
    if not ok:
        failures.append(what)


def run(cmd, expect_ok=True):
    p = subprocess.run([str(c) for c in cmd], capture_output=True, text=True)
    if expect_ok and p.returncode != 0:
        print(p.stdout, p.stderr, sep="\n")
    return p


def byte_alphabet():
    """The byte-level BPE alphabet: printable Latin-1 bytes stand for themselves, the others
    take the code points from 256 up, in byte order."""
    keep = list(range(ord("!"), ord("~") + 1)) + list(range(0xA1, 0xAC + 1)) + list(range(0xAE, 0xFF + 1))
    out, extra = {}, 0
    for b in range(256):
        if b in keep:
            out[b] = chr(b)
        else:
            out[b] = chr(256 + extra)
            extra += 1
    return out


def make_tokenizer(words):
    """tokenizer.json: byte tokens 0..255, then for each word the merges "Ġ" + w[0], "Ġw0" +
    w[1], ... (shared prefixes once), then "<|endoftext|>"."""
    alpha = byte_alphabet()
    vocab = [alpha[b] for b in range(256)]
    merges, made = [], set()
    for w in words:
        left = alpha[ord(" ")]
        for ch in w:
            if left + ch not in made:
                merges.append([left, ch])
                made.add(left + ch)
                vocab.append(left + ch)
            left += ch
    added = [{"id": len(vocab), "content": "<|endoftext|>", "single_word": False, "lstrip": False,
              "rstrip": False, "normalized": False, "special": True}]
    doc = {"version": "1.0", "truncation": None, "padding": None, "added_tokens": added,
           "normalizer": {"type": "NFC"},
           "pre_tokenizer": {"type": "Sequence", "pretokenizers": [
               {"type": "Split", "pattern": {"Regex": QWEN2_SPLIT}, "behavior": "Isolated", "invert": False},
               {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": False, "use_regex": False}]},
           "post_processor": None, "decoder": {"type": "ByteLevel"},
           "model": {"type": "BPE", "dropout": None, "unk_token": None, "byte_fallback": False,
                     "vocab": {t: i for i, t in enumerate(vocab)}, "merges": merges}}
    return doc, vocab + ["<|endoftext|>"]


GROUPS, MEMBERS, CONTEXTS = 4, 4, 6


def member(g, i):
    return "m" + "abcdefgh"[g] + "pqrstuvw"[i]


def context(g, k):
    return "c" + "abcdefgh"[g] + "pqrstuvw"[k]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--embx", required=True)
    ap.add_argument("--workdir", required=True)
    a = ap.parse_args()
    work = Path(a.workdir)
    work.mkdir(parents=True, exist_ok=True)

    rare, unused = "zorro", "never"
    words = [member(g, i) for g in range(GROUPS) for i in range(MEMBERS)]
    words += [context(g, k) for g in range(GROUPS) for k in range(CONTEXTS)] + [rare, unused]
    doc, names = make_tokenizer(words)
    tokenizer = work / "tokenizer.json"
    tokenizer.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")

    # Lines start with a space, so every word is one token "Ġword".
    rng = random.Random(5)
    lines = []
    for s in range(5000):
        g = rng.randrange(GROUPS)
        ws = [context(g, rng.randrange(CONTEXTS)) for _ in range(6)]
        ws.insert(3, member(g, rng.randrange(MEMBERS)))
        lines.append(" " + " ".join(ws))
    lines[10] += " " + rare
    lines[20] += " " + rare + "<|endoftext|>"
    corpus = work / "corpus.txt"
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    counts = Counter(w for line in lines for w in line.replace("<|endoftext|>", "").split())

    common = ["--tokenizer", tokenizer, "--model", "sg", "--size", "16", "--window", "3", "--min-count", "3",
              "--sample", "0", "--iter", "4", "--threads", "1", "--seed", "7", "-q"]
    vec, embx_out = work / "tokens.vec", work / "tokens.embx"
    for out, extra in [(vec, []), (embx_out, ["--dtype", "f32"])]:
        out.unlink(missing_ok=True)
        p = run([a.embx, "train", corpus, "-o", out] + common + extra)
        check(p.returncode == 0 and out.exists(), f"embx train --tokenizer -> {out.name}")
    if failures:
        return 1

    kv = KeyedVectors.load_word2vec_format(str(vec), binary=False)
    check(kv.index_to_key == names,
          f"one row per token id, in id order, named by the token strings ({len(kv.index_to_key)} rows, "
          f"{len(names)} tokens)")
    space = byte_alphabet()[ord(" ")]
    norms = {t: float(np.linalg.norm(kv[t])) for t in kv.index_to_key}
    trained = {space + w for w, c in counts.items() if c >= 3}
    check(all(norms[t] > 0 for t in trained), f"the {len(trained)} tokens seen >= min-count times have vectors")
    zero = [t for t in names if t not in trained]
    check(all(norms[t] == 0 for t in zero),
          f"the other {len(zero)} rows are zero (never seen, e.g. {space + unused}; under min-count: "
          f"{space + rare} seen {counts[rare]} times)")
    check(norms["<|endoftext|>"] == 0, "the added token, seen once, is under min-count: zero")

    # Planted groups.
    members = [space + member(g, i) for g in range(GROUPS) for i in range(MEMBERS)]
    # (the group letter is the token's 3rd character: "Ġm" + group + member)
    right = sum(max((m for m in members if m != w), key=lambda m: kv.similarity(w, m))[2] == w[2]
                for w in members)
    check(right == len(members), f"each member token's most similar member is of its group ({right}/{len(members)})")

    again = work / "again.vec"
    run([a.embx, "train", corpus, "-o", again] + common)
    check(again.read_bytes() == vec.read_bytes(), "one thread, same seed: identical output files")

    # The .embx carries the tokenizer; graph splits sentences with it.
    p = run([a.embx, "info", embx_out])
    check("tokenizer.json = (embedded" in p.stdout, "embx info: the tokenizer.json is embedded")
    check(f"token rows = {len(trained)} of {len(names)}" in p.stdout, "embx info: how many token rows were trained")
    sentence = f" {member(1, 0)} {member(1, 2)} {context(1, 3)}"
    p = run([a.embx, "graph", embx_out, "--sentence", sentence, "-k", "3", "--json"])
    try:
        g = json.loads(p.stdout)
        inputs = sorted((n["rank"], n["word"]) for n in g["nodes"] if n["input"])
    except (ValueError, KeyError, TypeError):
        inputs = []
    want = sorted((names.index(space + w), space + w) for w in sentence.split())
    check("embedded tokenizer" in p.stderr and inputs == want,
          f"embx graph splits with the embedded tokenizer, token ids = rows: {inputs} ({p.stderr.strip()[:120]})")

    # Bad input.
    bad_tok = work / "wordpiece.json"
    bad_tok.write_text(json.dumps({"version": "1.0", "added_tokens": [], "normalizer": None,
                                   "pre_tokenizer": None, "model": {"type": "WordPiece",
                                                                    "vocab": {"[UNK]": 0, "a": 1}}}))
    out = work / "x.vec"
    p = run([a.embx, "train", corpus, "-o", out, "--tokenizer", bad_tok], expect_ok=False)
    check(p.returncode != 0 and "WordPiece" in p.stderr, f"a tokenizer we cannot run: {p.stderr.strip()}")
    not_json = work / "not.json"
    not_json.write_text("{ this is not json")
    p = run([a.embx, "train", corpus, "-o", out, "--tokenizer", not_json], expect_ok=False)
    check(p.returncode != 0 and "not.json" in p.stderr, f"not JSON: {p.stderr.strip()}")
    p = run([a.embx, "train", corpus, "-o", out, "--tokenizer", work / "missing.json"], expect_ok=False)
    check(p.returncode != 0 and "missing.json" in p.stderr, f"no such tokenizer: {p.stderr.strip()}")
    latin1 = work / "latin1.txt"
    latin1.write_bytes(" mbp cbq\n caf\u00e9\n".encode("latin-1"))
    p = run([a.embx, "train", latin1, "-o", out, "--tokenizer", tokenizer], expect_ok=False)
    check(p.returncode != 0 and "latin1.txt" in p.stderr and "byte 13: not UTF-8" in p.stderr,
          f"bad UTF-8 in a line: {p.stderr.strip()}")
    blank = work / "blank.txt"
    blank.write_text("\n\n\n")
    p = run([a.embx, "train", blank, "-o", out, "--tokenizer", tokenizer], expect_ok=False)
    check(p.returncode != 0 and "no tokens" in p.stderr, f"no tokens: {p.stderr.strip()}")
    p = run([a.embx, "train", corpus, "-o", out, "--tokenizer", tokenizer, "--min-count", "100000"],
            expect_ok=False)
    check(p.returncode != 0 and "min-count" in p.stderr, f"min-count above every count: {p.stderr.strip()}")
    p = run([a.embx, "train", corpus, "-o", out, "--tokenizer", tokenizer, "--lowercase"], expect_ok=False)
    check(p.returncode != 0 and "lowercase" in p.stderr, f"--lowercase with a tokenizer: {p.stderr.strip()}")
    check(not out.exists(), "no output file after an error")

    print(f"{len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
