#!/usr/bin/env bash
# API load bench (issue 5): wrk against a Release cutpilot, headless, on a fresh data folder.
#   bench/api_load.sh [BUILD_DIR] [SECONDS]
# Runs /health and POST /create_draft at 1, 32 and 1000 connections (wrk -t2), then prints the
# server's resident memory with the number of drafts it holds. Results go to stdout as a table row
# per run; copy them into bench/README.md with the command. Needs wrk (apt-get install wrk).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/release}
seconds=${2:-5}
bin=$build/app/cutpilot
[ -x "$bin" ] || { echo "no $bin: build it first (cmake --preset release && cmake --build --preset release)"; exit 2; }
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk"; exit 2; }

data=$(mktemp -d /tmp/cutpilot-apiload.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
CUTPILOT_API_TOKEN=bench-token-0123456789 QT_QPA_PLATFORM=offscreen \
  "$bin" --headless --listen "127.0.0.1:$port" --data-dir "$data" >"$data/server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 1 50); do curl -s -o /dev/null "http://127.0.0.1:$port/health" && break; sleep 0.1; done

lua=$data/post.lua
printf 'wrk.method="POST"\nwrk.body="{\\"width\\":1080,\\"height\\":1920}"\nwrk.headers["Content-Type"]="application/json"\n' >"$lua"

rss_mib() { awk '/VmRSS/{printf "%.1f", $2/1024}' "/proc/$pid/status"; }
drafts() {
  python3 - "$data/drafts/drafts.sqlite" <<'EOF'
import sqlite3, sys
print(sqlite3.connect(sys.argv[1]).execute("select count(*) from drafts").fetchone()[0])
EOF
}

echo "| route | connections | req/s | p50 | p99 | non-2xx | socket errors | server RSS after | drafts stored |"
echo "|---|---:|---:|---:|---:|---:|---|---:|---:|"
run() { # route connections [lua]
  local route=$1 conns=$2 script=${3:-} threads=2 out
  [ "$conns" -lt 2 ] && threads=1
  if [ -n "$script" ]; then
    out=$(wrk -t$threads -c"$conns" -d"${seconds}s" --latency -s "$script" "http://127.0.0.1:$port$route" 2>&1)
  else
    out=$(wrk -t$threads -c"$conns" -d"${seconds}s" --latency "http://127.0.0.1:$port$route" 2>&1)
  fi
  local rps p50 p99 non2xx sock
  rps=$(echo "$out" | awk '/Requests\/sec/{print int($2)}')
  p50=$(echo "$out" | awk '$1=="50%"{print $2}')
  p99=$(echo "$out" | awk '$1=="99%"{print $2}')
  non2xx=$(echo "$out" | awk '/Non-2xx/{print $NF}')
  sock=$(echo "$out" | grep -o 'Socket errors:.*' | sed 's/Socket errors: //' || true)
  echo "| $route | $conns | $rps | $p50 | $p99 | ${non2xx:-0} | ${sock:-none} | $(rss_mib) MiB | $(drafts) |"
}
run /health 1
run /health 32
run /create_draft 1 "$lua"
run /create_draft 32 "$lua"
run /create_draft 1000 "$lua"
sleep 1
echo
echo "idle after the runs: RSS $(rss_mib) MiB with $(drafts) drafts stored"
