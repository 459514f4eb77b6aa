#!/usr/bin/env bash
# Cross-server broadcast deliveries per second: two duplex-server processes on one redis-server, CLIENTS plain
# clients on each, MESSAGES broadcasts sent on each (see README, "Running several servers").
#   tests/bench/bench_cluster.sh [CLIENTS] [MESSAGES]
# Needs a build with the bench_cluster target and redis-server; everything listens on 127.0.0.1 only.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
build="${DUPLEX_BUILD:-$root/build}"
clients="${1:-100}"
messages="${2:-2000}"
redis_port="${REDIS_PORT:-18379}"
port_a="${PORT_A:-18291}"
port_b="${PORT_B:-18292}"

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no > /dev/null &
pids+=($!)
for port in "$port_a" "$port_b"; do
    "$build/bin/duplex-server" --port "$port" --mode broadcast --quiet \
        --redis "redis://127.0.0.1:$redis_port" --node-name "bench-$port" > /dev/null &
    pids+=($!)
done
# Both servers have joined once each sees the other.
for port in "$port_a" "$port_b"; do
    for _ in $(seq 50); do
        curl -fs "http://127.0.0.1:$port/api/stats" 2>/dev/null | grep -q '"nodes":2' && break
        sleep 0.2
    done
done
echo "# 2 x duplex-server --mode broadcast --quiet on redis-server $(redis-server --version | grep -o 'v=[^ ]*')"
"$build/bench/bench_cluster" --a "ws://127.0.0.1:$port_a/" --b "ws://127.0.0.1:$port_b/" \
    --clients "$clients" --messages "$messages"
