#!/usr/bin/env bash
# Public site throughput, by hand: gunicorn (2 workers) on PostgreSQL, 1 city × every indicator × 20 years,
# wrk with 16 connections on the home, theme, indicator and ISO 37120 pages, each beside a static file of
# the same size served by the same server (the ceiling). Prints requests/s and p90 latency.
#   bench/site_bench.sh                                  # a fresh embedded PostgreSQL of its own
#   PG_URL=postgres://postgres@127.0.0.1:5432 bench/site_bench.sh   # a server of yours, database site_bench
#   DURATION=20s bench/site_bench.sh
# The page cache is a throwaway Redis when redis-server is installed (as production runs), else files.
set -euo pipefail
cd "$(dirname "$0")/.."

PG_URL=${PG_URL:-}
DB_NAME=${DB_NAME:-site_bench}
PORT=${PORT:-8199}
DURATION=${DURATION:-10s}
WORK=$(mktemp -d /tmp/site_bench.XXXXXX)
chmod 755 "$WORK"
if [[ -n "$PG_URL" ]]; then
  export DATABASE_URL="$PG_URL/$DB_NAME"
  psql "$PG_URL/postgres" -qtAc "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'" | grep -q 1 \
    || createdb -h 127.0.0.1 -p "${PG_URL##*:}" -U postgres "$DB_NAME"
else
  unset DATABASE_URL
  export EMBEDDED_POSTGRES_DIR="$WORK/postgres"
fi
export DEBUG=false SECRET_KEY=bench-only-not-secret-0123456789abcdefghijklmnopqrstuvwxyz ALLOWED_HOSTS=127.0.0.1
export SECURE_SSL_REDIRECT=false SESSION_COOKIE_SECURE=false CSRF_COOKIE_SECURE=false SECURE_HSTS_SECONDS=0
export STATIC_ROOT="$WORK/static"
# A cache shared by both workers, so a value saved through either of them invalidates the pages of both.
REDIS_PID=""
if [[ -z "${CACHE_URL:-}" ]] && command -v redis-server >/dev/null; then
  REDIS_PORT=$((PORT + 1))
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --daemonize yes \
    --dir "$WORK" --pidfile "$WORK/redis.pid" --logfile "$WORK/redis.log"
  for _ in $(seq 50); do [[ -s "$WORK/redis.pid" ]] && break; sleep 0.1; done
  REDIS_PID=$(cat "$WORK/redis.pid")
  export CACHE_URL="redis://127.0.0.1:$REDIS_PORT/0"
fi
export CACHE_URL=${CACHE_URL:-filecache://$WORK/cache}
PY=.venv/bin/python
$PY manage.py migrate --no-input -v 0
$PY manage.py bootstrap_registry -v 0
$PY manage.py shell -v 0 < bench/seed_site_bench.py
$PY manage.py collectstatic --no-input -v 0

declare -A PAGES=([home]=/ [theme]=/themes/5/ [indicator]=/indicators/5.1/ [iso-37120]=/iso-37120/)
ORDER=(home theme indicator iso-37120)

# Static twins: files of exactly the same size as each rendered page, served by whitenoise.
mkdir -p "$STATIC_ROOT/bench"
for name in "${ORDER[@]}"; do
  $PY manage.py shell -v 0 -c "
from django.test import Client
body = Client(HTTP_HOST='127.0.0.1').get('${PAGES[$name]}').content
open('$STATIC_ROOT/bench/$name.html', 'wb').write(b'x' * len(body))
print('$name', len(body), 'bytes')"
done

cat > "$WORK/latency.lua" <<'LUA'
done = function(summary, latency, requests)
  io.write(string.format("RESULT %.0f %.2f\n", summary.requests / (summary.duration / 1e6), latency:percentile(90) / 1000))
end
LUA

.venv/bin/gunicorn gdansk_iso.wsgi -w 2 -b "127.0.0.1:$PORT" --log-level warning &
GUNICORN=$!
trap 'kill $GUNICORN 2>/dev/null; wait $GUNICORN 2>/dev/null; [[ -n "$REDIS_PID" ]] && kill "$REDIS_PID"; rm -rf "$WORK"' EXIT
for _ in $(seq 50); do curl -fs -o /dev/null "http://127.0.0.1:$PORT/robots.txt" && break; sleep 0.2; done

measure() {  # url -> "requests/s p90_ms"
  curl -fs -o /dev/null "$1"; curl -fs -o /dev/null "$1"  # warm both workers' view of the cache
  wrk -t2 -c16 -d"$DURATION" -s "$WORK/latency.lua" "$1" | awk '/^RESULT/ {print $2, $3}'
}

printf "%-10s %12s %10s %14s %10s %8s\n" page "page req/s" "p90 ms" "static req/s" "p90 ms" "ratio"
for name in "${ORDER[@]}"; do
  read -r page_rps page_p90 < <(measure "http://127.0.0.1:$PORT${PAGES[$name]}")
  read -r static_rps static_p90 < <(measure "http://127.0.0.1:$PORT/static/bench/$name.html")
  ratio=$(awk -v a="$page_rps" -v b="$static_rps" 'BEGIN {printf "%.2f", a / b}')
  printf "%-10s %12s %10s %14s %10s %8s\n" "$name" "$page_rps" "$page_p90" "$static_rps" "$static_p90" "$ratio"
done
