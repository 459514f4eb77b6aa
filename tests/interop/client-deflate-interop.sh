#!/usr/bin/env bash
# duplex-client --compress against other servers (README "Compression"): echo servers on Python websockets (its
# defaults, and a strict one asking for no context takeover and small windows both ways) and on node's ws.
# 1 MB of JSON and a binary message come back intact, 200 lines on one connection (the client's compression
# context kept between messages), and the log shows both directions compressed.
#   client-deflate-interop.sh BUILD_DIR
set -euo pipefail
build=$1
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
client="$build/bin/duplex-client"
work=$(mktemp -d)
server=
trap '[ -z "$server" ] || kill $server 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

/usr/bin/python3 - "$work" <<'PY'
import json, os, sys
work = sys.argv[1]
big = json.dumps([{"id": i, "name": "小明", "text": "我是服务端 hello " * 3} for i in range(8500)], ensure_ascii=False)
assert 900_000 < len(big.encode()) < 1_048_576
open(os.path.join(work, "big.json"), "w", encoding="utf-8").write(big)
data = bytes(range(256)) * 8 + os.urandom(512)
open(os.path.join(work, "data.bin"), "wb").write(data)
open(os.path.join(work, "data.hex"), "w").write(" ".join(f"{b:02x}" for b in data) + "\n")
open(os.path.join(work, "chat.txt"), "w").write((json.dumps({"type": "chat", "text": "hello " * 330})[:2000]))
with open(os.path.join(work, "lines.txt"), "w", encoding="utf-8") as f:
    for i in range(200):
        f.write(json.dumps({"type": "chat", "seq": i, "text": "你好 hello hello " + str(i)}, ensure_ascii=False) + "\n")
PY

check() { # NAME URL
    local name=$1 url=$2
    "$client" --compress --quiet --send-file "$work/big.json" --text "$url" >"$work/out" \
        || fail "$name: 1 MB JSON: duplex-client exit $?"
    { cat "$work/big.json"; echo; } | cmp -s - "$work/out" || fail "$name: 1 MB of JSON came back different"
    "$client" --compress --quiet --send-file "$work/data.bin" "$url" >"$work/out" || fail "$name: binary"
    cmp -s "$work/data.hex" "$work/out" || fail "$name: the binary message came back different"
    "$client" --compress --quiet "$url" <"$work/lines.txt" >"$work/out" || fail "$name: 200 lines"
    cmp -s "$work/lines.txt" "$work/out" || fail "$name: the 200 lines came back different"
    "$client" --compress --send "$(cat "$work/chat.txt")" "$url" >"$work/log" || fail "$name: log run"
    grep -q '\* compression agreed: permessage-deflate' "$work/log" || { cat "$work/log"; fail "$name: not agreed"; }
    grep -q '^[0-9:.]* > .*\[deflate: [0-9]* of 2000 bytes on the wire\]$' "$work/log" \
        || { cat "$work/log"; fail "$name: the message sent was not compressed"; }
    grep -q '^[0-9:.]* < .*\[deflate: [0-9]* of 2000 bytes on the wire\]$' "$work/log" \
        || { cat "$work/log"; fail "$name: the echo was not compressed"; }
    echo "$name: $(sed -n 's/.*compression agreed: //p' "$work/log"): 1 MB JSON, binary, 200 lines, both directions compressed"
}

start() { # LOG COMMAND...: starts an echo server, sets $server and $url
    local log=$1
    shift
    "$@" >"$log" 2>&1 &
    server=$!
    for _ in $(seq 100); do grep -q '^listening' "$log" && break; sleep 0.05; done
    url="ws://127.0.0.1:$(sed -n 's/^listening //p' "$log")/"
    [ "$url" != "ws://127.0.0.1:/" ] || { cat "$log"; fail "the server did not start: $*"; }
}

stop() { kill "$server"; wait "$server" 2>/dev/null || true; server=; }

echo "== Python websockets $(/usr/bin/python3 -c 'import websockets; print(websockets.__version__)')"
start "$work/py.log" /usr/bin/python3 "$here/echo_server_python.py" default
check "websockets" "$url"
stop
start "$work/py-strict.log" /usr/bin/python3 "$here/echo_server_python.py" strict
check "websockets (strict)" "$url"
grep -q 'agreed: permessage-deflate; server_no_context_takeover; client_no_context_takeover; server_max_window_bits=10; client_max_window_bits=9' \
    "$work/py-strict.log" || { cat "$work/py-strict.log"; fail "the strict server agreed to something else"; }
stop
echo "== node $(node --version), ws $(node -p "require('$here/../e2e/node_modules/ws/package.json').version")"
start "$work/node.log" node "$here/echo_server_node.mjs"
check "ws" "$url"
stop
