# Shared by the benchmark scripts (sourced): reading wsbench's key=value line, medians, waiting for a port.

# field LINE KEY: the value of KEY=… in wsbench's output line.
field() { tr ' ' '\n' <<< "$1" | grep "^$2=" | cut -d= -f2; }

# median "V1 V2 …": the median of the numbers (one disturbed run on a shared machine does not move it).
median() {
    tr ' ' '\n' <<< "$1" | grep . | sort -g |
        awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# wait_port PORT: until something listens on 127.0.0.1:PORT (10 s at most).
wait_port() {
    for _ in $(seq 100); do
        (exec 3<> "/dev/tcp/127.0.0.1/$1") 2> /dev/null && return 0
        sleep 0.1
    done
    return 1
}

# per_message LINE: the server's CPU time per message in µs (srv_cpu_pct / msgs_per_s * 10^4).
per_message() { awk -v c="$(field "$1" srv_cpu_pct)" -v m="$(field "$1" msgs_per_s)" 'BEGIN { printf "%.3f", c / m * 10000 }'; }

# For summaries in awk: val(line, key), a key=value field of a line (-1 when absent), and median(list) of a
# space-separated list.   awk "$BENCH_AWK"' { … }' FILE
# shellcheck disable=SC2016
BENCH_AWK='
function val(line, key,   m) { if (match(line, " " key "=[^ ]*")) { m = substr(line, RSTART + length(key) + 2, RLENGTH - length(key) - 2); return m + 0 } return -1 }
function median(list,   a, n, i, j, t) {
    n = split(list, a, " ")
    for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
    if (n == 0) return -1
    return (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
'

# setup_node_echo DIR: writes DIR/echo.mjs (node + ws, every message back to its sender, unchanged) and installs ws 8
# there. Fails (returns 1, says so) without node and npm.
setup_node_echo() {
    if ! command -v node > /dev/null || ! command -v npm > /dev/null; then
        echo "# node or npm not found: Duplex only" >&2
        return 1
    fi
    mkdir -p "$1"
    cat > "$1/echo.mjs" << 'EOF'
// node + ws echo server: every message back to its sender, unchanged.
import { WebSocketServer } from 'ws';
const port = Number(process.argv[2]);
const wss = new WebSocketServer({ host: '127.0.0.1', port });
wss.on('connection', (ws) => {
    ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
});
wss.on('listening', () => console.log(`node echo listening on ${port}`));
EOF
    if [ ! -d "$1/node_modules/ws" ]; then
        npm install --prefix "$1" --no-audit --no-fund --silent ws@8 > /dev/null
    fi
}
