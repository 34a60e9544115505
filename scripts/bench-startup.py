#!/usr/bin/env python3
"""Whole-process benchmark of deckard (issue 17): start -> first card, `decks`, `judge`, and one
answer including its fsync, with a cold and a warm cache; median wall time of several runs and
the peak resident memory of the slowest-memory run.

    scripts/bench-startup.py [--cards 1000,10000] [--runs 5] [--files 1] [--devices 0] [--bin target/release/deckard]

Each workload is generated once into scripts/../target/bench-startup/<cards>-<files>/ (kept
between runs; delete it to regenerate): deck files holding `cards` cards of mixed kinds, and a
progress log with about 10 reviews per card over the three years before the pinned time, in
time order, a third of the cards due on the pinned day. Nothing here is part of `cargo test`.

Each process runs under /usr/bin/time for its peak RSS. `study` is timed from just before the
exec to the moment its first card header reaches the pipe (deckard's stdout is line-buffered);
an answer is timed from one card header to the next, with 40 answers piped in (each recorded
and fsynced before the next card); `decks` and `judge` are timed to their exit.

`--devices N` (N > 0) keeps the same events in a progress folder instead, as N devices studying
in turns write it (sessions of 50 answers go to the devices in turn), under
<cards>-<files>-<N>dev/; this device is the first of them, so its answers go to its own file.
`--grow K` (folder mode) appends K answers dated a week back to the second device's file
before each warm run, and cuts them off after: a sync tool delivering a device's late answers,
which a warm start reads from that file's offset and refolds into those cards only. The cache lives in a private folder (DECKARD_CACHE): "cold" deletes
it before every run, "warm" runs once before measuring.
"""

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone

NOW = datetime(2026, 11, 30, 9, 0, 0, tzinfo=timezone.utc)
NOW_TEXT = NOW.strftime("%Y-%m-%dT%H:%M:%SZ")
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HEADER = '{"deckard":"progress","version":1}'


def card_text(c):
    """One card of a kind chosen by its number, like benches/load.rs."""
    k = c % 5
    if k == 0:
        return (f'\n[[card]]\nid = "c{c}"\nq = "In which city was organisation {c} founded?"\n'
                f'a = "Shanghai"\naccept = ["Shang-hai"]\ntags = ["founding"]\n')
    if k == 1:
        return f'\n[[card]]\nid = "c{c}"\nq = "How many members did it have in {c}?"\na = {c}\ntolerance = 1\n'
    if k == 2:
        return (f'\n[[card]]\nid = "c{c}"\nq = "Which one is right ({c})?"\n'
                f'choices = ["Peace Hotel", "Shangri-La Hotel", "Jin Jiang Hotel"]\na = "Shangri-La Hotel"\n')
    if k == 3:
        return (f'\n[[card]]\nid = "c{c}"\nq = "Name the founders ({c})."\n'
                f'a = ["China", "Russia", "Kazakhstan", "Kyrgyzstan", "Tajikistan", "Uzbekistan"]\n')
    return (f'\n[[card]]\nid = "c{c}"\nq = "Card {c}: where was it founded?"\na = "Shanghai"\n'
            f'explain = "Some context for the learner."\n')


def ts(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def generate(folder, cards, files):
    """Deck files and a log; returns the key of one card for `judge`."""
    decks = os.path.join(folder, "decks")
    os.makedirs(decks, exist_ok=True)
    per_file = cards // files
    for f in range(files):
        parts = [f'[deck]\nid = "deck-{f}"\ntitle = "Deck {f}"\n']
        parts.extend(card_text(c) for c in range(per_file))
        with open(os.path.join(decks, f"deck-{f}.toml"), "w") as out:
            out.write("".join(parts))
    rng = random.Random(17)
    lines = []
    start = NOW - timedelta(days=3 * 365)
    for f in range(files):
        for c in range(per_file):
            key = f"deck-{f}/c{c}"
            due = c % 3 == 0
            # Due cards were learnt in a burst long ago and left: their stability has run out.
            # The others are reviewed on a widening schedule up to the last few days.
            if due:
                first = start + timedelta(days=rng.uniform(0, 300))
                gaps = [0, 0.01, 1, 1, 2, 3, 4, 5, 6, 7]
                ratings = [1, 3, 3, 2, 3, 1, 3, 3, 2, 3]
            else:
                first = start + timedelta(days=rng.uniform(0, 30))
                gaps = [0, 0.01, 1, 3, 8, 20, 50, 120, 250, 0]
                ratings = [3, 3, 3, 3, 4, 3, 3, 3, 3, 3]
            t = first
            for i, (gap, rating) in enumerate(zip(gaps, ratings)):
                t = t + timedelta(days=gap)
                if not due and i == len(gaps) - 1:
                    t = NOW - timedelta(days=rng.uniform(1, 5))  # last review a few days ago
                verdict = "right" if rating >= 3 else "wrong"
                score = "1.0" if rating >= 3 else "0.0"
                lines.append((t, f'{{"id":"{rng.getrandbits(64):016x}","time":"{ts(t)}","type":"review",'
                                 f'"card":"{key}","rating":{rating},"answer":"x","verdict":"{verdict}",'
                                 f'"score":{score},"ms":4210,"mode":"study"}}'))
    lines.sort(key=lambda x: x[0])
    with open(os.path.join(folder, "progress.jsonl"), "w") as out:
        out.write(HEADER + "\n")
        out.write("\n".join(l for _, l in lines))
        out.write("\n")
    return "deck-0/c0"


def split_into_devices(log, folder, devices, data_dir):
    """The events of `log` as `devices` device files in `folder` (sessions of 50 answers in
    turn); this device (its id kept in `data_dir`) is the first. Returns its file."""
    os.makedirs(folder, exist_ok=True)
    ids = [f"{0xd0 + d:016x}" for d in range(devices)]
    outs = [open(os.path.join(folder, f"{i}.jsonl"), "w") for i in ids]
    for out in outs:
        out.write(HEADER + "\n")
    with open(log) as src:
        next(src)
        for n, line in enumerate(src):
            outs[(n // 50) % devices].write(line)
    for out in outs:
        out.close()
    open(os.path.join(folder, "settings.toml"), "a").close()
    os.makedirs(data_dir, exist_ok=True)
    with open(os.path.join(data_dir, "device-id"), "w") as f:
        f.write(ids[0] + "\n")
    return os.path.join(folder, f"{ids[0]}.jsonl"), os.path.join(folder, f"{ids[1 % devices]}.jsonl")


def late_answers(k):
    """`k` answers to the first deck's cards dated a week before the pinned time."""
    rng = random.Random(23)
    t = NOW - timedelta(days=7)
    return "".join(
        f'{{"id":"{rng.getrandbits(64):016x}","time":"{ts(t + timedelta(seconds=i))}","type":"review",'
        f'"card":"deck-0/c{i}","rating":3,"answer":"x","verdict":"right","score":1.0,"ms":4210,'
        f'"mode":"study"}}\n'
        for i in range(k)
    )


def run(cmd, env, stdin_text, mark=None):
    """Runs one process under /usr/bin/time; returns (seconds, peak RSS in KiB, stdout, marks).

    Seconds run from just before the exec to the process's exit. `marks` are the times (from
    the same start) at which stdout lines starting with `mark` arrived: deckard's stdout is
    line-buffered, so a card header is timed as it reaches the screen.
    """
    # Beside the cache, in the workload's folder (never in a progress folder).
    rss_file = os.path.join(os.path.dirname(env["DECKARD_CACHE"]), "rss.txt")
    err_file = os.path.join(os.path.dirname(env["DECKARD_CACHE"]), "stderr.txt")
    # /usr/bin/time rather than os.wait4: a forked child keeps the parent's peak RSS across exec,
    # so wait4 would report Python's size for every small command.
    full = ["/usr/bin/time", "-f", "%M %U %S", "-o", rss_file] + cmd
    marks = []
    with open(err_file, "wb") as err:
        t0 = time.perf_counter()
        p = subprocess.Popen(full, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=err)
        # Small inputs fit the pipe buffer: written whole before reading any output.
        p.stdin.write(stdin_text.encode())
        p.stdin.close()
        out = []
        for line in p.stdout:
            if mark and line.startswith(mark):
                marks.append(time.perf_counter() - t0)
            out.append(line)
        code = p.wait()
        elapsed = time.perf_counter() - t0
    if code != 0:
        sys.exit(f"{' '.join(cmd)} failed ({code}):\n{open(err_file).read()}")
    with open(rss_file) as f:
        rss, user, system = f.read().split()[-3:]
    return elapsed, int(rss), b"".join(out).decode(), marks, float(user) + float(system)


HEADER_MARK = "── ".encode()


def measure(cmd, env, stdin_text, runs, cache, cold, before=None, pick=None):
    """Median of `pick(run result)` (default: whole-process seconds), the highest peak RSS and
    the median CPU seconds over `runs`; `before` runs (untimed) ahead of each run. Warm runs
    follow one untimed run that fills the page cache and deckard's cache."""
    pick = pick or (lambda r: r[0])
    if not cold:
        if before:
            before()
        run(cmd, env, stdin_text, HEADER_MARK)
    values, rss, cpu = [], [], []
    for _ in range(runs):
        if cold:
            shutil.rmtree(cache, ignore_errors=True)
        if before:
            before()
        r = run(cmd, env, stdin_text, HEADER_MARK)
        values.append(pick(r))
        rss.append(r[1])
        cpu.append(r[4])
    return statistics.median(values), max(rss), statistics.median(cpu)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cards", default="1000,10000", help="comma-separated card counts")
    ap.add_argument("--files", type=int, default=1, help="deck files per workload")
    ap.add_argument("--devices", type=int, default=0, help="a progress folder of this many device files (0: one log)")
    ap.add_argument("--grow", type=int, default=0, help="folder mode: late answers another device adds before each warm run")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--answers", type=int, default=40, help="answers in the per-answer run")
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "deckard"))
    ap.add_argument("--only", default="study,decks,judge,answer")
    args = ap.parse_args()
    only = set(args.only.split(","))
    print(f"deckard: {args.bin}; median of {args.runs}; --now {NOW_TEXT}")
    print(f"{'workload':<22} {'what':<26} {'cold ms':>9} {'cold MiB':>9} {'warm ms':>9} {'warm MiB':>9} {'warm cpu':>9}")
    for cards in [int(c) for c in args.cards.split(",")]:
        folder = os.path.join(ROOT, "target", "bench-startup", f"{cards}-{args.files}")
        log = os.path.join(folder, "progress.jsonl")
        if not os.path.exists(os.path.join(folder, "decks")) or not os.path.exists(log):
            os.makedirs(folder, exist_ok=True)
            generate(folder, cards, args.files)
        judge_key = "deck-0/c0"
        own = other = None
        base = folder
        if args.devices > 0:
            folder = os.path.join(base, f"{args.devices}dev")
            data = os.path.join(folder, "home", ".local", "share", "deckard")
            sync = os.path.join(folder, "sync")
            own, other = split_into_devices(log, sync, args.devices, data)
            log = sync + "/"
        cache = os.path.join(folder, "cache")
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": os.path.join(folder, "home") if own else folder,
            "TZ": "UTC",
            "NO_COLOR": "1",
            "DECKARD_CACHE": cache,
            "DECKARD_DECKS": os.path.join(base, "decks"),
            "DECKARD_PROGRESS": log,
            "DECKARD_CONFIG": os.path.join(folder, "settings.toml"),
            "DECKARD_NOW": NOW_TEXT,
            "DECKARD_SEED": "7",
        }
        # Default settings, from a file of our own rather than the user's.
        open(os.path.join(folder, "settings.toml"), "a").close()
        written = own or log
        length = os.path.getsize(written)
        other_length = os.path.getsize(other) if other else 0

        def restore():
            # Answers append to the log: cut it back (same file, same prefix) between runs.
            if os.path.getsize(written) != length:
                os.truncate(written, length)
            if other and os.path.getsize(other) != other_length:
                os.truncate(other, other_length)

        def grow():
            # Another device's late answers arrive (a sync tool appends them), then the run.
            restore()
            with open(other, "a") as f:
                f.write(late_answers(args.grow))

        warm_before = grow if own and args.grow else restore
        reviews = sum(1 for _ in open(os.path.join(base, "progress.jsonl"))) - 1
        name = f"{cards}/{reviews}" + (f" {args.devices}dev" if own else "")
        study = [args.bin, "study", "--new", "0"]
        rows = []
        if "study" in only:
            rows.append(("start -> first card", study, ":quit\n", lambda r: r[3][0]))
        if "decks" in only:
            rows.append(("decks", [args.bin, "decks"], "", None))
        if "judge" in only:
            rows.append(("judge one card", [args.bin, "judge", judge_key, "Shanghai"], "", None))
        for what, cmd, stdin_text, pick in rows:
            c = measure(cmd, env, stdin_text, args.runs, cache, True, restore, pick)
            w = measure(cmd, env, stdin_text, args.runs, cache, False, warm_before, pick)
            print(f"{name:<22} {what:<26} {c[0]*1000:>9.1f} {c[1]/1024:>9.1f} {w[0]*1000:>9.1f} {w[1]/1024:>9.1f} {w[2]*1000:>9.0f}")
        if "answer" in only:
            # Each answer: a wrong typed answer, then Enter to accept the suggested rating.
            n = args.answers
            typed = "x\n\n" * n + ":quit\n"
            # From the second card's header to the last one's: n - 1 answers, each recorded,
            # synced and followed by choosing and printing the next card.
            more = measure(study, env, typed, args.runs, cache, False, restore,
                           lambda r: (r[3][-1] - r[3][1]) / (len(r[3]) - 2))
            per = more[0] * 1000
            print(f"{name:<22} {'answer -> next (fsync)':<26} {'':>9} {'':>9} {per:>9.2f} {more[1]/1024:>9.1f}")
        restore()


if __name__ == "__main__":
    main()
