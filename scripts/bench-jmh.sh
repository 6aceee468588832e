#!/usr/bin/env bash
# JMH micro-benchmarks (login verification, token minting). Usage: scripts/bench-jmh.sh [JMH args, e.g. a regex]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$ROOT/scripts/lib.sh"
find_jdk
require_maven
(cd "$ROOT" && mvn -B -q -ntp -DskipTests package -pl bench -am) >&2
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -jar "$ROOT/bench/target/benchmarks.jar" -rf text -rff "$ROOT/bench/target/jmh-result.txt" "$@"
