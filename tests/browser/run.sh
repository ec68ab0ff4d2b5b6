#!/bin/sh
# Builds the site into a temporary folder and runs the browser test of the
# readiness checker against it (system Chromium at /usr/bin/chromium).
# Usage, from anywhere: tests/browser/run.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
(cd "$repo" && cargo run --release --quiet -- build --out "$tmp/site")
cd "$here"
[ -d node_modules ] || npm ci --no-audit --no-fund
# Tests that rebuild a site of their own run the binary just built.
ROLEMAP_SITE="$tmp/site" ROLEMAP_BIN="${CARGO_TARGET_DIR:-$repo/target}/release/rolemap" node --test
