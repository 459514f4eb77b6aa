#!/usr/bin/env bash
# The conformance suite in every configuration (README "Conformance"): the native engine over ws:// and wss:// (TLS 1.3
# on Duplex's own record layer, TLS 1.2 on OpenSSL's), each with and without permessage-deflate, and the Qt engine
# over ws:// and wss:// against its list of known failures. Writes OUT_DIR/<config>.json and OUT_DIR/report.md.
#   tests/conformance/run.sh BUILD_DIR [OUT_DIR]
set -uo pipefail
build=$1
out=${2:-$build/conformance}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
mkdir -p "$out"
suite=(/usr/bin/python3 "$here/conformance.py" --server "$build/bin/duplex-server")
status=0
run() { # NAME ARGS…
    local name=$1
    shift
    echo "== $name"
    if ! "${suite[@]}" "$@" --json "$out/$name.json" > "$out/$name.txt" 2>&1; then
        status=1
        grep -E "FAIL|XPASS" "$out/$name.txt" | head -40
    fi
    tail -n 1 "$out/$name.txt"
}
run native-ws
# The same without io_uring (server/net/iobatch.h): one read() and send() per message, as on kernels without it.
DUPLEX_IO_URING=0 run native-ws-sync
run native-wss --tls
run native-wss-tls1.2 --tls --tls-version 1.2
run native-ws-deflate --compression
run native-wss-deflate --tls --compression
run qt-ws --engine qt --expected-failures "$here/qt-expected-failures.json"
# Over TLS, QWebSocket's answers depend on timing (README "Conformance"): a case it fails outside its list gets two
# more tries, and a pass on a retry says so in the report.
run qt-wss --engine qt --tls --expected-failures "$here/qt-tls-expected-failures.json" --retries 2
/usr/bin/python3 "$here/report.py" "$out"/native-ws.json "$out"/native-ws-sync.json "$out"/native-wss.json "$out"/native-wss-tls1.2.json \
    "$out"/native-ws-deflate.json "$out"/native-wss-deflate.json "$out"/qt-ws.json "$out"/qt-wss.json \
    -o "$out/report.md" || status=1
echo "report: $out/report.md"
exit $status
