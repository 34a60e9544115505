#!/usr/bin/env python3
"""Build the Anki test packages in tests/fixtures/anki/ with the real `anki` package.

Usage (from the repository root; needs the pinned `anki` of scripts/requirements-anki.txt):

    python3 -m venv .venv-anki && .venv-anki/bin/pip install -r scripts/requirements-anki.txt
    TZ=UTC .venv-anki/bin/python scripts/make_anki_fixtures.py

It builds one small collection with the desktop app's backend (the same Rust code), covering
Basic, Basic (and reversed card), Basic (type in the answer), Cloze with a hint, nested decks
`A::B`, HTML with entities, a media file, a suspended card, an image-occlusion-like note type
deckard does not convert, and a review history: all four ratings, learn/review/relearn/filtered
rows on several days, and a manual reschedule; and cards left in learning and relearning (a
deck with its own steps), due within the day and at the next day's start. The backend stamps reviews with the real clock,
so the history is written as `revlog` rows through the collection's database handle (with the
review times in the past), the cards' final states are set the same way, and the backend then
computes the FSRS memory states from that history (FSRS is on for the collection).

It writes:
- `legacy.apkg`: the legacy package (`collection.anki21`, JSON media map);
- `legacy1.apkg`: the same with its collection renamed `collection.anki2` (the oldest layout);
- `current.apkg`: the current package (`collection.anki21b`, zstd, protobuf media map);
- `collection.colpkg`: the whole collection in the current format;
- `expected.json`: what the Rust tests compare against: decks, notes, cards (with due times
  and FSRS memory states as the backend computed them) and the review log.
"""

import calendar
import json
import os
import shutil
import sys
import tempfile
import zipfile

from anki.collection import Collection, ExportAnkiPackageOptions

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "fixtures", "anki")
DAY = 86400
# The collection's creation: midnight UTC + 4 h (Anki's default rollover) on 2026-10-01.
CRT = calendar.timegm((2026, 10, 1, 4, 0, 0))
# "Today" for the fixture: reviews lie before it, due dates after it.
TODAY = CRT + 60 * DAY
# The smallest valid PNG (1x1, transparent).
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def main() -> None:
    if os.environ.get("TZ") != "UTC":
        sys.exit("run with TZ=UTC: Anki's day boundaries follow the local time zone")
    tmp = tempfile.mkdtemp()
    try:
        build(os.path.join(tmp, "collection.anki2"), tmp)
    finally:
        shutil.rmtree(tmp)


def note(col, model, deck, fields, tags=()):
    m = col.models.by_name(model)
    n = col.new_note(m)
    for i, f in enumerate(fields):
        n.fields[i] = f
    n.tags = list(tags)
    col.add_note(n, deck)
    return n


def revlog(col, cid, day, hour, ease, kind, ivl, last_ivl, ms, seq=0, factor=2500):
    """One review row `day` days after CRT at `hour`:00 UTC (ids are millisecond stamps).

    Anki tells a "set due date" row (type 4, ease 0, factor != 0) from a reset (factor 0) and a
    rescheduling filtered review (type 3, factor != 0) from cramming (factor 0) by the factor.
    """
    rid = (CRT + day * DAY + (hour - 4) * 3600) * 1000 + seq
    col.db.execute(
        "insert into revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type) "
        "values (?, ?, -1, ?, ?, ?, ?, ?, ?)",
        rid, cid, ease, ivl, last_ivl, factor, ms, kind,
    )
    return rid


def review_state(col, cid, due_day, ivl, lapses, reps, queue=2):
    """The card's final state: a review card due `due_day` days after CRT."""
    col.db.execute(
        "update cards set type = 2, queue = ?, due = ?, ivl = ?, lapses = ?, reps = ?, "
        "factor = 2500 where id = ?",
        queue, due_day, ivl, lapses, reps, cid,
    )


def learning_state(col, cid, kind, queue, due, left, reps, lapses):
    """A card left in learning (kind 1) or relearning (kind 3): `due` is a timestamp in
    seconds (queue 1) or a day number (queue 3); `left` the steps still to go."""
    col.db.execute(
        "update cards set type = ?, queue = ?, due = ?, left = ?, reps = ?, lapses = ?, "
        "ivl = 0, factor = 2500 where id = ?",
        kind, queue, due, left, reps, lapses, cid,
    )


def build(path: str, tmp: str) -> None:
    col = Collection(path)
    col.db.execute("update col set crt = ?", CRT)
    col.set_config("fsrs", True)
    col.set_config("rollover", 4)

    geo = col.decks.id("Geography")
    nested = col.decks.id("Languages::French")
    misc = col.decks.id("Misc")

    # Media: a tiny PNG the first note shows.
    media_path = os.path.join(tmp, "capital.png")
    with open(media_path, "wb") as f:
        f.write(PNG)
    fname = col.media.add_file(media_path)

    basic = note(
        col, "Basic", geo,
        ["What is the capital of <b>France</b>?", f'Paris<br>on the Seine<img src="{fname}">'],
        ["geo", "europe"],
    )
    reversed_ = note(
        col, "Basic (and reversed card)", geo, ["Japan", "Tokyo &amp; Kyoto&nbsp;were capitals"], ["geo"]
    )
    typed = note(col, "Basic (type in the answer)", geo, ["Capital of Peru?", "Lima"], ["geo", "typed"])
    cloze = note(
        col, "Cloze", geo,
        ["{{c1::Canberra::a city}} is the capital of {{c2::Australia}}.<div>Not Sydney &lt;!&gt;</div>", ""],
        ["geo", "cloze"],
    )
    french = note(col, "Basic", nested, ["chat", "cat"], ["french"])
    french2 = note(col, "Basic", nested, ["chien", "dog"], ["french"])
    suspended = note(col, "Basic", misc, ["Suspended front", "Suspended back"], ["misc"])

    # A custom note type (three fields, one template): converted by its template.
    mm = col.models
    odd = mm.new("Vocab (three sides)")
    for fld in ("Word", "Reading", "Meaning"):
        mm.add_field(odd, mm.new_field(fld))
    t = mm.new_template("Recognition")
    t["qfmt"] = "{{Word}}"
    t["afmt"] = "{{FrontSide}}<hr id=answer>{{Reading}}<br>{{Meaning}}"
    mm.add_template(odd, t)
    mm.add(odd)
    note(col, "Vocab (three sides)", misc, ["猫", "ねこ", "cat"], ["vocab"])

    # Image occlusion: deckard does not convert it (the masks are drawn over an image).
    io = col.models.by_name("Image Occlusion")
    col.decks.select(misc)
    col.add_image_occlusion_note(
        io["id"], media_path, "{{c1::image-occlusion:rect:left=.1:top=.1:width=.3:height=.2}}",
        "Header", "", ["io"],
    )

    cards = {c.ord: c.id for c in basic.cards()}
    c_basic = cards[0]
    rev_cards = {c.ord: c.id for c in reversed_.cards()}
    c_typed = typed.cards()[0].id
    cloze_cards = {c.ord: c.id for c in cloze.cards()}
    c_french = french.cards()[0].id
    c_susp = suspended.cards()[0].id

    # Histories. Types: 0 learn, 1 review, 2 relearn, 3 filtered, 4 manual.
    # Basic: all four ratings, learn -> review -> lapse -> relearn -> review.
    revlog(col, c_basic, 30, 10, 3, 0, 1, 0, 8000)
    revlog(col, c_basic, 31, 10, 3, 1, 3, 1, 6000)
    revlog(col, c_basic, 34, 11, 1, 1, -600, 3, 12000)
    revlog(col, c_basic, 34, 11, 3, 2, 1, -600, 5000, seq=600_000)
    revlog(col, c_basic, 35, 9, 2, 1, 2, 1, 9000)
    revlog(col, c_basic, 37, 15, 4, 1, 9, 2, 3000)
    review_state(col, c_basic, due_day=46, ivl=9, lapses=1, reps=6)

    # Reversed, forward side: learn (Again then Good), review Good, then a manual reschedule.
    revlog(col, rev_cards[0], 40, 10, 1, 0, -60, 0, 7000)
    revlog(col, rev_cards[0], 40, 10, 3, 0, 1, -60, 4000, seq=120_000)
    revlog(col, rev_cards[0], 41, 12, 3, 1, 4, 1, 4000)
    revlog(col, rev_cards[0], 50, 13, 0, 4, 13, 4, 0)  # "set due date": ease 0, type manual
    review_state(col, rev_cards[0], due_day=63, ivl=4, lapses=0, reps=3)

    # Typed: learn Easy, then a filtered-deck review Good.
    revlog(col, c_typed, 20, 8, 4, 0, 4, 0, 10000)
    revlog(col, c_typed, 25, 8, 3, 3, 12, 4, 11000)
    revlog(col, c_typed, 27, 8, 1, 3, 0, 12, 9000, factor=0)  # cramming: no effect on the schedule
    review_state(col, c_typed, due_day=70, ivl=12, lapses=0, reps=2)

    # Cloze gap 1: learn Good, review Hard, review Good.
    revlog(col, cloze_cards[0], 10, 10, 3, 0, 1, 0, 5000)
    revlog(col, cloze_cards[0], 11, 10, 2, 1, 2, 1, 5000)
    revlog(col, cloze_cards[0], 14, 10, 3, 1, 7, 2, 5000)
    review_state(col, cloze_cards[0], due_day=62, ivl=7, lapses=0, reps=3)

    # Nested deck: learn Good, review Good.
    revlog(col, c_french, 45, 18, 3, 0, 1, 0, 2000)
    revlog(col, c_french, 46, 18, 3, 1, 3, 1, 2000)
    review_state(col, c_french, due_day=61, ivl=3, lapses=0, reps=2)

    # Suspended: learned once, then suspended (queue -1 keeps type 2).
    revlog(col, c_susp, 5, 10, 3, 0, 2, 0, 3000)
    review_state(col, c_susp, due_day=64, ivl=2, lapses=0, reps=1, queue=-1)

    # Cards Anki left in (re)learning, in a deck whose preset has its own steps: learning
    # 10m, 1d; relearning 30m, 6h. Anki keeps the steps still to go in `left` and the due time
    # as a timestamp (queue 1, a step within the day, fuzzed by up to 25% or 5 minutes) or as a
    # day number (queue 3, a step reaching past the next rollover: due when that day starts).
    steps = col.decks.id("Steps")
    conf_id = col.decks.add_config_returning_id("Steps")
    conf = col.decks.get_config(conf_id)
    conf["new"]["delays"] = [10.0, 1440.0]
    conf["lapse"]["delays"] = [30.0, 360.0]
    col.decks.update_config(conf)
    deck = col.decks.get(steps)
    deck["conf"] = conf_id
    col.decks.save(deck)
    c_learn = note(col, "Basic", steps, ["Learning front", "Learning back"], ["steps"]).cards()[0].id
    c_relearn = note(col, "Basic", steps, ["Relearning front", "Relearning back"], ["steps"]).cards()[0].id
    c_intraday = note(col, "Basic", steps, ["Intraday front", "Intraday back"], ["steps"]).cards()[0].id

    # Learning: Again (10m), then Good at 14:12 moves to the 1d step: due when day 60 starts.
    revlog(col, c_learn, 59, 14, 1, 0, -600, 0, 6000)
    revlog(col, c_learn, 59, 14, 3, 0, -86400, -600, 5000, seq=720_000)
    learning_state(col, c_learn, kind=1, queue=3, due=60, left=1, reps=2, lapses=0)

    # Relearning: learned on day 50-51, reviewed on 54, forgotten at 22:00 on day 59 (30m),
    # Good at 22:35: the 6h step ends past the 04:00 rollover, so it is due when day 60 starts.
    revlog(col, c_relearn, 50, 10, 3, 0, -86400, 0, 4000)
    revlog(col, c_relearn, 51, 10, 3, 0, 3, -86400, 4000)
    revlog(col, c_relearn, 54, 10, 3, 1, 8, 3, 4000)
    revlog(col, c_relearn, 59, 22, 1, 1, -1800, 8, 7000)
    revlog(col, c_relearn, 59, 22, 3, 2, -21600, -1800, 3000, seq=2_100_000)
    learning_state(col, c_relearn, kind=3, queue=3, due=60, left=1, reps=5, lapses=1)

    # Intraday: Again at 23:00 on day 59: the 10m step, due 23:10 plus Anki's fuzz (97 s).
    again_at = revlog(col, c_intraday, 59, 23, 1, 0, -600, 0, 9000)
    learning_state(col, c_intraday, kind=1, queue=1, due=again_at // 1000 + 600 + 97, left=2, reps=1, lapses=0)

    # FSRS memory states from the history, as the backend computes them.
    for cid in col.db.list("select distinct cid from revlog"):
        state = col.compute_memory_state(cid)
        card = col.get_card(cid)
        if state.stability is not None:
            from anki.cards import FSRSMemoryState

            card.memory_state = FSRSMemoryState(stability=state.stability, difficulty=state.difficulty)
            card.desired_retention = state.desired_retention
            col.update_card(card, skip_undo_entry=True)

    expected = expectations(col)

    os.makedirs(OUT, exist_ok=True)
    legacy = os.path.join(OUT, "legacy.apkg")
    current = os.path.join(OUT, "current.apkg")
    opts = dict(with_scheduling=True, with_deck_configs=True, with_media=True)
    col.export_anki_package(out_path=legacy, options=ExportAnkiPackageOptions(legacy=True, **opts), limit=None)
    col.export_anki_package(out_path=current, options=ExportAnkiPackageOptions(legacy=False, **opts), limit=None)
    col.export_collection_package(os.path.join(OUT, "collection.colpkg"), include_media=True, legacy=False)
    col.close()
    rename_collection(legacy, os.path.join(OUT, "legacy1.apkg"))
    with open(os.path.join(OUT, "expected.json"), "w", encoding="utf-8") as f:
        json.dump(expected, f, indent=1, ensure_ascii=False, sort_keys=True)
        f.write("\n")
    for name in sorted(os.listdir(OUT)):
        p = os.path.join(OUT, name)
        entries = zipfile.ZipFile(p).namelist() if name.endswith("pkg") else []
        print(f"{name}: {os.path.getsize(p)} bytes {entries}")


def rename_collection(src: str, dst: str) -> None:
    """The oldest layout: the collection as `collection.anki2`, nothing else named so."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        names = zin.namelist()
        for name in names:
            if name == "meta" or (name == "collection.anki2" and "collection.anki21" in names):
                continue  # the oldest packages had no meta, and no stub beside the collection
            data = zin.read(name)
            zout.writestr("collection.anki2" if name == "collection.anki21" else name, data)


def iso(secs: float) -> str:
    import datetime

    return datetime.datetime.fromtimestamp(secs, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def expectations(col) -> dict:
    """Everything the Rust tests check, read back from the collection."""
    crt = col.db.scalar("select crt from col")
    decks = {d.id: d.name for d in col.decks.all_names_and_ids()}
    notes = []
    for nid in col.db.list("select id from notes order by id"):
        n = col.get_note(nid)
        notes.append({
            "id": nid,
            "guid": n.guid,
            "notetype": n.note_type()["name"],
            "fields": list(n.fields),
            "tags": sorted(n.tags),
        })
    cards = []
    for cid, nid, did, ord_, ctype, queue, due, ivl in col.db.all(
        "select id, nid, did, ord, type, queue, due, ivl from cards order by id"
    ):
        c = col.get_card(cid)
        entry = {
            "id": cid,
            "note": nid,
            "deck": decks[did],
            "ord": ord_,
            "type": ctype,
            "queue": queue,
            "suspended": queue == -1,
            # Review cards: due is a day number counted from the collection's creation.
            "due": iso(crt + due * DAY) if ctype == 2 else None,
        }
        if ctype in (1, 3):
            left = col.db.scalar("select left from cards where id = ?", cid)
            entry["learning"] = {
                # Queue 1: a timestamp; queue 3: a day number from the collection's creation.
                "due": iso(due if queue == 1 else crt + due * DAY),
                "queue": queue,
                "remaining": left % 1000,
            }
        if c.memory_state is not None:
            entry["stability"] = c.memory_state.stability
            entry["difficulty"] = c.memory_state.difficulty
        cards.append(entry)
    revlog = [
        {"id": rid, "card": cid, "ease": ease, "ivl": ivl, "factor": factor, "time_ms": ms, "type": kind}
        for rid, cid, ease, ivl, factor, ms, kind in col.db.all(
            "select id, cid, ease, ivl, factor, time, type from revlog order by id"
        )
    ]
    return {"crt": crt, "decks": sorted(decks.values()), "notes": notes, "cards": cards, "revlog": revlog}


if __name__ == "__main__":
    main()
