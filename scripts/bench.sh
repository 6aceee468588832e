#!/usr/bin/env bash
# The default benchmark profile: loopback only, every loop bounded.
#   0. the fresh-token comparison (scripts/bench-fresh.sh): a new login token per request, peers at their best,
#      server CPU per request; the headline of docs/benchmarks.md
#   1. start-to-ready; with REPEATED_TOKEN=1 also the old repeated-token comparison (a labelled variant)
#   2. LiveChat getToken with cached tokens at 1k / 100k / 1M stored users, SQLite and PostgreSQL; node-json-db growth
#   3. 1000 concurrent getFreshToken for one user: upstream calls and latency
#   4. start-to-ready, resident memory under the load of (1)
#   5. JMH: minting; login verification HS256 / RS256 / ES256
# Results: bench/target/results/*.jsonl, a summary on stdout, and bench/target/results/getToken-scaling.png.
# Environment knobs: ROUNDS (3), DURATION (10 s per wrk run), CONNECTIONS (64), USERS (1000,100000,1000000), SKIP_JMH,
# ONLY_LOAD=1 (part 1 only), ACCESS_LOG=false (run Chatpass with server.accessLog off).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-64}
USERS=${USERS:-1000,100000,1000000}
. "$ROOT/scripts/bench-lib.sh"
rm -f "$OUT"/*.jsonl
TOKEN=$(cd "$ROOT/bench/node" && node -e "
  const jwt = require('jsonwebtoken');
  console.log(jwt.sign({ sub: 'b8e3b6f2-1a7e-4c1e-9d0a-2f1b3c4d5e6f', email: 'ann@example.com', name: 'Ann',
    xsolla_login_project_id: 'bench' }, process.env.LOGIN_SECRET, { issuer: 'https://login.xsolla.com', expiresIn: '2h' }));")

echo "== 0. fresh-token comparison" >&2
BENCH_BUILT=1 ROUNDS=$ROUNDS DURATION=$DURATION CONNECTIONS=$CONNECTIONS "$ROOT/scripts/bench-fresh.sh" | tee "$OUT/fresh-summary.md"

echo "== 1. start to ready$([ -n "${REPEATED_TOKEN:-}" ] && echo "; repeated-token variant (wrk -c $CONNECTIONS, $DURATION s, $ROUNDS rounds)")" >&2
CP_PORT=$(free_port); SEED_PORT=$(free_port); JOSE_PORT=$(free_port)
cat > "$WORK/chatpass.yml" <<YML
server: {port: $CP_PORT, accessLog: ${ACCESS_LOG:-true}}
store: {sqlitePath: $WORK/chatpass.db, encryptionKeyset: "\${file:keyset.json}"}
login:
  verifiers: [{name: xsolla, preset: xsolla, secret: "\${LOGIN_SECRET}", projectId: bench, emailsVerified: true}]
zendesk:
  chat: {secret: "\${ZENDESK_SECRET}"}
# The repeated-token variant sends one user's token all along: the per-user limit is raised out of its way.
limits: {perUserPerMinute: 1000000}
YML
new_keyset "$WORK/keyset.json"
for i in 1 2 3; do  # start-to-ready, three starts (the launcher's CDS archive exists after the first)
  "$ROOT/chatpass" serve --config "$WORK/chatpass.yml" > "$WORK/start-$i.log" 2>&1 &
  pid=$!
  wait_http "http://127.0.0.1:$CP_PORT/health/ready"
  ms=$(grep -o 'ready in [0-9]*' "$WORK/start-$i.log" | grep -o '[0-9]*$')
  echo "{\"bench\":\"startToReady\",\"start\":$i,\"ms\":$ms}" >> "$OUT/start.jsonl"
  if [ "$i" -lt 3 ]; then kill "$pid"; wait "$pid" 2>/dev/null || true; else PIDS+=("$pid"); CP_PID=$pid; fi
done
(cd "$ROOT/bench/node" && PORT=$SEED_PORT exec node seed-express.cjs > "$WORK/seed.log" 2>&1) & PIDS+=($!)
(cd "$ROOT/bench/node" && PORT=$JOSE_PORT exec node best-jose.mjs > "$WORK/jose.log" 2>&1) & PIDS+=($!)
wait_http "http://127.0.0.1:$SEED_PORT/noop"
for _ in $(seq 1 50); do curl -s -o /dev/null -b "token=$TOKEN" "http://127.0.0.1:$JOSE_PORT/zendesk/jwt" && break; sleep 0.2; done
for url in "http://127.0.0.1:$CP_PORT/v1/zendesk/chat/jwt" "http://127.0.0.1:$SEED_PORT/zendesk/jwt" "http://127.0.0.1:$JOSE_PORT/zendesk/jwt"; do
  code=$(curl -s -o /dev/null -w '%{http_code}' -b "token=$TOKEN" "$url")
  [ "$code" = 200 ] || { echo "bench: $url answered $code" >&2; exit 1; }
done

run_wrk() {  # name url round
  local out rss=0
  out=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -H "Cookie: token=$TOKEN" "$2")
  if [[ "$1" == chatpass* ]]; then rss=$(awk '/VmRSS/ {print $2}' "/proc/$CP_PID/status"); fi
  echo "$out" | awk -v name="$1" -v round="$3" -v rss="$rss" '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /^ +50%/ { p50 = ms($2) } /^ +99%/ { p99 = ms($2) } /^Requests\/sec/ { rps = $2 }
    /Non-2xx/ { bad = $NF } /Socket errors/ { errs = $0 }
    END { printf "{\"bench\":\"load\",\"target\":\"%s\",\"round\":%d,\"rps\":%s,\"p50ms\":%s,\"p99ms\":%s,\"non2xx\":%d,\"rssKiB\":%d}\n", name, round, rps, p50, p99, bad + 0, rss }' >> "$OUT/load.jsonl"
}
if [ -n "${REPEATED_TOKEN:-}" ]; then
# warm-up, not recorded
wrk -t2 -c"$CONNECTIONS" -d5s -H "Cookie: token=$TOKEN" "http://127.0.0.1:$CP_PORT/v1/zendesk/chat/jwt" >/dev/null
wrk -t2 -c"$CONNECTIONS" -d3s "http://127.0.0.1:$CP_PORT/health/live" >/dev/null
for r in $(seq 1 "$ROUNDS"); do
  run_wrk chatpass-noop "http://127.0.0.1:$CP_PORT/health/live" "$r"
  run_wrk chatpass-zendesk-jwt "http://127.0.0.1:$CP_PORT/v1/zendesk/chat/jwt" "$r"
  run_wrk node-express-jsonwebtoken "http://127.0.0.1:$SEED_PORT/zendesk/jwt" "$r"
  run_wrk node-jose "http://127.0.0.1:$JOSE_PORT/zendesk/jwt" "$r"
  echo "   round $r done" >&2
done
fi
for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
PIDS=()

if [ -n "${ONLY_LOAD:-}" ]; then
  "$JAVA" "${JFLAGS[@]}" -cp "$BENCH_CP" io.chatpass.bench.Report "$OUT"
  exit 0
fi

echo "== 2. getToken with cached tokens at $USERS users" >&2
"$JAVA" "${JFLAGS[@]}" -cp "$BENCH_CP" io.chatpass.bench.GetTokenScaling sqlite "$USERS" 3 "$ROUNDS" 4 >> "$OUT/getToken.jsonl"
"$JAVA" "${JFLAGS[@]}" -cp "$BENCH_CP" io.chatpass.bench.GetTokenScaling postgres "$USERS" 3 "$ROUNDS" 4 >> "$OUT/getToken.jsonl"
echo "   node-json-db (the seed tutorial's storage), 90 s at most" >&2
(cd "$ROOT/bench/node" && timeout 150 node jsondb-growth.mjs "$WORK" 1000000 90) | sed 's/^{/{"bench":"jsondb",/' >> "$OUT/jsondb.jsonl" || true

echo "== 3. coalescing" >&2
"$JAVA" "${JFLAGS[@]}" -cp "$BENCH_CP" io.chatpass.bench.Coalescing 1000 50 "$ROUNDS" >> "$OUT/coalescing.jsonl"

if [ -z "${SKIP_JMH:-}" ]; then
  echo "== 5. JMH" >&2
  "$JAVA" "${JFLAGS[@]}" -jar "$BENCH_CP" -wi 2 -w 1 -i 3 -r 1 -f 1 -rf json -rff "$OUT/jmh.json" >/dev/null
fi

"$JAVA" "${JFLAGS[@]}" -cp "$BENCH_CP" io.chatpass.bench.Report "$OUT"
