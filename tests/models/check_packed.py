#!/usr/bin/python3
"""Checks `embx convert-model` against the model folders it packs, reading the .embxm with this
script's own reader (written from docs/contextual-embeddings.md, numpy only), then checks that broken
.embxm files are refused with a message naming the problem.

  /usr/bin/python3 tests/models/check_packed.py --embx "build/native/src/embx" --models DIR --work DIR

For every model folder under --models (make_models.py's) and each dtype:
  - the header (magic, version, index length, total length = file size) and the JSON index
    (files in order, 64-byte aligned, inside the file);
  - every text file packed is byte-identical to the folder's;
  - model.safetensors: every tensor the folder has that the pack keeps matches it: F32 exactly,
    F16 as numpy's float16 rounding, I8 with its row scales within half a step of every value,
    and each row's largest |value| quantized to 127.
Exit status 1 on any failure.
"""
import argparse
import json
import shlex
import struct
import subprocess
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import safetensors_io  # noqa: E402

MAGIC = b"EMBXMODL"
SCALE_SUFFIX = ".embx_row_scale"
TEXT_FILES = ["config.json", "tokenizer.json", "vocab.txt", "tokenizer_config.json", "modules.json",
              "1_Pooling/config.json"]


def read_pack(path):
    """-> (index dict, {path: bytes})."""
    data = Path(path).read_bytes()
    assert data[:8] == MAGIC, f"magic {data[:8]!r}"
    version, index_bytes, total, reserved = struct.unpack("<IIQQ", data[8:32])
    assert version == 1 and reserved == 0, (version, reserved)
    assert total == len(data), f"total_bytes {total}, file {len(data)}"
    index = json.loads(data[32:32 + index_bytes])
    assert index["format"] == "embxm"
    files, end = {}, 32 + index_bytes
    for f in index["files"]:
        assert f["offset"] % 64 == 0 and f["offset"] >= end, f
        end = f["offset"] + f["size"]
        assert end <= len(data), f
        files[f["path"]] = data[f["offset"]:end]
    return index, files


def parse_safetensors(raw):
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + n])
    meta = header.pop("__metadata__", {})
    out = {}
    at = 0
    for name, info in header.items():  # the data must be covered in order, without holes
        b, e = info["data_offsets"]
        assert b == at, f"{name}: hole or overlap at {b} (expected {at})"
        at = e
        buf = raw[8 + n + b:8 + n + e]
        if info["dtype"] == "I8":
            out[name] = (np.frombuffer(buf, np.int8).reshape(info["shape"]), "I8")
        else:
            out[name] = (safetensors_io.decode(buf, info["dtype"], info["shape"]), info["dtype"])
    assert 8 + n + at == len(raw), "the tensors do not end at the end of model.safetensors"
    return out, meta


def canonical(name, source_names):
    """The folder's spelling of a packed (canonical) tensor name, or None."""
    for cand in (name, "bert." + name, name.removeprefix("model.")):
        if cand in source_names:
            return cand
    for a, b in ((".weight", ".gamma"), (".bias", ".beta")):
        if name.endswith(a) and "LayerNorm" in name:
            return canonical(name[: -len(a)] + b, source_names)
    return None


def check_model(embx, folder, work, dtype):
    pack = work / f"{folder.name}-{dtype}.embxm"
    p = subprocess.run(shlex.split(embx) + ["convert-model", str(folder), "-o", str(pack), "--dtype", dtype],
                       capture_output=True, text=True)
    if p.returncode != 0:
        return [f"convert-model exit {p.returncode}: {p.stderr.strip()[-400:]}"]
    problems = []
    index, files = read_pack(pack)
    if index["dtype"] != dtype:
        problems.append(f"index dtype {index['dtype']}")
    for rel in TEXT_FILES:
        src = folder / rel
        if rel in files and files[rel] != src.read_bytes():
            problems.append(f"{rel} differs from the folder's")
    if (folder / "config.json").exists() and "config.json" not in files:
        problems.append("config.json not packed")
    source, _ = safetensors_io.read_model(folder)
    tensors, meta = parse_safetensors(files["model.safetensors"])
    if meta.get("embx_dtype") != dtype:
        problems.append(f"__metadata__ {meta}")
    checked = 0
    for name, (values, dt) in tensors.items():
        if name.endswith(SCALE_SUFFIX):
            continue
        src_name = canonical(name, source)
        if src_name is None:
            problems.append(f"{name}: not in the folder")
            continue
        want = source[src_name].astype(np.float32)
        if values.shape != want.shape:
            problems.append(f"{name}: shape {values.shape} vs {want.shape}")
            continue
        checked += 1
        if dt == "F32":
            if not np.array_equal(values, want):
                problems.append(f"{name}: F32 values differ (max {np.abs(values - want).max():.3g})")
        elif dt == "F16":
            if not np.array_equal(values, want.astype(np.float16).astype(np.float32)):
                problems.append(f"{name}: F16 values are not the folder's rounded to f16")
        elif dt == "I8":
            scales = tensors[name + SCALE_SUFFIX][0]
            back = values.astype(np.float32) * scales[:, None]
            err = np.abs(back - want) - scales[:, None] * 0.5001
            if (err > 1e-6).any():
                problems.append(f"{name}: an I8 value is more than half a step from the folder's")
            peak = np.abs(values.astype(np.int32)).max(axis=1)
            if ((peak != 127) & (np.abs(want).max(axis=1) > 0)).any():
                problems.append(f"{name}: a row's largest value is not quantized to 127")
        else:
            problems.append(f"{name}: dtype {dt}")
    if checked == 0:
        problems.append("no tensor checked")
    return problems


def expect_refused(embx, pack, expect, what):
    p = subprocess.run(shlex.split(embx) + ["hidden", str(pack), "--ids", "1,2", "--json"], capture_output=True, text=True)
    ok = p.returncode != 0 and expect in p.stderr
    print(f"{'PASS' if ok else 'FAIL'} {what}: {p.stderr.strip()[-300:] or '(exit ' + str(p.returncode) + ')'}")
    return ok


def broken_packs(embx, work, pack):
    """Broken copies of a good .embxm: each must be refused naming the problem."""
    good = pack.read_bytes()
    (n,) = struct.unpack("<I", good[12:16])
    index = json.loads(good[32:32 + n])
    st = next(f for f in index["files"] if f["path"] == "model.safetensors")

    def variant(name, data):
        path = work / f"broken-{name}.embxm"
        path.write_bytes(data)
        return path

    def with_index(change):
        j = json.loads(good[32:32 + n])
        change(j)
        text = json.dumps(j).encode()
        assert len(text) <= n
        return good[:32] + text.ljust(n, b" ") + good[32 + n:]

    st_start = st["offset"]
    (hn,) = struct.unpack("<Q", good[st_start:st_start + 8])
    header = json.loads(good[st_start + 8:st_start + 8 + hn])
    i8_name = next((k for k, v in header.items() if k != "__metadata__" and v["dtype"] == "I8"), None)
    cases = [
        ("cut-short", good[: len(good) - 1000], "cut short"),
        ("trailing", good + b"\0" * 10, "more than the"),
        ("magic", b"EMBXMODX" + good[8:], "not a packed model"),
        ("version", good[:8] + struct.pack("<I", 7) + good[12:], "version 7"),
        ("overlap", with_index(lambda j: j["files"][1].update(offset=j["files"][0]["offset"])), "before the end of"),
        ("past-end", with_index(lambda j: j["files"][-1].update(size=j["files"][-1]["size"] + 64)), "runs past the end"),
        ("dotdot", with_index(lambda j: j["files"][0].update(path="../config.json")), "not a plain relative path"),
        ("twice", with_index(lambda j: j["files"][1].update(path=j["files"][0]["path"])), "appears twice"),
    ]
    if i8_name:
        at = st_start + 8 + hn + header[i8_name]["data_offsets"][0]
        cases.append(("minus128", good[:at] + b"\x80" + good[at + 1:], "holds -128"))
        cases.append(("no-scales", good.replace((i8_name + SCALE_SUFFIX).encode(), (i8_name + ".embx_row_scalX").encode()),
                      "without its row scales"))
    return all([expect_refused(embx, variant(name, data), expect, name) for name, data, expect in cases])


def main():
    ap = argparse.ArgumentParser(description="Check embx convert-model's .embxm files.")
    ap.add_argument("--embx", required=True)
    ap.add_argument("--models", required=True, type=Path)
    ap.add_argument("--work", required=True, type=Path)
    args = ap.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    folders = sorted(p.parent for p in args.models.glob("*/config.json"))
    failed = 0
    for folder in folders:
        for dtype in ("f32", "f16", "i8"):
            problems = check_model(args.embx, folder, args.work, dtype)
            print(f"{'FAIL' if problems else 'PASS'} {folder.name} packed as {dtype}")
            for p in problems[:8]:
                print(f"     {p}")
            failed += bool(problems)
    name = args.embx.split()[-1]
    out = subprocess.run(shlex.split(args.embx) + ["convert-model", str(folders[0]), "-o", str(args.work / "x.bin")],
                         capture_output=True, text=True)
    if out.returncode == 0 or ".embxm" not in out.stderr:
        print(f"FAIL {name}: an output not named .embxm was accepted: {out.stderr}")
        failed += 1
    i8_pack = args.work / f"{folders[0].name}-i8.embxm"
    if not broken_packs(args.embx, args.work, i8_pack):
        failed += 1
    print(f"check_packed: {'all passed' if not failed else str(failed) + ' failures'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
