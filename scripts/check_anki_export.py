#!/usr/bin/env python3
"""Checks packages written by `deckard export --format apkg` with the real `anki` package.

Usage: check_anki_export.py EXPECTED.json CARDS.jsonl PACKAGE DECK_NAME history|no-history [...]

Each package is imported into a fresh collection with scheduling; for every note of the named
deck in the fixture collection (EXPECTED.json, written by make_anki_fixtures.py) the imported
collection must hold a note with the same text in each field (HTML compared as text), the same
tags, and with `history` the same answers (ratings in order) on the card
of the first template or first cloze deletion. A "Basic (and reversed card)" note must arrive
as one note of that type with its two cards. With `history`, every card must also carry
deckard's schedule (CARDS.jsonl: `deckard cards --json` of the decks exported): the same due
time (review cards and steps past the rollover: the same study day; steps within the day: the
same second), the FSRS memory state deckard has (within Anki's rounding of `cards.data`), and
suspended cards suspended. Exits 1 with a list of differences.
"""

import datetime
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
    with open(sys.argv[2], encoding="utf-8") as f:
        deckard = {c["key"]: c for c in map(json.loads, f)}
    args = sys.argv[3:]
    pairs = [(args[i], args[i + 1], args[i + 2] == "history") for i in range(0, len(args), 3)]
    problems = []
    for package, deck, history in pairs:
        problems += check(expected, deckard, package, deck, history)
    for p in problems:
        print(f"check-anki-export: {p}", file=sys.stderr)
    if problems:
        return 1
    print(
        f"check-anki-export: {len(pairs)} package(s) opened by anki; notes, tags, reviews, "
        f"schedules and memory states as expected ({CHECKED['cards']} card schedules checked)"
    )
    return 0


def answers(expected, card_id):
    return [
        r["ease"]
        for r in expected["revlog"]
        if r["card"] == card_id and 1 <= r["ease"] <= 4 and r["type"] <= 3
        and not (r["type"] == 3 and r["factor"] == 0)
    ]


CHECKED = {"cards": 0}


def deckard_key(expected_note, card_ord, deck):
    """The key deckard gave an Anki card on import (see tests/cli/anki.rs `keys`)."""
    nid, kind = expected_note["id"], expected_note["notetype"]
    deck_id = deck.lower().replace("::", "-")
    if kind == "Cloze":
        return f"{deck_id}/n{nid}.{card_ord + 1}"
    if kind == "Basic (and reversed card)":
        return f"{deck_id}/n{nid}-{card_ord + 1}"
    return f"{deck_id}/n{nid}"


def rfc3339(secs):
    return datetime.datetime.fromtimestamp(secs, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def check_schedule(col, card, want, name):
    """One card's schedule in the collection against deckard's (`deckard cards --json`)."""
    problems = []
    CHECKED["cards"] += 1
    today = col.sched.today
    # The start of Anki's "today" (the rollover): day numbers count study days from it.
    today_start = col.sched.day_cutoff - 86400
    state = want["state"]
    kinds = {"new": 0, "learning": 1, "review": 2, "relearning": 3}
    if card.type != kinds[state]:
        problems.append(f"{name}: type {card.type}, deckard has it {state}")
    if want["suspended"] != (card.queue == -1):
        problems.append(f"{name}: queue {card.queue}, deckard suspended = {want['suspended']}")
    if state == "new":
        return problems
    # A day number (review cards, steps past the rollover) or a timestamp (a step in the day).
    in_days = card.type == 2 or card.queue == 3 or (card.queue == -1 and card.due < 1_000_000_000)
    got = rfc3339(today_start + (card.due - today) * 86400) if in_days else rfc3339(card.due)
    if got != want["due"]:
        problems.append(f"{name}: due {got} (Anki due {card.due}, today {today}), deckard's {want['due']}")
    if card.type == 2 and card.ivl != max(1, want["interval_days"]):
        problems.append(f"{name}: interval {card.ivl}, deckard's {want['interval_days']}")
    if card.reps != want["reps"] or card.lapses != want["lapses"]:
        problems.append(f"{name}: reps/lapses {card.reps}/{card.lapses}, deckard's {want['reps']}/{want['lapses']}")
    m = card.memory_state
    if m is None:
        problems.append(f"{name}: no FSRS memory state in cards.data")
    else:
        # cards.data holds stability to 4 places and difficulty to 3 (Anki's rounding).
        if abs(m.stability - want["stability"]) > 5e-5 + 1e-6 * want["stability"]:
            problems.append(f"{name}: stability {m.stability}, deckard's {want['stability']}")
        if abs(m.difficulty - want["difficulty"]) > 5e-4 + 1e-6:
            problems.append(f"{name}: difficulty {m.difficulty}, deckard's {want['difficulty']}")
    return problems


def check(expected, deckard, package, deck, history):
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
            if n["notetype"] == "Basic (and reversed card)":
                # Anki adds "+" to the name of a note type it imports beside its own stock one.
                kind = note.note_type()["name"]
                if kind.rstrip("+") != n["notetype"] or len(note.cards()) != 2:
                    problems.append(
                        f"{package}: note {fields[0]!r}: a {kind!r} note with {len(note.cards())} card(s), "
                        f"not one reversed note with two"
                    )
            if history:
                for c in note.cards():
                    key = deckard_key(n, c.ord, deck)
                    if key not in deckard:
                        problems.append(f"{package}: note {fields[0]!r} card {c.ord + 1}: no deckard card {key}")
                        continue
                    problems += [f"{package}: {p}" for p in check_schedule(col, c, deckard[key], key)]
    finally:
        col.close()
    return problems


if __name__ == "__main__":
    sys.exit(main())
