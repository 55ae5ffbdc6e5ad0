#!/usr/bin/env bash
# The repository stands alone: no file in it may read anything beside the checkout (the
# workplace's shared folder, a sibling clone). Fails naming each file and line that does.
#   standalone.sh SOURCE_DIR
set -euo pipefail
src=${1:?usage: standalone.sh SOURCE_DIR}
outside='\.\./'"shared"   # spelled in two parts so this file does not find itself
hits=$(grep -rIn -E "$outside" "$src" --exclude-dir=.git --exclude-dir=build --exclude-dir=node_modules || true)
if [ -n "$hits" ]; then
  echo "files that refer to a path outside the repository:"
  echo "$hits"
  exit 1
fi
echo "no file refers to a path outside the repository"
