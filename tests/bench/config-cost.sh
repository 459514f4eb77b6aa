#!/usr/bin/env bash
# What the shipped configuration costs against raw mode, and what large messages cost against small ones (issue 17;
# README "Performance"). Each run: wsbench (request/response, one message in flight per connection) on CPU 0,
# duplex-server on CPU 1; the yardstick is the server's CPU time per message, all its threads together.
#   tests/bench/config-cost.sh                 # REPS=3 SECS=8 CONNS="100 1000" SIZES="16 65536"
# Configurations (all --quiet: nothing on stdout):
#   raw      --mode raw --no-history            every frame back unchanged, nothing kept
#   raw-sync --mode raw --no-history, DUPLEX_IO_URING=0: one send() per reply instead of a pass's in one io_uring call
#   raw+hist --mode raw                         the same, with the message log and chat history in SQLite
#   default  (echo mode, reply template, history on: what duplex-server runs as shipped)
#   node     node + ws 8 echoing (tests/bench/lib.sh: setup_node_echo), for comparison: CONFIGS="raw default node"
# Not part of scripts/test: it takes minutes and runs vary by ±15 %.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=tests/bench/lib.sh
source "$root/tests/bench/lib.sh"
build="${DUPLEX_BUILD:-$root/build}"
reps="${REPS:-3}"
secs="${SECS:-8}"
conns_list="${CONNS:-100 1000}"
sizes="${SIZES:-16 65536}"
configs="${CONFIGS:-raw raw+hist default}"
port="${PORT:-18490}"
wsbench_src="${WSBENCH_SRC:-$root/../shared/tools/wsbench.c}"
bench="$build/bench"
results="$bench/config-cost.txt"
mkdir -p "$bench"
cc -O2 -pthread -o "$bench/wsbench" "$wsbench_src"
case " $configs " in *" node "*) setup_node_echo "$bench/node" || configs="${configs/node/}" ;; esac
ulimit -n "$(ulimit -Hn)"
work=$(mktemp -d)
srv=""
stop_server() {
    if [ -n "$srv" ]; then
        kill "$srv" 2> /dev/null || true
        wait "$srv" 2> /dev/null || true
        srv=""
    fi
}
trap 'stop_server; rm -rf "$work"' EXIT

start_server() { # CONFIG
    port=$((port + 1))
    local flags=(--quiet --port "$port") uring=1
    case "$1" in
    raw) flags+=(--mode raw --no-history) ;;
    raw-sync) flags+=(--mode raw --no-history) uring=0 ;;
    raw+hist) flags+=(--mode raw --database "$work/history-$port.db") ;;
    default) flags+=(--database "$work/history-$port.db") ;;
    esac
    if [ "$1" = node ]; then
        (cd "$bench/node" && exec taskset -c 1 node echo.mjs "$port") > /dev/null &
    else
        DUPLEX_IO_URING=$uring taskset -c 1 "$build/bin/duplex-server" "${flags[@]}" > /dev/null &
    fi
    srv=$!
    for _ in $(seq 100); do
        if (exec 3<> "/dev/tcp/127.0.0.1/$port") 2> /dev/null; then return 0; fi
        sleep 0.1
    done
    echo "duplex-server ($1) did not listen on $port" >&2
    return 1
}

: > "$results"
echo "# $(date -u +%FT%TZ) $(nproc) cores, $(uname -r); $reps reps x ${secs}s; server on CPU 1, wsbench on CPU 0"
for rep in $(seq "$reps"); do
    for size in $sizes; do
        for conns in $conns_list; do
            for config in $configs; do
                start_server "$config"
                line="$(taskset -c 0 "$bench/wsbench" -p "$port" -c "$conns" -s "$size" -d "$secs" -w 1 -S "$srv" || true)"
                db_kb=$( (du -kc "$work"/history-* 2> /dev/null || true) | awk '/total$/ { s = $1 } END { print s + 0 }')
                echo "config=$config size=$size conns=$conns rep=$rep db_kb=$db_kb $line" | tee -a "$results"
                stop_server
                rm -f "$work"/history-*
                sleep 1
            done
        done
    done
done

echo "# medians; cpu_us = server CPU µs per message; ratio = against raw in the same size and connection count"
awk "$BENCH_AWK"'
{
    config = $1; sub("config=", "", config)
    key = config " " val($0, "size") " " val($0, "conns")
    if (!(key in seen)) { seen[key] = 1; order[++count] = key }
    rate = val($0, "msgs_per_s"); cpu = val($0, "srv_cpu_pct")
    rates[key] = rates[key] " " rate
    if (rate > 0) per[key] = per[key] " " cpu / rate * 10000
    p99[key] = p99[key] " " val($0, "p99_us")
    hwm[key] = hwm[key] " " val($0, "srv_hwm_kb")
    db[key] = db[key] " " val($0, "db_kb")
    # The reply template makes default-mode answers longer than what was sent: wsbench counts those as proto_errors.
    errs[key] += val($0, "errors") + (config != "default" && val($0, "proto_errors") > 0 ? val($0, "proto_errors") : 0)
}
END {
    printf "%-9s %6s %6s %9s %9s %7s %8s %10s %9s %6s\n", "config", "size", "conns", "msgs/s", "cpu_us", "ratio", "p99_ms", "hwm_MB", "db_MB", "errors"
    for (i = 1; i <= count; i++) {
        k = order[i]; split(k, p, " ")
        m[k] = median(per[k])
    }
    for (i = 1; i <= count; i++) {
        k = order[i]; split(k, p, " ")
        r = "raw " p[2] " " p[3]
        ratio = (r in m && m[r] > 0) ? m[k] / m[r] : 0
        printf "%-9s %6s %6s %9.0f %9.2f %7.2f %8.2f %10.1f %9.1f %6d\n", p[1], p[2], p[3], median(rates[k]), m[k], ratio, median(p99[k]) / 1000, median(hwm[k]) / 1024, median(db[k]) / 1024, errs[k]
    }
    print ""
    for (i = 1; i <= count; i++) {
        k = order[i]; split(k, p, " ")
        n = "node " p[2] " " p[3]
        if (p[1] != "node" && (n in m) && m[n] > 0)
            printf "%s, %s bytes, %s connections: %.2fx the CPU per message of node + ws\n", p[1], p[2], p[3], m[k] / m[n]
        s = p[1] " 16 " p[3]
        if (p[2] != 16 && (s in m) && m[s] > 0)
            printf "%s, %s connections: a %s-byte message costs %.1fx a 16-byte one\n", p[1], p[3], p[2], m[k] / m[s]
    }
}' "$results"
