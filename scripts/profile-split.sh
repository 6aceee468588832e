#!/usr/bin/env bash
# Where the CPU of a `scripts/profile.sh cpu` run went, by part of the token route: reads a collapsed-stacks file
# (one line per stack: frames joined by ';', then its sample count) and prints each part's share of the samples.
# A stack counts for the first part below whose pattern it matches, so the order matters: the collector and the JIT
# first (their own threads), then system calls by the stack's last frame (with the itimer event the profile ends at the
# C library's wrapper: writev, read, epoll_wait), then Chatpass's parts from the outside in.
# Usage: scripts/profile-split.sh [FILE]   (default: bench/target/results/profile-cpu.collapsed)
#        US_PER_REQ=48.8 scripts/profile-split.sh FILE   also gives each part's microseconds per request
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
FILE=${1:-$ROOT/bench/target/results/profile-cpu.collapsed}
[ -s "$FILE" ] || { echo "profile-split: no collapsed stacks in $FILE (run scripts/profile.sh cpu first)" >&2; exit 2; }
awk -v us="${US_PER_REQ:-}" '
BEGIN {
  n = 0
  part[++n] = "collector (GC threads)";                 re[n] = "GCTaskThread|PSScavenge|PSParallelCompact|PSPromotionManager|ParallelScavengeHeap|WorkerThread::run|G1"
  part[++n] = "JIT compiler threads";                   re[n] = "CompileBroker|C2Compiler|Compilation::|C1_|JVMCI"
  part[++n] = "system calls: socket I/O (read, writev, epoll)"; re[n] = "LEAF:^(writev|__GI_read|__GI_write|read|write|__libc_(read|write|writev)|epoll_wait|epoll_ctl|__GI_epoll_.*|.*_\\[k\\])$"
  part[++n] = "system calls: thread wake-ups and clocks"; re[n] = "LEAF:(futex|pthread_cond|sched_yield|nanosleep|clock_gettime|\\[vdso\\])"
  part[++n] = "access log";                             re[n] = "io/chatpass/server/web/AccessLog|ch/qos/logback"
  part[++n] = "login verification";                     re[n] = "io/chatpass/core/login/|io/chatpass/server/login/|com/nimbusds/"
  part[++n] = "minting (vendor tokens)";                re[n] = "io/chatpass/server/vendors/|io/chatpass/server/vendor/|io/chatpass/core/signing/"
  part[++n] = "users: sightings, allowances";           re[n] = "io/chatpass/core/users/|io/chatpass/core/identity/|io/chatpass/server/limits/"
  part[++n] = "store (SQLite, PostgreSQL)";             re[n] = "io/chatpass/core/store/|org/sqlite/|sqlite3|org/postgresql/|com/zaxxer/"
  part[++n] = "web layer (fast path, ids, client address, CORS, metrics)"; re[n] = "io/chatpass/server/web/|io/micrometer/"
  part[++n] = "Jetty: HTTP parsing and writing";        re[n] = "org/eclipse/jetty/|io/javalin/"
  part[++n] = "other JVM and JDK";                      re[n] = "."
}
{
  count = $NF; stack = $0; sub(/ [0-9]+$/, "", stack); total += count
  leaf = stack; sub(/.*;/, "", leaf)
  for (i = 1; i <= n; i++) {
    if (substr(re[i], 1, 5) == "LEAF:") { if (leaf ~ substr(re[i], 6)) { got[i] += count; break } }
    else if (stack ~ re[i]) { got[i] += count; break }
  }
}
END {
  printf "%-58s %8s %7s%s\n", "part", "samples", "share", us != "" ? "  us/req" : ""
  for (i = 1; i <= n; i++) {
    share = total ? 100 * got[i] / total : 0
    if (us != "") printf "%-58s %8d %6.1f%% %7.1f\n", part[i], got[i], share, share * us / 100
    else printf "%-58s %8d %6.1f%%\n", part[i], got[i], share
  }
  printf "%-58s %8d\n", "all samples", total
}' "$FILE"
