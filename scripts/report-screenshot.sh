#!/usr/bin/env bash
# Renders the HTML report of a folder of bounces (default: the shared corpus
# beside the repository) in English and in Thai with headless Chromium, to
# PNGs in an output folder (default: a new temporary one), so that a person
# can look at them: Thai glyphs drawn, charts legible, nothing overflowing.
#
#   scripts/report-screenshot.sh [BOUNCES [OUTDIR]]
#
# Installs Debian's chromium and fonts-thai-tlwg when chromium is missing
# (needs root and apt). The PNGs are for looking at, not for committing.
# HEIGHT (default 4000) is the window's height in pixels: the page of a large
# folder is longer, and only its top that high is drawn.
set -euo pipefail
cd "$(dirname "$0")/.."

bounces=${1:-../shared/corpus/emails}
out=${2:-$(mktemp -d)}
mkdir -p "$out"

if ! command -v chromium >/dev/null || ! fc-list :lang=th | grep -q .; then
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium fonts-thai-tlwg
fi

cargo build --release --features cli --quiet
bin=target/release/bounce-cause

for lang in en th; do
    html="$out/report-$lang.html"
    "$bin" --lang "$lang" --report "$html" "$bounces" 2>/dev/null || [ $? -eq 1 ]
    profile=$(mktemp -d)
    # Everything that would reach the network is off: the page itself loads
    # nothing (its CSP forbids it), and Chromium should not either.
    chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --hide-scrollbars --user-data-dir="$profile" \
        --screenshot="$out/report-$lang.png" --window-size="1280,${HEIGHT:-4000}" \
        "file://$(realpath "$html")" 2>/dev/null
    rm -rf "$profile"
    echo "$out/report-$lang.png"
done
