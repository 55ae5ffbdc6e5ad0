#!/usr/bin/env python3
"""Compares embx's token ids with the reference's, line by line, on the agreement corpus.

  compare.py --embx "CMD ..." --tokenizer T --corpus corpus.jsonl --reference ref.jsonl
             [--special] [--family NAME]

Runs `CMD tokenize --tokenizer T --batch corpus.jsonl [--special]` (CMD is split like a shell
would, so it may be `node build/web/.../embx-cli.js`), whose stdout must be JSON Lines
{"text", "ids", "tokens"} in corpus order, and compares it with ref.jsonl from reference.mjs.
Prints `agreement: N/M lines` and the first 10 mismatches (the line, both id lists, the first
differing position with the tokens around it). Exits 1 unless every line agrees.
"""
import argparse
import json
import shlex
import subprocess
import sys
import time

SHOWN = 10


def read_jsonl(path_or_text, from_text=False):
    # Split on '\n' only: raw U+0085/U+2028 inside a JSON string are not line ends here.
    text = path_or_text if from_text else open(path_or_text, encoding="utf-8").read()
    return [json.loads(line) for line in text.split("\n") if line.strip()]


def as_read(s):
    """The text as the C++ reads it: a lone surrogate escape becomes U+FFFD."""
    return "".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in s)


def first_diff(a, b):
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return i
    return min(len(a), len(b))


def window(tokens, ids, at):
    lo, hi = max(0, at - 3), at + 4
    items = tokens if tokens and len(tokens) == len(ids) else ids
    return " ".join(f"[{i}]{items[i]!r}" for i in range(lo, min(hi, len(items)))) or "(end)"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--embx", required=True, help="command that runs embx, split like a shell")
    ap.add_argument("--tokenizer", required=True)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--reference", required=True)
    ap.add_argument("--special", action="store_true")
    ap.add_argument("--lines", action="store_true",
                    help="--corpus is raw text, one line each (embx tokenize --lines); the texts are the reference's")
    ap.add_argument("--family", default=None, help="name to print")
    ap.add_argument("--embx-args", default="", help="more arguments for embx tokenize, split like a shell")
    a = ap.parse_args()
    name = a.family or a.tokenizer

    ref = read_jsonl(a.reference)
    corpus = [r["text"] for r in ref] if a.lines else read_jsonl(a.corpus)
    if len(ref) != len(corpus):
        sys.exit(f"compare: {a.reference} has {len(ref)} lines, {a.corpus} has {len(corpus)}")

    cmd = shlex.split(a.embx) + ["tokenize", "--tokenizer", a.tokenizer, "--lines" if a.lines else "--batch", a.corpus]
    if a.special:
        cmd.append("--special")
    cmd += shlex.split(a.embx_args)
    t0 = time.perf_counter()
    run = subprocess.run(cmd, capture_output=True)
    seconds = time.perf_counter() - t0
    if run.returncode != 0:
        sys.stderr.write(run.stderr.decode("utf-8", "replace"))
        sys.exit(f"compare: {name}: `{shlex.join(cmd)}` exited with {run.returncode}")
    try:
        got = read_jsonl(run.stdout.decode("utf-8"), from_text=True)
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        sys.exit(f"compare: {name}: embx's output is not JSON Lines in UTF-8: {e}")

    agree, shown = 0, 0
    for i, (text, r) in enumerate(zip(corpus, ref)):
        g = got[i] if i < len(got) else None
        if g is not None and g.get("ids") == r["ids"] and as_read(g.get("text", text)) == as_read(text):
            agree += 1
            continue
        if shown >= SHOWN:
            continue
        shown += 1
        print(f"--- line {i + 1}: {text!r}"[:400])
        if g is None:
            print("    embx: (no output line)")
            continue
        if as_read(g.get("text", text)) != as_read(text):
            print(f"    embx read the text as {g.get('text')!r}"[:400])
        at = first_diff(r["ids"], g.get("ids", []))
        print(f"    reference ({len(r['ids'])}): {r['ids']}"[:600])
        print(f"    embx      ({len(g.get('ids', []))}): {g.get('ids')}"[:600])
        print(f"    first difference at {at}:")
        print(f"      reference {window(r.get('tokens'), r['ids'], at)}")
        print(f"      embx      {window(g.get('tokens'), g.get('ids', []), at)}")
    if len(got) > len(corpus):
        print(f"--- embx printed {len(got) - len(corpus)} more lines than the corpus has")

    mb = sum(len(t.encode("utf-8", "surrogatepass")) for t in corpus) / 1e6
    ok = agree == len(corpus) and len(got) == len(corpus)
    print(f"{name}: agreement: {agree}/{len(corpus)} lines ({100.0 * agree / len(corpus):.2f} %)"
          f"{'' if a.special else ', no special tokens added'}; embx took {seconds:.2f} s "
          f"({mb / seconds:.2f} MB/s with loading)")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
