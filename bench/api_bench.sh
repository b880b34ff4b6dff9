#!/usr/bin/env bash
# Requests per second of the public API and the full CSV download, by hand (not part of the tests):
#   bench/api_bench.sh            # PostgreSQL on 127.0.0.1:54330, gunicorn with 2 workers, wrk
# Env: DATABASE_URL (default postgres://postgres@127.0.0.1:54330/api_bench), PORT (8765),
#      DURATION (10s), CONNECTIONS (8), THREADS (2).
set -euo pipefail
cd "$(dirname "$0")/.."

export DATABASE_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:54330/api_bench}
export DEBUG=false SECURE_SSL_REDIRECT=false ALLOWED_HOSTS=127.0.0.1 CONN_MAX_AGE=60
export API_ANON_RATE=${API_ANON_RATE:-100000000/minute}  # measure the server, not the throttle
export STATICFILES_BACKEND=django.contrib.staticfiles.storage.StaticFilesStorage
export MEDIA_ROOT=${MEDIA_ROOT:-$(mktemp -d /tmp/api_bench_media.XXXXXX)}
PORT=${PORT:-8765}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-8}
THREADS=${THREADS:-2}
BASE="http://127.0.0.1:$PORT"

database=${DATABASE_URL##*/}
server=${DATABASE_URL%/*}
psql "$server/postgres" -tAc "SELECT 1 FROM pg_database WHERE datname = '$database'" | grep -q 1 \
  || psql "$server/postgres" -qc "CREATE DATABASE $database"
.venv/bin/python manage.py migrate --no-input -v 0
.venv/bin/python manage.py bootstrap_registry --demo -v 0

.venv/bin/gunicorn gdansk_iso.wsgi -w 2 -b "127.0.0.1:$PORT" --log-level warning &
gunicorn_pid=$!
trap 'kill "$gunicorn_pid"; wait "$gunicorn_pid" 2>/dev/null; rm -rf "$MEDIA_ROOT"' EXIT
for _ in $(seq 50); do curl -fs -o /dev/null "$BASE/api/" && break; sleep 0.2; done

echo "published values: $(curl -fs "$BASE/api/values/?page_size=1" | .venv/bin/python -c 'import json,sys; print(json.load(sys.stdin)["count"])')"
for url in "/api/values/?indicator=5.1" "/downloads/iso37120-values.csv"; do
  curl -fs -o /dev/null -w "warm-up $url: %{http_code}, %{size_download} bytes\n" "$BASE$url"
  echo "== $url"
  wrk -t "$THREADS" -c "$CONNECTIONS" -d "$DURATION" --latency "$BASE$url" | grep -E "Requests/sec|Latency|Non-2xx|50%|99%"
done
etag=$(curl -fsI "$BASE/api/values/?indicator=5.1" | tr -d '\r' | awk -F': ' 'tolower($1)=="etag" {print $2}')
echo "== /api/values/?indicator=5.1 revalidated (If-None-Match → 304)"
wrk -t "$THREADS" -c "$CONNECTIONS" -d "$DURATION" --latency -H "If-None-Match: $etag" "$BASE/api/values/?indicator=5.1" \
  | grep -E "Requests/sec|Latency|Non-2xx|50%|99%"
