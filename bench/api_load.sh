#!/usr/bin/env bash
# API load bench (issue 5): wrk against a Release cutpilot, headless, on a fresh data folder.
#   bench/api_load.sh [BUILD_DIR] [SECONDS]
#   ROUTES="add_text" CONNECTIONS="32" bench/api_load.sh build/perf 8   (a subset: routes of
#   health, create_draft, add_text; connection counts of 1, 32, 1000)
#   DRAFTS=32 ...   (add_text into 32 drafts instead of 256: an even number)
# Runs /health, POST /create_draft and POST /add_text at 1, 32 and 1000 connections (wrk -t2; -t1 for
# one connection), printing the server's resident memory with the number of drafts it holds. Results
# go to stdout as a table row per run; copy them into bench/README.md with the command. Needs wrk
# (apt-get install wrk).
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
  local failed
  failed=$(echo "$out" | awk '/envelope failures/{print $3}')
  [ -n "$failed" ] && non2xx="${non2xx:-0} + ${failed} success:false"
  sock=$(echo "$out" | grep -o 'Socket errors:.*' | sed 's/Socket errors: //' || true)
  echo "| $route | $conns | $rps | $p50 | $p99 | ${non2xx:-0} | ${sock:-none} | $(rss_mib) MiB | $(drafts) |"
}
routes=${ROUTES:-health create_draft add_text}
counts=${CONNECTIONS:-1 32 1000}
wanted() { [[ " $routes " == *" $1 "* ]] && [[ " $counts " == *" $2 "* ]]; }
for conns in 1 32; do wanted health "$conns" && run /health "$conns"; done
for conns in 1 32 1000; do wanted create_draft "$conns" && run /create_draft "$conns" "$lua"; done

# add_text into $DRAFTS (256) fresh drafts per run, each text one second after the previous one in its draft
# (texts on one track must not overlap): every wrk thread owns half of the drafts, and every
# request takes the next draft of its thread round-robin, so drafts grow evenly.
text_lua=$data/text.lua
make_text_lua() {
{
  printf 'ids = {'
  for _ in $(seq 1 "${DRAFTS:-256}"); do
    curl -s -X POST -H 'Content-Type: application/json' -d '{"width":1080,"height":1920}' \
      "http://127.0.0.1:$port/create_draft" | python3 -c 'import json,sys; print("\"%s\"," % json.load(sys.stdin)["output"]["draft_id"], end="")'
  done
  printf '}\n'
  cat <<'LUA'
local counter = 0
thread_index = 0 -- a global: setup() sets it per thread
local threads = {}
failures = 0
function setup(thread)
  thread:set("thread_index", #threads)
  table.insert(threads, thread)
end
-- The compat envelope answers errors with HTTP 200: count {"success": false} too.
function response(status, headers, body)
  if not string.find(body, '"success":true', 1, true) then
    failures = failures + 1
  end
end
function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do
    total = total + thread:get("failures")
  end
  io.write(string.format("envelope failures: %d\n", total))
end
function request()
  local half = #ids / 2
  local slot = counter % half
  local draft = ids[thread_index * half + slot + 1]
  local start = math.floor(counter / half)
  counter = counter + 1
  local body = string.format('{"draft_id":"%s","text":"bench %d","start":%d,"end":%d}', draft, start, start, start + 1)
  return wrk.format("POST", nil, {["Content-Type"] = "application/json"}, body)
end
LUA
} >"$text_lua"
}
for conns in 1 32 1000; do
  wanted add_text "$conns" || continue
  make_text_lua
  run /add_text "$conns" "$text_lua"
done
sleep 1
echo
echo "idle after the runs: RSS $(rss_mib) MiB with $(drafts) drafts stored"
