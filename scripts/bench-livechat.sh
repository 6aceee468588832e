#!/usr/bin/env bash
# LiveChat cached getToken over HTTP at USERS users (issue 11), side by side in one run, server CPU per request beside
# throughput:
#   chatpass-gettoken   POST /v1/livechat/token (what livechat.js sends), a login token never seen before on every
#                       request, for a random one of USERS users whose LiveChat customer and token are already stored
#   seed-cip-gettoken   the seed tutorial's CIP server (express + cors + node-json-db, seed 000) as written, GET
#                       /getToken/userN for a random one of the same USERS stored users (it checks no login at all)
#   chatpass-mint       Chatpass's own minting, /v1/zendesk/chat/jwt, same tokens, same server (the 80% reference)
# Every user's customer is created first through Chatpass against the tests' LiveChat stand-in (not measured).
# Loopback only; every run bounded by DURATION. Results: bench/target/results/livechat.jsonl and a table on stdout.
# Knobs: ROUNDS (3), DURATION (10 s), CONNECTIONS (64), USERS (50000), TOKENS (400000), SERVER_JAVA_OPTS (JVM flags for
# Chatpass), MEMORY=1 (after the report, where Chatpass's resident memory is: add -XX:NativeMemoryTracking=summary to
# SERVER_JAVA_OPTS for the native side).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$ROOT/scripts/bench-lib.sh"
rm -f "$OUT/livechat.jsonl"
LUA="$ROOT/bench/wrk/tokens.lua"
PATHS_LUA="$ROOT/bench/wrk/paths.lua"

echo "== data: $USERS users" >&2
(cd "$ROOT/bench/node" && node make-tokens.mjs "$WORK/warm.txt" 0 warm "$USERS" \
  && node make-tokens.mjs "$WORK/jit.txt" "$TOKENS" steady "$USERS" \
  && node seed-cip-db.mjs "$WORK/seeddb" "$USERS")
for r in $(seq 1 "$ROUNDS"); do
  (cd "$ROOT/bench/node" && node make-tokens.mjs "$WORK/steady-$r.txt" "$TOKENS" steady "$USERS")
  awk -v n="$TOKENS" -v u="$USERS" -v s="$r" 'BEGIN { srand(s); for (i = 0; i < n; i++) printf "/getToken/user-%d\n", int(rand() * u) }' > "$WORK/paths-$r.txt"
done

echo "== servers" >&2
CP_PORT=$(free_port); SEED_PORT=$(free_port)
"$JAVA" "${JFLAGS[@]}" -cp "$BENCH_CP" io.chatpass.bench.AccountsServer "$WORK/accounts.url" > "$WORK/accounts.log" 2>&1 & ACC_PID=$!; PIDS+=("$ACC_PID")
for _ in $(seq 1 100); do [ -s "$WORK/accounts.url" ] && break; sleep 0.1; done
bench_config "$WORK/chatpass.yml" "$CP_PORT" "$WORK/chatpass.db" <<YML
livechat:
  accountsBaseUrl: $(cat "$WORK/accounts.url")
  clientId: bench-client
  organizationId: 6f1c2d3e-bench-4a5b-8c9d-0e1f2a3b4c5d
  redirectUri: https://shop.example.com/
YML
JAVA_OPTS="${SERVER_JAVA_OPTS:-}" "$ROOT/chatpass" serve --config "$WORK/chatpass.yml" > "$WORK/chatpass.log" 2>&1 & CP_PID=$!; PIDS+=("$CP_PID")
(cd "$ROOT/bench/node" && PORT=$SEED_PORT DB="$WORK/seeddb" exec node seed-cip.cjs > "$WORK/seed.log" 2>&1) & SEED_PID=$!; PIDS+=("$SEED_PID")
wait_http "http://127.0.0.1:$CP_PORT/health/ready" 600
wait_http "http://127.0.0.1:$SEED_PORT/noop"
T1=$(head -n1 "$WORK/jit.txt")
code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' -d '{}' -b "token=$T1" "http://127.0.0.1:$CP_PORT/v1/livechat/token")
[ "$code" = 200 ] || { echo "bench: chatpass getToken answered $code" >&2; tail "$WORK/chatpass.log" >&2; exit 1; }
code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$SEED_PORT/getToken/user-1")
[ "$code" = 200 ] || { echo "bench: seed getToken answered $code" >&2; exit 1; }

echo "== warm-up: each of the $USERS users gets their LiveChat customer through Chatpass (not recorded)" >&2
n=$(wc -l < "$WORK/warm.txt")
wrk -t2 -c"$CONNECTIONS" -d300s -s "$LUA" "http://127.0.0.1:$CP_PORT/v1/livechat/token" -- "$WORK/warm.txt" 2 POST > "$WORK/warm.out" &
wpid=$!
for _ in $(seq 1 600); do
  stored=$(curl -s "http://127.0.0.1:$CP_PORT/metrics" | awk '/^chatpass_livechat_identities_total\{event="created"/ {print int($2)}')
  [ "${stored:-0}" -ge "$n" ] && break
  sleep 0.5
done
kill "$wpid" 2>/dev/null || true; wait "$wpid" 2>/dev/null || true
echo "   customers created: ${stored:-0} of $n" >&2
wrk -t2 -c"$CONNECTIONS" -d10s -s "$LUA" "http://127.0.0.1:$CP_PORT/v1/livechat/token" -- "$WORK/jit.txt" 2 POST > /dev/null
wrk -t2 -c"$CONNECTIONS" -d5s -s "$LUA" "http://127.0.0.1:$CP_PORT/v1/zendesk/chat/jwt" -- "$WORK/jit.txt" 2 > /dev/null
wrk -t2 -c"$CONNECTIONS" -d5s -s "$PATHS_LUA" "http://127.0.0.1:$SEED_PORT" -- "$WORK/paths-1.txt" 2 > /dev/null
# The sum of a metric's series on Chatpass's /metrics.
metric() { curl -s "http://127.0.0.1:$CP_PORT/metrics" | awk -v m="$1" 'index($0, m) == 1 {s += $2} END {print int(s)}'; }
CALLS_BEFORE=$(metric chatpass_livechat_upstream_calls_total)
SERVED_BEFORE=$(metric chatpass_livechat_cache_hits_total); HELD_BEFORE=$(metric chatpass_livechat_held_hits_total)

run() {  # name pid url round lua file [POST]
  local name=$1 pid=$2 url=$3 round=$4 lua=$5 file=$6 method=${7:-} before after out
  before=$(cpu_ticks "$pid")
  out=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$lua" "$url" -- "$file" 2 $method)
  after=$(cpu_ticks "$pid")
  echo "$out" | wrk_json livechat "$name" "$round" "$((after - before))" >> "$OUT/livechat.jsonl"
}

for r in $(seq 1 "$ROUNDS"); do
  # PROFILE=1: async-profiler CPU samples of Chatpass during round 1's getToken run (bench/target/results/profile-gettoken.collapsed)
  [ "$r" = 1 ] && [ -n "${PROFILE:-}" ] && ap_start "$CP_PID" "event=itimer,interval=1ms"
  run chatpass-gettoken "$CP_PID" "http://127.0.0.1:$CP_PORT/v1/livechat/token" "$r" "$LUA" "$WORK/steady-$r.txt" POST
  [ "$r" = 1 ] && [ -n "${PROFILE:-}" ] && ap_stop "$CP_PID" "$OUT/profile-gettoken.collapsed"
  run seed-cip-gettoken "$SEED_PID" "http://127.0.0.1:$SEED_PORT" "$r" "$PATHS_LUA" "$WORK/paths-$r.txt"
  run chatpass-mint "$CP_PID" "http://127.0.0.1:$CP_PORT/v1/zendesk/chat/jwt" "$r" "$LUA" "$WORK/steady-$r.txt"
  echo "   round $r done" >&2
done
CALLS_AFTER=$(metric chatpass_livechat_upstream_calls_total)
SERVED=$(( $(metric chatpass_livechat_cache_hits_total) - SERVED_BEFORE )); HELD=$(( $(metric chatpass_livechat_held_hits_total) - HELD_BEFORE ))
read -r RSS RSS_PEAK < <(rss_now_and_peak "$CP_PID")  # after the rounds, and the peak over the server's life
echo "{\"bench\":\"livechat-meta\",\"users\":$USERS,\"customersCreated\":${stored:-0},\"upstreamCallsDuringRuns\":$((CALLS_AFTER - CALLS_BEFORE)),\"rssKiB\":$RSS,\"rssPeakKiB\":$RSS_PEAK,\"getTokenServedStored\":$SERVED,\"getTokenServedFromMemory\":$HELD}" >> "$OUT/livechat.jsonl"
echo
# Medians of each target's rounds (the issue's rule), with the spread of req/s beside them.
node -e '
const lines = require("fs").readFileSync(process.argv[1], "utf8").split("\n").filter(Boolean).map(JSON.parse);
const med = a => { const s = [...a].sort((x, y) => x - y), m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const by = {};
for (const l of lines) if (l.bench === "livechat") (by[l.target] ||= []).push(l);
console.log(["target", "req/s", "min-max", "p50 ms", "p99 ms", "CPU us/req", "non2xx"].map((h, i) => i ? h.padStart(i == 2 ? 14 : 10) : h.padEnd(20)).join(" "));
for (const t of Object.keys(by).sort()) {
  const r = by[t], rps = r.map(x => x.rps);
  console.log(t.padEnd(20), med(rps).toFixed(0).padStart(10), (Math.min(...rps).toFixed(0) + "-" + Math.max(...rps).toFixed(0)).padStart(14),
    med(r.map(x => x.p50ms)).toFixed(2).padStart(10), med(r.map(x => x.p99ms)).toFixed(2).padStart(10),
    med(r.map(x => x.cpuUsPerReq)).toFixed(1).padStart(10), String(r.reduce((s, x) => s + (x.non2xx || 0), 0)).padStart(10));
}
const g = by["chatpass-gettoken"], m = by["chatpass-mint"], c = by["seed-cip-gettoken"];
if (g && m && c) console.log("getToken / minting " + (100 * med(g.map(x => x.rps)) / med(m.map(x => x.rps))).toFixed(0) + "% (target 85%), / the seed CIP server " + (med(g.map(x => x.rps)) / med(c.map(x => x.rps))).toFixed(2) + "x (target 4x); medians of " + g.length + " rounds");
' "$OUT/livechat.jsonl"
grep livechat-meta "$OUT/livechat.jsonl"
[ -n "${MEMORY:-}" ] && memory_breakdown "$CP_PID"
exit 0
