#!/usr/bin/env bash
# Runs every libFuzzer target (preset fuzz: clang, ASan + UBSan) for SECONDS each, starting from
# its committed seed corpus, and writes the results to docs/fuzzing.md: seconds, executions,
# coverage (edges), corpus size and findings (crash/leak/timeout/oom files). A finding's input is
# kept in build/fuzz/findings/<target>/ (build/fuzz32/... with --m32) to reproduce (`fuzz_<target> FILE`) and to add to the seed
# corpus once fixed, where every test run replays it.
# With --m32 the targets are built for i386 (preset fuzz32): size_t and pointers of 32 bits, as
# in the page's wasm32, where a size computed from a header wraps at 4 GiB.
#   scripts/fuzz_table.sh [--m32] [SECONDS] [TARGET...]     default: 60 seconds, every target
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
preset=fuzz build=x86_64
if [ "${1:-}" = --m32 ]; then
  preset=fuzz32 build=i386
  shift
  # clang's i386 runtimes come with clang; the C and C++ libraries and headers for -m32 come with g++-multilib.
  # A kernel without IA-32 emulation (this VM's) cannot exec them: qemu-user runs them then.
  if ! dpkg -s g++-multilib qemu-user >/dev/null 2>&1; then
    sudo_=$([ "$(id -u)" = 0 ] || echo sudo)
    $sudo_ apt-get install -y --no-install-recommends g++-multilib qemu-user
  fi
fi
seconds=${1:-60}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for f in tests/fuzz/*_fuzz.cpp; do n=$(basename "$f" _fuzz.cpp); targets+=("$n"); done
fi
if [ ! -f build/$preset/build.ninja ]; then cmake --preset $preset -DEMBX_WERROR=OFF >/dev/null; fi
cmake --build --preset $preset --target $(printf 'fuzz_%s ' "${targets[@]}") >/dev/null

runner=()
first="build/$preset/tests/fuzz/fuzz_${targets[0]}"
rc=0
"$first" -runs=0 </dev/null >/dev/null 2>&1 || rc=$?
# 126: the kernel cannot execute it. LeakSanitizer stops the world with ptrace, which qemu-user
# does not emulate (the run hangs at exit): leaks are left to the x86_64 runs.
if [ $rc -eq 126 ]; then runner=(env ASAN_OPTIONS=detect_leaks=0 qemu-i386); fi

work=build/$preset/runs
rows=()
for t in "${targets[@]}"; do
  corpus="$work/$t/corpus" findings="build/$preset/findings/$t"
  rm -rf "$work/$t" "$findings"
  mkdir -p "$corpus" "$findings"
  cp -r "tests/fuzz/corpus/$t/." "$corpus/"
  log="$work/$t/log.txt"
  echo "[fuzz] $t ($build): ${seconds} s"
  rc=0
  "${runner[@]}" "build/$preset/tests/fuzz/fuzz_$t" -max_total_time="$seconds" -print_final_stats=1 -rss_limit_mb=2048 \
      -timeout=20 -artifact_prefix="$findings/" "$corpus" >"$log" 2>&1 || rc=$?
  execs=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$log" | awk '{print $2}' | tail -1 || true)
  cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -1 | awk '{print $2}' || true)
  files=$(find "$corpus" -type f | wc -l)
  # A finding counts when its input fails again on its own. Under qemu-user, ASan's allocator
  # sometimes gets address 0 from mmap after thousands of runs (CHECK failed in
  # asan_poisoning.cpp): such an input passes alone and is kept as unreproduced-* instead.
  found=0 unreproduced=0
  while IFS= read -r f; do
    if "${runner[@]}" "build/$preset/tests/fuzz/fuzz_$t" "$f" >>"$log.replay" 2>&1; then
      mv "$f" "$(dirname "$f")/unreproduced-$(basename "$f")"
      unreproduced=$((unreproduced + 1))
    else
      found=$((found + 1))
    fi
  done < <(find "$findings" -type f \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' -o -name 'oom-*' \))
  if [ $found -eq 0 ] && [ $unreproduced -gt 0 ]; then result="ok ($unreproduced stop not reproduced alone)"
  elif [ $rc -eq 0 ]; then result=ok
  else result="exit $rc"; fi
  rows+=("| $t | $build | $(date -u +%Y-%m-%d) | $seconds | ${execs:-?} | ${cov:-?} | $files | $found | $result |")
done

# Rows of targets not run this time stay as they were.
kept=()
if [ -f docs/fuzzing.md ]; then
  while IFS= read -r line; do
    name=$(awk -F'|' '{gsub(/ /, "", $2); print $2}' <<<"$line")
    was=$(awk -F'|' '{gsub(/ /, "", $3); print $3}' <<<"$line")
    [[ "$was" == "$build" && " ${targets[*]} " == *" $name "* ]] || kept+=("$line")
  done < <(grep -E '^\| [a-z0-9_]+ \| [a-z0-9_]+ \| [0-9]{4}-' docs/fuzzing.md)
fi
{
  echo "# Fuzzing runs"
  echo
  echo "Written by \`scripts/fuzz_table.sh [--m32] SECONDS [TARGET...]\` ($(nproc) cores, $(clang --version | head -1))."
  echo "Each target starts from its seed corpus in \`tests/fuzz/corpus/<target>/\`, which every"
  echo "test run replays (natively and under ASan + UBSan). Coverage is libFuzzer's edge count;"
  echo "findings are crash, leak, timeout (20 s) and out-of-memory (2 GB) inputs. Build i386 is"
  echo "the same targets compiled with -m32 (\`--m32\`): 32-bit size_t and pointers, as in wasm32."
  echo "Where the kernel cannot run i386 programs (this VM's), they run under qemu-i386, without"
  echo "leak checks; there ASan's allocator sometimes gets address 0 from mmap after thousands of"
  echo "runs and the run stops early: \"stop not reproduced alone\" counts those, whose input passes"
  echo "when replayed on its own."
  echo
  echo "| target | build | date | seconds | executions | coverage | corpus files | findings | result |"
  echo "|---|---|---|---|---|---|---|---|---|"
  printf '%s\n' "${kept[@]}" "${rows[@]}" | grep . | sort
} > docs/fuzzing.md
cat docs/fuzzing.md
