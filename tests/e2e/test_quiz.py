"""End to end: the installed command takes a quiz in a real pseudo-terminal, is killed or
loses its terminal mid-quiz, and the next start resumes with every answer kept."""

from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path

import pytest

from conftest import FIXTURES

BANK = str(FIXTURES / "quiz" / "ch03-small.yaml")


INSTRUCTIONS = ("Choose one.", "Choose 2.", "Put them in order", "For each line")


def question_on_screen(term, number: int) -> str:
    """The screen once question `number` is fully drawn (a frame can arrive in pieces)."""
    term.wait_for(f"Question {number} / 8")
    for _ in range(900):  # only against a hang: a busy machine draws slowly
        text = term.text()
        if any(i in text for i in INSTRUCTIONS) and "Enter  Answer" in text:
            return text
        term.read()
    raise AssertionError(f"question {number} never finished drawing:\n{term.text()}")


def answer_one(term, number: int) -> None:
    """Answer the question on screen, whatever its type, with certainty 2."""
    text = question_on_screen(term, number)
    if "Choose one." in text:
        keys = [b"a"]
    elif "Choose 2." in text:
        keys = [b"a", b"\r"]
    elif "Put them in order" in text:
        keys = [b"\r"]
    else:  # "For each line": matching, so give each of the three lines answer A
        keys = [b"a", b"a", b"a", b"\r"]
    for key in keys:
        term.send(key)
    term.wait_for("How sure are you?")
    term.send(b"2")
    term.wait_for("Review the step")  # the feedback's keys: the answer is saved by now
    term.send(b"\r")


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGHUP], ids=["killed", "hung-up"])
def test_a_quiz_cut_off_after_three_answers_resumes(terminal, how):
    first = terminal("quiz", "--quiz", BANK, "--chapter", "--seed", "5")
    for number in (1, 2, 3):
        answer_one(first, number)
    first.wait_for("Question 4 / 8")
    os.kill(first.pid, how)
    first.wait_exit()

    second = terminal("quiz", "--quiz", BANK)
    second.wait_for("An unfinished quiz is waiting")
    second.wait_for("3 of 8")
    second.send(b"r")
    second.wait_for("Question 4 / 8")
    for number in range(4, 9):
        answer_one(second, number)
    second.wait_for("Results — Whole chapter, 8 questions")
    second.wait_for("Mastery per step")
    second.send(b"q")
    assert second.wait_exit() == 0

    third = terminal("scores", "--quiz", BANK, "--json")
    assert third.wait_exit() == 0
    data = json.loads(bytes(third.raw).decode().replace("\r\n", "\n"))
    (attempt,) = data["attempts"]
    assert attempt["questions"] == 8 and attempt["label"] == "Whole chapter"
    # Each of the eight answers rated its question's review card once, the three before the
    # cut as the five after: the due date is that of the one answer replayed.
    from tui.quiz.review import replay, stamp
    from tui.store.scores import ScoreStore

    store = ScoreStore.open(Path(os.environ["CHAPTERDECK_DATA_DIR"]))
    answers = {a.question_id: a for a in store.answers(data["chapter"])}
    assert len(answers) == 8
    assert {s["question"]: s["due"] for s in data["schedule"]} == \
        {qid: stamp(replay(qid, [a]).due) for qid, a in answers.items()}


def test_a_quiz_whose_terminal_closes_without_sighup_ends_and_keeps_its_answers(tmp_path):
    """`setsid chapterdeck quiz`, or `su user -c ...`, then the terminal closes: no SIGHUP
    arrives (here: it is ignored), and reading the terminal returns nothing at once for
    ever. The quiz must end by itself, its answers saved and its attempt offered again."""
    from terminal import Terminal, installed_command

    command = f"trap '' HUP; exec {installed_command()} quiz --quiz {BANK} --chapter --seed 5"
    term = Terminal(["/bin/sh", "-c", command], cwd=str(tmp_path))
    try:
        answer_one(term, 1)
        term.wait_for("Question 2 / 8")
        os.close(term.fd)  # the terminal window closes
        for _ in range(600):  # only guards against a hang; it ends at once
            pid, status = os.waitpid(term.pid, os.WNOHANG)
            if pid:
                break
            time.sleep(0.1)
        else:
            raise AssertionError("chapterdeck kept running with its terminal gone")
        assert os.waitstatus_to_exitcode(status) == 129
    finally:
        try:
            os.kill(term.pid, signal.SIGKILL)
            os.waitpid(term.pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
    from tui.store.scores import ScoreStore

    attempt = ScoreStore.open().unfinished("ch03-ai-product-roles")
    assert attempt is not None and len(attempt.answers) == 1
