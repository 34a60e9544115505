#!/usr/bin/env bash
# Opens the .apkg `deckard export --format apkg --with-history` writes with the real `anki`
# package (the desktop app's backend) and checks the notes, tags and reviews against what the
# fixture collection held (tests/fixtures/anki/expected.json).
#
# Needs python3 with venv; installs scripts/requirements-anki.txt into target/anki-venv the
# first time (set ANKI_VENV to use another). Run from anywhere: ./scripts/check-anki-export.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
venv="${ANKI_VENV:-$root/target/anki-venv}"
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import anki' 2>/dev/null; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet -r "$root/scripts/requirements-anki.txt"
fi
cargo build --quiet --manifest-path "$root/Cargo.toml"
deckard="${CARGO_TARGET_DIR:-$root/target}/debug/deckard"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export TZ=UTC DECKARD_PROGRESS="$work/progress.jsonl" DECKARD_NOW=2026-11-30T12:00:00Z
"$deckard" import "$root/tests/fixtures/anki/current.apkg" --to "$work/decks" >/dev/null 2>&1
"$deckard" export "$work/decks/geography.toml" --format apkg -o "$work/geography.apkg" --with-history >/dev/null
"$deckard" export "$work/decks/misc.toml" --format apkg -o "$work/misc.apkg" >/dev/null
"$venv/bin/python" "$root/scripts/check_anki_export.py" "$root/tests/fixtures/anki/expected.json" \
    "$work/geography.apkg" Geography history "$work/misc.apkg" Misc no-history
