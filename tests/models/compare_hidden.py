#!/usr/bin/python3
"""Compares a program's hidden states with the references written by make_models.py.

  /usr/bin/python3 tests/models/compare_hidden.py --embx "node web/embx-cli.js" --models DIR \
      [--dtype f32|i8] [--only NAME,...]

For every DIR/*/reference.json and each of its id sequences, runs
  <CMD> hidden <MODEL_DIR> --ids 1,2,3 --json [--dtype i8]
(CMD split like a shell would) and reads from its stdout
  {"tokens": [{"id": .., "token": ..}], "hidden_states": [layer][token][hidden floats]}
Checks the token ids, the shape (num_hidden_layers + 1, tokens, hidden_size) and the cosine of
every (layer, token) vector against the reference: >= 0.9999 for f32, >= 0.99 for i8 (or
--min-cos). A "sentence_embedding" in the output, if the reference has one, is checked too.
Prints each model's worst cosine and where; exit status 1 on any failure. numpy only.

With --packed f32|f16|i8 each folder is first packed by `<CMD> convert-model` into one .embxm
(in --pack-dir) and the .embxm is run instead: the packed file against the same reference.
With --gguf f32|f16|bf16|q8_0 each folder is first written as a GGUF file by write_gguf.py (our
own writer of llama.cpp's layout, independent of embx) into --pack-dir, and that file is run.
"""
import argparse
import json
import shlex
import subprocess
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import write_gguf  # noqa: E402

MIN_COS = {"f32": 0.9999, "i8": 0.99}


def cosines(a, b):
    """Row-wise cosine over the last axis; two zero vectors count as equal."""
    na, nb = np.linalg.norm(a, axis=-1), np.linalg.norm(b, axis=-1)
    dot = (a * b).sum(-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        c = dot / (na * nb)
    c = np.where((na == 0) & (nb == 0), 1.0, c)
    return np.where(np.isfinite(c), c, -1.0)  # NaN/inf in the output fails


def run(cmd, folder, ids, dtype, timeout):
    argv = shlex.split(cmd) + ["hidden", str(folder), "--ids", ",".join(map(str, ids)), "--json"]
    if dtype != "f32":
        argv += ["--dtype", dtype]
    shown = " ".join(shlex.quote(a) for a in argv)
    try:
        p = subprocess.run(argv, capture_output=True, text=True, timeout=timeout)
    except (OSError, subprocess.TimeoutExpired) as e:
        raise RuntimeError(f"{shown}: {e}")
    if p.returncode != 0:
        raise RuntimeError(f"{shown}: exit {p.returncode}: {p.stderr.strip()[-500:]}")
    try:
        return json.loads(p.stdout)
    except json.JSONDecodeError as e:
        raise RuntimeError(f"{shown}: stdout is not JSON ({e}): {p.stdout[:200]!r}")


def check_case(out, case, ref, min_cos):
    """-> (problems, worst (cos, layer, token) or None)."""
    ids = case["ids"]
    problems = []
    got_ids = [t.get("id") for t in out.get("tokens", [])]
    if "tokens" in out and got_ids != ids:
        problems.append(f"token ids {got_ids} != {ids}")
    want = np.asarray(case["hidden_states"], dtype=np.float64)
    try:
        got = np.asarray(out["hidden_states"], dtype=np.float64)
    except (KeyError, ValueError, TypeError) as e:
        return problems + [f"hidden_states missing or ragged ({e})"], None
    expect = (ref["num_hidden_layers"] + 1, len(ids), ref["hidden_size"])
    if got.shape != expect:
        return problems + [f"hidden_states shape {got.shape}, expected {expect} "
                           f"(layers + 1, tokens, hidden)"], None
    cos = cosines(got, want)
    layer, token = np.unravel_index(np.argmin(cos), cos.shape)
    worst = (float(cos[layer, token]), int(layer), int(token))
    bad = np.argwhere(cos < min_cos)
    if len(bad):
        where = ", ".join(f"(layer {l}, token {t}) {cos[l, t]:.6f}" for l, t in bad[:5])
        problems.append(f"{len(bad)} of {cos.size} vectors below {min_cos}: {where}"
                        + (" ..." if len(bad) > 5 else ""))
    if "sentence_embedding" in out and "sentence_embedding" in case:
        s = float(cosines(np.asarray(out["sentence_embedding"], dtype=np.float64),
                          np.asarray(case["sentence_embedding"], dtype=np.float64)))
        if s < min_cos:
            problems.append(f"sentence_embedding cosine {s:.6f} < {min_cos}")
    return problems, worst


def main():
    ap = argparse.ArgumentParser(description="Compare hidden states with reference.json files.")
    ap.add_argument("--embx", required=True, help="command to run, e.g. 'node web/embx-cli.js'")
    ap.add_argument("--models", required=True, type=Path, help="folder written by make_models.py")
    ap.add_argument("--dtype", choices=sorted(MIN_COS), default="f32")
    ap.add_argument("--min-cos", type=float, help="override the dtype's threshold")
    ap.add_argument("--only", help="comma-separated model folder names")
    ap.add_argument("--timeout", type=float, default=300, help="seconds per run")
    ap.add_argument("--packed", choices=["f32", "f16", "i8"], help="run each model packed as this dtype")
    ap.add_argument("--gguf", choices=["f32", "f16", "bf16", "q8_0"], help="run each model as a GGUF file of this dtype")
    ap.add_argument("--pack-dir", type=Path, help="where the packed .embxm or .gguf files go (with --packed, --gguf)")
    args = ap.parse_args()
    min_cos = args.min_cos if args.min_cos is not None else MIN_COS[args.dtype]
    refs = sorted(args.models.glob("*/reference.json"))
    if args.only:
        refs = [r for r in refs if r.parent.name in set(args.only.split(","))]
    if not refs:
        print(f"no */reference.json under {args.models}", file=sys.stderr)
        return 1
    failed = 0
    for path in refs:
        ref = json.loads(path.read_text())
        problems, worst = [], None
        model = path.parent
        if args.packed:
            args.pack_dir.mkdir(parents=True, exist_ok=True)
            model = args.pack_dir / f"{path.parent.name}-{args.packed}.embxm"
            argv = shlex.split(args.embx) + ["convert-model", str(path.parent), "-o", str(model), "--dtype", args.packed]
            p = subprocess.run(argv, capture_output=True, text=True, timeout=args.timeout)
            if p.returncode != 0:
                print(f"FAIL {path.parent.name}: convert-model exit {p.returncode}: {p.stderr.strip()[-500:]}")
                failed += 1
                continue
        if args.gguf:
            args.pack_dir.mkdir(parents=True, exist_ok=True)
            model = args.pack_dir / f"{path.parent.name}-{args.gguf}.gguf"
            model.write_bytes(write_gguf.model_gguf(path.parent, args.gguf))
        for k, case in enumerate(ref["cases"]):
            try:
                out = run(args.embx, model, case["ids"], args.dtype, args.timeout)
                p, w = check_case(out, case, ref, min_cos)
            except RuntimeError as e:
                p, w = [str(e)], None
            problems += [f"case {k} ({len(case['ids'])} tokens): {x}" for x in p]
            if w and (worst is None or w[0] < worst[0]):
                worst = w + (k,)
        where = (f"worst cosine {worst[0]:.7f} (1-cos {1 - worst[0]:.1e}) at layer {worst[1]}, token {worst[2]} "
                 f"of case {worst[3]}" if worst else "no cosines")
        print(f"{'FAIL' if problems else 'PASS'} {path.parent.name}: {where}")
        for p in problems:
            print(f"     {p}")
        failed += bool(problems)
    packed = f", packed as {args.packed}" if args.packed else f", as GGUF {args.gguf}" if args.gguf else ""
    print(f"{len(refs) - failed}/{len(refs)} models pass ({args.dtype}{packed}, cosine >= {min_cos})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
