#!/usr/bin/env bash
# Soak (issue 10): the packaged server as its own process on SQLite, 64 connections of mixed traffic for 10 minutes
# (fresh login tokens over 20,000 users: Zendesk Chat minting, LiveChat getToken/getFreshToken, /v1/me) while the
# LiveChat stand-in flaps between healthy, 1.5 s slow and 500. Loopback only; bounded by SOAK_SECONDS.
# Prints, each minute: answers by status, p50/p90/p99 per route, heap after a full GC, RSS and store row counts.
# Knobs: SOAK_SECONDS (600), CONNECTIONS (64), USERS (20000), SOAK_JAVA_OPTS (JVM flags for the server, e.g. -Xmx256m).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$ROOT/scripts/lib.sh"
find_jdk
require_maven
SECONDS_TOTAL=${SOAK_SECONDS:-600}
(cd "$ROOT" && mvn -B -q -ntp -DskipTests package) >&2
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Dchatpass.logLevel=WARN -cp "$ROOT/bench/target/benchmarks.jar" \
  io.chatpass.bench.Soak "$ROOT/server/target/chatpass-server.jar" "$SECONDS_TOTAL" "${CONNECTIONS:-64}" "${USERS:-20000}"
