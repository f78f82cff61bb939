"""Random keys in a real pseudo-terminal, typed in bursts and at any pace, as a hurried or
careless learner types them: the quiz and the deck never crash. Keys that arrive while a
screen changes used to crash the quiz (an answer marked against the next question; a page
closed twice); these runs found them."""

from __future__ import annotations

import random
import time

import pytest

from conftest import FIXTURES

BANK = str(FIXTURES / "quiz" / "ch03-small.yaml")
KEYS = {
    b"a": 3, b"b": 2, b"c": 2, b"1": 1, b"2": 2, b"3": 1, b"\r": 6, b" ": 3, b"\x1b[A": 1,
    b"\x1b[B": 1, b"\x1b[1;2A": 1, b"\x1b[1;2B": 1, b"\x1b[C": 1, b"\x1b[D": 1, b"d": 0.5,
    b"v": 0.5, b"m": 0.3, b"r": 0.5, b"s": 0.3, b"\x1b": 0.3, b"?": 0.3,
}
SECONDS = 12  # of typing: not a speed test, the keys just have to land in every state


def type_randomly(term, rnd: random.Random) -> None:
    keys, weights = list(KEYS), list(KEYS.values())
    end = time.monotonic() + SECONDS
    while time.monotonic() < end:
        burst = rnd.choice((1, 1, 1, 2, 3))
        term.send(b"".join(rnd.choices(keys, weights, k=burst)))
        term.read(rnd.choice((0.0, 0.01, 0.05, 0.2)))
        if b"Traceback" in term.raw:
            break


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_keys_never_crash_the_quiz(terminal, tmp_path, seed):
    term = terminal("quiz", "--quiz", BANK, "--data-dir", str(tmp_path / "data"),
                    "--seed", str(seed))
    term.wait_for("Whole chapter")
    type_randomly(term, random.Random(seed))
    term.read(0.5)
    assert b"Traceback" not in term.raw, term.raw[-3000:].decode("utf-8", "replace")
    term.send(b"\x03")  # Ctrl+C: it ends, and cleanly
    assert term.wait_exit() == 0
