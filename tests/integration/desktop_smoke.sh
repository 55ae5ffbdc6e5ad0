#!/usr/bin/env bash
# The desktop app under Xvfb:
#   1. loads the table (memory-mapped), runs a query, renders, writes a screenshot that must
#      not be blank;
#   2. on the Graph tab, exports the view as PNG (the tab's PNG button, via --export-png): a
#      valid PNG the size of the window, decoded here with zlib, that is not blank;
#   3. a missing table is an error naming the file, and the app exits non-zero;
#   4. bad arguments are refused before a window opens, naming the option;
#   5. a model folder (a random-weight BERT that tests/models/make_models.py writes) opens on
#      the Context tab as int8, its per-layer plot drawn; a folder that isn't one is an error.
set -eu
app=$(readlink -f "$1") table=$(readlink -f "$2") out=$3  # absolute: step 2 runs in $out
mkdir -p "$out"
command -v xvfb-run >/dev/null || { echo "xvfb-run missing (package xvfb)"; exit 1; }
run() { xvfb-run -a -s "-screen 0 1280x900x24" "$app" "$@"; }

log=$(run "$table" --query king --frames 10 --screenshot "$out/desktop.ppm")
echo "$log"
grep -q "loaded .*memory-mapped" <<<"$log" || { echo "the table was not memory-mapped"; exit 1; }
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

rm -f "$out/desktop-graph.png"
log=$(cd "$out" && run "$table" --tab graph --frames 3 --export-png desktop-graph.png --screenshot desktop-graph.ppm)
echo "$log"
grep -q "saved desktop-graph.png" <<<"$log" || { echo "no PNG export reported"; exit 1; }
python3 - "$out/desktop-graph.png" "$out/desktop-graph.ppm" <<'PY'
import struct, sys, zlib

data = open(sys.argv[1], 'rb').read()
assert data[:8] == b'\x89PNG\r\n\x1a\n', "not a PNG signature"
at, idat, chunks = 8, b'', []
while at < len(data):
    n, kind = struct.unpack('>I4s', data[at:at + 8])
    body = data[at + 8:at + 8 + n]
    crc, = struct.unpack('>I', data[at + 8 + n:at + 12 + n])
    assert zlib.crc32(kind + body) == crc, f"bad CRC in {kind}"
    chunks.append(kind)
    if kind == b'IHDR':
        w, h, depth, ctype, _, _, interlace = struct.unpack('>IIBBBBB', body)
    if kind == b'IDAT':
        idat += body
    at += 12 + n
assert chunks[0] == b'IHDR' and chunks[-1] == b'IEND', chunks
assert (depth, ctype, interlace) == (8, 2, 0), "expected 8-bit RGB, not interlaced"
raw = zlib.decompress(idat)
stride = w * 3
assert len(raw) == h * (stride + 1), "IDAT does not hold w x h pixels"

# Undo the per-row filters (PNG spec, section 9) to get the pixels back.
rows, prev = [], bytearray(stride)
for y in range(h):
    f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
    for i in range(stride):
        a = line[i - 3] if i >= 3 else 0
        b, c = prev[i], (prev[i - 3] if i >= 3 else 0)
        if f == 1: line[i] = (line[i] + a) & 255
        elif f == 2: line[i] = (line[i] + b) & 255
        elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        else: assert f == 0, f"unknown filter {f}"
    rows.append(bytes(line))
    prev = line
px = b''.join(rows)

ppm = open(sys.argv[2], 'rb').read().split(b'\n', 3)
pw, ph = map(int, ppm[1].split())
assert (w, h) == (pw, ph), f"PNG {w}x{h} but the window is {pw}x{ph}"
colours = {px[i:i + 3] for i in range(0, len(px), 3)}
# The window a few frames later: the settled graph has not moved, only the status line
# ("saved ...") differs.
same = sum(px[i:i + 3] == ppm[3][i:i + 3] for i in range(0, len(px), 3)) / (w * h)
print(f"graph PNG {w}x{h}, {len(data)} bytes, {len(colours)} distinct colours, {same:.1%} of pixels as on screen")
assert len(colours) > 50, "the exported graph looks blank"
assert same > 0.95, "the PNG is not the view on screen"
PY

if log=$(run "$out/no-such-table.embx" --frames 2 2>&1); then
  echo "a missing table should fail"; exit 1
fi
echo "$log"
grep -q "no-such-table.embx: cannot open: No such file or directory" <<<"$log" || { echo "unclear error for a missing table"; exit 1; }

"$app" --help | grep -q -- "--load-budget-ms" || { echo "--help does not list the options"; exit 1; }
for bad in "--theme blue" "--load-budget-ms 0" "--frames -3" "--no-such-option"; do
  # shellcheck disable=SC2086  # the words of $bad are separate arguments
  if log=$("$app" $bad 2>&1); then echo "embx-desktop accepted $bad"; exit 1; fi
  grep -q -- "${bad%% *}" <<<"$log" || { echo "the error for '$bad' does not name the option: $log"; exit 1; }
done
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$out/desktop-models"
/usr/bin/python3 "$here/../models/make_models.py" --out "$out/desktop-models" --only bert-f32 >/dev/null
log=$(run "$table" --model "$out/desktop-models/bert-f32" --model-int8 --frames 10 --screenshot "$out/desktop-context.ppm")
echo "$log"
grep -q "opened the model bert-f32 (bert, 2 layers, int8)" <<<"$log" || { echo "the model was not opened"; exit 1; }
python3 - "$out/desktop-context.ppm" <<'PY'
import sys
parts = open(sys.argv[1], 'rb').read().split(b'\n', 3)
px = parts[3]
colours = {px[i:i + 3] for i in range(0, len(px), 3 * 31)}
print(f"desktop Context tab: {len(colours)} distinct colours (sampled)")
assert len(colours) > 20, "the Context tab looks blank"
PY
if log=$(run "$table" --model "$out/no-such-model" --frames 2 2>&1); then echo "a missing model folder should fail"; exit 1; fi
grep -q "could not open the model: .*no-such-model: no such file or folder" <<<"$log" || { echo "unclear error for a missing model: $log"; exit 1; }
echo "desktop smoke: OK"
