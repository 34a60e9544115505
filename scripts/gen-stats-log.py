#!/usr/bin/env python3
"""Writes a deckard progress log of a simulated learner, for `deckard stats` fixtures and demos.

    scripts/gen-stats-log.py OUT.jsonl --end 2026-03-01T09:00:00Z --days 60 --seed 1 DECK.toml...

Each simulated day (a few are skipped, as people do) the learner reviews the cards its own
simple schedule says are due (intervals 1, 3, 7, 16, 35, 80 days; a lapse goes back to the
start), then meets a few new cards, answering each with a recall probability that falls with
the interval. Some days end with a quiz (answers that do not reschedule, and a quiz summary).
deckard replays the log through its own scheduler, so states and due dates are its own.

Card keys are read from the deck files (cloze cards expand to one key per gap, `id.N`). The
output is fully determined by the arguments: same seed, same bytes.
"""

import argparse
import datetime as dt
import json
import random
import re
import sys
import tomllib

INTERVALS = [1, 3, 7, 16, 35, 80]


def card_keys(path):
    with open(path, "rb") as f:
        deck = tomllib.load(f)
    deck_id = deck["deck"]["id"]
    keys = []
    for card in deck.get("card", []):
        if card.get("draft"):
            continue
        if "cloze" in card:
            gaps = len(re.findall(r"\{\{", card["cloze"]))
            keys += [f"{deck_id}/{card['id']}.{n}" for n in range(1, gaps + 1)]
        else:
            keys.append(f"{deck_id}/{card['id']}")
    return deck_id, keys


def stamp(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("decks", nargs="+")
    ap.add_argument("--end", required=True, help="RFC 3339 UTC time of the last day's study")
    ap.add_argument("--days", type=int, default=60)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--new-per-day", type=int, default=6)
    ap.add_argument("--skip", type=float, default=0.12, help="chance of skipping a day")
    args = ap.parse_args()

    rng = random.Random(args.seed)
    end = dt.datetime.strptime(args.end, "%Y-%m-%dT%H:%M:%SZ")
    decks = [card_keys(p) for p in args.decks]
    fresh = [k for _, keys in decks for k in keys]
    # A stable order that mixes the decks, as a learner studying all of them would meet them.
    rng.shuffle(fresh)
    level = {}  # key -> index into INTERVALS
    due = {}  # key -> day number
    events = []

    def event_id():
        return f"{rng.getrandbits(64):016x}"

    for day in range(args.days):
        last_day = day == args.days - 1
        if not last_day and rng.random() < args.skip:
            continue
        t = end - dt.timedelta(days=args.days - 1 - day)
        t = t.replace(minute=rng.randrange(0, 30))
        answers = [k for k in due if due[k] <= day]
        answers.sort(key=lambda k: (due[k], k))
        answers += [fresh.pop(0) for _ in range(min(args.new_per_day, len(fresh)))]
        for key in answers:
            t += dt.timedelta(seconds=rng.randrange(5, 40))
            lvl = level.get(key)
            if lvl is None:
                recall = 0.7
            else:
                recall = 0.95 - 0.025 * lvl - 0.02 * max(0, day - due[key])
            remembered = rng.random() < recall
            rating = (4 if rng.random() < 0.15 else 3) if remembered else 1
            if remembered and rng.random() < 0.1:
                rating = 2
            events.append(
                {
                    "id": event_id(),
                    "time": stamp(t),
                    "type": "review",
                    "card": key,
                    "rating": rating,
                    "ms": rng.randrange(2500, 15000),
                    "mode": "study",
                }
            )
            if rating == 1:
                level[key] = 0
                due[key] = day + 1
            else:
                nxt = 0 if lvl is None else min(lvl + 1 + (rating == 4), len(INTERVALS) - 1)
                level[key] = nxt
                due[key] = day + INTERVALS[nxt]
        seen = sorted(level)
        if seen and (day % 9 == 4 or last_day):
            t += dt.timedelta(minutes=5)
            deck_id, _ = rng.choice(decks)
            pool = [k for k in seen if k.startswith(deck_id + "/")] or seen
            asked = rng.sample(pool, min(8, len(pool)))
            start, total = t, 0.0
            for key in asked:
                t += dt.timedelta(seconds=rng.randrange(5, 25))
                right = rng.random() < 0.75
                score = 1.0 if right else (0.5 if rng.random() < 0.3 else 0.0)
                total += score
                events.append(
                    {
                        "id": event_id(),
                        "time": stamp(t),
                        "type": "review",
                        "card": key,
                        "rating": 3 if score == 1.0 else 1,
                        "verdict": "right" if score == 1.0 else ("partial" if score else "wrong"),
                        "score": score,
                        "ms": rng.randrange(3000, 20000),
                        "mode": "quiz",
                        "reschedule": False,
                    }
                )
            events.append(
                {
                    "id": event_id(),
                    "time": stamp(t + dt.timedelta(seconds=1)),
                    "type": "quiz",
                    "decks": [deck_id],
                    "questions": len(asked),
                    "answered": len(asked),
                    "score": total,
                    "max_score": float(len(asked)),
                    "ms": int((t - start).total_seconds() * 1000),
                }
            )

    with open(args.out, "w", encoding="utf-8", newline="\n") as out:
        out.write('{"deckard":"progress","version":1}\n')
        for e in events:
            out.write(json.dumps(e, separators=(",", ":")) + "\n")
    print(f"{args.out}: {len(events)} events", file=sys.stderr)


if __name__ == "__main__":
    main()
