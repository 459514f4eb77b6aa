#!/usr/bin/env bash
# The Debian package as users get it: built with cpack from this build, its contents, its control fields, the
# desktop file, the AppStream metainfo, the systemd unit, the manual pages and lintian.
#   check-package.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$1
source_dir=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

version=$(sed -n 's/^set(CPACK_PACKAGE_VERSION "\(.*\)")$/\1/p' \
    "$build/CPackConfig.cmake" | head -n 1)
[ -n "$version" ] || fail "no CPACK_PACKAGE_VERSION in $build/CPackConfig.cmake"
(cd "$build" && cpack -G DEB -B "$work/out" >"$work/cpack.log" 2>&1) || { cat "$work/cpack.log"; fail "cpack failed"; }
deb=$(ls "$work"/out/duplex_"$version"_*.deb)
echo "built $(basename "$deb") ($(stat -c %s "$deb") bytes)"

# Contents: every file a user needs, nothing from the build or test tree.
dpkg-deb -c "$deb" | awk '{print $6}' | sed 's|^\./|/|' | grep -v '/$' | sort >"$work/files"
app_id=io.github.duplex.Duplex
expected=(
    /usr/bin/duplex /usr/bin/duplex-server /usr/bin/duplex-client
    /usr/share/man/man1/duplex.1.gz /usr/share/man/man1/duplex-server.1.gz /usr/share/man/man1/duplex-client.1.gz
    /usr/share/bash-completion/completions/duplex-server /usr/share/bash-completion/completions/duplex-client
    /usr/share/applications/$app_id.desktop /usr/share/metainfo/$app_id.metainfo.xml
    /usr/share/icons/hicolor/scalable/apps/$app_id.svg
    /usr/lib/systemd/system/duplex-server.service
    /usr/share/doc/duplex/copyright /usr/share/doc/duplex/changelog.gz
)
for size in 16 24 32 48 64 128 256 512; do
    expected+=("/usr/share/icons/hicolor/${size}x${size}/apps/$app_id.png")
done
printf '%s\n' "${expected[@]}" | sort >"$work/expected"
if ! diff -u "$work/expected" "$work/files"; then
    fail "the package's files differ from the list above (- expected, + packaged)"
fi

# Control: dependencies computed from the binaries (shlibdeps) plus the plugins Qt loads at run time.
dpkg-deb -f "$deb" Depends >"$work/depends"
for dep in libqt6core6 libqt6widgets6 libqt6websockets6 libqt6httpserver6 libhiredis0.14 libqrencode4 \
    qt6-qpa-plugins libqt6sql6-sqlite libqt6svg6; do
    grep -q "\b$dep\b" "$work/depends" || fail "Depends lacks $dep: $(cat "$work/depends")"
done
[ "$(dpkg-deb -f "$deb" Package)" = duplex ] || fail "package name"
echo "Depends: $(cat "$work/depends")"

dpkg-deb -x "$deb" "$work/root"
root=$work/root
# The packaged (stripped) programs start and say their version.
for program in duplex duplex-server duplex-client; do
    out=$(QT_QPA_PLATFORM=offscreen "$root/usr/bin/$program" --version)
    [ "${out##* }" = "$version" ] || fail "$program --version said '$out'"
done
for program in duplex duplex-server duplex-client; do
    file "$root/usr/bin/$program" | grep -q ', stripped' || fail "$program is not stripped"
done

# The same version everywhere: package, Debian changelog, AppStream release.
zcat "$root/usr/share/doc/duplex/changelog.gz" | head -n 1 | grep -q "^duplex ($version)" ||
    fail "changelog's first entry is not $version"
grep -q "<release version=\"$version\"" "$root/usr/share/metainfo/$app_id.metainfo.xml" ||
    fail "AppStream metainfo has no release $version"

desktop-file-validate "$root/usr/share/applications/$app_id.desktop"
grep -q '^Name\[zh_CN\]=' "$root/usr/share/applications/$app_id.desktop" || fail "desktop file without a Chinese name"
appstreamcli validate --no-net "$root/usr/share/metainfo/$app_id.metainfo.xml"
for size in 16 24 32 48 64 128 256 512; do
    file "$root/usr/share/icons/hicolor/${size}x${size}/apps/$app_id.png" | grep -q "PNG image data, $size x $size" ||
        fail "icon ${size}x${size} is not a $size px PNG"
done
for page in duplex duplex-server duplex-client; do
    LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$root/usr/share/man/man1/$page.1.gz" >/dev/null 2>"$work/man.err"
    [ ! -s "$work/man.err" ] || { cat "$work/man.err"; fail "man $page warns"; }
done

# The service: valid, and hardened (systemd-analyze rates 0 safest to 10 most exposed).
unit=$root/usr/lib/systemd/system/duplex-server.service
grep -q '^ExecStart=/usr/bin/duplex-server ' "$unit" || fail "ExecStart does not run /usr/bin/duplex-server"
# verify checks the programs it names exist: point it at the packaged one (not installed here).
sed "s|/usr/bin/duplex-server|$root/usr/bin/duplex-server|" "$unit" >"$work/duplex-server.service"
systemd-analyze verify --man=no "$work/duplex-server.service" 2>&1 | tee "$work/verify.log"
[ ! -s "$work/verify.log" ] || fail "systemd-analyze verify complained"
systemd-analyze security --offline=true "$unit" >"$work/security.log"
tail -n 1 "$work/security.log"
exposure=$(sed -n 's/.*exposure level for .*: \([0-9.]*\).*/\1/p' "$work/security.log")
awk -v e="$exposure" 'BEGIN { exit !(e <= 2.0) }' || fail "exposure $exposure is above 2.0"

# lintian: no error and no warning (the info-level tags left are explained in the README).
lintian_status=0
lintian --fail-on error,warning --info "$deb" >"$work/lintian.raw" 2>&1 || lintian_status=$?
grep -v '^running with root' "$work/lintian.raw" >"$work/lintian.log" || true
cat "$work/lintian.log"
[ "$lintian_status" -eq 0 ] || fail "lintian reports errors or warnings (exit $lintian_status)"
echo "lintian: $(grep -c '^E:' "$work/lintian.log" || true) errors, $(grep -c '^W:' "$work/lintian.log" || true) warnings"
echo "package checks passed"
