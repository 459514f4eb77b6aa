#!/usr/bin/env bash
# A/B of two duplex-server binaries (e.g. before and after a change), raw mode, alternating runs:
#   tests/bench/ab.sh OLD_BINARY NEW_BINARY [CONNS] [REPS]     # CONNS 100, REPS 3 by default
# The server is pinned to CPU 1 and wsbench to CPU 0, 10 s a run after 2 s of warm-up; one line per run with the
# server's CPU time per message (srv_cpu_pct / msgs_per_s * 10^4 µs). Alternating A and B spreads the machine's
# drift over both. Needs a build (DUPLEX_BUILD, default build/) for wsbench's source path only.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
build="${DUPLEX_BUILD:-$root/build}"
a="$1"
b="$2"
conns="${3:-100}"
reps="${4:-3}"
port="${PORT:-18411}"
mkdir -p "$build/bench"
cc -O2 -pthread -o "$build/bench/wsbench" "${WSBENCH_SRC:-$root/../shared/tools/wsbench.c}"
ulimit -n "$(ulimit -Hn)"

field() { tr ' ' '\n' <<< "$1" | grep "^$2=" | cut -d= -f2; }

for rep in $(seq "$reps"); do
    for label in A B; do
        bin="$a"
        [ "$label" = B ] && bin="$b"
        taskset -c 1 "$bin" --port "$port" --mode raw --quiet --no-history > /dev/null 2>&1 &
        pid=$!
        for _ in $(seq 100); do
            (exec 3<> "/dev/tcp/127.0.0.1/$port") 2> /dev/null && break
            sleep 0.1
        done
        line=$(taskset -c 0 "$build/bench/wsbench" -p "$port" -c "$conns" -d 10 -w 2 -S "$pid")
        rate=$(field "$line" msgs_per_s)
        cpu=$(field "$line" srv_cpu_pct)
        echo "$label conns=$conns rep=$rep msgs_per_s=$rate srv_cpu_pct=$cpu p99_us=$(field "$line" p99_us)" \
            "cpu_us_per_msg=$(awk -v c="$cpu" -v m="$rate" 'BEGIN { printf "%.3f", c / m * 10000 }')"
        kill "$pid"
        wait "$pid" 2> /dev/null || true
    done
done
