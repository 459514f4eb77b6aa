#!/usr/bin/env bash
# Duplex against node 20 + ws 8 on this machine, in the same run (issue 6; see README, "Performance").
#   tests/bench/compare-node.sh            # REPS=3 SECS=10 CONNS="100 1000" FANOUT_CONNS=1000 by default
#   DUPLEX_FLAGS="--quiet --no-history" tests/bench/compare-node.sh   # without the stored message log
#   PIN_THREADS=8: also Duplex with --threads 8 on its one core (empty: skip); the last section compares
#   --threads 1 and --threads $(nproc) unpinned.
# The server is pinned to CPU 1 and the load generator to CPU 0 (taskset); 16-byte messages, one in flight per
# connection. The yardstick is the server's CPU time per message (srv_cpu_pct / msgs_per_s) relative to node's,
# since on two cores the generator, not the server, limits the fastest runs. Prints one line per run, then medians.
# Needs a build (DUPLEX_BUILD, default build/), cc, taskset, and node + npm for the node side (skipped without).
# Not part of scripts/test: it takes several minutes and runs vary by ±20 %.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=tests/bench/lib.sh
source "$root/tests/bench/lib.sh"
build="${DUPLEX_BUILD:-$root/build}"
reps="${REPS:-3}"
secs="${SECS:-10}"
conns_list="${CONNS:-100 1000}"
fanout_conns="${FANOUT_CONNS:-1000}"
pin_threads="${PIN_THREADS-8}"
size=16
port="${PORT:-18390}"
wsbench_src="${WSBENCH_SRC:-$root/../shared/tools/wsbench.c}"
bench="$build/bench"
results="$bench/compare-node.txt"

mkdir -p "$bench"
cc -O2 -pthread -o "$bench/wsbench" "$wsbench_src"
cc -O2 -o "$bench/fanout" "$root/tests/bench/fanout.c"
[ -x "$build/bin/duplex-server" ] || { echo "no $build/bin/duplex-server: build first" >&2; exit 1; }
ulimit -n "$(ulimit -Hn)"

have_node=0
if setup_node_echo "$bench/node"; then
    cat > "$bench/node/broadcast.mjs" << 'EOF'
// node + ws broadcast server, like Duplex's broadcast mode: "name: text" to every client, the sender included.
import { WebSocketServer } from 'ws';
const port = Number(process.argv[2]);
const wss = new WebSocketServer({ host: '127.0.0.1', port });
let nextId = 1;
wss.on('connection', (ws, request) => {
    const id = nextId++;
    const name = new URL(request.url, 'http://x').searchParams.get('name') || `#${id}`;
    ws.on('message', (data) => {
        const out = `${name}: ${data}`;
        for (const client of wss.clients) client.send(out);
    });
});
wss.on('listening', () => console.log(`node broadcast listening on ${port}`));
EOF
    have_node=1
fi

srv=""
stop_server() {
    if [ -n "$srv" ]; then
        kill "$srv" 2> /dev/null || true
        wait "$srv" 2> /dev/null || true
        srv=""
    fi
}
trap stop_server EXIT

# start_server duplex|node raw|echo|broadcast: on CPU 1, in the background; waits (at most 10 s) until it listens.
start_server() {
    port=$((port + 1))
    case "$1" in
    # shellcheck disable=SC2086
    duplex) ${pin_server-taskset -c 1} "$build/bin/duplex-server" --port "$port" --mode "$2" ${DUPLEX_FLAGS:---quiet} ${3:-} > /dev/null & ;;
    node)
        local script=echo.mjs
        [ "$2" = broadcast ] && script=broadcast.mjs
        (cd "$bench/node" && exec taskset -c 1 node "$script" "$port") > /dev/null &
        ;;
    esac
    srv=$!
    for _ in $(seq 100); do
        if (exec 3<> "/dev/tcp/127.0.0.1/$port") 2> /dev/null; then return 0; fi
        sleep 0.1
    done
    echo "server $1 did not listen on $port" >&2
    return 1
}

# run LABEL CONNS TOOL ARGS…: one measured run on CPU 0 against the server just started; prints one line.
run() {
    local label="$1" conns="$2" tool="$3"
    shift 3
    local line
    line="$(${pin_generator-taskset -c 0} "$bench/$tool" -p "$port" -c "$conns" -s "$size" -d "$secs" -w 1 -S "$srv" "$@" || true)"
    echo "server=$label conns=$conns rep=$rep $line" | tee -a "$results"
    stop_server
    sleep 1
}

: > "$results"
echo "# $(date -u +%FT%TZ) $(nproc) cores, $(uname -r); $reps reps x ${secs}s, ${size}-byte messages; duplex-server ${DUPLEX_FLAGS:---quiet}"
echo "# request/response (wsbench, one message in flight per connection), server on CPU 1, generator on CPU 0"
for rep in $(seq "$reps"); do
    for conns in $conns_list; do
        start_server duplex raw && run duplex-raw "$conns" wsbench
        if [ -n "$pin_threads" ]; then
            start_server duplex raw "--threads $pin_threads" && run "duplex-raw-t$pin_threads" "$conns" wsbench
        fi
        if [ "$have_node" = 1 ]; then start_server node echo && run node-ws "$conns" wsbench; fi
    done
done

echo "# modes at 100 connections, binary frames (echo mode returns binary unchanged; text gets its reply sentence)"
for rep in $(seq "$reps"); do
    start_server duplex raw && run duplex-raw-bin 100 wsbench -b
    start_server duplex echo && run duplex-echo-bin 100 wsbench -b
done

echo "# broadcast fan-out: $fanout_conns connections, one sender, deliveries per second (fanout.c)"
for rep in $(seq "$reps"); do
    start_server duplex broadcast && run duplex-broadcast "$fanout_conns" fanout -n 1
    if [ "$have_node" = 1 ]; then start_server node broadcast && run node-broadcast "$fanout_conns" fanout -n 1; fi
done

echo "# broadcast mode at 100 connections, every client sending (each message reaches all 100)"
for rep in $(seq "$reps"); do
    start_server duplex broadcast && run duplex-broadcast-all 100 fanout -n 100
done

cores="$(nproc)"
echo "# unpinned (server and generator wherever the kernel puts them): --threads 1 against --threads $cores"
for rep in $(seq "$reps"); do
    for conns in $conns_list; do
        pin_server="" pin_generator="" start_server duplex raw "--threads 1" \
            && pin_server="" pin_generator="" run duplex-unpinned-t1 "$conns" wsbench
        pin_server="" pin_generator="" start_server duplex raw "--threads $cores" \
            && pin_server="" pin_generator="" run "duplex-unpinned-t$cores" "$conns" wsbench
    done
done

echo "# summary: medians over $reps runs; cpu_us_per_msg = srv_cpu_pct / msgs_per_s * 10^4 (server CPU µs per message)"
awk "$BENCH_AWK"'
{
    label = $1; sub("server=", "", label); conns = val($0, "conns")
    key = label " " conns
    if (!(key in seen)) { seen[key] = 1; order[++count] = key }
    rate = val($0, "msgs_per_s"); if (rate < 0) rate = val($0, "deliveries_per_s")
    cpu = val($0, "srv_cpu_pct")
    rates[key] = rates[key] " " rate
    cpus[key] = cpus[key] " " cpu
    if (rate > 0) per[key] = per[key] " " cpu / rate * 10000
    p99[key] = p99[key] " " val($0, "p99_us")
    errs[key] += val($0, "errors") + (val($0, "proto_errors") > 0 ? val($0, "proto_errors") : 0)
}
END {
    printf "%-22s %6s %12s %9s %15s %9s %6s\n", "server", "conns", "msgs_or_dl/s", "srv_cpu%", "cpu_us_per_msg", "p99_ms", "errors"
    for (i = 1; i <= count; i++) {
        k = order[i]; split(k, parts, " ")
        m_rate[k] = median(rates[k]); m_per[k] = median(per[k]); m_p99[k] = median(p99[k])
        printf "%-22s %6s %12.0f %9.0f %15.3f %9.2f %6d\n", parts[1], parts[2], m_rate[k], median(cpus[k]), m_per[k], m_p99[k] / 1000, errs[k]
    }
    print ""
    n = split("100 1000", cs, " ")
    for (i = 1; i <= n; i++) {
        d = "duplex-raw " cs[i]; o = "node-ws " cs[i]
        if ((d in m_per) && (o in m_per) && m_per[o] > 0)
            printf "CPU per message, Duplex raw / node+ws, %s connections: %.2fx (p99 %.2f ms vs %.2f ms)\n", cs[i], m_per[d] / m_per[o], m_p99[d] / 1000, m_p99[o] / 1000
    }
    for (k in m_per) if (k ~ /^duplex-raw-t[0-9]+ /) { split(k, parts, " "); tl = parts[1] }
    for (i = 1; tl != "" && i <= n; i++) {
        d = tl " " cs[i]; o = "node-ws " cs[i]
        if ((d in m_per) && (o in m_per) && m_per[o] > 0)
            printf "CPU per message, Duplex raw %s / node+ws, %s connections: %.2fx (p99 %.2f ms vs %.2f ms)\n", substr(tl, 12), cs[i], m_per[d] / m_per[o], m_p99[d] / 1000, m_p99[o] / 1000
    }
    if (tl != "" && ((tl " 1000") in m_rate) && ((tl " 100") in m_rate) && m_rate[tl " 100"] > 0)
        printf "Duplex raw %s throughput at 1000 connections: %.0f%% of its own at 100\n", substr(tl, 12), 100 * m_rate[tl " 1000"] / m_rate[tl " 100"]
    for (k in m_rate) if (k ~ /^duplex-unpinned-t[0-9]+ / && k !~ /^duplex-unpinned-t1 /) { split(k, parts, " "); ul = parts[1] }
    for (i = 1; ul != "" && i <= n; i++) {
        a = "duplex-unpinned-t1 " cs[i]; b = ul " " cs[i]
        if ((a in m_rate) && (b in m_rate) && m_rate[a] > 0)
            printf "Unpinned, %s connections: --threads %s %.0f msg/s vs --threads 1 %.0f msg/s (%.2fx; p99 %.2f vs %.2f ms)\n", cs[i], substr(ul, 18), m_rate[b], m_rate[a], m_rate[b] / m_rate[a], m_p99[b] / 1000, m_p99[a] / 1000
    }
    if (("duplex-raw 1000" in m_rate) && ("duplex-raw 100" in m_rate) && m_rate["duplex-raw 100"] > 0)
        printf "Duplex raw throughput at 1000 connections: %.0f%% of its own at 100\n", 100 * m_rate["duplex-raw 1000"] / m_rate["duplex-raw 100"]
    if (("duplex-echo-bin 100" in m_rate) && m_rate["duplex-raw-bin 100"] > 0)
        printf "Duplex echo (binary) at 100 connections: %.0f%% of raw (binary) throughput, CPU per message %.2fx raw\n", 100 * m_rate["duplex-echo-bin 100"] / m_rate["duplex-raw-bin 100"], m_per["duplex-echo-bin 100"] / m_per["duplex-raw-bin 100"]
    for (k in m_rate) if (k ~ /^duplex-broadcast [0-9]/) { split(k, parts, " "); fc = parts[2] }
    if (fc != "") {
        d = "duplex-broadcast " fc; o = "node-broadcast " fc
        if (o in m_rate && m_rate[o] > 0)
            printf "Broadcast fan-out, %s connections, one sender: Duplex %.0f vs node+ws %.0f deliveries/s (%.2fx), CPU per delivery %.2fx node\n", fc, m_rate[d], m_rate[o], m_rate[d] / m_rate[o], m_per[d] / m_per[o]
        else
            printf "Broadcast fan-out, %s connections, one sender: Duplex %.0f deliveries/s\n", fc, m_rate[d]
    }
}' "$results"
