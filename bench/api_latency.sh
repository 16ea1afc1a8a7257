#!/usr/bin/env bash
# API latency (issue 5): bench_api_latency against a Release cutpilot, headless, a fresh server and
# data folder for each rate, 32 connections (CONNECTIONS=N for another number).
#   bench/api_latency.sh [BUILD_DIR] [SECONDS] [RATES]
# e.g. bench/api_latency.sh build/release 10 2000,5000,10000,15000,20000
# A rate of "closed" runs a closed loop (like wrk, measured request by request):
#   bench/api_latency.sh build/release 8 closed,closed,closed
# Prints a Markdown table per route (POST /create_draft, GET /health); copy the rows into
# bench/README.md with the command. See bench/api_latency.cpp for what is measured.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/release}
seconds=${2:-10}
rates=${3:-2000,5000,10000,15000,20000}
connections=${CONNECTIONS:-32}
bin=$build/app/cutpilot
client=$build/bench/bench_api_latency
for f in "$bin" "$client"; do
  [ -x "$f" ] || { echo "no $f: build it first (cmake --preset release && cmake --build --preset release)"; exit 2; }
done

run_one() { # rate route-args...
  local rate=$1 data port pid status=0
  shift
  data=$(mktemp -d /tmp/cutpilot-apilatency.XXXXXX)
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  CUTPILOT_API_TOKEN=bench-token-0123456789 QT_QPA_PLATFORM=offscreen \
    "$bin" --headless --listen "127.0.0.1:$port" --data-dir "$data" >"$data/server.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 50); do curl -s -o /dev/null "http://127.0.0.1:$port/health" && break; sleep 0.1; done
  "$client" --port "$port" --connections "$connections" --rates "$rate" --seconds "$seconds" --warmup 2 "$@" \
    | tail -n 1 || status=$?
  kill "$pid"; wait "$pid" 2>/dev/null || true
  rm -rf "$data"
  return $status
}

failed=0
for route in create_draft health; do
  if [ "$route" = create_draft ]; then args=(--path /create_draft --method POST --check-success)
  else args=(--path /health --method GET); fi
  echo
  echo "| ${args[3]} ${args[1]} | connections | offered req/s | answered req/s | p50 | p90 | p99 | p99.9 | max | service p99 | non-2xx (+ success:false) | client CPU |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  for rate in ${rates//,/ }; do run_one "$rate" "${args[@]}" || failed=1; done
done
exit $failed
