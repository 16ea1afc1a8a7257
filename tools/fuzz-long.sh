#!/usr/bin/env bash
# Long libFuzzer runs of every fuzz target (issue 8), in parallel at the lowest CPU priority.
#
#   tools/fuzz-long.sh [SECONDS] [TARGET...]      default: 600 s, every target below
#
# Needs the clang libFuzzer build (docs/reliability.md):
#   CC=clang CXX=clang++ cmake -S . -B build/fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
#     -DCUTPILOT_LIBFUZZER=ON -DCUTPILOT_SANITIZE=ON -DCUTPILOT_BUILD_BENCH=OFF
#   nice -n 19 cmake --build build/fuzz -j1 --target fuzz_draftloader fuzz_srt ...
# Environment: FUZZ_BUILD (default build/fuzz), FUZZ_OUT (default /tmp/cutpilot-fuzz).
# The repo's seed corpora are copied to FUZZ_OUT and never written; crashes land in
# FUZZ_OUT/<target>-crash-*. Prints one line of figures per target; exits 1 when a target crashed.
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${FUZZ_BUILD:-$ROOT/build/fuzz}
OUT=${FUZZ_OUT:-/tmp/cutpilot-fuzz}
SECONDS_PER_TARGET=${1:-600}
shift || true

declare -A CORPUS=(
  [fuzz_draftloader]=tests/draft/corpus
  [fuzz_srt]=tests/subtitles/corpus/srt
  [fuzz_webvtt]=tests/subtitles/corpus/webvtt
  [fuzz_ass]=tests/subtitles/corpus/ass
  [fuzz_catalog]=tests/catalog/corpus
  [fuzz_requestguard]=tests/api/corpus-requestguard
  [fuzz_apirequest]=tests/fuzz/corpus-apirequest
)
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=(fuzz_draftloader fuzz_srt fuzz_webvtt fuzz_ass fuzz_catalog
                                     fuzz_requestguard fuzz_apirequest)

mkdir -p "$OUT"
pids=()
for t in "${TARGETS[@]}"; do
  bin=$(find "$BUILD" -type f -name "$t" -perm -u+x | head -n 1)
  [ -n "$bin" ] || { echo "$t: not built in $BUILD" >&2; exit 2; }
  rm -rf "$OUT/$t-corpus" && mkdir -p "$OUT/$t-corpus"
  cp -r "$ROOT/${CORPUS[$t]}/." "$OUT/$t-corpus/"
  CUTPILOT_LOG_LEVEL=off QT_QPA_PLATFORM=offscreen nice -n 19 "$bin" "$OUT/$t-corpus" \
    -max_total_time="$SECONDS_PER_TARGET" -timeout=25 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$OUT/$t-" >"$OUT/$t.log" 2>&1 &
  pids+=($!)
done
for pid in "${pids[@]}"; do wait "$pid"; done

status=0
printf '%-18s %10s %8s %6s %6s %6s %s\n' target runs exec/s cov ft corpus crashes
for t in "${TARGETS[@]}"; do
  log=$OUT/$t.log
  runs=$(sed -nE 's/^stat::number_of_executed_units: *([0-9]+).*/\1/p' "$log" | tail -n 1)
  eps=$(sed -nE 's/^stat::average_exec_per_sec: *([0-9]+).*/\1/p' "$log" | tail -n 1)
  last=$(grep -E '^#[0-9]+' "$log" | tail -n 1)
  cov=$(sed -nE 's/.* cov: ([0-9]+).*/\1/p' <<<"$last")
  ft=$(sed -nE 's/.* ft: ([0-9]+).*/\1/p' <<<"$last")
  corp=$(sed -nE 's/.* corp: ([0-9]+).*/\1/p' <<<"$last")
  crashes=$(find "$OUT" -maxdepth 1 -name "$t-*" -type f ! -name '*.log' | wc -l)
  [ "$crashes" -eq 0 ] && grep -qE 'ERROR: (libFuzzer|AddressSanitizer|UndefinedBehavior)' "$log" &&
    crashes=1
  [ "$crashes" -eq 0 ] || status=1
  printf '%-18s %10s %8s %6s %6s %6s %s\n' "$t" "${runs:-?}" "${eps:-?}" "${cov:-?}" "${ft:-?}" \
    "${corp:-?}" "$crashes"
done
exit $status
