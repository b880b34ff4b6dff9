#!/usr/bin/env bash
# The registry under load in several processes, by hand (not part of the tests): gunicorn with WORKERS
# workers on a throwaway PostgreSQL cluster and a throwaway Redis (the shared cache), wrk with
# CONNECTIONS connections for DURATION seconds on a mix of pages, API and downloads; then the same
# with PostgreSQL stopped for DOWN_SECONDS in the middle. A probe asks an uncached, database-reading
# URL every 50 ms meanwhile, to time the first success after the database is back.
#   sudo bench/load.sh      # as root (initdb runs as postgres); apt-get install wrk redis-server postgresql
# Env: WORKERS (4), CONNECTIONS (32), THREADS (4), DURATION (60), DOWN_SECONDS (3).
# Goals: 0 errors without the restart; with it, errors only while the database is down and the first
# success within 1 s of it being back.
set -euo pipefail
cd "$(dirname "$0")/.."

WORKERS=${WORKERS:-4}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-4}
DURATION=${DURATION:-60}
DOWN_SECONDS=${DOWN_SECONDS:-3}
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
PGPORT=$(free_port)
REDIS_PORT=$(free_port)
PORT=$(free_port)
BASE="http://127.0.0.1:$PORT"
WORK=$(mktemp -d /tmp/load_bench.XXXXXX)
chmod 755 "$WORK"  # initdb runs as postgres
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)
PGDATA="$WORK/pgdata"
mkdir "$PGDATA" && chown postgres:postgres "$PGDATA"
pg() { runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGDATA" "$@"; }
gunicorn_pid=""
cleanup() {
  [[ -n "$gunicorn_pid" ]] && kill "$gunicorn_pid" 2>/dev/null && wait "$gunicorn_pid" 2>/dev/null
  pg -m immediate stop >/dev/null 2>&1 || true
  if [[ -f "$WORK/redis.pid" ]]; then
    redis_pid=$(cat "$WORK/redis.pid")
    kill "$redis_pid" 2>/dev/null
    for _ in $(seq 50); do kill -0 "$redis_pid" 2>/dev/null || break; sleep 0.1; done  # it writes its log until it exits
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

runuser -u postgres -- "$PGBIN/initdb" -D "$PGDATA" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
pg -l "$PGDATA/server.log" -w -t 30 -o "-p $PGPORT -k $PGDATA -c listen_addresses=127.0.0.1 -c max_connections=100" start >/dev/null
runuser -u postgres -- "$PGBIN/createdb" -h 127.0.0.1 -p "$PGPORT" -U postgres load_bench
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --daemonize yes \
  --dir "$WORK" --pidfile "$WORK/redis.pid" --logfile "$WORK/redis.log"

export DATABASE_URL="postgres://postgres@127.0.0.1:$PGPORT/load_bench"
export CACHE_URL="redis://127.0.0.1:$REDIS_PORT/0"
export DEBUG=false SECURE_SSL_REDIRECT=false ALLOWED_HOSTS=127.0.0.1 CONN_MAX_AGE=60
export SECRET_KEY="load-bench-$(python3 -c 'import secrets; print(secrets.token_urlsafe(40))')"
export WEB_CONCURRENCY=$WORKERS
# measure the server, not the throttle: an anonymous client is counted by the user rate too
export API_ANON_RATE=100000000/minute
export API_USER_RATE=100000000/minute
export STATICFILES_BACKEND=django.contrib.staticfiles.storage.StaticFilesStorage
export MEDIA_ROOT="$WORK/media" IMPORT_FILES_ROOT="$WORK/private"
.venv/bin/python manage.py migrate --no-input -v 0
.venv/bin/python manage.py bootstrap_registry --demo -v 0

.venv/bin/gunicorn gdansk_iso.wsgi -w "$WORKERS" -b "127.0.0.1:$PORT" --log-level warning \
  --error-logfile "$WORK/gunicorn.log" &
gunicorn_pid=$!
for _ in $(seq 100); do curl -fs -o /dev/null "$BASE/api/" && break; sleep 0.2; done

PATHS=(
  "/" "/en/" "/themes/5/" "/indicators/5.1/" "/en/indicators/8.1/" "/iso-37120/" "/en/iso-37120/?year=2019"
  "/search/?q=ludnosc" "/api/themes/" "/api/indicators/5.1/" "/api/values/?indicator=5.1"
  "/api/values/?city=gdansk&year=2019" "/api/coverage/?city=gdansk&year=2019"
  "/downloads/iso37120-values.csv" "/iso-37120/data.csv" "/indicators/5.1/data.xlsx"
)
for path in "${PATHS[@]}"; do
  code=$(curl -s -o /dev/null -w "%{http_code}" "$BASE$path")
  [[ "$code" == 200 ]] || { echo "warm-up $path answered $code" >&2; exit 1; }
done

lua_paths=$(printf '"%s",' "${PATHS[@]}")
cat >"$WORK/mix.lua" <<LUA
local ffi = require("ffi")
ffi.cdef[[ typedef struct { long tv_sec; long tv_nsec; } load_timespec; int clock_gettime(int, load_timespec *); ]]
local clock = ffi.new("load_timespec")
local function now() ffi.C.clock_gettime(0, clock); return tonumber(clock.tv_sec) + tonumber(clock.tv_nsec) / 1e9 end
local paths = { ${lua_paths} }
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) count = 0; ok = 0; errors = 0; first_error = 0; last_error = 0; recovered = 0 end
function request() count = count + 1; return wrk.format("GET", paths[count % #paths + 1]) end
function response(status, headers, body)
  local t = now()
  if status < 400 then
    ok = ok + 1
    if last_error > 0 and recovered == 0 then recovered = t end  -- first success after this thread's last error
    return
  end
  recovered = 0
  errors = errors + 1
  if first_error == 0 then first_error = t end
  last_error = t
end
function done(summary, latency, requests)
  local ok_all, errors_all, first, last, all_recovered = 0, 0, 0, 0, 0
  for _, thread in ipairs(threads) do
    ok_all = ok_all + thread:get("ok"); errors_all = errors_all + thread:get("errors")
    local f, l = thread:get("first_error"), thread:get("last_error")
    if f > 0 and (first == 0 or f < first) then first = f end
    if l > last then last = l end
    local r = thread:get("recovered")
    if r > all_recovered then all_recovered = r end
  end
  local socket = summary.errors
  io.write(string.format("responses: %d ok, %d errors (HTTP >= 400); socket errors: connect %d, read %d, write %d, timeout %d\n",
    ok_all, errors_all, socket.connect, socket.read, socket.write, socket.timeout))
  io.write(string.format("requests/s: %.0f; latency p50 %.0f ms, p99 %.0f ms, max %.0f ms\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1e3, latency:percentile(99) / 1e3, latency.max / 1e3))
  io.write(string.format("first_error=%.3f last_error=%.3f recovered=%.3f\n", first, last, all_recovered))
end
LUA

load() { wrk -t "$THREADS" -c "$CONNECTIONS" -d "${DURATION}s" --timeout 10s -s "$WORK/mix.lua" "$BASE"; }

echo "== mixed load: $WORKERS workers, $CONNECTIONS connections, ${DURATION} s, ${#PATHS[@]} URLs"
load | grep -E "^(responses|requests/s)"

echo "== the same with PostgreSQL stopped for ${DOWN_SECONDS} s in the middle"
cat >"$WORK/probe.py" <<'PY'
import sys, time, urllib.error, urllib.request
url, until, out = sys.argv[1], time.time() + float(sys.argv[2]), open(sys.argv[3], "w")
while time.time() < until:
    sent = time.time()
    try:
        status = urllib.request.urlopen(url, timeout=60).status
    except urllib.error.HTTPError as error:
        status = error.code
    except OSError:
        status = 0
    out.write(f"{sent:.3f} {time.time():.3f} {status}\n")
    out.flush()
    time.sleep(0.05)
PY
python3 "$WORK/probe.py" "$BASE/api/coverage/?city=gdansk&year=2019" "$DURATION" "$WORK/probe.txt" &
probe_pid=$!
load >"$WORK/restart.txt" &
wrk_pid=$!
sleep $((DURATION / 2))
down_at=$(date +%s.%N)
pg -m fast stop >/dev/null
sleep "$DOWN_SECONDS"
pg -l "$PGDATA/server.log" -w -t 30 -o "-p $PGPORT -k $PGDATA -c listen_addresses=127.0.0.1 -c max_connections=100" start >/dev/null
up_at=$(date +%s.%N)
wait "$wrk_pid" "$probe_pid"
grep -E "^(responses|requests/s)" "$WORK/restart.txt"
python3 - "$down_at" "$up_at" "$WORK/restart.txt" "$WORK/probe.txt" <<'PY'
import re, sys
down, up = float(sys.argv[1]), float(sys.argv[2])
wrk = {key: float(value) for key, value in re.findall(r"(\w+)=([\d.]+)", open(sys.argv[3]).read())}
samples = [tuple(map(float, line.split())) for line in open(sys.argv[4])]
print(f"database down {up - down:.2f} s (from the stop command to ready after the start command)")
if wrk["first_error"]:
    print(f"wrk: first error {wrk['first_error'] - down:+.2f} s after the stop; last error "
          f"{wrk['last_error'] - up:+.2f} s and every connection succeeding again {wrk['recovered'] - up:+.2f} s "
          "relative to the database being back")
else:
    print("wrk: no errors")
# a request counts from the moment it was sent: one sent while the database was down may fail
late = [s for s in samples if s[2] != 200 and s[0] > up]
back = next((s for s in samples if s[0] >= up and s[2] == 200), None)
print(f"probe: {len(samples)} requests, {sum(s[2] != 200 for s in samples)} failed, "
      f"{len(late)} of them sent after the database was back")
if back:
    print(f"probe: first request sent after the database was back ({back[0] - up:+.2f} s) succeeded, "
          f"answered {back[1] - up:+.2f} s after")
PY
