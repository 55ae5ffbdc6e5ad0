#!/usr/bin/env bash
# README command 2: installs what is missing, builds every preset and runs every test:
#   native  unit tests (reference + AVX2 kernels), CLI vs gensim, CLI errors, desktop under Xvfb
#   web     the same unit tests compiled to wasm (SIMD128) under node, Chromium end-to-end tests
#   asan    the unit tests under AddressSanitizer + UndefinedBehaviorSanitizer
#   tsan    the unit tests of the threaded paths under ThreadSanitizer
# Each preset then fails on any skipped test that tests/expected-skips/<preset>.txt does not list.
# Quick when nothing changed: nothing is reinstalled or rebuilt. Ends with the wall and CPU
# time of each stage, so a slow stage is seen where it happens.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

timings=()
# stage NAME COMMAND...: runs COMMAND, records its wall time and the CPU time of its children.
stage() {
  local name=$1 t0 c0 c1 rc=0
  shift
  t0=$(date +%s.%N)
  cpu_seconds; c0=$cpu
  "$@" || rc=$?
  cpu_seconds; c1=$cpu
  timings+=("$(awk -v n="$name" -v t0="$t0" -v t1="$(date +%s.%N)" -v c0="$c0" -v c1="$c1" \
                 'BEGIN { printf "%-14s %7.1f s wall %8.1f s CPU", n, t1 - t0, c1 - c0 }')")
  return $rc
}
# Sets cpu to the user + system seconds of every finished child of this shell: the second line
# of bash's `times`, which must run in this shell (a pipe or $(...) would be a subshell).
times_file=$(mktemp)
cpu_seconds() {
  times >"$times_file"
  cpu=$(awk 'NR == 2 { split($1, u, "m"); split($2, s, "m"); printf "%.2f", u[1] * 60 + u[2] + s[1] * 60 + s[2] }' "$times_file")
}
report() {
  echo "[test] stage times:"
  printf '  %s\n' "${timings[@]}"
  rm -f "$times_file"
}
trap report EXIT

stage bootstrap "$root/scripts/bootstrap.sh" test
for preset in native web asan tsan; do
  stage "build $preset" "$root/scripts/build.sh" "$preset"
done

failed=()
for preset in native web asan tsan; do
  echo "[test] $preset"
  results="$root/build/$preset/test-results.xml"
  rm -f "$results"
  stage "test $preset" ctest --preset "$preset" --output-junit "$results" || failed+=("$preset")
  # A skip is a failure unless tests/expected-skips/<preset>.txt says why it is expected.
  /usr/bin/python3 "$root/scripts/check_skips.py" "$results" "$root/tests/expected-skips/$preset.txt" ||
    failed+=("$preset (skips)")
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "[test] FAILED in: ${failed[*]}"
  exit 1
fi
echo "[test] all presets passed"
