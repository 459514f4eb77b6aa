#!/usr/bin/env bash
# What a script costs: Duplex raw mode (no script), Duplex with the script echo tests/bench/script-echo.js
# (server.push(frame.fd, frame.data)) and node 20 + ws 8 running the same echo, alternating in one run.
#   tests/bench/script.sh [REPS]        # 3 repetitions, 100 and 1,000 connections (CONNS="100 1000")
# Server pinned to CPU 1 (all its threads: network, script), wsbench to CPU 0, 16-byte text messages, 10 s a run
# after 1 s of warm-up. Prints each run and, per connection count, the median server CPU time per message (µs).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
build="${DUPLEX_BUILD:-$root/build}"
reps="${1:-3}"
conns_list="${CONNS:-100 1000}"
port="${PORT:-18520}"
bench="$build/bench"
mkdir -p "$bench/node"
cc -O2 -pthread -o "$bench/wsbench" "${WSBENCH_SRC:-$root/../shared/tools/wsbench.c}"
cat > "$bench/node/echo.mjs" << 'JS'
import { WebSocketServer } from 'ws';
const wss = new WebSocketServer({ host: '127.0.0.1', port: Number(process.argv[2]) });
wss.on('connection', (ws) => ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary })));
JS
[ -d "$bench/node/node_modules/ws" ] || npm install --prefix "$bench/node" --no-audit --no-fund --silent ws@8 > /dev/null
ulimit -n "$(ulimit -Hn)"

declare -A runs
for rep in $(seq "$reps"); do
    for conns in $conns_list; do
        for label in duplex-raw duplex-script node-ws; do
            port=$((port + 1))
            case "$label" in
            duplex-raw) taskset -c 1 "$build/bin/duplex-server" --port "$port" --mode raw --quiet --no-history > /dev/null 2>&1 & ;;
            duplex-script) taskset -c 1 "$build/bin/duplex-server" --port "$port" --quiet --no-history \
                --script "$root/tests/bench/script-echo.js" > /dev/null 2>&1 & ;;
            node-ws) (cd "$bench/node" && exec taskset -c 1 node echo.mjs "$port") > /dev/null 2>&1 & ;;
            esac
            pid=$!
            wait_port "$port" || true
            line=$(taskset -c 0 "$bench/wsbench" -p "$port" -c "$conns" -s 16 -d 10 -w 1 -S "$pid")
            rate=$(field "$line" msgs_per_s)
            cpu=$(field "$line" srv_cpu_pct)
            per=$(per_message "$line")
            runs[$label-$conns]+="$per "
            echo "$label conns=$conns rep=$rep msgs_per_s=$rate srv_cpu_pct=$cpu p99_us=$(field "$line" p99_us) cpu_us_per_msg=$per"
            kill "$pid"
            wait "$pid" 2> /dev/null || true
            sleep 0.5
        done
    done
done
for conns in $conns_list; do
    raw=$(median "${runs[duplex-raw-$conns]}")
    script=$(median "${runs[duplex-script-$conns]}")
    node=$(median "${runs[node-ws-$conns]}")
    awk -v r="$raw" -v s="$script" -v n="$node" -v c="$conns" 'BEGIN {
        printf "conns=%d median cpu_us_per_msg raw=%.2f script=%.2f node_ws=%.2f script/node=%.2f\n", c, r, s, n, s / n }'
done
