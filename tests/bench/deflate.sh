#!/usr/bin/env bash
# permessage-deflate's cost and gain: a chat-like JSON echo (about 250 bytes a message) at 100 connections from
# node's ws, against duplex-server --mode raw --quiet --no-history with compression off, then on; server on CPU 1,
# load on CPU 0. Prints msgs/s, the server's CPU per message and the bytes on the wire per message.
#   tests/bench/deflate.sh [BUILD_DIR] [CONNECTIONS] [SECONDS] [RUNS]
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/lib.sh"
build=${1:-$here/../../build}
connections=${2:-100}
seconds=${3:-10}
runs=${4:-3}
port=18391
for mode in off on; do
    extra=()
    [ "$mode" = off ] && extra=(--no-compression)
    for run in $(seq "$runs"); do
        taskset -c 1 "$build/bin/duplex-server" --port $port --mode raw --quiet --no-history "${extra[@]}" >/dev/null &
        server=$!
        wait_port $port
        before=$(awk '{print $14 + $15}' "/proc/$server/stat")
        line=$(taskset -c 0 node "$here/deflate-load.mjs" "ws://127.0.0.1:$port/" "$connections" "$seconds" "$mode")
        after=$(awk '{print $14 + $15}' "/proc/$server/stat")
        kill "$server"
        wait "$server" 2>/dev/null || true
        msgs=$(field "$line" msgs_per_s)
        # clock ticks (1/100 s) of server CPU over the run / messages handled
        cpu=$(awk -v t=$((after - before)) -v m="$msgs" -v s="$seconds" 'BEGIN { printf "%.2f", t * 10000 / (m * s) }')
        echo "compression=$mode run=$run $line srv_us_per_msg=$cpu"
    done
done
