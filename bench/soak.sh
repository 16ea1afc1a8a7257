#!/usr/bin/env bash
# API soak (issue 8): a Release cutpilot, headless with the stand-in editor, under steady load for a
# fixed time, with downloads and exports, sampled every 10 s for memory, errors and latency.
#
#   bench/soak.sh [--minutes N] [--binary PATH] [--standin PATH] [--rate R] [--warmup-s S]
#                 [--max-growth PCT] [--no-delete] [--keep]
#
# What runs, in parallel, for N minutes (default 10):
#   - load:     R requests a second (default 20) from two threads on keep-alive connections: POST
#               /create_draft, POST /add_text (1 s texts, one after the other) on one of the 64 newest
#               drafts, and DELETE /api/v1/drafts/{id} of the drafts beyond the newest 256, so the
#               working set is steady (about 23 % creates, 23 % deletes, 54 % add_text; --no-delete
#               keeps every draft: then RSS also grows with the draft store's cache, bounded at
#               256 MiB of content);
#   - download: every 3 s a new draft gets POST /add_video with a video_url on a local python
#               http.server (a ffmpeg testsrc clip of 4 s; a query string makes every URL new, so
#               every add is a real download) and an add_text; deleted once 16 newer ones exist;
#   - export:   every 20 s the newest download draft is exported with POST /api/v1/drafts/{id}/export
#               and followed to done through GET /api/v1/jobs/{id} (the output is checked, then removed).
# Every 10 s: the server's VmRSS, open fds, threads and CPU, the requests (all of them: load, downloads,
# exports and their polling) and errors of that interval, and the load loop's p50/p99. An error is a non-2xx answer, success:false, a transport error, a failed
# download or export, or an export not done within 180 s; the first ones are printed with their bodies.
#
# Exit status: 0 when there was no error and RSS grew by at most --max-growth % (default 20) from the
# first sample after the warm-up (default 60 s) to the last; 1 otherwise; 2 on a setup problem.
# Needs: bash, python3, ffmpeg, xvfb-run and dbus-run-session (unless DISPLAY and a D-Bus session are
# already there), the Release build:
#   flock /tmp/cutpilot-build.lock cmake --build build/release --target cutpilot standin-editor
set -euo pipefail
# The body is one compound command: bash parses all of it before running, so editing this file
# during a run cannot change what the run executes.
{
here=$(cd "$(dirname "$0")/.." && pwd)
minutes=10
binary=$here/build/release/app/cutpilot
standin=
rate=20
warmup=60
max_growth=20
keep=0
delete=1
die() { echo "soak: $*" >&2; exit 2; }
usage() { sed -n '2,28p' "$0" | sed 's/^# \{0,1\}//'; }

while [ $# -gt 0 ]; do
  case $1 in
    --minutes) minutes=${2:?}; shift 2 ;;
    --binary) binary=${2:?}; shift 2 ;;
    --standin) standin=${2:?}; shift 2 ;;
    --rate) rate=${2:?}; shift 2 ;;
    --warmup-s) warmup=${2:?}; shift 2 ;;
    --max-growth) max_growth=${2:?}; shift 2 ;;
    --keep) keep=1; shift ;;
    --no-delete) delete=0; shift ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument '$1'" ;;
  esac
done
[[ $minutes =~ ^[0-9]+([.][0-9]+)?$ ]] || die "--minutes must be a number, not '$minutes'"
[[ $rate =~ ^[0-9]+([.][0-9]+)?$ ]] || die "--rate must be a number, not '$rate'"
[[ $warmup =~ ^[0-9]+$ ]] || die "--warmup-s must be whole seconds, not '$warmup'"
[[ $max_growth =~ ^[0-9]+([.][0-9]+)?$ ]] || die "--max-growth must be a number, not '$max_growth'"

binary=$(realpath -m "$binary")
[ -x "$binary" ] || die "no executable at $binary: build it first
  (flock /tmp/cutpilot-build.lock cmake --build build/release --target cutpilot standin-editor)"
if [ -z "$standin" ]; then
  for candidate in "$(dirname "$binary")/standin-editor" "$(dirname "$binary")/../tools/standin-editor"; do
    [ -x "$candidate" ] && { standin=$(realpath "$candidate"); break; }
  done
fi
[ -n "$standin" ] && [ -x "$standin" ] || die "no stand-in editor next to $binary or in ../tools/ (build the
  standin-editor target, or pass --standin PATH)"
for tool in python3 ffmpeg; do
  command -v "$tool" >/dev/null || die "$tool is missing (apt-get install $tool)"
done

# A display and a D-Bus session bus (the stand-in is driven over the accessibility bus).
if [ -z "${DISPLAY:-}" ] || [ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ]; then
  [ -z "${CUTPILOT_SOAK_SESSION:-}" ] || die "still no DISPLAY or D-Bus session inside xvfb-run"
  command -v xvfb-run >/dev/null || die "xvfb-run is missing (apt-get install xvfb xauth)"
  command -v dbus-run-session >/dev/null || die "dbus-run-session is missing (apt-get install dbus)"
  export CUTPILOT_SOAK_SESSION=1
  flags=()
  [ "$keep" = 1 ] && flags+=(--keep)
  [ "$delete" = 0 ] && flags+=(--no-delete)
  exec xvfb-run -a -s "-screen 0 1920x1080x24" dbus-run-session -- "$0" --minutes "$minutes" \
    --binary "$binary" --standin "$standin" --rate "$rate" --warmup-s "$warmup" \
    --max-growth "$max_growth" "${flags[@]}" \
    > >(grep --line-buffered -v -E '^SpiRegistry daemon is running') \
    2> >(grep --line-buffered -v -E '^(dbus-daemon\[[0-9]+\]|SpiRegistry daemon is running)' >&2)
fi

work=$(mktemp -d /tmp/cutpilot-soak.XXXXXX)
mkdir -p "$work/data" "$work/out" "$work/media" "$work/home" "$work/run"
chmod 700 "$work/run"
server_pid=
media_pid=
status=2
cleanup() {
  local pid
  for pid in $server_pid $media_pid; do
    kill -TERM "$pid" 2>/dev/null || continue
    for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  if [ "$keep" = 1 ] || [ "$status" != 0 ]; then
    echo "soak: logs and data kept in $work" >&2
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# The media the downloads fetch: 4 s of testsrc with a tone, H.264 + AAC.
ffmpeg -nostdin -loglevel error -f lavfi -i testsrc=duration=4:size=640x360:rate=25 \
  -f lavfi -i sine=frequency=440:duration=4 -c:v libx264 -preset veryfast -pix_fmt yuv420p \
  -c:a aac -shortest "$work/media/clip.mp4" || die "ffmpeg could not make the test clip"
media_port=$(free_port)
python3 -m http.server "$media_port" --bind 127.0.0.1 --directory "$work/media" \
  >"$work/media-server.log" 2>&1 &
media_pid=$!

port=$(free_port)
token=soak-token-$(python3 -c 'import secrets; print(secrets.token_hex(16))')
env -u CUTPILOT_STANDIN_FAULTS HOME="$work/home" XDG_RUNTIME_DIR="$work/run" \
  CUTPILOT_API_TOKEN="$token" CUTPILOT_LOG_LEVEL=info CUTPILOT_STANDIN_EDITOR="$standin" \
  CUTPILOT_STANDIN_ARGS="--export-speed 4 --open-delay-ms 300" QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1 \
  "$binary" --headless --editor standin --listen "127.0.0.1:$port" --data-dir "$work/data" \
  --allow-dir "$work/out" >"$work/server.log" 2>&1 &
server_pid=$!

for _ in $(seq 1 150); do
  grep -q "CutPilot API listening on" "$work/server.log" 2>/dev/null && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; die "cutpilot exited at start"; }
  sleep 0.1
done
grep -q "CutPilot API listening on" "$work/server.log" || { cat "$work/server.log" >&2; die "cutpilot is not listening after 15 s"; }
python3 - "http://127.0.0.1:$media_port/clip.mp4" <<'EOF' || die "the media server (python3 -m http.server) does not answer; see $work/media-server.log"
import sys, time, urllib.request
for _ in range(50):
    try:
        urllib.request.urlopen(sys.argv[1], timeout=5).read()
        sys.exit(0)
    except OSError:
        time.sleep(0.1)
sys.exit(1)
EOF

echo "soak: $(basename "$binary") pid $server_pid on 127.0.0.1:$port, stand-in $standin, media on :$media_port"
echo "soak: $minutes min, $rate req/s, warm-up ${warmup} s, work folder $work, $(date '+%F %T'), load $(cut -d' ' -f1-3 /proc/loadavg)"

set +e
python3 - "$port" "$token" "$server_pid" "$media_port" "$work" "$minutes" "$rate" "$warmup" \
  "$max_growth" "$delete" <<'PYEOF'
import http.client, json, os, random, sys, threading, time

port, token, pid, media_port, work = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
minutes, rate, warmup, max_growth = float(sys.argv[6]), float(sys.argv[7]), int(sys.argv[8]), float(sys.argv[9])
delete = sys.argv[10] == "1"
POOL = 256  # drafts the load keeps (the older ones are deleted)
duration = minutes * 60.0
if warmup > duration / 2:  # a short run: the warm-up is at most half of it
    warmup = int(duration / 4)
    print("soak: warm-up shortened to %d s for a %.1f min run" % (warmup, minutes), flush=True)
SAMPLE_S = 10.0
stop = threading.Event()
lock = threading.Lock()
random.seed(8)

# Counters: the current interval's and the totals.
interval = {"requests": 0, "errors": 0, "lat": []}
totals = {"requests": 0, "errors": 0, "lat": [], "downloads": 0, "downloads_failed": 0,
          "download_lat": [], "exports": 0, "exports_done": 0, "exports_failed": 0,
          "export_s": [], "export_attempts": 0, "creates": 0, "texts": 0, "deletes": 0}
error_samples = []
errlog = open(os.path.join(work, "errors.log"), "w")


def record_error(what, status, body):
    with lock:
        interval["errors"] += 1
        totals["errors"] += 1
        line = "%.1f s %s -> %s %s" % (time.monotonic() - t0, what, status, body[:400])
        errlog.write(line + "\n")
        errlog.flush()
        if len(error_samples) < 15:
            error_samples.append(line)


class Client:
    """One keep-alive connection; reconnects after a transport error."""

    def __init__(self):
        self.conn = None

    def call(self, method, path, body=None, timeout=60):
        headers = {"Authorization": "Bearer " + token, "Host": "127.0.0.1:%d" % port}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        for attempt in (0, 1):
            try:
                if self.conn is None:
                    self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
                self.conn.request(method, path, body=data, headers=headers)
                response = self.conn.getresponse()
                raw = response.read()
                if response.getheader("Connection", "").lower() == "close":
                    self.conn.close()
                    self.conn = None
                return response.status, raw
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError) as e:
                # A keep-alive connection the server closed while idle: retry once on a new one.
                self.conn.close()
                self.conn = None
                if attempt == 1:
                    return None, repr(e).encode()
            except Exception as e:  # timeouts, refused: a transport error
                if self.conn is not None:
                    self.conn.close()
                self.conn = None
                return None, repr(e).encode()


def checked(client, what, method, path, body=None, compat=False, lat=None, count=True):
    """Calls and classifies; returns the decoded JSON on success, else None (error recorded)."""
    start = time.monotonic()
    status, raw = client.call(method, path, body)
    elapsed = time.monotonic() - start
    if count:
        with lock:
            interval["requests"] += 1
            totals["requests"] += 1
            if lat is not None:
                interval["lat"].append(elapsed)
                totals["lat"].append(elapsed)
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
    if status is None or not 200 <= status < 300:
        record_error(what, status if status is not None else "transport", text)
        return None
    try:
        doc = json.loads(raw) if raw else {}
    except ValueError:
        record_error(what, "%d (not JSON)" % status, text)
        return None
    if compat and not doc.get("success"):
        record_error(what, "%d success:false" % status, text)
        return None
    return doc


drafts = []  # [draft id, next free second on its text track], newest last; the load's pool
to_delete = []  # drafts that left the pool, deleted by the next load ticks
draft_counter = [0]


def new_name(prefix):
    with lock:
        draft_counter[0] += 1
        return "%s-%d" % (prefix, draft_counter[0])


def load_worker(worker_rate, seed):
    rnd = random.Random(seed)
    client = Client()
    period = 1.0 / worker_rate
    next_at = time.monotonic()
    while not stop.is_set():
        with lock:
            pool = list(drafts[-64:])
            gone = to_delete.pop(0) if to_delete else None
        if gone:
            if checked(client, "DELETE /api/v1/drafts/" + gone, "DELETE", "/api/v1/drafts/" + gone,
                       lat=True) is not None:
                with lock:
                    totals["deletes"] += 1
        elif not pool or rnd.random() < 0.3:
            doc = checked(client, "POST /create_draft", "POST", "/create_draft",
                          {"width": 1080, "height": 1920, "name": new_name("soak")}, compat=True, lat=True)
            if doc:
                with lock:
                    drafts.append([doc["output"]["draft_id"], 0])
                    if len(drafts) > POOL:
                        old = drafts.pop(0)
                        if delete:
                            to_delete.append(old[0])
                    totals["creates"] += 1
        else:
            entry = rnd.choice(pool)
            with lock:
                start = entry[1]
                entry[1] += 1
            doc = checked(client, "POST /add_text", "POST", "/add_text",
                          {"draft_id": entry[0], "text": "soak %d" % start, "start": start,
                           "end": start + 1, "font_size": 8, "font_color": "#FFCC00",
                           "track_name": "text_main"}, compat=True, lat=True)
            if doc:
                with lock:
                    totals["texts"] += 1
        next_at += period
        delay = next_at - time.monotonic()
        if delay > 0:
            stop.wait(delay)
        elif delay < -1.0:
            next_at = time.monotonic()  # fell behind by a second: do not burst to catch up


download_drafts = []  # drafts with a downloaded video, for the exports
exporting = set()  # drafts the export worker took (it deletes them itself)


def download_worker():
    client = Client()
    n = 0
    while not stop.is_set():
        n += 1
        doc = checked(client, "POST /create_draft (download)", "POST", "/create_draft",
                      {"width": 1280, "height": 720, "fps": 25, "name": new_name("soak-dl")}, compat=True)
        if doc:
            draft = doc["output"]["draft_id"]
            url = "http://127.0.0.1:%d/clip.mp4?n=%d" % (media_port, n)
            start = time.monotonic()
            doc = checked(client, "POST /add_video " + url, "POST", "/add_video",
                          {"draft_id": draft, "video_url": url, "start": 0, "end": 0,
                           "target_start": 0, "track_name": "video_main"}, compat=True)
            with lock:
                totals["downloads"] += 1
                if doc:
                    totals["download_lat"].append(time.monotonic() - start)
                else:
                    totals["downloads_failed"] += 1
            if doc and checked(client, "POST /add_text (download draft)", "POST", "/add_text",
                               {"draft_id": draft, "text": "download %d" % n, "start": 0, "end": 2,
                                "track_name": "text_main"}, compat=True):
                with lock:
                    download_drafts.append(draft)
                    old = download_drafts.pop(0) if len(download_drafts) > 16 else None
                    if old in exporting or not delete:
                        old = None
                if old:
                    checked(client, "DELETE /api/v1/drafts/" + old, "DELETE", "/api/v1/drafts/" + old)
        stop.wait(3.0)


def export_worker():
    client = Client()
    stop.wait(5.0)  # the first download first
    n = 0
    while not stop.is_set():
        began = time.monotonic()
        with lock:
            draft = download_drafts[-1] if download_drafts else None
            if draft:
                exporting.add(draft)
        if draft is None:
            stop.wait(1.0)
            continue
        n += 1
        out = os.path.join(work, "out", "soak-%d.mp4" % n)
        doc = checked(client, "POST /api/v1/drafts/%s/export" % draft, "POST",
                      "/api/v1/drafts/%s/export" % draft,
                      {"resolution": "480P", "fps": 25, "outputPath": out})
        with lock:
            totals["exports"] += 1
        if doc:
            job_id = doc["jobId"]
            deadline = time.monotonic() + 180
            state, job = "queued", {}
            # Followed to the end even when the run's time is up (at most 180 s).
            while time.monotonic() < deadline:
                job = checked(client, "GET /api/v1/jobs/%s" % job_id, "GET", "/api/v1/jobs/" + job_id) or {}
                state = job.get("state", state)
                if state in ("done", "failed", "cancelled"):
                    break
                time.sleep(1.0)
            with lock:
                totals["export_attempts"] += int(job.get("attempts", 0) or 0)
            if state == "done" and os.path.getsize(out) > 0:
                with lock:
                    totals["exports_done"] += 1
                    totals["export_s"].append(time.monotonic() - began)
                os.remove(out)
            else:
                with lock:
                    totals["exports_failed"] += 1
                record_error("export job %s" % job_id, "state " + state, json.dumps(job))
        else:
            with lock:
                totals["exports_failed"] += 1
        if delete:
            with lock:
                if draft in download_drafts:
                    download_drafts.remove(draft)
            checked(client, "DELETE /api/v1/drafts/" + draft, "DELETE", "/api/v1/drafts/" + draft)
        stop.wait(max(0.0, 20.0 - (time.monotonic() - began)))


def pct(values, p):
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100.0 * (len(values) - 1))))]


def proc_sample():
    status = open("/proc/%d/status" % pid).read()
    fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
    rss = int(fields["VmRSS"].split()[0]) / 1024.0
    threads = int(fields["Threads"])
    fds = len(os.listdir("/proc/%d/fd" % pid))
    stat = open("/proc/%d/stat" % pid).read()
    ticks = sum(int(x) for x in stat[stat.rindex(")") + 2:].split()[11:13])
    return rss, fds, threads, ticks / os.sysconf("SC_CLK_TCK")


def editor_restarts(client):
    status, raw = client.call("GET", "/api/v1/editor")
    try:
        doc = json.loads(raw)
        return doc.get("restarts", "?"), doc.get("state", "?")
    except Exception:
        return "?", "?"


t0 = time.monotonic()
threads = [threading.Thread(target=load_worker, args=(rate / 2.0, 1), daemon=True),
           threading.Thread(target=load_worker, args=(rate / 2.0, 2), daemon=True),
           threading.Thread(target=download_worker, daemon=True),
           threading.Thread(target=export_worker, daemon=True)]
for t in threads:
    t.start()

rows = []
probe = Client()
_, _, _, cpu_before = proc_sample()
died = False
header = "| t (s) | RSS (MiB) | fds | threads | CPU % | requests | req/s | errors | p50 (ms) | p99 (ms) | downloads | exports done/failed | editor restarts | load 1 min |"
print(header, flush=True)
print("|" + "---:|" * 14, flush=True)
next_sample = t0 + SAMPLE_S
while True:
    end = t0 + duration
    time.sleep(max(0.0, min(next_sample, end) - time.monotonic()))
    now = time.monotonic()
    try:
        rss, fds, nthreads, cpu = proc_sample()
    except (FileNotFoundError, ProcessLookupError, KeyError):
        died = True
        record_error("cutpilot process", "gone", "pid %d exited during the soak" % pid)
        break
    with lock:
        req, err, lat = interval["requests"], interval["errors"], interval["lat"]
        interval.update(requests=0, errors=0, lat=[])
        downloads = totals["downloads"] - totals["downloads_failed"]
        exports = "%d/%d" % (totals["exports_done"], totals["exports_failed"])
    restarts, _ = editor_restarts(probe)
    elapsed = now - (rows[-1]["t"] + t0 if rows else t0)
    row = {"t": now - t0, "rss": rss, "fds": fds, "threads": nthreads,
           "cpu": 100.0 * (cpu - cpu_before) / max(elapsed, 1e-3), "requests": req,
           "rps": req / max(elapsed, 1e-3), "errors": err, "p50": pct(lat, 50) * 1000,
           "p99": pct(lat, 99) * 1000, "downloads": downloads, "exports": exports,
           "restarts": restarts, "load": open("/proc/loadavg").read().split()[0]}
    cpu_before = cpu
    rows.append(row)
    line = ("| {t:.0f} | {rss:.1f} | {fds} | {threads} | {cpu:.0f} | {requests} | {rps:.1f} | {errors} | "
            "{p50:.2f} | {p99:.2f} | {downloads} | {exports} | {restarts} | {load} |").format(**row)
    print(line, flush=True)
    with open(os.path.join(work, "samples.jsonl"), "a") as f:
        f.write(json.dumps(row) + "\n")
    if now >= end - 0.05:
        break
    next_sample += SAMPLE_S

stop.set()
for t in threads:
    t.join(timeout=200)
try:
    final_rss = proc_sample()[0]
except Exception:
    final_rss = float("nan")
    died = True

after = [r for r in rows if r["t"] >= warmup - 0.5] or rows[-1:]
start_rss = after[0]["rss"] if after else float("nan")
end_rss = rows[-1]["rss"] if rows else float("nan")
growth = 100.0 * (end_rss - start_rss) / start_rss if after else float("nan")
slope = float("nan")
if len(after) >= 3:  # least squares over the samples after the warm-up, MiB a minute
    xs = [r["t"] / 60.0 for r in after]
    ys = [r["rss"] for r in after]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    den = sum((x - mx) ** 2 for x in xs)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / den if den else 0.0
peak = max(r["rss"] for r in rows) if rows else float("nan")

lat = totals["lat"]
print()
print("## Summary")
print("- duration: %.1f min, target rate %.0f req/s (load loop), load average at the end %s"
      % (rows[-1]["t"] / 60.0 if rows else 0, rate, " ".join(open("/proc/loadavg").read().split()[:3])))
print("- RSS: %.1f MiB after the warm-up (t = %.0f s), %.1f MiB at the end (t = %.0f s): %+.1f %%; "
      "peak %.1f MiB; trend %+.2f MiB/min; %.1f MiB after the workers stopped"
      % (start_rss, after[0]["t"] if after else 0, end_rss, rows[-1]["t"] if rows else 0, growth,
         peak, slope, final_rss))
print("- requests: %d (load loop: %d create_draft, %d add_text, %d draft deletes), errors: %d"
      % (totals["requests"], totals["creates"], totals["texts"], totals["deletes"], totals["errors"]))
print("- load loop latency: p50 %.2f ms, p99 %.2f ms, max %.2f ms over %d requests"
      % (pct(lat, 50) * 1000, pct(lat, 99) * 1000, (max(lat) if lat else float("nan")) * 1000, len(lat)))
dl = totals["download_lat"]
print("- downloads (add_video with a URL): %d, %d failed; add_video p50 %.0f ms, max %.0f ms"
      % (totals["downloads"], totals["downloads_failed"], pct(dl, 50) * 1000,
         (max(dl) if dl else float("nan")) * 1000))
ex = totals["export_s"]
print("- exports: %d requested, %d done, %d failed; %d attempts in all; request to done p50 %.1f s, max %.1f s"
      % (totals["exports"], totals["exports_done"], totals["exports_failed"], totals["export_attempts"],
         pct(ex, 50), max(ex) if ex else float("nan")))
if error_samples:
    print("- first errors (all in %s):" % os.path.join(work, "errors.log"))
    for line in error_samples:
        print("    " + line)
failed = []
if totals["errors"]:
    failed.append("%d errors" % totals["errors"])
if died:
    failed.append("cutpilot exited")
if not growth <= max_growth:
    failed.append("RSS grew %.1f %% (limit %.0f %%)" % (growth, max_growth))
print("RESULT: " + ("FAIL (" + ", ".join(failed) + ")" if failed else "PASS"))
sys.exit(1 if failed else 0)
PYEOF
status=$?
set -e
kill -0 "$server_pid" 2>/dev/null || { echo "soak: cutpilot is no longer running; the end of its log:" >&2; tail -20 "$work/server.log" >&2; status=1; }
exit $status
}
