#!/usr/bin/env bash
# The same .embx files read by the native CLI and by the same CLI compiled to wasm (node):
# identical fingerprints (words, row bytes, scales, norms) and identical answers.
set -euo pipefail
native=$1 wasm=$2 table=$3 corpus=$4
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
"$native" convert "$corpus/../wink_json/tiny.json" -o "$tmp/tiny-i4.embx" --dtype i4 2>/dev/null
fails=0
for f in "$table" "$corpus"/*.embx "$tmp/tiny-i4.embx"; do
  a=$("$native" info "$f" --json | grep '"fingerprint"')
  b=$(node "$wasm" info "$f" --json | grep '"fingerprint"')
  if [ "$a" = "$b" ]; then echo "same: $(basename "$f") $a"; else echo "DIFFERENT: $f native $a wasm $b"; fails=$((fails+1)); fi
done
a=$("$native" query "$table" "italy - rome + london" -k 10 --json)
b=$(node "$wasm" query "$table" "italy - rome + london" -k 10 --json)
if [ "$a" = "$b" ]; then echo "same query answer: $a"; else echo "DIFFERENT query answers: $a / $b"; fails=$((fails+1)); fi
exit $((fails > 0))  # not $fails: 256 failures would exit 0
