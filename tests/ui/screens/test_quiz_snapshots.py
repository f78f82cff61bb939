"""Snapshot pictures of every quiz screen at 80x24 and at a projector's 60x20.

The small test bank and fixed seeds make the questions and their order the same every run;
history is written with fixed dates in UTC. Review changed snapshots as pictures.
"""

from __future__ import annotations

import time
from datetime import datetime, timezone
from pathlib import Path

import pytest

from tui.content.loader import load_chapter
from tui.content.paths import default_chapter
from tui.content.quizload import load_quiz
from tui.quiz import review
from tui.quiz.scoring import mark_answer
from tui.quiz.session import Course
from tui.store.scores import ScoreStore, StoredAnswer
from tui.ui.app import DeckApp, QuizOptions

from conftest import FIXTURES

SIZES = pytest.mark.parametrize("size", [(80, 24), (60, 20)], ids=lambda s: f"{s[0]}x{s[1]}")


@pytest.fixture(autouse=True)
def utc(monkeypatch):
    """UTC, and a clock the day after the history's last attempt (for what is due)."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    monkeypatch.setattr(review, "clock", lambda: datetime(2026, 11, 14, 12, 0,
                                                          tzinfo=timezone.utc))
    yield
    monkeypatch.undo()
    time.tzset()


def course() -> Course:
    chapter = load_chapter(default_chapter())
    return Course(chapter, load_quiz(FIXTURES / "quiz" / "ch03-small.yaml", chapter))


def app(data_dir: Path, start: str = "quiz", take: str | None = None,
        certainty: bool = True, theme: str = "dark") -> DeckApp:
    c = course()
    return DeckApp(c.chapter, course=c, start=start, take=take, theme=theme,
                   quiz=QuizOptions(certainty=certainty, seed=7, data_dir=data_dir,
                                    clock=lambda: 0.0))


def history(data_dir: Path) -> None:
    """Three finished attempts with fixed dates, and one miss answered wrong twice."""
    c = course()
    store = ScoreStore.open(data_dir)
    plan = [  # (question, response, certainty) per attempt
        [("bank-topology", 2, 3), ("startup-scrapers", 1, 2), ("pm-shift", 0, 1)],
        [("bank-topology", 2, 2), ("startup-scrapers", 1, 3), ("golden-set", 0, 3)],
        [("bank-topology", 0, 3), ("two-rules", [0, 1], 2), ("eval-role", 0, 3)],
    ]
    for day, answers in enumerate(plan, 1):
        ids = [q for q, _, _ in answers]
        attempt = store.start(c.quiz_id, "chapter", "Whole chapter",
                              day, ids, True)
        stamp = f"2026-11-{day + 10:02d}T09:30:00+00:00"
        for position, (qid, response, certainty) in enumerate(answers):
            marked = mark_answer(c.bank.question(qid), response, certainty)
            store.record(attempt, StoredAnswer(position, qid, response, certainty,
                                               marked.credit, marked.mark, stamp, 40.0))
        store.finish(attempt)
        store.conn.execute("UPDATE attempts SET started_at = ?, finished_at = ? WHERE id = ?",
                           (stamp, stamp, attempt.id))
    store.close()


@SIZES
def test_menu(snap_compare, tmp_path, size):
    history(tmp_path)
    assert snap_compare(app(tmp_path), terminal_size=size)


@SIZES
def test_single_choice(snap_compare, tmp_path, size):
    assert snap_compare(app(tmp_path, take="step:4"), terminal_size=size)


@SIZES
def test_certainty(snap_compare, tmp_path, size):
    assert snap_compare(app(tmp_path, take="step:4"), press=["b"], terminal_size=size)


@SIZES
def test_feedback(snap_compare, tmp_path, size):
    assert snap_compare(app(tmp_path, take="step:4"), press=["b", "3"], terminal_size=size)


@pytest.mark.parametrize("theme", ["light", "ansi"])
def test_feedback_in_each_theme(snap_compare, tmp_path, theme):
    assert snap_compare(app(tmp_path, take="step:4", theme=theme), press=["c", "2"],
                        terminal_size=(80, 24))


@SIZES
def test_multiple_select(snap_compare, tmp_path, size):
    assert snap_compare(app(tmp_path, take="step:5"), press=["a"], terminal_size=size)


@SIZES
def test_ordering(snap_compare, tmp_path, size):
    assert snap_compare(app(tmp_path, take="step:7"), press=["space", "down"],
                        terminal_size=size)


@SIZES
def test_matching(snap_compare, tmp_path, size):
    assert snap_compare(app(tmp_path, take="step:2"), press=["b"], terminal_size=size)


@SIZES
def test_results(snap_compare, tmp_path, size):
    assert snap_compare(app(tmp_path, take="step:4"), press=["c", "2", "enter"],
                        terminal_size=size)


@SIZES
def test_menu_with_questions_due(snap_compare, tmp_path, size):
    history(tmp_path)
    assert snap_compare(app(tmp_path), terminal_size=size)


@SIZES
def test_scores(snap_compare, tmp_path, size):
    history(tmp_path)
    assert snap_compare(app(tmp_path, start="scores"), terminal_size=size)


@SIZES
def test_error_review(snap_compare, tmp_path, size):
    history(tmp_path)
    assert snap_compare(app(tmp_path, start="review"), terminal_size=size)


@SIZES
def test_resume_offer(snap_compare, tmp_path, size):
    c = course()
    store = ScoreStore.open(tmp_path)
    attempt = store.start(c.quiz_id, "chapter", "Whole chapter", 3,
                          [q.id for q in c.bank.questions], True)
    store.conn.execute("UPDATE attempts SET started_at = '2026-11-20T18:05:00+00:00', "
                       "pid = NULL WHERE id = ?", (attempt.id,))
    store.close()
    assert snap_compare(app(tmp_path), terminal_size=size)


def test_step_review_from_the_quiz(snap_compare, tmp_path):
    assert snap_compare(app(tmp_path, take="step:4"), press=["b", "3", "v"],
                        terminal_size=(80, 24))
