#!/usr/bin/env bash
# The desktop app under Xvfb: loads the table, runs a query, renders, writes a screenshot that
# must not be blank.
set -eu
app=$1 table=$2 out=$3
mkdir -p "$out"
command -v xvfb-run >/dev/null || { echo "xvfb-run missing (package xvfb)"; exit 1; }
xvfb-run -a -s "-screen 0 1280x900x24" "$app" "$table" --query king --frames 10 --screenshot "$out/desktop.ppm"
python3 - "$out/desktop.ppm" <<'PY'
import sys
data = open(sys.argv[1], 'rb').read()
parts = data.split(b'\n', 3)
w, h = map(int, parts[1].split())
px = parts[3]
assert len(px) == w * h * 3, "short screenshot"
colours = {px[i:i + 3] for i in range(0, len(px), 3 * 97)}
print(f"desktop screenshot {w}x{h}, {len(colours)} distinct colours (sampled)")
assert len(colours) > 20, "the window looks blank"
PY
