"""Start-up only, many times: the minimal app, the deck and the quiz launched in turn (the order
reversed every other round), each until its first step or question 1 is on screen, then quit.
bench.py measures start-up once per run, and start-up is the noisiest figure on a shared
machine; this gives a median of many launches in about a second a launch.

    python bench/startups.py [--launches N] [--colors truecolor|256] [--app DIR]

--app names a folder holding tui/ and slides/ (default: this checkout), so that an older
commit (`git archive <commit> tui slides | tar -x -C DIR`) can be measured beside it.
This is a benchmark, not a test: it prints figures and never fails on them.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

from bench import BENCH_DIR, QUIZ_BANK, ROOT, PtySession


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--launches", type=int, default=12, help="launches of each (12)")
    parser.add_argument("--colors", choices=["truecolor", "256"], default="truecolor")
    parser.add_argument("--app", type=Path, default=ROOT)
    args = parser.parse_args()
    env = {"COLORTERM": "truecolor"} if args.colors == "truecolor" else {}
    python = sys.executable
    subjects = {
        "minimal app": ([python, str(BENCH_DIR / "minimal_app.py")], BENCH_DIR, "Step 1", b"q"),
        "deck": ([python, "-m", "tui", "--step", "1"], args.app, "The AI Product Manager", b"q"),
        "quiz": ([python, "-m", "tui", "quiz", "--quiz", str(QUIZ_BANK), "--chapter", "--seed",
                  "3"], args.app, "Question 1 / 8", b"\x03"),
    }
    taken: dict[str, list[float]] = {name: [] for name in subjects}
    for launch in range(args.launches):
        names = list(subjects) if launch % 2 == 0 else list(subjects)[::-1]
        for name in names:
            argv, cwd, first, quit_key = subjects[name]
            with tempfile.TemporaryDirectory() as data:  # no unfinished quiz to offer
                session = PtySession(argv, cwd, 80, 24, dict(env, CHAPTERDECK_DATA_DIR=data))
                seconds, _ = session.wait_for(first, session.t_launch, 0, 30, 0.3)
                session.quit(quit_key, 20)
            taken[name].append(seconds * 1000)
    minimal = statistics.median(taken["minimal app"])
    for name, times in taken.items():
        median = statistics.median(times)
        print(f"{args.colors} {name}: median {median:.0f} ms, {median / minimal:.2f}x the "
              f"minimal app; launches {[round(t) for t in times]}")


if __name__ == "__main__":
    main()
