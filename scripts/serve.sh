#!/usr/bin/env bash
# README command 1: installs what is missing, builds the explorer with the default GloVe table,
# and serves it with emrun (a static server that also sends the COOP/COEP headers wasm threads
# need). Prints the URL and keeps serving until Ctrl-C. PORT=... picks the port (default 8080,
# or the next free one).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$root/scripts/bootstrap.sh" serve
"$root/scripts/build.sh" --serve native web

port=${PORT:-8080}
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
if [ -z "${PORT:-}" ]; then
  while port_in_use "$port"; do port=$((port + 1)); done
fi
site="$root/build/web/site"
echo
echo "  Embedding Explorer is served at:  http://localhost:$port/"
echo "  (folder $site; Ctrl-C stops the server)"
echo
PYTHONWARNINGS=ignore::DeprecationWarning exec emrun --no_browser --no_emrun_detect --port "$port" "$site"
