#!/bin/sh
# Builds the release binary and runs the whole-process benchmark (issue 17).
# Usage: scripts/bench-startup.sh [--cards 1000,10000,100000] [--runs 5] [--files 1] [--devices 5 [--grow 100]]
set -e
cd "$(dirname "$0")/.."
cargo build --release --quiet
exec python3 scripts/bench-startup.py "$@"
