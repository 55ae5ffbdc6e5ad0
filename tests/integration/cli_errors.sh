#!/usr/bin/env bash
# Bad input to the CLI: every case must exit non-zero with a message that says what is wrong.
set -u
embx=$1 table=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fails=0
expect_error() {  # expect_error "<pattern>" cmd...
  local pattern=$1; shift
  local out rc
  out=$("$@" 2>&1 >/dev/null); rc=$?
  if [ $rc -eq 0 ] || ! grep -qE -- "$pattern" <<<"$out"; then
    echo "FAIL: $* -> rc=$rc, stderr: $out (wanted /$pattern/)"; fails=$((fails+1))
  else
    echo "ok: $* -> $out"
  fi
}
head -c 1000 "$table" > "$tmp/cut.embx"
cp "$table" "$tmp/flip.embx"; printf '\x00' | dd of="$tmp/flip.embx" bs=1 seek=5000 conv=notrunc status=none
: > "$tmp/empty.embx"
printf '<!doctype html>\n<html><body>not embeddings</body></html>\n' > "$tmp/page.html"
printf 'hello world\n' > "$tmp/text.txt"

expect_error "cannot open"                       "$embx" neighbors "$tmp/missing.embx" cat
expect_error "empty"                             "$embx" neighbors "$tmp/empty.embx" cat
expect_error "cut.embx: byte [0-9]+: header describes" "$embx" neighbors "$tmp/cut.embx" cat
expect_error "flip.embx: byte [0-9]+: block 0: checksum mismatch" "$embx" neighbors "$tmp/flip.embx" cat
expect_error "page.html: this is an HTML web page" "$embx" neighbors "$tmp/page.html" cat
expect_error "text.txt: line 1 \(byte [0-9]+\): value 'world' is not a number" "$embx" neighbors "$tmp/text.txt" cat
expect_error "unknown word 'qwzxqwzx'"           "$embx" neighbors "$table" qwzxqwzx
expect_error "empty query"                       "$embx" neighbors "$table" ""
expect_error "-k must be at least 1"             "$embx" neighbors "$table" cat -k 0
expect_error "ends with an operator"             "$embx" query "$table" "king -"
expect_error "two operators in a row"            "$embx" query "$table" "king + + queen"
expect_error "unknown word 'qwzxqwzx'"           "$embx" query "$table" "king - qwzxqwzx + woman"
expect_error "did you mean 'queen'"              "$embx" query "$table" "king + queem"
expect_error "-k must be at least 1 \(got -3\)"  "$embx" query "$table" king -k -3
expect_error "--method must be add \(3CosAdd\) or mul" "$embx" query "$table" king --method dot
expect_error "either an expression or --batch"   "$embx" query "$table" ""
all=$("$embx" query "$table" "king" -k 2000000000 | tail -n 1)
grep -qE "^\(all [0-9]+ candidates shown" <<<"$all" || { echo "FAIL: -k past the table: last line '$all'"; fails=$((fails+1)); }
expect_error "unknown dtype"                     "$embx" convert "$table" -o "$tmp/x.embx" --dtype q3
[ -e "$tmp/x.embx" ] && { echo "FAIL: a failed convert left an output file"; fails=$((fails+1)); }
expect_error "--method must be pca or tsne, got 'umap'" "$embx" project "$table" --method umap
expect_error "--dims must be 2 or 3 \(got 0\)"  "$embx" project "$table" --dims 0
expect_error "--limit must be at least 2 rows \(got 1\)" "$embx" project "$table" --limit 1
expect_error "--json or --csv, not both"         "$embx" project "$table" --json --csv
expect_error "apply to --method tsne only"       "$embx" project "$table" --perplexity 5
expect_error "cannot open"                       "$embx" project "$tmp/missing.embx"
# embx tfidf: documents that are missing, empty, not UTF-8 or wordless; bad switches.
printf 'first line\nbad \xff byte\n' > "$tmp/latin.txt"
printf '\n  \n\r\n' > "$tmp/blank.txt"
printf 'a b ! ?\n' > "$tmp/wordless.txt"
expect_error "missing.txt: cannot open"           "$embx" tfidf "$tmp/text.txt" "$tmp/missing.txt"
expect_error "latin.txt: byte 15 \(line 2\): not valid UTF-8" "$embx" tfidf "$tmp/text.txt" "$tmp/latin.txt"
expect_error "not valid UTF-8"                    "$embx" tfidf --lines "$tmp/cut.embx"
expect_error "no documents: every line of the files is blank" "$embx" tfidf --lines "$tmp/blank.txt"
expect_error "empty vocabulary"                   "$embx" tfidf "$tmp/wordless.txt" "$tmp/empty.embx"
expect_error "give document files or --example"   "$embx" tfidf
expect_error "--norm must be l2 or none, got 'l1'" "$embx" tfidf "$tmp/text.txt" --norm l1
expect_error "scikit-learn switches, not for --textbook" "$embx" tfidf "$tmp/text.txt" --textbook --sublinear-tf
expect_error "--top must be at least 1"           "$embx" tfidf "$tmp/text.txt" --top 0
# Words and names from a file reach the terminal escaped: an ANSI escape or a bidi override in a
# table cannot repaint the screen or reverse the output around it.
printf 'red\x1b[2J\xe2\x80\xae 0.1 0.2\nblue 0.3 0.4\nplain 0.2 0.5\n' > "$tmp/escapes.txt"
out=$("$embx" neighbors "$tmp/escapes.txt" blue 2>&1)
if grep -q $'\x1b' <<<"$out" || grep -q $'\xe2\x80\xae' <<<"$out" || ! grep -qF 'red\x1B[2J\u202E' <<<"$out"; then
  echo "FAIL: neighbors printed a word's escape sequence raw: $(od -c <<<"$out" | head -5)"; fails=$((fails+1))
else
  echo "ok: neighbors shows red\\x1B[2J\\u202E escaped"
fi
expect_error "unknown word '[\\]x1B\[2Jx'"         "$embx" neighbors "$tmp/escapes.txt" $'\e[2Jx'
exit $((fails > 0))  # not $fails: 256 failures would exit 0
