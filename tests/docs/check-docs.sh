#!/usr/bin/env bash
# The man pages and the bash completion, checked against the programs themselves:
#   tests/docs/check-docs.sh BUILD_DIR
# Every option that --help lists is in the man page, man renders it without a warning, and the completion offers
# the options and subcommands.
set -euo pipefail
build="$1"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export LANG=C LC_ALL=C QT_QPA_PLATFORM=offscreen
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

for program in duplex-server duplex-client duplex; do
    page="$build/man/$program.1"
    [ -x "$build/bin/$program" ] || continue
    [ -f "$page" ] || { fail "$page is missing"; continue; }
    warnings=$(MANWIDTH=100 man --warnings -l "$page" 2>&1 >/dev/null || true)
    [ -z "$warnings" ] || fail "man warns about $program.1: $warnings"
    text=$(MANWIDTH=200 man -l "$page" 2>/dev/null | col -b)
    grep -q "^$(echo "$program" | tr a-z A-Z)(1)" <<<"$text" || fail "$program.1 is not titled $program(1)"
    count=0
    for option in $("$build/bin/$program" --help | grep -oE -- '--[a-z][a-z0-9-]*' | sort -u); do
        grep -qF -- "$option" <<<"$text" || fail "$program.1 does not mention $option"
        count=$((count + 1))
    done
    [ "$count" -ge 3 ] || fail "$program --help listed only $count options"
    echo "ok: $program.1 ($count options)"
done

# shellcheck source=/dev/null
source "$root/packaging/completion/duplex"
complete_words() { # COMMAND WORD...: what the completion offers for the last word
    export PATH="$build/bin:$PATH"
    COMP_WORDS=("$@")
    COMP_CWORD=$(($# - 1))
    COMPREPLY=()
    _duplex_complete "$1" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
    printf '%s\n' "${COMPREPLY[@]}"
}
[ "$(complete_words duplex-server --fau)" = "--fault" ] || fail "duplex-server --fau does not complete to --fault"
[ "$(complete_words duplex-client --prof)" = "--profile" ] || fail "duplex-client --prof does not complete to --profile"
[ "$(complete_words duplex-client rep)" = "replay" ] || fail "duplex-client rep does not complete to replay"
[ "$(complete_words duplex-server --mode br)" = "broadcast" ] || fail "--mode br does not complete to broadcast"
echo "ok: bash completion"

[ "$failures" -eq 0 ] || { echo "$failures failure(s)"; exit 1; }
