#!/usr/bin/env bash
# What rules cost on the hot path: raw mode with no rules (A) against raw mode with 20 rules that match nothing (B:
# exact, contains, regex and json rules, tests/bench/rules-20-nomatch.json), the same binary, alternating runs.
#   tests/bench/rules.sh [CONNS] [REPS]        # 100 connections, 3 repetitions by default
# Server pinned to CPU 1, wsbench to CPU 0 (16-byte messages), 10 s a run after 2 s of warm-up; prints each run and
# the median CPU time per message of A and B and their ratio (README "Rules": the target is under 1.2).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
build="${DUPLEX_BUILD:-$root/build}"
conns="${1:-100}"
reps="${2:-3}"
port="${PORT:-18412}"
rules="$root/tests/bench/rules-20-nomatch.json"
mkdir -p "$build/bench"
cc -O2 -pthread -o "$build/bench/wsbench" "${WSBENCH_SRC:-$root/../shared/tools/wsbench.c}"
ulimit -n "$(ulimit -Hn)"

declare -A runs=([A]="" [B]="")
for rep in $(seq "$reps"); do
    for label in A B; do
        extra=()
        [ "$label" = B ] && extra=(--rules "$rules")
        taskset -c 1 "$build/bin/duplex-server" --port "$port" --mode raw --quiet --no-history "${extra[@]}" \
            > /dev/null 2>&1 &
        pid=$!
        wait_port "$port" || true
        line=$(taskset -c 0 "$build/bench/wsbench" -p "$port" -c "$conns" -s 16 -d 10 -w 2 -S "$pid")
        rate=$(field "$line" msgs_per_s)
        cpu=$(field "$line" srv_cpu_pct)
        per=$(per_message "$line")
        runs[$label]+="$per "
        echo "$label conns=$conns rep=$rep msgs_per_s=$rate srv_cpu_pct=$cpu p99_us=$(field "$line" p99_us)" \
            "cpu_us_per_msg=$per"
        kill "$pid"
        wait "$pid" 2> /dev/null || true
    done
done
a=$(median "${runs[A]}")
b=$(median "${runs[B]}")
awk -v a="$a" -v b="$b" -v c="$conns" 'BEGIN {
    printf "conns=%d median no_rules_us_per_msg=%.3f rules20_us_per_msg=%.3f ratio=%.3f\n", c, a, b, b / a }'
