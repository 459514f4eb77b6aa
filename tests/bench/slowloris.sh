#!/usr/bin/env bash
# Normal clients' throughput with and without a slowloris attack of 500 sockets (issue 4, README "Performance").
#   tests/bench/slowloris.sh [SOCKETS] [SECONDS]
# The server runs with a 5 s handshake timeout so that the attack turns over several times within the run.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
build="${DUPLEX_BUILD:-$root/build}"
sockets="${1:-500}"
secs="${2:-10}"
port="${PORT:-18480}"
mkdir -p "$build/bench"
cc -O2 -pthread -o "$build/bench/wsbench" "${WSBENCH_SRC:-$root/../shared/tools/wsbench.c}"
ulimit -n "$(ulimit -Hn)"
"$build/bin/duplex-server" --port "$port" --mode raw --quiet --no-history --handshake-timeout 5 > /dev/null &
srv=$!
trap 'kill $srv 2>/dev/null || true' EXIT
sleep 1
echo "# without the attack: 100 clients, ${secs}s"
"$build/bench/wsbench" -p "$port" -c 100 -s 16 -d "$secs" -w 1 -S "$srv"
echo "# during the attack: $sockets slowloris sockets, 100 clients, ${secs}s"
/usr/bin/python3 "$root/tests/bench/slowloris.py" --port "$port" --sockets "$sockets" --seconds $((secs + 8)) &
attack=$!
sleep 3
"$build/bench/wsbench" -p "$port" -c 100 -s 16 -d "$secs" -w 1 -S "$srv"
wait "$attack"
