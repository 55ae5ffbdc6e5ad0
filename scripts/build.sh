#!/usr/bin/env bash
# Configures (once) and builds the given CMake presets, in order: build.sh native web asan
# The web build bundles the default table that the native build converts, so native comes first.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
for preset in "$@"; do
  # Ninja re-runs CMake by itself when a CMakeLists.txt changes; configure only once. The
  # configure log is kept quiet when all is well, and shown whole when it fails or warns.
  if [ ! -f "build/$preset/build.ninja" ]; then
    echo "[configure] $preset"
    mkdir -p build
    log="build/$preset.configure.log"
    if ! cmake --preset "$preset" >"$log" 2>&1; then
      cat "$log" >&2
      echo "[configure] $preset FAILED (log: $log)" >&2
      exit 1
    fi
    if grep -q "CMake Warning" "$log"; then cat "$log" >&2; fi
  fi
  echo "[build] $preset"
  cmake --build --preset "$preset"
done
