#!/usr/bin/env bash
# CPU or allocation profile of Chatpass's token route under the fresh-token load (issue 11, ADR 7): one server with
# the default configuration, every one of USERS users seen once, then DURATION seconds of wrk (64 connections, a
# login token never seen before on every request) while async-profiler samples the server.
# Usage: scripts/profile.sh [cpu|alloc]    (JAVA_OPTS for the server: PROFILE_OPTS)
# Output: bench/target/results/profile-KIND.collapsed (collapsed stacks: one line per stack and its sample count;
# feed to any flame-graph tool) and the run's req/s and server CPU per request on stdout.
# async-profiler comes from Maven Central (tools.profiler:async-profiler), checked against its SHA-1 there.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
KIND=${1:-cpu}
USERS=${USERS:-50000}
DURATION=${DURATION:-15}
. "$ROOT/scripts/bench-lib.sh"
case "$KIND" in
  cpu) EVENT="event=itimer,interval=1ms" ;;
  alloc) EVENT="event=alloc,interval=512k" ;;
  *) echo "profile: cpu or alloc, not $KIND" >&2; exit 2 ;;
esac

ap_lib >/dev/null  # fetched before the server starts

(cd "$ROOT/bench/node" && node make-tokens.mjs "$WORK/warm.txt" 0 warm "$USERS" \
  && node make-tokens.mjs "$WORK/jit.txt" 300000 steady "$USERS" && node make-tokens.mjs "$WORK/steady.txt" 400000 steady "$USERS")
PORT=$(free_port)
bench_config "$WORK/chatpass.yml" "$PORT" "$WORK/chatpass.db" </dev/null
JAVA_OPTS="${PROFILE_OPTS:-}" "$ROOT/chatpass" serve --config "$WORK/chatpass.yml" > "$WORK/chatpass.log" 2>&1 & PID=$!; PIDS+=("$PID")
wait_http "http://127.0.0.1:$PORT/health/ready" 600
URL="http://127.0.0.1:$PORT/v1/zendesk/chat/jwt"
LUA="$ROOT/bench/wrk/tokens.lua"
wrk -t2 -c64 -d20s -s "$LUA" "$URL" -- "$WORK/warm.txt" 2 >/dev/null   # every user seen once
wrk -t2 -c64 -d10s -s "$LUA" "$URL" -- "$WORK/jit.txt" 2 >/dev/null    # JIT warm-up
OUTFILE="$OUT/profile-$KIND.collapsed"
ap_start "$PID" "$EVENT"
before=$(cpu_ticks "$PID")
out=$(wrk -t2 -c64 -d"${DURATION}s" --latency -s "$LUA" "$URL" -- "$WORK/steady.txt" 2)
after=$(cpu_ticks "$PID")
ap_stop "$PID" "$OUTFILE"
echo "$out" | wrk_json profile "chatpass-$KIND" 1 "$((after - before))"
echo "profile: $OUTFILE" >&2
