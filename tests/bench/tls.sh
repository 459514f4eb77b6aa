#!/usr/bin/env bash
# wss:// against node's https + ws on this machine, in the same run (issue 14; README "TLS"): the memory an idle
# connection holds (over IDLE connections) and the server's CPU time per echoed message (CONNS clients, SIZE bytes,
# one message in flight each). Servers: Duplex's native engine (wss:// and, for reference, ws://), Duplex's Qt engine
# (QWebSocket over QSslSocket) and node 20 + ws 8 on https. Server on CPU 1, load (node's ws client) on CPU 0.
#   tests/bench/tls.sh [BUILD_DIR]     # IDLE=2000 CONNS=100 SECS=8 RUNS=3 SIZE=16
# Not part of scripts/test: it takes a few minutes and runs vary.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/lib.sh"
build=${1:-$here/../../build}
idle=${IDLE:-2000}
conns=${CONNS:-100}
secs=${SECS:-8}
runs=${RUNS:-3}
size=${SIZE:-16}
port=18392
ulimit -n "$(ulimit -Hn)"
work=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT
server=""
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/key.pem" -out "$work/cert.pem" -days 2 -subj /CN=localhost \
    2>/dev/null
cat > "$work/node-echo.mjs" << 'JS'
// node + ws echo server on https (or http without a certificate): every message back to its sender.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import https from 'node:https';
import http from 'node:http';
const { WebSocketServer } = createRequire(process.argv[4] + '/package.json')('ws');
const [port, dir] = [+process.argv[2], process.argv[3]];
const server = dir === '-' ? http.createServer()
  : https.createServer({ cert: readFileSync(dir + '/cert.pem'), key: readFileSync(dir + '/key.pem') });
const wss = new WebSocketServer({ server });
wss.on('connection', (ws) => ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary })));
server.listen(port, '127.0.0.1');
JS

start() { # start NAME: the server in the background on CPU 1; sets server and url
    case $1 in
    native-wss) taskset -c 1 "$build/bin/duplex-server" --port $port --mode raw --quiet --no-history \
        --cert "$work/cert.pem" --key "$work/key.pem" >/dev/null & url=wss ;;
    native-ws) taskset -c 1 "$build/bin/duplex-server" --port $port --mode raw --quiet --no-history >/dev/null &
        url=ws ;;
    qt-wss) taskset -c 1 "$build/bin/duplex-server" --port $port --mode raw --quiet --no-history --engine qt \
        --cert "$work/cert.pem" --key "$work/key.pem" >/dev/null & url=wss ;;
    node-https) taskset -c 1 node "$work/node-echo.mjs" $port "$work" "$here/../e2e" & url=wss ;;
    esac
    server=$!
    url="$url://127.0.0.1:$port/"
    wait_port $port
}
stop() { kill "$server"; wait "$server" 2>/dev/null || true; server=""; }

echo "# idle: $idle connections, RSS growth per connection"
for name in native-wss native-ws qt-wss node-https; do
    start $name
    echo "$name $(taskset -c 0 node "$here/tls-load.mjs" idle "$url" "$idle" 3 "$server")"
    stop
done
echo "# echo: $conns connections, $size-byte messages, $secs s, $runs runs each, alternating"
for run in $(seq "$runs"); do
    for name in native-wss node-https qt-wss native-ws; do
        start $name
        echo "$name run=$run $(taskset -c 0 node "$here/tls-load.mjs" echo "$url" "$conns" "$secs" "$server" "$size")"
        stop
    done
done
