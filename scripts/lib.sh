# Shared by ./chatpass and .ci/run: find a JDK >= 21 and make sure Maven is there.
# shellcheck shell=bash

CHATPASS_MIN_JAVA=21

java_major() {  # prints the major version of the java binary $1, or nothing
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | sed 's/^1\.//' | head -n1
}

find_jdk() {  # sets JAVA_HOME to a JDK >= 21 (JAVA_HOME if it fits, else the newest under /usr/lib/jvm)
  local candidate major best="" best_major=0
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    major=$(java_major "$JAVA_HOME/bin/java")
    if [ -n "$major" ] && [ "$major" -ge "$CHATPASS_MIN_JAVA" ]; then
      export JAVA_HOME
      JDK_MAJOR="$major"
      return 0
    fi
    echo "chatpass: JAVA_HOME=$JAVA_HOME is Java ${major:-unknown}; looking for Java $CHATPASS_MIN_JAVA+ under /usr/lib/jvm" >&2
  fi
  for candidate in /usr/lib/jvm/*; do
    [ -x "$candidate/bin/javac" ] || continue
    major=$(java_major "$candidate/bin/java")
    if [ -n "$major" ] && [ "$major" -ge "$CHATPASS_MIN_JAVA" ] && [ "$major" -gt "$best_major" ]; then
      best="$candidate"; best_major="$major"
    fi
  done
  if [ -z "$best" ]; then
    cat >&2 <<MSG
chatpass: no JDK $CHATPASS_MIN_JAVA or newer was found (checked JAVA_HOME and /usr/lib/jvm/*).
  Install one, for example:  apt-get install openjdk-21-jdk-headless   (or Temurin 21/25),
  or point JAVA_HOME at an existing JDK $CHATPASS_MIN_JAVA+.
MSG
    return 1
  fi
  export JAVA_HOME="$best"
  JDK_MAJOR="$best_major"
}

require_maven() {
  if ! command -v mvn >/dev/null 2>&1; then
    cat >&2 <<MSG
chatpass: Maven (mvn) is needed to build Chatpass and was not found.
  Install it:  apt-get install maven
MSG
    return 1
  fi
}
