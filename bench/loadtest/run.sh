#!/usr/bin/env bash
# The load test, end to end, bounded and self-stopping:
#   1. a fresh PostgreSQL database (hq_load_<time>_<random>), migrated, with the demo data (seed_demo);
#   2. gunicorn (WORKERS, default 3) on 127.0.0.1:PORT with REDIS_URL for cache and sessions;
#   3. each demo account logged in once (bench/loadtest/login.py, which also warms the workers up);
#      locust headless: USERS (50) users mixing the staff and cadre flows for RUN_TIME (2m),
#      at most LOADTEST_MAX_REQUESTS requests, under a hard `timeout`;
#   4. the figures: error count, p95 per page, requests per second (bench/loadtest/summary.py);
#   5. everything stopped: gunicorn by its PID, the database dropped (KEEP_DB=1 keeps it), the Redis db flushed.
# Servers: PG_URL (default postgres://postgres@127.0.0.1:5432, the database name is added) and
# REDIS_URL (default redis://127.0.0.1:6379/13, a database of its own: it is flushed).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
VENV=${VENV:-$ROOT/.venv/bin}
PG_URL=${PG_URL:-postgres://postgres@127.0.0.1:5432}
export REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379/13}
USERS=${USERS:-50}
SPAWN_RATE=${SPAWN_RATE:-10}
RUN_TIME=${RUN_TIME:-2m}
WORKERS=${WORKERS:-3}
# A free port unless PORT is given: another server on a fixed port would be measured instead.
PORT=${PORT:-$("$VENV/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
export LOADTEST_MAX_REQUESTS=${LOADTEST_MAX_REQUESTS:-50000}

STAMP=$(date -u +%Y%m%dT%H%M%SZ)
DB=${LOADTEST_DB:-hq_load_$(date +%s)_$RANDOM}
# LOADTEST_DB=name reuses a database made by an earlier run (KEEP_DB=1): no setup, never dropped.
[ -n "${LOADTEST_DB:-}" ] && KEEP_DB=1
OUT=$ROOT/var/loadtest/$STAMP
mkdir -p "$OUT/media"

export DATABASE_URL=$PG_URL/$DB
export DEBUG=false ALLOWED_HOSTS=127.0.0.1,localhost MEDIA_ROOT=$OUT/media
# Plain HTTP on loopback: cookies must not be Secure-only or the client would never send them back.
export SESSION_COOKIE_SECURE=false CSRF_COOKIE_SECURE=false SECURE_SSL_REDIRECT=false SECURE_HSTS_SECONDS=0
export SECRET_KEY=${SECRET_KEY:-loadtest-$(head -c 48 /dev/urandom | base64 | tr -d '/+=')}
export LOG_LEVEL=WARNING

GUNICORN_PID=""
cleanup() {
  status=$?
  if [ -n "$GUNICORN_PID" ] && kill -0 "$GUNICORN_PID" 2>/dev/null; then
    kill -TERM "$GUNICORN_PID" 2>/dev/null || true
    for _ in $(seq 20); do kill -0 "$GUNICORN_PID" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$GUNICORN_PID" 2>/dev/null || true
  fi
  redis-cli -u "$REDIS_URL" flushdb >/dev/null 2>&1 || true
  if [ "${KEEP_DB:-0}" != 1 ]; then
    psql "$PG_URL/postgres" -X -q -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
  else
    echo "kept the database $DB"
  fi
  exit $status
}
trap cleanup EXIT INT TERM

echo "== machine: $(nproc) CPUs; $(free -h | awk '/^Mem:/ {print $2 " RAM, " $7 " available"}'); load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== database $DB"
redis-cli -u "$REDIS_URL" ping >/dev/null || { echo "Redis is not answering at $REDIS_URL" >&2; exit 1; }
redis-cli -u "$REDIS_URL" flushdb >/dev/null
if [ -z "${LOADTEST_DB:-}" ]; then
  psql "$PG_URL/postgres" -X -q -v ON_ERROR_STOP=1 -c "CREATE DATABASE $DB"
  "$VENV/python" manage.py migrate --noinput -v 0
  "$VENV/python" manage.py seed_demo > "$OUT/seed.log"
  tail -1 "$OUT/seed.log"
fi

echo "== gunicorn: $WORKERS workers on 127.0.0.1:$PORT"
"$VENV/gunicorn" hongqiao.wsgi:application --bind "127.0.0.1:$PORT" --workers "$WORKERS" \
  --timeout 60 --graceful-timeout 10 --error-logfile "$OUT/gunicorn.log" &
GUNICORN_PID=$!
for _ in $(seq 60); do
  curl -fsS -o /dev/null "http://127.0.0.1:$PORT/accounts/login/" 2>/dev/null && break
  kill -0 "$GUNICORN_PID" 2>/dev/null || { echo "gunicorn died:" >&2; tail -20 "$OUT/gunicorn.log" >&2; exit 1; }
  sleep 1
done

echo "== log in once per demo account, warm the workers up"
"$VENV/python" bench/loadtest/login.py "http://127.0.0.1:$PORT" "$OUT/sessions.json"
export LOADTEST_SESSIONS=$OUT/sessions.json

echo "== locust: $USERS users, spawn $SPAWN_RATE/s, $RUN_TIME, at most $LOADTEST_MAX_REQUESTS requests"
# CPU seconds used by the gunicorn workers: the cost of a request, whatever else the machine runs.
workers_cpu() { ps --ppid "$GUNICORN_PID" -o times= | awk '{s += $1} END {print s + 0}'; }
CPU_BEFORE=$(workers_cpu)
set +e
timeout --kill-after=30 600 "$VENV/locust" -f bench/loadtest/locustfile.py --host "http://127.0.0.1:$PORT" \
  --headless --users "$USERS" --spawn-rate "$SPAWN_RATE" --run-time "$RUN_TIME" --stop-timeout 10 \
  --csv "$OUT/locust" --only-summary --loglevel WARNING > "$OUT/locust.log" 2>&1
LOCUST_STATUS=$?
set -e
CPU_AFTER=$(workers_cpu)

echo "== results ($OUT)"
"$VENV/python" bench/loadtest/summary.py "$OUT/locust" "$((CPU_AFTER - CPU_BEFORE))"
echo "machine load after the run: $(cut -d' ' -f1-3 /proc/loadavg)"
if grep -q "Traceback\|Error" "$OUT/gunicorn.log"; then
  echo "gunicorn logged errors (see $OUT/gunicorn.log):"; grep -m5 "Error" "$OUT/gunicorn.log"
fi
echo "locust exit status: $LOCUST_STATUS (1 means some requests failed)"
exit "$LOCUST_STATUS"
