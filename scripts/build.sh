#!/usr/bin/env bash
# Configures (once) and builds the given CMake presets, in order: build.sh native web asan
# The web build bundles the default table that the native build converts, so native comes first.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
for preset in "$@"; do
  # Ninja re-runs CMake by itself when a CMakeLists.txt changes; configure only once.
  if [ ! -f "build/$preset/build.ninja" ]; then
    cmake --preset "$preset" >/dev/null
  fi
  echo "[build] $preset"
  cmake --build --preset "$preset"
done
