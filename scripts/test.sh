#!/usr/bin/env bash
# README command 2: installs what is missing, builds every preset and runs every test:
#   native  unit tests (reference + AVX2 kernels), CLI vs gensim, CLI errors, desktop under Xvfb
#   web     the same unit tests compiled to wasm (SIMD128) under node, Chromium end-to-end tests
#   asan    the unit tests under AddressSanitizer + UndefinedBehaviorSanitizer
# Each preset then fails on any skipped test that tests/expected-skips/<preset>.txt does not list.
# Quick when nothing changed: nothing is reinstalled or rebuilt.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$root/scripts/bootstrap.sh"
"$root/scripts/build.sh" native web asan

cd "$root"
failed=()
for preset in native web asan; do
  echo "[test] $preset"
  results="$root/build/$preset/test-results.xml"
  rm -f "$results"
  ctest --preset "$preset" --output-junit "$results" || failed+=("$preset")
  # A skip is a failure unless tests/expected-skips/<preset>.txt says why it is expected.
  /usr/bin/python3 "$root/scripts/check_skips.py" "$results" "$root/tests/expected-skips/$preset.txt" ||
    failed+=("$preset (skips)")
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "[test] FAILED in: ${failed[*]}"
  exit 1
fi
echo "[test] all presets passed"
