#!/usr/bin/env bash
# Other WebSocket implementations against duplex-server with permessage-deflate (README "Compression"): Python
# websockets and node's ws, over ws:// (raw mode: every message comes back as it was).
#   deflate-interop.sh BUILD_DIR
set -euo pipefail
build=$1
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
log=$(mktemp)
"$build/bin/duplex-server" --port 0 --mode raw --quiet --no-history >"$log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 100); do grep -q 'listening on' "$log" && break; sleep 0.05; done
url=$(sed -n 's|.*listening on http://\([^ ]*\).*|ws://\1|p' "$log")
[ -n "$url" ] || { cat "$log"; echo "FAIL: the server did not start" >&2; exit 1; }
echo "== Python websockets $(/usr/bin/python3 -c 'import websockets; print(websockets.__version__)')"
/usr/bin/python3 "$here/deflate_python.py" "$url"
echo "== node $(node --version), ws $(node -p "require('$here/../e2e/node_modules/ws/package.json').version")"
node "$here/deflate_node.mjs" "$url"
