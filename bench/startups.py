"""Start-up only, many times: what bench.py measures for start-up, alone, in about a second a
launch. Each round launches the minimal app, the deck and the quiz once, in turn (the order
reversed every other round), each until its first step or question 1 is on screen, then
quits it; the ratios are the medians of the rounds' ratios (bench.Startups).

    python bench/startups.py [--launches N] [--colors truecolor|256] [--app DIR]

--app names a folder holding tui/, slides/ and quizzes/ (default: this checkout), so that an
older commit (`git archive <commit> tui slides quizzes | tar -x -C DIR`) can be measured
beside it. As bench.py does, it measures a byte-compiled copy (bench.snapshot), as pip
installs it: with PYTHONDONTWRITEBYTECODE set, a checkout with stale bytecode would be
compiled from source at every launch, which the minimal app (Textual, compiled when pip
installed it) never pays.
This is a benchmark, not a test: it prints figures and never fails on them.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from bench import (ROOT, chapterdeck_subject, measure_startups, minimal_subject, quiz_subject,
                   snapshot)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--launches", type=int, default=12, help="rounds of launches (12)")
    parser.add_argument("--colors", choices=["truecolor", "256"], default="truecolor")
    parser.add_argument("--app", type=Path, default=ROOT)
    parser.add_argument("--quiet-ms", type=float, default=300.0)
    parser.add_argument("--timeout", type=float, default=30.0)
    args = parser.parse_args()
    args.cols, args.rows = 80, 24
    sys.setswitchinterval(0.0005)  # as bench.py: the reader thread gets the GIL back promptly
    with tempfile.TemporaryDirectory() as work:
        app = snapshot(Path(work) / "app", args.app)
        subjects = [minimal_subject(1), chapterdeck_subject(app),
                    quiz_subject(app, Path(work) / "quiz-data")]
        starts = measure_startups(subjects, args.colors, args.launches, args)
    base = subjects[0].name
    for subject in subjects:
        median, _, ratio = starts.row(subject.name, base)
        print(f"{args.colors} {subject.name}: median {median} ms, {ratio} the minimal app; "
              f"launches {[round(t) for t in starts.ms[subject.name]]}")


if __name__ == "__main__":
    main()
