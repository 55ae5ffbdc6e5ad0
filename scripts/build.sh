#!/usr/bin/env bash
# Configures (once) and builds CMake presets, in order: build.sh [--serve] native web asan tsan
# The web build bundles the default table that the native build converts, so native comes first.
#   --serve  only what serving the explorer needs: natively `embx`, the default and token tables, for
#            the web the site folder. A build folder configured for the first time this way
#            leaves the tests and the desktop app out (EMBX_SERVE_ONLY); a later build without
#            --serve (scripts/test.sh) turns them back on in the same folder.
# With CI=true (as CI runs it) a new build folder treats warnings in our code as errors.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
serve_only=0
if [ "${1:-}" = "--serve" ]; then serve_only=1; shift; fi
for preset in "$@"; do
  cache="build/$preset/CMakeCache.txt"
  # Ninja re-runs CMake by itself when a CMakeLists.txt changes; configure only when needed.
  configure=()
  if [ ! -f "build/$preset/build.ninja" ]; then
    configure=(-DEMBX_SERVE_ONLY=$([ $serve_only -eq 1 ] && echo ON || echo OFF)
               -DEMBX_WERROR=$([ "${CI:-}" = true ] && echo ON || echo OFF))  # warnings fail CI
  elif [ $serve_only -eq 0 ] && grep -q '^EMBX_SERVE_ONLY:BOOL=ON' "$cache"; then
    configure=(-DEMBX_SERVE_ONLY=OFF)
  fi
  if [ ${#configure[@]} -gt 0 ]; then
    # The configure log is kept quiet when all is well, and shown whole when it fails or warns
    # (a missing dependency must not pass unseen).
    echo "[configure] $preset"
    mkdir -p build
    log="build/$preset.configure.log"
    if ! cmake --preset "$preset" "${configure[@]}" >"$log" 2>&1; then
      cat "$log" >&2
      echo "[configure] $preset FAILED (log: $log)" >&2
      exit 1
    fi
    if grep -q "CMake Warning" "$log"; then cat "$log" >&2; fi
  fi
  targets=()
  if [ $serve_only -eq 1 ]; then
    case "$preset" in
      native) targets=(--target default_table --target token_table) ;;
      web) targets=(--target site) ;;
    esac
  fi
  echo "[build] $preset${targets:+ (${targets[*]:1})}"
  cmake --build --preset "$preset" "${targets[@]}"
done
