#!/usr/bin/env python3
"""Every tokenizer family against the reference, on the corpus (JSON Lines, with and without
special tokens) and on the raw invalid-UTF-8 lines: generates the fixtures and the corpus into
WORKDIR, runs reference.mjs once per family and input (cached in WORKDIR by the tokenizer's
and input's sizes and times), then compare.py for each embx command given (native, wasm).

Usage: run_all.py --workdir DIR --embx "build/native/src/embx" [--embx "node .../embx-cli.js"]
                  [--family NAME]...
"""
import argparse
import json
import os
import shlex
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
PY = sys.executable


def run(cmd, **kw):
    r = subprocess.run(cmd, **kw)
    if r.returncode != 0:
        sys.exit(f"run_all: `{shlex.join(cmd)}` exited with {r.returncode}")
    return r


def stamp(*paths):
    return ";".join(f"{os.path.getsize(p)}:{int(os.path.getmtime(p))}" for p in paths)


def reference(work, name, tokenizer, source, mode, special):
    """The reference's output for one family and input, made unless cached and unchanged."""
    out = os.path.join(work, f"{name}.{mode}{'.special' if special else ''}.ref.jsonl")
    key = stamp(tokenizer, source, os.path.join(HERE, "reference.mjs"))
    if os.path.exists(out) and os.path.exists(out + ".stamp") and open(out + ".stamp").read() == key:
        return out
    cmd = ["node", os.path.join(HERE, "reference.mjs"), "--tokenizer", tokenizer, f"--{mode}", source]
    if special:
        cmd.append("--special")
    with open(out, "wb") as f:
        r = subprocess.run(cmd, stdout=f, stderr=subprocess.PIPE, cwd=ROOT)
    if r.returncode != 0:
        sys.stderr.write(r.stderr.decode("utf-8", "replace"))
        sys.exit(f"run_all: the reference failed for {name}")
    sys.stderr.write(r.stderr.decode("utf-8", "replace"))
    open(out + ".stamp", "w").write(key)
    return out


# The article's sentence and the ids its DeepSeek-R1-Distill-Qwen-1.5B table shows.
ARTICLE = "HTML coders are not considered programmers"
ARTICLE_IDS = {("qwen3", False): [5835, 20329, 388, 525, 537, 6509, 54846],
               ("deepseek-r1-distill-qwen", True): [151646, 5835, 20329, 388, 525, 537, 6509, 54846],
               ("deepseek-r1-distill-qwen-gguf", False): [5835, 20329, 388, 525, 537, 6509, 54846],
               ("deepseek-r1-distill-qwen-gguf", True): [151646, 5835, 20329, 388, 525, 537, 6509, 54846]}


def check_article(cmd, name, tokenizer, special):
    want = ARTICLE_IDS.get((name, special))
    if want is None:
        return True
    args = shlex.split(cmd) + ["tokenize", "--tokenizer", tokenizer, "--json", ARTICLE] + (["--special"] if special else [])
    r = subprocess.run(args, capture_output=True, text=True)
    got = [t["id"] for t in json.loads(r.stdout)] if r.returncode == 0 else r.stderr.strip()
    print(f"{'ok ' if got == want else 'BAD'} {name}{' --special' if special else ''}: {ARTICLE!r} -> {got}")
    return got == want


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--workdir", required=True)
    ap.add_argument("--embx", action="append", required=True, help="command that runs embx (repeatable)")
    ap.add_argument("--family", action="append", help="only these families")
    a = ap.parse_args()
    work = os.path.abspath(a.workdir)
    os.makedirs(work, exist_ok=True)
    gen = os.path.join(work, "generated")
    run([PY, os.path.join(HERE, "make_fixtures.py"), "--out", gen], stdout=subprocess.DEVNULL)
    corpus, invalid = os.path.join(work, "corpus.jsonl"), os.path.join(work, "invalid_utf8.txt")
    run([PY, os.path.join(HERE, "make_corpus.py"), "--out", corpus, "--invalid-out", invalid], stdout=subprocess.DEVNULL)

    # Long lines (the corpus joined 64 lines at a time, 5-40 KB each) that embx tokenizes in
    # windows of 2 KB (TokenStream): the same ids as the reference tokenizing each line whole.
    long_lines = os.path.join(work, "long_lines.txt")
    with open(corpus, encoding="utf-8") as f:
        texts = [json.loads(line) for line in f if line.strip()]
    texts = [t.replace("\r", " ").replace("\n", " ") for t in texts if not any(0xD800 <= ord(c) <= 0xDFFF for c in t)]
    with open(long_lines, "w", encoding="utf-8", newline="\n") as f:
        for i in range(0, len(texts), 64):
            f.write(" ".join(texts[i:i + 64]) + "\n")

    families = json.load(open(os.path.join(HERE, "families.json")))["families"]
    failed = []
    for fam in families:
        if a.family and fam["name"] not in a.family:
            continue
        def path(p):
            p = p.replace("GENERATED", gen)
            return p if os.path.isabs(p) else os.path.join(ROOT, p)
        # The reference runs tokenizer.json; embx may read the same tokenizer from another file (a GGUF).
        tok, etok = path(fam["tokenizer"]), path(fam.get("embx_tokenizer", fam["tokenizer"]))
        for cmd in a.embx:
            for special in (False, True):
                if not check_article(cmd, fam["name"], etok, special):
                    failed.append(f"{fam['name']}: the article's ids with {cmd}")
        for mode, source, special in (("corpus", corpus, False), ("corpus", corpus, True), ("lines", invalid, False),
                                      ("lines", long_lines, True)):
            ref = reference(work, fam.get("same_reference_as", fam["name"]), tok, source, mode, special)
            windows = source == long_lines
            for cmd in a.embx:
                what = "long lines in 2 KB windows" if windows else mode
                args = [PY, os.path.join(HERE, "compare.py"), "--embx", cmd, "--tokenizer", etok, "--corpus", source,
                        "--reference", ref, "--family", f"{fam['name']} ({what}{', special' if special else ''}; {cmd.split()[-1]})"]
                if windows:
                    args.append("--embx-args=--window-bytes 2048")
                if special:
                    args.append("--special")
                if mode == "lines":
                    args.append("--lines")
                if subprocess.run(args).returncode != 0:
                    failed.append(f"{fam['name']} {mode}{' special' if special else ''} with {cmd}")
    if failed:
        sys.exit("run_all: disagreement:\n  " + "\n  ".join(failed))
    print("run_all: every family agrees with the reference on every line")


if __name__ == "__main__":
    main()
