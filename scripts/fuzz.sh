#!/usr/bin/env bash
# Longer fuzzing runs (issue 10) with Jazzer: each @FuzzTest for DURATION (default 5m) in fuzzing mode. The test suite
# itself runs only the regression inputs kept in src/test/resources/**/*Inputs/. New inputs that reach new code
# are kept in .cifuzz-corpus/ (not committed); a crash is written as a new regression input and fails the run.
#   scripts/fuzz.sh                      all targets
#   scripts/fuzz.sh LoginFuzzTest        one class
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$ROOT/scripts/lib.sh"
find_jdk
require_maven
DURATION=${DURATION:-5m}
# Coverage guidance inside the parsers we call too (nimbus with its shaded Gson, Jackson, SnakeYAML), not only ours.
INCLUDES='io.chatpass.**:com.nimbusds.**:com.fasterxml.**:org.yaml.snakeyaml.**'
# KEEP=1 copies what the run found into the corpus the test suite replays (src/test/resources/**/*Inputs/).
KEEP=${KEEP:-0}
TARGETS=(
  "core:io.chatpass.core.login.LoginFuzzTest#anyTokenTextIsAcceptedOrRefusedCleanly"
  "core:io.chatpass.core.login.LoginFuzzTest#signedHostileHeadersAndClaimsAreRefusedCleanly"
  "core:io.chatpass.core.livechat.AccountsAnswerFuzzTest#anyAnswerIsAGrantOrALiveChatException"
  "server:io.chatpass.server.config.ConfigFuzzTest#anyConfigTextIsLoadedOrRefusedWithAMessage"
)
cd "$ROOT"
mvn -B -q -ntp -DskipTests install >&2
failed=()
for t in "${TARGETS[@]}"; do
  module=${t%%:*}; test=${t#*:}
  if [ -n "${1:-}" ] && [[ "$test" != *"$1"* ]]; then continue; fi
  echo "== fuzzing $test for $DURATION" >&2
  log=$(mktemp)
  if ! JAZZER_FUZZ=1 mvn -B -ntp -pl "$module" surefire:test -Dtest="$test" -Djazzer.max_duration="$DURATION" \
      -Djazzer.instrumentation_includes="$INCLUDES" -DfailIfNoTests=false >"$log" 2>&1; then
    failed+=("$test")
  fi
  grep -E "INITED|DONE|Tests run:|FAIL|rash|== Java Exception" "$log" | grep -v "^\[INFO\] Tests run: .*, Time" || true
  rm -f "$log"
  if [ "$KEEP" = "1" ]; then
    cls=${test%%#*}; method=${test#*#}
    src="$ROOT/$module/.cifuzz-corpus/$cls/$method"
    dst="$ROOT/$module/src/test/resources/$(echo "${cls%.*}" | tr . /)/${cls##*.}Inputs/$method"
    if [ -d "$src" ]; then mkdir -p "$dst"; cp -n "$src"/* "$dst"/ 2>/dev/null || true; echo "kept $(ls "$dst" | wc -l) inputs in $dst" >&2; fi
  fi
done
if [ "${#failed[@]}" -gt 0 ]; then
  echo "fuzz: findings in ${failed[*]} (the crashing input was written under src/test/resources/**/*Inputs/)" >&2
  exit 1
fi
echo "fuzz: no findings" >&2
