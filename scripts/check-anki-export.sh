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
cargo build --release --quiet --bin deckard --manifest-path "$root/Cargo.toml"
deckard="${CARGO_TARGET_DIR:-$root/target}/release/deckard"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# A home of its own: the import writes the decks' options into the settings file.
export TZ=UTC HOME="$work" XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data" \
    DECKARD_PROGRESS="$work/progress.jsonl" DECKARD_NOW=2026-11-30T12:00:00Z
"$deckard" import "$root/tests/fixtures/anki/current.apkg" --to "$work/decks" >/dev/null 2>&1
for deck in geography steps misc; do
    "$deckard" export "$work/decks/$deck.toml" --format apkg -o "$work/$deck.apkg" --with-history >/dev/null
done
"$deckard" export "$work/decks/misc.toml" --format apkg -o "$work/misc-plain.apkg" >/dev/null
# deckard's schedule of every card (due, interval, memory state, suspension) to compare with.
"$deckard" --decks "$work/decks" cards --json >"$work/cards.jsonl"
"$venv/bin/python" "$root/scripts/check_anki_export.py" "$root/tests/fixtures/anki/expected.json" "$work/cards.jsonl" \
    "$work/geography.apkg" Geography history "$work/steps.apkg" Steps history \
    "$work/misc.apkg" Misc history "$work/misc-plain.apkg" Misc no-history
# The round trip: the exported packages imported back into deckard give the same due dates.
export XDG_CONFIG_HOME="$work/back-config" DECKARD_PROGRESS="$work/back.jsonl"
for deck in geography steps misc; do
    "$deckard" import "$work/$deck.apkg" --to "$work/back" >/dev/null 2>&1
done
"$deckard" --decks "$work/back" cards --json >"$work/back.jsonl.cards"
"$venv/bin/python" - "$work/cards.jsonl" "$work/back.jsonl.cards" <<'PY'
import json, sys
def due_by_prompt(path):
    out = {}
    for c in map(json.loads, open(path, encoding="utf-8")):
        out[(c["deck"], c["prompt"])] = (c["state"], c["due"], c["suspended"])
    return out
before, after = due_by_prompt(sys.argv[1]), due_by_prompt(sys.argv[2])
# Only the decks exported (geography, steps, misc).
before = {k: v for k, v in before.items() if k[0] in {"geography", "steps", "misc"}}
bad = [f"{k}: {before[k]} before, {after.get(k)} after" for k in before if before[k] != after.get(k)]
for b in bad:
    print(f"check-anki-export: round trip: {b}", file=sys.stderr)
if bad or not before:
    sys.exit(1)
print(f"check-anki-export: round trip through Anki's format: {len(before)} cards keep state, due date and suspension")
PY
