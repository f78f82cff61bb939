"""What the presenter tools cost on the wire, in a real pty at 80x24 (see bench.py).

  1. idle bytes in 5 s at step 1 with the clock hidden (must be 0), and with a notes view
     following the deck over the link (still 0: the link sends nothing while nothing changes)
  2. bytes per second while the clock (key T) is shown, over 10 s
  3. bytes per second of `chapterdeck notes` itself, which redraws its time once a second

    python bench/presenter.py [--write]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench import QUIT, ROOT, PtySession, machine, write_results  # noqa: E402

SETTLE = 1.5


def deck(cols: int, rows: int) -> PtySession:
    session = PtySession([sys.executable, "-m", "tui", "--step", "1"], ROOT, cols, rows)
    session.wait_for("The AI Product Manager", session.t_launch, 0, 30, 0.3)
    return session


def rate(session: PtySession, seconds: float) -> float:
    return session.idle_bytes(seconds) / seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--write", action="store_true", help="append to bench/RESULTS.md")
    args = parser.parse_args(argv)
    os.environ["CHAPTERDECK_RUNTIME_DIR"] = tempfile.mkdtemp(prefix="cd-bench-")
    cols, rows = 80, 24
    rows_out = []

    session = deck(cols, rows)
    try:
        time.sleep(SETTLE)
        hidden = session.idle_bytes(5)
        notes = PtySession([sys.executable, "-m", "tui", "notes"], ROOT, cols, rows)
        try:
            notes.wait_for("The AI Product Manager", notes.t_launch, 0, 30, 0.3)
            time.sleep(SETTLE)
            followed = session.idle_bytes(5)
            notes_rate = rate(notes, 10)
            session.press(b"T")
            time.sleep(SETTLE)
            clock_rate = rate(session, 10)
        finally:
            notes.quit(QUIT, 10)
        session.press(b"T")
        time.sleep(SETTLE)
        hidden_again = session.idle_bytes(5)
    finally:
        session.quit(QUIT, 10)

    rows_out = [
        ("deck idle bytes in 5 s, clock hidden", f"{hidden}", "0"),
        ("deck idle bytes in 5 s, a notes view following", f"{followed}", "0"),
        ("deck bytes per second, clock shown (10 s)", f"{clock_rate:.0f}", "small"),
        ("deck idle bytes in 5 s, clock hidden again", f"{hidden_again}", "0"),
        ("notes view bytes per second (time redrawn each second)", f"{notes_rate:.0f}", ""),
    ]
    table = "| measure | bytes | target |\n|---|---:|---|\n" + "\n".join(
        f"| {a} | {b} | {c} |" for a, b, c in rows_out)
    report = (f"## {dt.datetime.now():%Y-%m-%d %H:%M}: presenter tools, {machine()}\n\n"
              f"Command: `python bench/presenter.py`; {cols}x{rows} pty, chapter 3 at step 1."
              f"\n\n{table}")
    print(report)
    if args.write:
        write_results(report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
