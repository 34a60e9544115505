#!/usr/bin/env python3
"""Checks packages written by `deckard export --format apkg` with the real `anki` package.

Usage: check_anki_export.py EXPECTED.json PACKAGE DECK_NAME history|no-history [...]

Each package is imported into a fresh collection with scheduling; for every note of the named
deck in the fixture collection (EXPECTED.json, written by make_anki_fixtures.py) the imported
collection must hold a note with the same text in each field (HTML compared as text), the same
tags, and with `history` the same answers (ratings in order) on the card
of the first template or first cloze deletion. Exits 1 with a list of differences.
"""

import html
import json
import os
import re
import sys
import tempfile

from anki.collection import Collection
from anki.import_export_pb2 import ImportAnkiPackageOptions, ImportAnkiPackageRequest


def text(field: str) -> str:
    """A field as plain text: breaks as spaces, tags dropped, entities decoded, spaces folded."""
    field = re.sub(r"<img[^>]*src=\"([^\"]+)\"[^>]*>", r" \1 ", field)
    field = re.sub(r"<br\s*/?>|<div>|</div>", " ", field)
    field = re.sub(r"<[^>]+>", "", field)
    return " ".join(html.unescape(field).replace("\xa0", " ").split())


def main() -> int:
    expected = json.load(open(sys.argv[1], encoding="utf-8"))
    args = sys.argv[2:]
    pairs = [(args[i], args[i + 1], args[i + 2] == "history") for i in range(0, len(args), 3)]
    problems = []
    for package, deck, history in pairs:
        problems += check(expected, package, deck, history)
    for p in problems:
        print(f"check-anki-export: {p}", file=sys.stderr)
    if problems:
        return 1
    print(f"check-anki-export: {len(pairs)} package(s) opened by anki; notes, tags and reviews as expected")
    return 0


def answers(expected, card_id):
    return [
        r["ease"]
        for r in expected["revlog"]
        if r["card"] == card_id and 1 <= r["ease"] <= 4 and r["type"] <= 3
        and not (r["type"] == 3 and r["factor"] == 0)
    ]


def check(expected, package, deck, history):
    problems = []
    tmp = tempfile.mkdtemp()
    col = Collection(os.path.join(tmp, "collection.anki2"))
    try:
        col.import_anki_package(ImportAnkiPackageRequest(
            package_path=package,
            options=ImportAnkiPackageOptions(with_scheduling=True, merge_notetypes=False),
        ))
        if deck not in [d.name for d in col.decks.all_names_and_ids()]:
            problems.append(f"{package}: no deck named {deck!r}")
        got = {}
        for nid in col.find_notes(""):
            note = col.get_note(nid)
            got[tuple(text(f) for f in note.fields)] = note
        cards_by_note = {}
        for c in expected["cards"]:
            cards_by_note.setdefault(c["note"], []).append(c)
        for n in expected["notes"]:
            cards = cards_by_note.get(n["id"], [])
            if not cards or cards[0]["deck"] != deck or n["notetype"] == "Image Occlusion":
                continue
            fields = tuple(text(f) for f in n["fields"])
            if n["notetype"] not in ("Cloze", "Basic", "Basic (type in the answer)", "Basic (and reversed card)"):
                # A custom note type arrives as a Basic note: its first field, then the rest.
                fields = (fields[0], " ".join(f for f in fields[1:] if f))
            note = got.get(fields)
            if note is None:
                problems.append(f"{package}: no note with fields {fields!r}")
                continue
            if sorted(note.tags) != n["tags"]:
                problems.append(f"{package}: note {fields[0]!r}: tags {sorted(note.tags)} != {n['tags']}")
            first = min(cards, key=lambda c: c["ord"])
            want = answers(expected, first["id"])
            card = min(note.cards(), key=lambda c: c.ord)
            have = col.db.list("select ease from revlog where cid = ? order by id", card.id)
            if history and have != want:
                problems.append(f"{package}: note {fields[0]!r}: reviews {have} != Anki's {want}")
            if not history and have:
                problems.append(f"{package}: exported without history but holds reviews {have}")
    finally:
        col.close()
    return problems


if __name__ == "__main__":
    sys.exit(main())
