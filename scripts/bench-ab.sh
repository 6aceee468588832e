#!/usr/bin/env bash
# A/B: an older Chatpass built in /tmp/base (a git worktree) against this one, side by side in one run: fresh login
# tokens over 50,000 users on /v1/zendesk/chat/jwt, 3 interleaved rounds of 8 s, server CPU per request. Loopback only.
# Needs wrk and node; build both jars first (docs/benchmarks.md, "Session 6").
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=lib.sh
. "$ROOT/scripts/lib.sh"
find_jdk
J=$JAVA_HOME/bin/java
W=$(mktemp -d); cd $W
export LOGIN_SECRET=$(head -c 32 /dev/urandom | base64 | tr -d '=+/' | head -c 43)
export ZENDESK_SECRET=$(head -c 32 /dev/urandom | base64 | tr -d '=+/' | head -c 43)
FLAGS=(--enable-native-access=ALL-UNNAMED -Xmx72m -XX:+UseSerialGC -Xmn24m -XX:SurvivorRatio=4)
[ "$JDK_MAJOR" -ge 22 ] && FLAGS+=(-XX:TrimNativeHeapInterval=2000)
[ "$JDK_MAJOR" -ge 24 ] && FLAGS+=(--sun-misc-unsafe-memory-access=allow)
export MALLOC_ARENA_MAX=2
conf() { # file port db extra
cat > $1 <<YML
server: {port: $2}
store: {sqlitePath: $3, encryptionKeyset: "\${file:keyset.json}"}
login:
  verifiers: [{name: xsolla, preset: xsolla, secret: "\${LOGIN_SECRET}", projectId: bench$4}]
zendesk:
  chat: {secret: "\${ZENDESK_SECRET}"}
YML
}
$J -jar $ROOT/server/target/chatpass-server.jar keys generate | sed -n 3p > keyset.json
conf base.yml 18101 $W/base.db "${BASE_VERIFIER_EXTRA:-}"
conf now.yml 18102 $W/now.db ", emailsVerified: true"
# BASE_JAR (default: the worktree's build) and BASE_OPTS / NOW_OPTS (extra JVM flags) compare builds or settings.
$J "${FLAGS[@]}" ${BASE_OPTS:-} -jar "${BASE_JAR:-/tmp/base/server/target/chatpass-server.jar}" serve --config base.yml > base.log 2>&1 & BP=$!
$J "${FLAGS[@]}" ${NOW_OPTS:-} -jar $ROOT/server/target/chatpass-server.jar serve --config now.yml > now.log 2>&1 & NP=$!
trap "kill $BP $NP 2>/dev/null" EXIT
for p in 18101 18102; do for i in $(seq 1 100); do curl -s -o /dev/null http://127.0.0.1:$p/health/ready && break; sleep 0.3; done; done
cd $ROOT/bench/node
node make-tokens.mjs $W/warm.txt 0 warm 50000; node make-tokens.mjs $W/jit.txt 400000 steady 50000
for r in 1 2 3; do node make-tokens.mjs $W/s$r-a.txt 400000 steady 50000; node make-tokens.mjs $W/s$r-b.txt 400000 steady 50000; done
cd $W
L=$ROOT/bench/wrk/tokens.lua
for p in 18101 18102; do
  code=$(curl -s -o /dev/null -w '%{http_code}' -b "token=$(head -n1 jit.txt)" http://127.0.0.1:$p/v1/zendesk/chat/jwt); echo "port $p answers $code"
  wrk -t2 -c64 -d15s -s $L http://127.0.0.1:$p/v1/zendesk/chat/jwt -- warm.txt 2 > /dev/null
  wrk -t2 -c64 -d10s -s $L http://127.0.0.1:$p/v1/zendesk/chat/jwt -- jit.txt 2 > /dev/null
done
ticks() { awk '{print $14 + $15}' /proc/$1/stat; }
run() { # name pid port file
  local b=$(ticks $2); local out=$(wrk -t2 -c64 -d8s --latency -s $L http://127.0.0.1:$3/v1/zendesk/chat/jwt -- $4 2); local a=$(ticks $2)
  local rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}'); local reqs=$(echo "$out" | awk '/requests in/ {print $1}')
  local p99=$(echo "$out" | awk '$1=="99%" {print $2}'); local non=$(echo "$out" | awk '/Non-2xx/ {print $NF}')
  echo "$name round=$r rps=$rps p99=$p99 cpu_us_per_req=$(awk -v t=$((a-b)) -v n=$reqs 'BEGIN{printf "%.1f", t*10000/n}') non2xx=${non:-0}"
}
for r in 1 2 3; do
  name=start; run start $BP 18101 s$r-a.txt
  name=now; run now $NP 18102 s$r-b.txt
done
