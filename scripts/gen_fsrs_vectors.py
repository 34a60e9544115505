#!/usr/bin/env python3
"""Generate FSRS-6 reference vectors for deckard's `tests/fsrs_vectors.rs`.

Runs review sequences through py-fsrs (the reference implementation, f64) with fuzz off and
learning/relearning steps off, so every review goes through the memory model, and writes
tests/data/fsrs_vectors.json. The Rust test reads that committed file; CI needs no Python.

Usage:  python3 -m venv /tmp/v && /tmp/v/bin/pip install 'fsrs>=6,<7'
        /tmp/v/bin/python scripts/gen_fsrs_vectors.py

Every case records, per review: the time (ms since the epoch, UTC), the rating, the whole
24-hour periods since the previous review, the retrievability just before the review (py
`get_card_retrievability`), the stability and difficulty after it, the scheduled interval in
days, and the interval each of the four ratings would have given (a preview).
"""

import json
import random
from datetime import datetime, timedelta, timezone
from importlib.metadata import version
from pathlib import Path

from fsrs import Card, Rating, Scheduler
from fsrs.scheduler import DEFAULT_PARAMETERS

FSRS5_DEFAULTS = [
    0.40255, 1.18385, 3.173, 15.69105, 7.1949, 0.5345, 1.4604, 0.0046, 1.54575,
    0.1192, 1.01925, 1.9395, 0.11, 0.29605, 2.2698, 0.2315, 2.9898, 0.51655, 0.6621,
]
# A plausible optimised FSRS-6 set (inside every bound), to exercise non-default weights.
TRAINED = [
    0.1723, 0.9012, 3.4410, 12.5004, 6.8809, 0.6502, 2.1833, 0.0127, 1.6415, 0.2213,
    1.1021, 1.7320, 0.0802, 0.3318, 1.9507, 0.4416, 2.2730, 0.7104, 0.2309, 0.1422, 0.3311,
]
LOWER = [0.001, 0.001, 0.001, 0.001, 1.0, 0.001, 0.001, 0.001, 0.0, 0.0, 0.001, 0.001,
         0.001, 0.001, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.1]
UPPER = [100.0, 100.0, 100.0, 100.0, 10.0, 4.0, 4.0, 0.75, 4.5, 0.8, 3.5, 5.0, 0.25, 0.9,
         4.0, 1.0, 6.0, 2.0, 2.0, 0.8, 0.8]

PARAM_SETS = [
    ("fsrs6-default", list(DEFAULT_PARAMETERS)),
    ("fsrs5-default-19", FSRS5_DEFAULTS),
    ("trained", TRAINED),
    ("lower-bounds", LOWER),
    ("upper-bounds", UPPER),
]
# (retention, maximum interval) pairs run for every parameter set.
SETTINGS = [(0.9, 36500), (0.8, 36500), (0.95, 365)]

START = datetime(2024, 3, 1, 8, 30, 12, 345000, tzinfo=timezone.utc)
DAY = timedelta(days=1)


def ms(t: datetime) -> int:
    return int((t - datetime(1970, 1, 1, tzinfo=timezone.utc)) / timedelta(milliseconds=1))


def gap(rng: random.Random, mode: str, interval_days: int) -> timedelta:
    """Time until the next review, per timing mode."""
    ivl = timedelta(days=interval_days)
    if mode == "same-day":
        return timedelta(minutes=rng.randint(1, 600), milliseconds=rng.randint(0, 999))
    if mode == "just-under-day":
        return DAY - timedelta(milliseconds=1)
    if mode == "just-over-day":
        return DAY + timedelta(milliseconds=1)
    if mode == "on-time":
        return ivl
    if mode == "early":
        return ivl * rng.uniform(0.1, 0.9)
    if mode == "late":
        return ivl * rng.uniform(1.2, 4.0)
    if mode == "years":
        return timedelta(days=rng.randint(3 * 365, 25 * 365), hours=rng.randint(0, 23))
    raise ValueError(mode)


MODES = ["same-day", "on-time", "on-time", "early", "late", "just-under-day", "just-over-day",
         "years"]


def sequences(rng: random.Random):
    """(name, [(mode, rating)]) review plans; the first entry's mode is ignored."""
    yield "all-easy", [("on-time", 4)] * 25
    yield "all-again-same-day", [("same-day", 1)] * 12
    yield "all-again-on-time", [("on-time", 1)] * 12
    yield "hard-same-day", [("same-day", 2)] * 8 + [("on-time", 2)] * 6
    yield "good-then-years", [("on-time", 3)] * 5 + [("years", 3), ("years", 1), ("years", 4)]
    yield "day-boundary", [("just-under-day", r) for r in (3, 2, 1, 3)] + [
        ("just-over-day", r) for r in (3, 1, 2, 4)
    ]
    yield "early-reviews", [("early", r) for r in (3, 3, 4, 2, 3, 1, 3, 4)]
    for i in range(4):
        n = rng.randint(8, 25)
        plan = [(rng.choice(MODES), rng.choices([1, 2, 3, 4], [2, 2, 5, 1])[0]) for _ in range(n)]
        yield f"random-{i}", plan


def run_case(params, retention, max_ivl, plan, rng):
    full = list(params) + ([0.0, 0.5] if len(params) == 19 else [])
    sched = Scheduler(
        parameters=full,
        desired_retention=retention,
        learning_steps=(),
        relearning_steps=(),
        maximum_interval=max_ivl,
        enable_fuzzing=False,
    )
    card = Card(card_id=1)
    now = START
    interval_days = 0
    reviews = []
    for i, (mode, rating) in enumerate(plan):
        if i > 0:
            now = now + gap(rng, mode, interval_days)
            # py-fsrs stores datetimes with microseconds; keep whole milliseconds.
            now = now.replace(microsecond=now.microsecond // 1000 * 1000)
        elapsed = None if card.last_review is None else (now - card.last_review).days
        r = None if card.last_review is None else sched.get_card_retrievability(card, now)
        preview = []
        for g in (1, 2, 3, 4):
            c, _ = sched.review_card(card, Rating(g), now)
            preview.append((c.due - now).days)
        card, _ = sched.review_card(card, Rating(rating), now)
        interval_days = (card.due - now).days
        assert interval_days == preview[rating - 1]
        reviews.append({
            "time_ms": ms(now),
            "rating": rating,
            "elapsed_days": elapsed,
            "retrievability": r,
            "stability": card.stability,
            "difficulty": card.difficulty,
            "interval_days": interval_days,
            "preview_intervals": preview,
        })
    return reviews


def main():
    rng = random.Random(20240301)
    cases = []
    for pname, params in PARAM_SETS:
        for retention, max_ivl in SETTINGS:
            for sname, plan in sequences(rng):
                cases.append({
                    "name": f"{pname}/r{retention}/max{max_ivl}/{sname}",
                    "params": params,
                    "desired_retention": retention,
                    "maximum_interval": max_ivl,
                    "reviews": run_case(params, retention, max_ivl, plan, rng),
                })
    out = {
        "generator": f"scripts/gen_fsrs_vectors.py with py-fsrs {version('fsrs')}",
        "settings": "enable_fuzzing=False, learning_steps=(), relearning_steps=()",
        "cases": cases,
    }
    path = Path(__file__).resolve().parent.parent / "tests" / "data" / "fsrs_vectors.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    # One review a line: readable diffs without a megabyte of whitespace.
    lines = ["{", f' "generator": {json.dumps(out["generator"])},',
             f' "settings": {json.dumps(out["settings"])},', ' "cases": [']
    for ci, case in enumerate(cases):
        head = {k: v for k, v in case.items() if k != "reviews"}
        lines.append("  " + json.dumps(head)[:-1] + ', "reviews": [')
        for ri, rev in enumerate(case["reviews"]):
            comma = "," if ri + 1 < len(case["reviews"]) else ""
            lines.append("   " + json.dumps(rev, separators=(",", ":")) + comma)
        lines.append("  ]}" + ("," if ci + 1 < len(cases) else ""))
    lines += [" ]", "}"]
    text = "\n".join(lines) + "\n"
    assert json.loads(text) == out
    path.write_text(text)
    n = sum(len(c["reviews"]) for c in cases)
    print(f"wrote {len(cases)} cases, {n} reviews to {path}")


if __name__ == "__main__":
    main()
