# Shared by the load benchmarks (bench.sh, bench-fresh.sh): JDK and Maven, a work folder and the processes to stop,
# the build, and small helpers. Sourced after ROOT is set; every server started goes into PIDS.
# shellcheck shell=bash
. "$ROOT/scripts/lib.sh"
# The server's own settings come from CHATPASS_* variables (a stray one fails its start); JVM flags for the servers a
# benchmark starts go in SERVER_JAVA_OPTS.
if [ -n "${CHATPASS_OPTS:-}" ]; then echo "bench: CHATPASS_OPTS would be read as a Chatpass setting; put JVM flags in SERVER_JAVA_OPTS" >&2; exit 2; fi
# The load benchmarks' knobs and their defaults (a script may set its own before sourcing this file).
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-64}
# wrk threads (bench-fresh.sh, bench-tail.sh): 2, one per core, drives the servers hardest; issue 22 measured with 1
WRK_THREADS=${WRK_THREADS:-2}
USERS=${USERS:-50000}
TOKENS=${TOKENS:-400000}
find_jdk
require_maven
OUT="$ROOT/bench/target/results"
WORK=$(mktemp -d)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT
command -v wrk >/dev/null || { echo "bench: wrk is needed (apt-get install wrk)" >&2; exit 1; }
command -v node >/dev/null || { echo "bench: node is needed" >&2; exit 1; }
mkdir -p "$OUT"
if [ -z "${BENCH_BUILT:-}" ]; then  # bench.sh builds once and tells the scripts it calls
  echo "== build" >&2
  (cd "$ROOT" && mvn -B -q -ntp -DskipTests package) >&2
  (cd "$ROOT/bench/node" && [ -d node_modules ] || npm ci --no-audit --no-fund >&2)
fi
JAVA="$JAVA_HOME/bin/java"
JFLAGS=(--enable-native-access=ALL-UNNAMED)
[ "$JDK_MAJOR" -ge 24 ] && JFLAGS+=(--sun-misc-unsafe-memory-access=allow)
BENCH_CP="$ROOT/bench/target/benchmarks.jar"
free_port() { "$JAVA" "${JFLAGS[@]}" -cp "$BENCH_CP" io.chatpass.bench.FreePort; }
# wait_http URL [tries of 0.2 s, default 150]
wait_http() { for _ in $(seq 1 "${2:-150}"); do curl -s -o /dev/null "$1" && return 0; sleep 0.2; done; echo "bench: $1 never answered" >&2; tail -n 20 "$WORK"/*.log >&2; exit 1; }
random_secret() { head -c 32 /dev/urandom | base64 | tr -d '=+/' | head -c 43; }
LOGIN_SECRET=$(random_secret)
ZENDESK_SECRET=$(random_secret)
export LOGIN_SECRET ZENDESK_SECRET
TICKS=$(getconf CLK_TCK)
# user + system CPU ticks of process $1 and of its children (Node's cluster workers): a peer's whole CPU
cpu_ticks() {
  local total=0 p
  for p in "$1" $(ps -o pid= --ppid "$1" 2>/dev/null); do
    [ -r "/proc/$p/stat" ] && total=$((total + $(awk '{print $14 + $15}' "/proc/$p/stat")))
  done
  echo "$total"
}
# go_peer OUT: builds the Go peer (Debian's golang-go and golang-github-golang-jwt-jwt-dev, GOPATH mode) into OUT.
go_peer() {
  command -v go >/dev/null || { echo "bench: the Go peer needs Debian's golang-go and golang-github-golang-jwt-jwt-dev (apt-get install golang-go golang-github-golang-jwt-jwt-dev)" >&2; exit 1; }
  [ -d /usr/share/gocode/src/github.com/golang-jwt/jwt ] || { echo "bench: the Go peer needs golang-github-golang-jwt-jwt-dev (apt-get install golang-github-golang-jwt-jwt-dev)" >&2; exit 1; }
  (cd "$ROOT/bench/go" && GO111MODULE=off GOPATH="$ROOT/bench/go:/usr/share/gocode" GOCACHE="$WORK/gocache" GOFLAGS=-trimpath \
    go build -o "$1" chatpassbench/zendesk)
}
# bench_config FILE PORT DB: the benchmarks' Chatpass configuration (an Xsolla-preset verifier, Zendesk Chat; DB is a
# SQLite file or a jdbc:postgresql: URL), with a new keyset beside it; more YAML on stdin is appended.
bench_config() {
  local store="sqlitePath: $3"
  case "$3" in jdbc:*) store="jdbcUrl: \"$3\", username: postgres" ;; esac
  cat > "$1" <<YML
server: {port: $2}
store: {$store, encryptionKeyset: "\${file:keyset.json}"}
login:
  verifiers: [{name: xsolla, preset: xsolla, secret: "\${LOGIN_SECRET}", projectId: bench, emailsVerified: true}]
zendesk:
  chat: {secret: "\${ZENDESK_SECRET}"}
YML
  [ -t 0 ] || cat >> "$1"
  new_keyset "$(dirname "$1")/keyset.json"
}
new_keyset() { "$JAVA" "${JFLAGS[@]}" -cp "$ROOT/server/target/chatpass-server.jar" io.chatpass.server.Main keys generate | sed -n '3p' > "$1"; }
# wrk_timed OUT WRK_ARGS...: runs wrk with its output in OUT and the CPU ticks wrk itself used in OUT.cpu (read by the
# shell that ran it from its children's counters once wrk has ended): the load generator's share of the cores.
# WRK_CPUS (a taskset list) pins wrk.
wrk_timed() { ${WRK_CPUS:+taskset -c "$WRK_CPUS"} sh -c 'out=$0; wrk "$@" > "$out"; awk "{ print \$16 + \$17 }" /proc/$$/stat > "$out.cpu"' "$@"; }
# wrk_json BENCH NAME ROUND CPU_TICKS [WRK_TICKS]: wrk --latency output on stdin -> one JSON line (req/s, p50, p99,
# requests, server CPU per request from the ticks the server used during the run, wrk's own CPU per request when
# WRK_TICKS is given, non-2xx, tokens reused).
wrk_json() {
  awk -v bench="$1" -v name="$2" -v round="$3" -v ticks="$4" -v wticks="${5:-0}" -v hz="$TICKS" '
    function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
    /^ +50%/ { p50 = ms($2) } /^ +99%/ { p99 = ms($2) } /^Requests\/sec/ { rps = $2 }
    / requests in / { n = $1 } /Non-2xx/ { bad = $NF } /tokens_reused_passes/ { reused = $2 }
    END { cpu = n > 0 ? ticks / hz * 1e6 / n : 0; wcpu = n > 0 ? wticks / hz * 1e6 / n : 0
          printf "{\"bench\":\"%s\",\"target\":\"%s\",\"round\":%d,\"rps\":%s,\"p50ms\":%s,\"p99ms\":%s,\"requests\":%d,\"cpuUsPerReq\":%.1f,\"wrkCpuUsPerReq\":%.1f,\"non2xx\":%d,\"tokensReused\":%d}\n",
                 bench, name, round, rps, p50, p99, n, cpu, wcpu, bad + 0, reused + 0 }'
}
# rss_now_and_peak PID: the process's resident memory now and its peak over its life (the kernel's high-water mark,
# warm-up included), in KiB, as two words.
rss_now_and_peak() { awk '/^VmRSS/ {r = $2} /^VmHWM/ {h = $2} END {print r, h}' "/proc/$1/status"; }
# memory_breakdown PID: where a JVM's resident memory is (run after the figures a benchmark reports were taken): the
# live heap after a full collection, the native memory tracking summary when the JVM runs with
# -XX:NativeMemoryTracking=summary, and the largest mappings by RSS (the Java heap is the largest anonymous one).
memory_breakdown() {
  "$JAVA_HOME/bin/jcmd" "$1" GC.run > /dev/null
  local heap code ranges
  heap=$("$JAVA_HOME/bin/jcmd" "$1" GC.heap_info); code=$("$JAVA_HOME/bin/jcmd" "$1" Compiler.codecache)
  echo "$heap" | awk '/ParOldGen|PSYoungGen|DefNew|Tenured|garbage-first heap/ {for (i = 1; i <= NF; i++) if ($i == "used") u += $(i + 1)} END {printf "   live heap after a full GC: %d KiB\n", u}'
  # (only when the JVM runs with native memory tracking; without it jcmd prints an error and nothing matches)
  { "$JAVA_HOME/bin/jcmd" "$1" VM.native_memory summary | grep -E "^-|Total" | sed 's/^/   /' | head -30; } || true
  # the JIT's code heaps (profiled, non-profiled, non-method): which one the compiled code fills
  echo "$code" | grep -E "^CodeHeap|used=|total_blobs" | sed 's/^/   /'
  # the largest classes in the live heap
  "$JAVA_HOME/bin/jcmd" "$1" GC.class_histogram | sed -n '3,14p' | sed 's/^/   /'
  # Resident memory by mapping: the Java heap, the JIT's code heaps and the class space are named by their address
  # ranges (jcmd), files by their paths, other anonymous mappings by size (metaspace, thread stacks, malloc arenas).
  ranges=$(printf '%s\n%s\n' "$heap" "$code"; "$JAVA_HOME/bin/jcmd" "$1" VM.metaspace 2>/dev/null)
  RANGES="$ranges" node -e '
    const big = s => BigInt("0x" + s.replace(/^0x/, ""));
    const named = [];
    for (const m of process.env.RANGES.matchAll(/^(PSYoungGen|ParOldGen|DefNew|Tenured|garbage-first heap)\s.*\[(0x[0-9a-f]+), (0x[0-9a-f]+)(?:, (0x[0-9a-f]+))?\)/gm))
      named.push(["[Java heap]", big(m[2]), big(m[4] || m[3])]);
    for (const m of process.env.RANGES.matchAll(/bounds \[(0x[0-9a-f]+), 0x[0-9a-f]+, (0x[0-9a-f]+)\]/g)) named.push(["[JIT code heaps]", big(m[1]), big(m[2])]);
    for (const m of process.env.RANGES.matchAll(/Klass Range:\s+\[(0x[0-9a-f]+) - (0x[0-9a-f]+)\)/g)) named.push(["[class space]", big(m[1]), big(m[2])]);
    const span = {};  // each name over the whole range of its parts (adjacent parts can share one mapping)
    for (const [n, a, b] of named) span[n] = span[n] ? [span[n][0] < a ? span[n][0] : a, span[n][1] > b ? span[n][1] : b] : [a, b];
    const rss = {};
    let name = "";
    for (const line of require("fs").readFileSync(process.argv[1], "utf8").split("\n")) {
      const head = line.match(/^([0-9a-f]+)-([0-9a-f]+) \S+ \S+ \S+ \S+\s*(.*)$/);
      if (head) {
        const lo = big(head[1]), hi = big(head[2]), file = head[3];
        const hit = Object.entries(span).find(([, [a, b]]) => lo >= a && hi <= b);
        const kib = Number((hi - lo) / 1024n);
        name = file || (hit ? hit[0] : null) || (kib >= 65536 ? "[anon >= 64 MiB]" : kib >= 1024 ? "[anon 1-64 MiB]" : "[anon < 1 MiB]");
      } else if (line.startsWith("Rss:")) rss[name] = (rss[name] || 0) + parseInt(line.split(/\s+/)[1]);
    }
    for (const [n, k] of Object.entries(rss).sort((a, b) => b[1] - a[1]).slice(0, 14)) console.log("   rss " + String(k).padStart(8) + " KiB  " + n);
  ' "/proc/$1/smaps"
}
# ap_lib: the path of async-profiler's agent library (tools.profiler:async-profiler from Maven Central, checked against
# the SHA-1 published beside it), fetched once into bench/target.
AP_VERSION=4.2
ap_lib() {
  local dir="$ROOT/bench/target/async-profiler-$AP_VERSION" url
  if [ ! -f "$dir/linux-x64/libasyncProfiler.so" ]; then
    url="https://repo1.maven.org/maven2/tools/profiler/async-profiler/$AP_VERSION/async-profiler-$AP_VERSION.jar"
    mkdir -p "$dir"
    curl -fsS -o "$dir/ap.jar" "$url"
    echo "$(curl -fsS "$url.sha1")  $dir/ap.jar" | sha1sum -c --quiet >&2
    (cd "$dir" && unzip -qo ap.jar 'linux-x64/*')
  fi
  echo "$dir/linux-x64/libasyncProfiler.so"
}
# ap_start PID EVENT / ap_stop PID FILE: attach async-profiler to a running JVM (jcmd reads key=value arguments, so
# the agent's option string goes in quotes) and write collapsed stacks.
ap_start() { "$JAVA_HOME/bin/jcmd" "$1" JVMTI.agent_load "$(ap_lib)" "\"start,$2\"" >/dev/null; }
ap_stop() { "$JAVA_HOME/bin/jcmd" "$1" JVMTI.agent_load "$(ap_lib)" "\"stop,file=$2,collapsed\"" >/dev/null; }
