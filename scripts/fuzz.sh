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
TARGETS=(
  "core:io.chatpass.core.login.LoginFuzzTest#anyTokenTextIsAcceptedOrRefusedCleanly"
  "core:io.chatpass.core.login.LoginFuzzTest#signedHostileHeadersAndClaimsAreRefusedCleanly"
  "core:io.chatpass.core.livechat.AccountsAnswerFuzzTest#anyAnswerIsAGrantOrALiveChatException"
  "server:io.chatpass.server.config.ConfigFuzzTest#anyConfigTextIsLoadedOrRefusedWithAMessage"
)
cd "$ROOT"
mvn -B -q -ntp -DskipTests install >&2
for t in "${TARGETS[@]}"; do
  module=${t%%:*}; test=${t#*:}
  if [ -n "${1:-}" ] && [[ "$test" != *"$1"* ]]; then continue; fi
  echo "== fuzzing $test for $DURATION" >&2
  JAZZER_FUZZ=1 JAZZER_MAX_DURATION="$DURATION" mvn -B -ntp -pl "$module" surefire:test -Dtest="$test" \
    -Djazzer.max_duration="$DURATION" -DfailIfNoTests=false | grep -E "stat::|#[0-9]+|DONE|Tests run|FAIL|crash|Found" || true
done
