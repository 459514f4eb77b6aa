# Shared by scripts/run and scripts/test: install what is missing, configure and build.
# Sourced, not run.

DUPLEX_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DUPLEX_BUILD="${DUPLEX_BUILD:-$DUPLEX_ROOT/build}"
# ccache hits across checkouts in other folders (a CI clone, a second work tree): paths relative to the root.
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$DUPLEX_ROOT}"

# Debian 12 packages needed to build and run Duplex.
DUPLEX_BUILD_PACKAGES=(
    cmake ninja-build g++ ccache pkg-config clang-format libhiredis-dev libpcre2-dev openssl libssl-dev
    qt6-base-dev qt6-websockets-dev qt6-httpserver-dev qt6-declarative-dev qt6-declarative-private-dev
    qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-translations-l10n
    libqt6sql6-sqlite libgl-dev libxkbcommon-dev
    fonts-droid-fallback help2man libqrencode-dev liburing-dev librsvg2-bin libqt6svg6 zlib1g-dev
)
# What scripts/package needs besides the build: dpkg-shlibdeps (dpkg-dev) to compute the dependencies, and file,
# with which cpack finds the programs to ask it about.
DUPLEX_PACKAGE_PACKAGES=(dpkg-dev file)
# Extra packages for the tests: a real browser, a virtual display, node for playwright-core, clang and its
# sanitizer/libFuzzer runtimes for the fuzz target.
DUPLEX_TEST_PACKAGES=(
    chromium xvfb xauth x11-apps nodejs npm redis-server clang libclang-rt-14-dev prometheus
    man-db bsdextrautils zbar-tools curl python3-websockets
    "${DUPLEX_PACKAGE_PACKAGES[@]}" lintian desktop-file-utils appstream systemd
)

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# missing_packages PKG... prints those not installed.
missing_packages() {
    local pkg
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || printf '%s\n' "$pkg"
    done
}

# ensure_packages PKG...: installs what is missing (as root) or says exactly what to run.
ensure_packages() {
    local missing
    mapfile -t missing < <(missing_packages "$@")
    # node and npm may come from elsewhere than Debian (e.g. nodesource): accept working commands.
    local filtered=() pkg
    for pkg in "${missing[@]}"; do
        case "$pkg" in
            nodejs) command -v node >/dev/null 2>&1 && continue ;;
            npm) command -v npm >/dev/null 2>&1 && continue ;;
        esac
        filtered+=("$pkg")
    done
    [ "${#filtered[@]}" -eq 0 ] && return 0
    if [ "$(id -u)" -ne 0 ]; then
        echo "Duplex needs these Debian packages. Install them with:" >&2
        echo "  sudo apt-get install -y ${filtered[*]}" >&2
        exit 1
    fi
    log "Installing ${filtered[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${filtered[@]}" >/dev/null
}

# configure_and_build [PRESET]: configures once, then builds incrementally with two jobs.
configure_and_build() {
    local preset="${1:-default}"
    if [ ! -f "$DUPLEX_BUILD/build.ninja" ]; then
        log "Configuring ($preset)"
        cmake --preset "$preset" -S "$DUPLEX_ROOT" >/dev/null
    fi
    log "Building"
    cmake --build "$DUPLEX_BUILD" -j2
}
