#!/usr/bin/python3
"""`embx tokenize --lines` on one 20 MB line (no newline in it), for each tokenizer given (Qwen's
byte-level BPE; Llama 2's, whose normalizer prepends a mark to the text and which has no
pre-tokenizer): the memory stays bounded (the line is tokenized in 1 MiB windows, its ids and
tokens spooled), the text comes back whole and every token's string is the tokenizer's own for
its id. That windows give the whole line's ids is
checked against the reference in tests/tokenizers (long lines in 2 KB windows).

  long_line.py --embx "CMD" --tokenizer tokenizer.json [--tokenizer ...] --work DIR [--max-rss-mb 400]
"""
import argparse
import json
import os
import shlex
import subprocess
import sys
from pathlib import Path


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--embx", required=True)
    ap.add_argument("--tokenizer", required=True, action="append")
    ap.add_argument("--work", required=True, type=Path)
    ap.add_argument("--mb", type=int, default=20)
    ap.add_argument("--max-rss-mb", type=float, default=400)
    a = ap.parse_args()
    a.work.mkdir(parents=True, exist_ok=True)
    words = ["the", "river", "bank", "was", "flooded", "HTML", "coders", "are", "not", "considered", "programmers",
             "1984", "caf\u00e9", "\u4e2d\u6587", "\U0001F600", "...", "e\u0301", "  ", "\t"]
    line = a.work / "long_line.txt"
    size, words_written, x = 0, 0, 12345
    with open(line, "w", encoding="utf-8", newline="\n") as f:
        while size < a.mb * 1_000_000:
            x = (x * 6364136223846793005 + 1442695040888963407) % 2**64
            w = words[(x >> 33) % len(words)]
            f.write((" " if words_written else "") + w)
            words_written += 1
            size += len(w.encode()) + 1
        f.write("\n")
    # Every run before anything big is held here: a child forked from a grown Python starts
    # with (and is charged for) the parent's pages.
    runs = [(tokenizer, *run(a, tokenizer, line, k)) for k, tokenizer in enumerate(a.tokenizer)]
    text = line.read_text(encoding="utf-8").rstrip("\n")
    failed = sum(check(a, tokenizer, out, rss_mb, text, words_written) for tokenizer, out, rss_mb in runs)
    return 1 if failed else 0


def run(a, tokenizer, line, k):
    out = a.work / f"long_line.{k}.jsonl"
    cmd = shlex.split(a.embx) + ["tokenize", "--tokenizer", tokenizer, "--lines", str(line)]
    with open(out, "wb") as f, open(a.work / "long_line.err", "wb") as err:
        child = subprocess.Popen(cmd, stdout=f, stderr=err)
        _, status, usage = os.wait4(child.pid, 0)  # this child's own peak, not the largest so far
    rss_mb = usage.ru_maxrss / 1024
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"long_line: {' '.join(cmd)}: exit {os.waitstatus_to_exitcode(status)}: "
                 f"{(a.work / 'long_line.err').read_text(errors='replace')[-400:]}")
    return out, rss_mb


def check(a, tokenizer, out, rss_mb, text, words):
    rows = [json.loads(l) for l in out.read_text(encoding="utf-8").splitlines()]
    problems = []
    if len(rows) != 1:
        problems.append(f"{len(rows)} output lines for one input line")
    got = rows[0]
    if got["text"] != text:
        problems.append("the text printed is not the line read")
    if len(got["ids"]) != len(got["tokens"]) or len(got["ids"]) < words // 2:
        problems.append(f"{len(got['ids'])} ids and {len(got['tokens'])} tokens for {words} words")
    vocab = json.loads(Path(tokenizer).read_text(encoding="utf-8"))["model"]["vocab"]
    by_id = {i: t for t, i in vocab.items()}
    wrong = [k for k, (i, t) in enumerate(zip(got["ids"], got["tokens"])) if by_id.get(i, t) != t]
    if wrong:
        problems.append(f"token {wrong[0]}: id {got['ids'][wrong[0]]} printed as {got['tokens'][wrong[0]]!r}")
    if rss_mb > a.max_rss_mb:
        problems.append(f"peak memory {rss_mb:.0f} MB, more than {a.max_rss_mb:.0f} MB")
    print(f"{'FAIL' if problems else 'PASS'} long_line: one {len(text.encode()) / 1e6:.1f} MB line, "
          f"{len(got['ids'])} tokens, {Path(tokenizer).parent.parent.name}, peak memory {rss_mb:.0f} MB ({' '.join(shlex.split(a.embx)[-1:])})")
    for p in problems:
        print(f"     {p}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
