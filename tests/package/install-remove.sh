#!/usr/bin/env bash
# Installs the package with apt as a user would, checks the programs start from PATH and the menu entry is there,
# removes it and checks that nothing is left. Needs root, and runs only where no duplex package is installed yet
# (it never replaces one); skipped otherwise (exit 77), which CI, a fresh Debian 12 as root, never is.
#   install-remove.sh BUILD_DIR
set -euo pipefail
build=$1
if [ "$(id -u)" -ne 0 ]; then
    echo "needs root to install a package: skipped"
    exit 77
fi
if dpkg-query -W -f='${Status}' duplex 2>/dev/null | grep -q "ok installed"; then
    echo "a duplex package is installed on this machine already; not touching it: skipped"
    exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"; dpkg-query -W duplex >/dev/null 2>&1 && apt-get remove -y -qq duplex >/dev/null 2>&1 || true' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

(cd "$build" && cpack -G DEB -B "$work/out" >"$work/cpack.log" 2>&1) || { cat "$work/cpack.log"; fail "cpack failed"; }
deb=$(ls "$work"/out/duplex_*.deb)
export DEBIAN_FRONTEND=noninteractive
apt-get install -y -qq --no-install-recommends "$deb" >"$work/apt.log" 2>&1 || { cat "$work/apt.log"; fail "apt-get install"; }
dpkg -L duplex | sort >"$work/installed"
echo "installed $(basename "$deb"): $(grep -c . "$work/installed") paths"

# From PATH, as a user types them (a clean environment: no build folder in PATH).
for program in duplex duplex-server duplex-client; do
    [ "$(env -i PATH=/usr/bin:/bin sh -c "command -v $program")" = "/usr/bin/$program" ] || fail "$program is not on PATH"
done
env -i PATH=/usr/bin:/bin duplex-client --version
env -i PATH=/usr/bin:/bin QT_QPA_PLATFORM=offscreen duplex --version
# The installed server serves the page.
port_file=$work/out.log
env -i PATH=/usr/bin:/bin HOME="$work" duplex-server --port 0 --no-history >"$port_file" 2>&1 &
server=$!
for _ in $(seq 50); do grep -q 'listening on' "$port_file" && break; sleep 0.1; done
url=$(sed -n 's/.*listening on \(http[^ ]*\).*/\1/p' "$port_file")
[ -n "$url" ] || { cat "$port_file"; fail "duplex-server did not start"; }
curl -sf "$url" | grep -q '<html' || fail "the installed server does not serve the page at $url"
kill "$server"; wait "$server" || true
man -w duplex-server >/dev/null || fail "man duplex-server"
[ -f /usr/share/applications/io.github.duplex.Duplex.desktop ] || fail "no menu entry"

apt-get remove -y -qq duplex >"$work/apt.log" 2>&1 || { cat "$work/apt.log"; fail "apt-get remove"; }
left=()
while read -r path; do
    # Directories that other packages own stay (/usr, /usr/share/man, …); files and our own folders must go.
    if [ -f "$path" ] || [ -L "$path" ]; then
        left+=("$path")
    elif [ -d "$path" ] && [ -z "$(dpkg -S "$path" 2>/dev/null)" ] && [ -z "$(ls -A "$path" 2>/dev/null)" ]; then
        left+=("$path")
    fi
done <"$work/installed"
[ "${#left[@]}" -eq 0 ] || fail "left after apt-get remove: ${left[*]}"
dpkg-query -W -f='${Status}' duplex 2>/dev/null | grep -q "ok installed" && fail "still installed"
echo "apt-get remove duplex left nothing behind"
