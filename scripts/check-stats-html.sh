#!/usr/bin/env bash
# Checks the `deckard stats --html` page in a real browser: renders the report of a pinned log
# (tests/fixtures/stats) in headless Chromium at 390 px and 1280 px wide, keeps screenshots in
# target/stats-artifacts/, and fails on any console or Content-Security-Policy message or on
# horizontal overflow. Installs Debian's chromium when /usr/bin/chromium is missing.
#
#   scripts/check-stats-html.sh [PAGE.html]   (default: the report of the pinned log)
#
# Overflow is measured on a copy of the page with one inline script that writes the widths into
# the DOM, read back with --dump-dom; only that copy allows a script (its CSP adds script-src
# 'unsafe-inline'); the learner's page never does.
set -euo pipefail
cd "$(dirname "$0")/.."

out=target/stats-artifacts
fixtures=tests/fixtures/stats
now=2026-03-01T12:00:00Z
mkdir -p "$out"
rm -f "$out"/*.png "$out"/*.log "$out"/*.dom

fail=0
failed() {
    echo "check-stats-html: FAIL: $*" >&2
    fail=1
}

if [ ! -x /usr/bin/chromium ]; then
    echo "check-stats-html: installing Debian's chromium" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq chromium >/dev/null
fi

page="$out/stats.html"
if [ $# -gt 0 ]; then
    # A page given on the command line is checked instead (to try the check itself).
    cp "$1" "$page"
else
    cargo build --release --quiet --bin deckard
    : >"$out/default-settings.toml" # an empty settings file: the defaults
    env -u NO_COLOR TZ=UTC target/release/deckard \
        --decks "$fixtures/geo.toml:$fixtures/history.toml" \
        --progress "$fixtures/progress.jsonl" \
        --config "$out/default-settings.toml" \
        --now "$now" stats --html "$page" >/dev/null
fi

# The copies that measure themselves: the same page, a CSP that also allows inline script, and
# one script at the end of the body that records the rightmost edge of any box or text and the
# root's scrollWidth. Headless Chromium lays --dump-dom out in a window at least 500 px wide,
# so the copy also fixes the root element's width to the width checked (the page sizes
# everything from its container: no vw units, no width media queries).
measure='var W=WIDTH,r=0,a=document.querySelectorAll("body *"),i,b,n,g=document.createRange(),t=document.createTreeWalker(document.body,NodeFilter.SHOW_TEXT);for(i=0;i<a.length;i++){b=a[i].getBoundingClientRect();if(b.right>r)r=b.right}while(n=t.nextNode()){g.selectNodeContents(n);b=g.getBoundingClientRect();if(b.right>r)r=b.right}var e=document.documentElement;document.body.setAttribute("data-measured",Math.ceil(r)+"x"+e.scrollWidth+"x"+e.clientWidth+"x"+e.scrollHeight)'
make_check() {
    # $1: width; writes the measuring copy for it.
    local width=$1
    sed -e "s|style-src 'unsafe-inline'\">|style-src 'unsafe-inline'; script-src 'unsafe-inline'\">|" \
        -e "s|</head>|<style>html{width:${width}px}</style></head>|" \
        -e "s|</body>|<script>${measure/WIDTH/$width}</script></body>|" \
        "$page" >"$out/stats-check-$width.html"
    grep -q "script-src 'unsafe-inline'" "$out/stats-check-$width.html" ||
        failed "could not make the measuring copy (CSP meta tag not found)"
}

chromium_run() {
    # $1: log file; the rest: extra flags. Each run gets a fresh profile and no network.
    local log=$1
    shift
    local profile
    profile=$(mktemp -d)
    timeout 120 /usr/bin/chromium --headless --no-sandbox --disable-gpu \
        --disable-background-networking --disable-component-update --disable-sync \
        --no-first-run --user-data-dir="$profile" --hide-scrollbars \
        --enable-logging=stderr --v=0 "$@" 2>"$log" || true
    rm -rf "$profile"
}

# Console and CSP messages (Chromium logs page console output as "CONSOLE" lines).
check_log() {
    local log=$1
    if grep -E "CONSOLE|Content Security Policy|Content-Security-Policy|Refused to" "$log" >&2; then
        failed "console or CSP message while rendering ($log)"
    fi
}

for width in 390 1280; do
    make_check "$width"
    dom="$out/check-$width.dom"
    chromium_run "$out/check-$width.log" --window-size="$width,900" --dump-dom \
        "file://$PWD/$out/stats-check-$width.html" >"$dom"
    check_log "$out/check-$width.log"
    measured=$(grep -o 'data-measured="[0-9x]*"' "$dom" | grep -o '[0-9][0-9x]*' || true)
    if [ -z "$measured" ]; then
        failed "at $width px: the page did not record its width (see $out/check-$width.log)"
        continue
    fi
    IFS=x read -r right scroll client height <<<"$measured"
    echo "check-stats-html: $width px: rightmost edge $right, scrollWidth $scroll, clientWidth $client, height $height"
    if [ "$right" -gt "$width" ]; then
        failed "at $width px something reaches $right px: the page would scroll sideways"
    fi
    if [ "$scroll" -gt "$client" ]; then
        failed "at $width px the page scrolls sideways: scrollWidth $scroll > clientWidth $client"
    fi
    # Screenshots of the learner's page itself (no script): the first screen and the whole page.
    chromium_run "$out/shot-$width.log" --window-size="$width,900" \
        --screenshot="$PWD/$out/stats-$width.png" "file://$PWD/$page"
    check_log "$out/shot-$width.log"
    chromium_run "$out/full-$width.log" --window-size="$width,$((height + 20))" \
        --screenshot="$PWD/$out/stats-$width-full.png" "file://$PWD/$page"
    check_log "$out/full-$width.log"
    for png in "$out/stats-$width.png" "$out/stats-$width-full.png"; do
        [ -s "$png" ] || failed "no screenshot $png"
    done
done

if [ "$fail" -ne 0 ]; then
    echo "check-stats-html: failed; artifacts in $out" >&2
    exit 1
fi
echo "check-stats-html: ok; screenshots in $out"
