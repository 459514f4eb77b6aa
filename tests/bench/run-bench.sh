#!/usr/bin/env bash
# Measures Duplex on this machine and prints key=value lines (see README, "Performance").
#   tests/bench/run-bench.sh [CLIENTS] [SECONDS]
# Needs a build (scripts/test) and ../shared/tools/wsbench.c (the load generator, loopback only).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
build="${DUPLEX_BUILD:-$root/build}"
clients="${1:-100}"
seconds="${2:-10}"
wsbench_src="${WSBENCH_SRC:-$root/../shared/tools/wsbench.c}"
mkdir -p "$build/bench"
cc -O2 -pthread -o "$build/bench/wsbench" "$wsbench_src"

# Raw mode: wsbench checks that every frame comes back byte for byte.
for flags in "--quiet" ""; do
    echo "# headless duplex-server --mode raw ${flags:-(logging every frame to /dev/null)}, $clients clients, ${seconds}s"
    # shellcheck disable=SC2086
    "$build/bin/duplex-server" --port 18290 --mode raw $flags > /dev/null &
    srv=$!
    sleep 1
    "$build/bench/wsbench" -p 18290 -c "$clients" -s 16 -d "$seconds" -w 1 -S "$srv"
    kill "$srv"; wait "$srv" || true
done

echo "# desktop app --mode raw (log and connections view open), $clients clients, ${seconds}s"
QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}" "$build/bench/bench_gui" --wsbench "$build/bench/wsbench" \
    --clients "$clients" --seconds "$seconds" --mode raw
