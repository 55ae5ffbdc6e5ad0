#!/usr/bin/env bash
# Rewrites the README's pictures (docs/images/*.png) from the current build: builds what
# serving needs, then drives headless Chromium through every tab (scripts/screenshots.mjs).
# The test docs.readme_images fails when the committed pictures no longer match the build.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
"$root/scripts/bootstrap.sh" test   # Chromium and playwright-core
"$root/scripts/build.sh" --serve native web
node "$root/scripts/screenshots.mjs" --site "$root/build/web/site" --out "$root/docs/images"
