"""Start-up as instructions: what the minimal app, the deck and the quiz each execute up to
their first frame, counted by valgrind, and the ratios. Unlike time, the count hardly moves
from one launch to the next on a shared machine (by well under 0.1%), so a change of a few
milliseconds to start-up shows in one launch each, where bench.py's start-up needs many
and still moves by 0.1x between runs.

    python bench/instructions.py [--colors truecolor|256] [--app DIR]

Each subject runs as bench.py runs it (the same command, folder, terminal and environment,
on a byte-compiled copy of --app: this checkout unless told), in a pty of 80x24, under
`valgrind --tool=cachegrind --cache-sim=no`, through bench/first_frame.py, which ends it
at its first frame. Its screen is checked for the text bench.py waits for at start-up, so
that the count is known to end at the frame that shows it.

Instructions are not time: they leave out what the kernel does (reading files, faulting
pages in), and Python's imports do more of that per instruction than drawing does, so the
ratios read higher than bench.py's time ratios (the deck: 1.29x in instructions, 1.15x-1.28x
in bench.py's runs). Compare counts with counts. Needs valgrind (`apt install valgrind`); a benchmark, not a test.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

from bench import (BENCH_DIR, ROOT, BenchError, chapterdeck_subject, launch, minimal_subject,
                   quiz_subject, snapshot)

FIRST_FRAME = BENCH_DIR / "first_frame.py"
REFS = re.compile(r"I\s+refs:\s+([\d,]+)")


def count(subject, colours: str, log: Path, args: argparse.Namespace) -> int:
    """The instructions `subject` executes up to its first frame."""
    subject = subject.variant(colours, False)
    python, *rest = subject.argv
    counted = replace(
        subject,
        argv=[shutil.which("valgrind"), "--tool=cachegrind", "--cache-sim=no",
              "--cachegrind-out-file=/dev/null", f"--log-file={log}",
              python, str(FIRST_FRAME), *rest],
        # A fixed hash seed: with a random one, set and dict orders (and so the count) move
        # by ~0.01% from launch to launch.
        env={**subject.env, "PYTHONHASHSEED": "0"})
    session = launch(counted, args)
    try:
        if not session.wait_end(args.timeout):
            raise BenchError(f"{subject.name} did not end at its first frame within "
                             f"{args.timeout:.0f} s")
        if not session.on_screen(subject.first):
            raise BenchError(f"{subject.name}'s first frame does not show {subject.first!r}:"
                             f"\n{session.dump()}")
    finally:
        session.close()
    found = REFS.search(log.read_text())
    if found is None:
        raise BenchError(f"valgrind gave no count for {subject.name}: {log.read_text()}")
    return int(found.group(1).replace(",", ""))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--colors", choices=["truecolor", "256"], default="truecolor")
    parser.add_argument("--app", type=Path, default=ROOT)
    parser.add_argument("--timeout", type=float, default=300.0)
    args = parser.parse_args()
    args.cols, args.rows = 80, 24
    if shutil.which("valgrind") is None:
        print("instructions.py needs valgrind: apt install valgrind", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as work:
        app = snapshot(Path(work) / "app", args.app)
        subjects = [minimal_subject(1), chapterdeck_subject(app),
                    quiz_subject(app, Path(work) / "quiz-data")]
        # Once unmeasured: the first launch of a new copy reads the chapter and the bank from
        # YAML and caches them, as an install's first launch does; later launches read the
        # cache.
        for subject in subjects[1:]:
            count(subject, args.colors, Path(work) / "warm.log", args)
        counts = {s.name: count(s, args.colors, Path(work) / "count.log", args)
                  for s in subjects}
    base = counts[subjects[0].name]
    for name, n in counts.items():
        print(f"{args.colors} {name}: {n / 1e6:,.1f} M instructions to the first frame, "
              f"{n / base:.3f}x the minimal app")
    return 0


if __name__ == "__main__":
    sys.exit(main())
