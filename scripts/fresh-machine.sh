#!/usr/bin/env bash
# Measures the README's two commands as a new user meets them: on a fresh Debian 12 root made
# by debootstrap (minbase, plus git and ca-certificates to clone and reach npm), with a clone
# of this checkout's HEAD inside it:
#   1. scripts/serve.sh, until the URL it prints serves the page;
#   2. scripts/test.sh.
# Each is timed, with the bytes the machine received meanwhile (every network interface but
# loopback; run it on an otherwise quiet machine) and what landed in apt's and npm's caches.
# Needs root (debootstrap, chroot, mounts), the Debian archive and the npm registry; takes
# about an hour. Prints a Markdown table for the README.
#   scripts/fresh-machine.sh [--serve-only] [--keep]     (--keep leaves the root in /var/tmp)
set -euo pipefail

serve_only=0 keep=0
for a in "$@"; do
  case "$a" in
    --serve-only) serve_only=1 ;;
    --keep) keep=1 ;;
    *) echo "usage: fresh-machine.sh [--serve-only] [--keep]" >&2; exit 2 ;;
  esac
done
[ "$(id -u)" -eq 0 ] || { echo "fresh-machine.sh: needs root (chroot and mounts)" >&2; exit 1; }
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
say() { printf '[fresh] %s\n' "$*"; }

command -v debootstrap >/dev/null || {
  say "installing debootstrap"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q debootstrap >/dev/null
}

# The same archive the host uses (a snapshot or a mirror), else Debian's CDN.
mirror=$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | grep -v security | head -n1)
mirror=${mirror:-http://deb.debian.org/debian}

root=$(mktemp -d /var/tmp/embx-fresh.XXXXXX)
mounts=()
cleanup() {
  local m
  for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do umount -l "${mounts[i]}" 2>/dev/null || true; done
  if [ $keep -eq 0 ]; then rm -rf --one-file-system "$root"; else say "kept $root"; fi
}
trap cleanup EXIT

received() {  # bytes received on every interface but loopback
  awk -F'[: ]+' 'NR > 2 && $2 != "lo" { s += $3 } END { printf "%.0f", s }' /proc/net/dev  # %.0f: mawk's %d stops at 2^31
}
mb() { awk -v b="$1" 'BEGIN { printf "%.0f MB", b / 1e6 }'; }
dir_bytes() { du -sb "$1" 2>/dev/null | cut -f1 || echo 0; }

say "debootstrap bookworm from $mirror into $root"
t0=$(date +%s)
debootstrap --variant=minbase --include=ca-certificates,git bookworm "$root" "$mirror" >/dev/null
say "root ready in $(( $(date +%s) - t0 )) s"
[ -f /etc/apt/sources.list.d/debian.sources ] && {
  rm -f "$root/etc/apt/sources.list"
  cp /etc/apt/sources.list.d/debian.sources "$root/etc/apt/sources.list.d/"
}
cp /etc/resolv.conf "$root/etc/resolv.conf"
# The host's network trust: certificate authorities it added (a proxy that inspects TLS, as on
# build farms) go into the root too, or apt over https, npm and pip could not connect there.
if compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null; then
  cp /usr/local/share/ca-certificates/*.crt "$root/usr/local/share/ca-certificates/"
  chroot "$root" update-ca-certificates >/dev/null 2>&1 || true
fi
mount -t proc proc "$root/proc" && mounts+=("$root/proc")
mount -t sysfs sysfs "$root/sys" && mounts+=("$root/sys")
mount --bind /dev "$root/dev" && mounts+=("$root/dev")
mount -t devpts devpts "$root/dev/pts" && mounts+=("$root/dev/pts")
mount -t tmpfs tmpfs "$root/dev/shm" && mounts+=("$root/dev/shm")

git clone -q --no-local "$repo" "$root/root/project"
# A clean environment, but the host's proxy and CA settings pass through (node does not read
# the system's CA bundle unless NODE_EXTRA_CA_CERTS names it).
passthrough=()
for v in http_proxy https_proxy no_proxy HTTP_PROXY HTTPS_PROXY NO_PROXY NODE_EXTRA_CA_CERTS; do
  [ -n "${!v:-}" ] && passthrough+=("$v=${!v}")
done
in_root() {
  chroot "$root" /usr/bin/env -i HOME=/root TERM=dumb LANG=C.UTF-8 \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "${passthrough[@]}" "$@"
}
in_root apt-get update -q >/dev/null

# 1. serve.sh: runs until interrupted, so it is timed to the moment its URL serves the page.
say "scripts/serve.sh"
log=$root/root/serve.log
rx0=$(received) t0=$(date +%s)
in_root bash -c 'cd /root/project && PORT=8765 exec ./scripts/serve.sh' >"$log" 2>&1 &
serve_pid=$!
until grep -q 'served at' "$log" && curl -fsS -o /dev/null http://127.0.0.1:8765/index.html 2>/dev/null; do
  if ! kill -0 "$serve_pid" 2>/dev/null; then cat "$log"; say "serve.sh ended without serving"; exit 1; fi
  sleep 2
done
serve_s=$(( $(date +%s) - t0 )) serve_rx=$(( $(received) - rx0 ))
serve_apt=$(dir_bytes "$root/var/cache/apt/archives") serve_npm=$(dir_bytes "$root/root/.npm")
pkill -TERM -f "emrun.*8765" || true
kill "$serve_pid" 2>/dev/null || true
wait "$serve_pid" 2>/dev/null || true
say "serve.sh served the page after $serve_s s"

# 2. test.sh, in the same root after serve.sh (as a user would: serve first, then test).
test_s=- test_rx=0 test_apt=$serve_apt test_npm=$serve_npm
if [ $serve_only -eq 0 ]; then
  say "scripts/test.sh"
  rx0=$(received) t0=$(date +%s)
  if ! in_root bash -c 'cd /root/project && ./scripts/test.sh' >"$root/root/test.log" 2>&1; then
    # What failed, with its output (ctest prints it), then the summary.
    grep -n -E '\*\*\*Failed|\*\*\*Timeout|FAIL|Error' "$root/root/test.log" | head -40 || true
    tail -60 "$root/root/test.log"; keep=1; say "test.sh failed (the root is kept: $root/root/test.log)"; exit 1
  fi
  test_s=$(( $(date +%s) - t0 )) test_rx=$(( $(received) - rx0 ))
  test_apt=$(dir_bytes "$root/var/cache/apt/archives") test_npm=$(dir_bytes "$root/root/.npm")
  grep -A12 'stage times' "$root/root/test.log" || true
fi

echo
echo "| command (fresh Debian 12 root, $(nproc) cores) | time | received | Debian packages | npm |"
echo "|---|---|---|---|---|"
echo "| \`./scripts/serve.sh\` (until the page is served) | $((serve_s / 60)) min $((serve_s % 60)) s | $(mb "$serve_rx") | $(mb "$serve_apt") | $(mb "$serve_npm") |"
if [ $serve_only -eq 0 ]; then
  echo "| then \`./scripts/test.sh\` | $((test_s / 60)) min $((test_s % 60)) s | $(mb "$test_rx") | +$(mb $((test_apt - serve_apt))) | +$(mb $((test_npm - serve_npm))) |"
fi
