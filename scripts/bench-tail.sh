#!/usr/bin/env bash
# Where the tail of the token route comes from (issue 22). One Chatpass on its defaults (its USERS users seen once),
# Go at its best and the bare Jetty handler, measured in interleaved rounds:
#   chatpass-steady / chatpass-first   fresh tokens of known users / a new user on every request
#   go-best                            the same job in Go, the same token file
#   jetty-hello                        the bare handler answering a constant, plain wrk (as in bench-fresh.sh)
#   jetty-hello-tokens                 the same handler, wrk sending the token requests (wrk's own cost as for the others)
# Each line has wrk's p50/p99 beside, for Chatpass, the server's own p99/p999 for the route (the
# chatpass_http_requests_seconds histogram: before-steps + handler), and the CPU per request of the server and of wrk.
# handed% is the share of Chatpass's requests its fast path handed to a virtual thread instead of answering on the
# I/O thread that read them (it does so while the sightings queue is over half full).
# When wrk's p99 is far above the server's, the time is spent outside the handler (queues, scheduling).
# Knobs: ROUNDS (3), DURATION (8 s), WRK_THREADS (2: wrk -t2; issue 22 measured with 1), PAUSE_MS (unset: wrk's usual closed loop at saturation; a number: each connection
# waits that long after an answer, bench/wrk/paced.lua, so every server gets about the same offered load below
# saturation), SERVER_JAVA_OPTS (JVM flags for Chatpass), SCHED=1 (per-thread CPU and run-queue wait of Chatpass's
# threads, /proc/PID/task/*/schedstat), SERVER_CPUS / WRK_CPUS (taskset lists, to pin).
# Loopback only; every run bounded by DURATION.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DURATION=${DURATION:-8}
. "$ROOT/scripts/bench-lib.sh"
LUA="$ROOT/bench/wrk/tokens.lua"
[ -n "${PAUSE_MS:-}" ] && LUA="$ROOT/bench/wrk/paced.lua"
(cd "$ROOT/bench/node" && node make-tokens.mjs "$WORK/warm.txt" 0 warm "$USERS" \
  && node make-tokens.mjs "$WORK/jit.txt" "$TOKENS" steady "$USERS")
for r in $(seq 1 "$ROUNDS"); do
  (cd "$ROOT/bench/node" && node make-tokens.mjs "$WORK/steady-$r.txt" "$TOKENS" steady "$USERS" \
    && node make-tokens.mjs "$WORK/first-$r.txt" "$TOKENS" first "$USERS")
done
CP_PORT=$(free_port); GO_PORT=$(free_port); JETTY_PORT=$(free_port)
bench_config "$WORK/chatpass.yml" "$CP_PORT" "$WORK/chatpass.db" </dev/null
JAVA_OPTS="${SERVER_JAVA_OPTS:-}" ${SERVER_CPUS:+taskset -c "$SERVER_CPUS"} "$ROOT/chatpass" serve --config "$WORK/chatpass.yml" > "$WORK/chatpass.log" 2>&1 & CP_PID=$!; PIDS+=("$CP_PID")
go_peer "$WORK/go-best"
PORT=$GO_PORT ${SERVER_CPUS:+taskset -c "$SERVER_CPUS"} "$WORK/go-best" > "$WORK/go.log" 2>&1 & GO_PID=$!; PIDS+=("$GO_PID")
${SERVER_CPUS:+taskset -c "$SERVER_CPUS"} "$JAVA" "${JFLAGS[@]}" -cp "$BENCH_CP" io.chatpass.bench.JettyHello "$JETTY_PORT" > "$WORK/jetty.log" 2>&1 & JETTY_PID=$!; PIDS+=("$JETTY_PID")
wait_http "http://127.0.0.1:$CP_PORT/health/ready" 600 || { cat "$WORK/chatpass.log" >&2; exit 1; }
wait_http "http://127.0.0.1:$GO_PORT/hello"
wait_http "http://127.0.0.1:$JETTY_PORT/hello"
URL="http://127.0.0.1:$CP_PORT/v1/zendesk/chat/jwt"
n=$(wc -l < "$WORK/warm.txt")
wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d60s -s "$ROOT/bench/wrk/tokens.lua" "$URL" -- "$WORK/warm.txt" "$WRK_THREADS" > /dev/null & wpid=$!
sleep $(( n / 10000 + 5 )); kill "$wpid" 2>/dev/null || true; wait "$wpid" 2>/dev/null || true
wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d10s -s "$ROOT/bench/wrk/tokens.lua" "$URL" -- "$WORK/jit.txt" "$WRK_THREADS" > /dev/null
for u in "http://127.0.0.1:$GO_PORT/zendesk/jwt" "http://127.0.0.1:$JETTY_PORT/hello"; do
  wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d3s -s "$ROOT/bench/wrk/tokens.lua" "$u" -- "$WORK/jit.txt" "$WRK_THREADS" > /dev/null
done

# per-thread scheduler figures of process $1: "tid name cpu_ns wait_ns slices" (/proc/PID/task/*/schedstat)
sched() { for t in /proc/"$1"/task/*; do [ -r "$t/schedstat" ] && echo "${t##*/} $(tr ' ' '_' < "$t/comm") $(cat "$t/schedstat")"; done 2>/dev/null | LC_ALL=C sort; }
# two sched snapshots -> per thread name: CPU ms, run-queue wait ms, time slices, wait per slice
sched_delta() { LC_ALL=C join <(echo "$1") <(echo "$2") | awk '{ c[$2] += $7 - $3; w[$2] += $8 - $4; s[$2] += $9 - $5; n[$2]++ }
  END { for (k in c) if (c[k] > 20e6) printf "   %-16s x%-3d cpu %6.0f ms  run-queue wait %6.0f ms  slices %6d  wait per slice %6.3f ms\n", k, n[k], c[k] / 1e6, w[k] / 1e6, s[k], s[k] ? w[k] / s[k] / 1e6 : 0 }' | sort -k4 -nr; }
# the Chatpass route's 200 histogram as "le count" lines
buckets() { curl -s "http://127.0.0.1:$CP_PORT/metrics" | awk -F'[{}]' '/^chatpass_http_requests_seconds_bucket/ && /zendesk\/chat\/jwt/ && /status="200"/ {
  match($2, /le="[^"]*"/); le = substr($2, RSTART + 4, RLENGTH - 5); split($3, v, " "); print le, v[2] }' | sort -g; }
# requests Chatpass's fast path handed from the I/O thread to a virtual thread so far
handed() { curl -s "http://127.0.0.1:$CP_PORT/metrics" | awk '/^chatpass_fastpath_handed_off_total/ { s += $2 } END { printf "%d", s }'; }
# server p99 and p999 (ms, the upper bounds of their buckets) from two histogram snapshots
quantiles() { join <(echo "$1") <(echo "$2") | awk '{ le[NR] = $1; d[NR] = $3 - $2 } END { n = d[NR];
  for (i = 1; i <= NR; i++) { if (!a && d[i] >= 0.99 * n) a = le[i]; if (!b && d[i] >= 0.999 * n) b = le[i] }
  printf "%.2f %.2f", a * 1000, b * 1000 }'; }

measure() {  # name pid url round [token file]
  local name=$1 pid=$2 url=$3 round=$4 file=${5:-} b0 b1 c0 c1 s0 s1 h0=0 h1=0 sp99=- sp999=- args
  [ "$pid" = "$CP_PID" ] && { b0=$(buckets); h0=$(handed); }; s0=$(sched "$pid"); c0=$(cpu_ticks "$pid")
  args=(-t"$WRK_THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency)
  [ -n "$file" ] && args+=(-s "$LUA" "$url" -- "$file" "$WRK_THREADS" GET ${PAUSE_MS:-}) || args+=("$url")
  wrk_timed "$WORK/wrk.out" "${args[@]}"
  c1=$(cpu_ticks "$pid"); s1=$(sched "$pid")
  [ "$pid" = "$CP_PID" ] && { b1=$(buckets); h1=$(handed); read -r sp99 sp999 <<< "$(quantiles "$b0" "$b1")"; }
  wrk_json tail "$name" "$round" "$((c1 - c0))" "$(cat "$WORK/wrk.out.cpu")" < "$WORK/wrk.out" | awk -v s99="$sp99" -v s999="$sp999" -v handed="$((h1 - h0))" -F'[:,]' '
    { for (i = 1; i < NF; i++) v[$i] = $(i + 1) }
    END { t = v["\"target\""]; gsub(/"/, "", t); printf "%-19s %5d %8.0f %7.2f %7.2f %9s %9s %7.1f %8.1f %6d %7.1f\n", t, v["\"round\""], v["\"rps\""], v["\"p50ms\""],
          v["\"p99ms\""], s99, s999, v["\"cpuUsPerReq\""], v["\"wrkCpuUsPerReq\""], v["\"non2xx\""], 100 * handed / v["\"requests\""] }'
  [ -n "${SCHED:-}" ] && sched_delta "$s0" "$s1"
  return 0
}

echo "pause per connection: ${PAUSE_MS:-none (saturation)}; $CONNECTIONS connections, wrk -t$WRK_THREADS, $DURATION s per run"
printf "%-19s %5s %8s %7s %7s %9s %9s %7s %8s %6s %7s\n" target round req/s p50ms p99ms srvP99ms srvP999ms cpuUs wrkCpuUs non2xx handed%
for r in $(seq 1 "$ROUNDS"); do
  measure chatpass-steady "$CP_PID" "$URL" "$r" "$WORK/steady-$r.txt"
  measure go-best "$GO_PID" "http://127.0.0.1:$GO_PORT/zendesk/jwt" "$r" "$WORK/steady-$r.txt"
  measure jetty-hello-tokens "$JETTY_PID" "http://127.0.0.1:$JETTY_PORT/hello" "$r" "$WORK/steady-$r.txt"
  [ -z "${PAUSE_MS:-}" ] && measure jetty-hello "$JETTY_PID" "http://127.0.0.1:$JETTY_PORT/hello" "$r"
  measure chatpass-first "$CP_PID" "$URL" "$r" "$WORK/first-$r.txt"
done
