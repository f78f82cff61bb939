"""Spaced review with FSRS: ratings from what the learner did, the schedule kept in the score
database with each answer, built from the history of a store migrated from schema 2, and read
back as "due" by the menu, `quiz --due` and `scores`. A fixed clock throughout."""

from __future__ import annotations

import json
import sqlite3
import time
from datetime import datetime, timedelta, timezone

import pytest
from fsrs import Card, Rating

from tui.cli import main
from tui.content.loader import load_chapter
from tui.content.paths import default_chapter
from tui.content.quizload import load_quiz
from tui.quiz import review
from tui.quiz.scoring import mark_answer
from tui.quiz.session import Course, NothingToTake, QuizSession
from tui.quiz.sampling import Selection
from tui.store.scores import (
    DB_NAME, MIGRATIONS, AlreadyAnswered, ScoreStore, StoredAnswer, StoreError,
)

from conftest import FIXTURES

SMALL_BANK = FIXTURES / "quiz" / "ch03-small.yaml"
NOW = datetime(2026, 11, 20, 9, 0, tzinfo=timezone.utc)
# The small bank's questions and a right and a wrong response to each.
RIGHT = {"bank-topology": 0, "startup-scrapers": 1}
WRONG = {"bank-topology": 2, "startup-scrapers": 0}


@pytest.fixture(scope="module")
def course() -> Course:
    chapter = load_chapter(default_chapter())
    return Course(chapter, load_quiz(SMALL_BANK, chapter))


class Clock:
    """The time review.clock() tells: set, and moved on, by the test."""

    def __init__(self, at: datetime) -> None:
        self.at = at

    def __call__(self) -> datetime:
        return self.at


@pytest.fixture
def clock(monkeypatch):
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    fixed = Clock(NOW)
    monkeypatch.setattr(review, "clock", fixed)
    yield fixed
    monkeypatch.undo()
    time.tzset()


def take(course: Course, store: ScoreStore, answers: list[tuple[str, object, int | None]],
         certainty: bool = True) -> QuizSession:
    """One attempt answering each (question, response, certainty) in turn."""
    session = QuizSession.begin(course, store, Selection("chapter", "Whole chapter",
                                                         tuple(q for q, _, _ in answers)),
                                certainty, seed=3)
    for _, response, level in answers:
        session.answer(response, level, 1.0)
        session.advance()
    return session


def due_at(store: ScoreStore, course: Course) -> dict[str, datetime]:
    return course.due_times(store)


# -- ratings ----------------------------------------------------------------------------------

@pytest.mark.parametrize("credit, certainty, rating", [
    (0.0, 3, Rating.Again), (0.0, None, Rating.Again),
    (1.0, 1, Rating.Hard), (1.0, 2, Rating.Good), (1.0, 3, Rating.Easy),
    (0.5, 3, Rating.Hard), (0.5, None, Rating.Hard),
    (1.0, None, Rating.Good),
])
def test_ratings_follow_what_the_learner_did(credit, certainty, rating):
    assert review.rating(credit, certainty) == rating


def test_a_wrong_answer_is_due_within_a_day(course, clock):
    store = ScoreStore(None)
    take(course, store, [("bank-topology", WRONG["bank-topology"], 3)])
    due = due_at(store, course)["bank-topology"]
    assert NOW < due <= NOW + timedelta(days=1)


def test_right_at_certainty_3_is_due_later_than_right_at_1(course, clock):
    sure, unsure = ScoreStore(None), ScoreStore(None)
    take(course, sure, [("bank-topology", RIGHT["bank-topology"], 3)])
    take(course, unsure, [("bank-topology", RIGHT["bank-topology"], 1)])
    assert due_at(sure, course)["bank-topology"] > due_at(unsure, course)["bank-topology"] \
        > NOW


def test_without_certainty_a_right_answer_rates_good(course, clock):
    plain, good = ScoreStore(None), ScoreStore(None)
    take(course, plain, [("bank-topology", RIGHT["bank-topology"], None)], certainty=False)
    take(course, good, [("bank-topology", RIGHT["bank-topology"], 2)])
    assert due_at(plain, course) == due_at(good, course)


def test_the_schedule_grows_with_each_right_answer_and_falls_back_on_a_miss(course, clock):
    store = ScoreStore(None)
    gaps = []
    for response in (RIGHT, RIGHT, WRONG):
        take(course, store, [("bank-topology", response["bank-topology"], 2)])
        due = due_at(store, course)["bank-topology"]
        gaps.append(due - clock.at)
        clock.at = due  # the learner comes back when it is due
    assert gaps[1] > gaps[0] and gaps[2] <= timedelta(days=1)


def test_rating_as_answers_come_equals_replaying_the_history(course, clock):
    store = ScoreStore(None)
    for day, response in enumerate((RIGHT, WRONG, RIGHT, RIGHT)):
        clock.at = NOW + timedelta(days=3 * day)
        take(course, store, [("bank-topology", response["bank-topology"], 3)])
    (card,) = [c for (c,) in store.conn.execute("SELECT card FROM cards")]
    history = store.answers(course.quiz_id)
    assert len(history) == 4
    assert Card.from_json(card) == review.replay("bank-topology", history)


# -- kept with the answer -----------------------------------------------------------------

def test_the_card_is_written_in_the_answers_transaction(course, clock):
    store = ScoreStore(None)
    attempt = store.start(course.quiz_id, "chapter", "x", 1, ["bank-topology"], True)
    answer = StoredAnswer(0, "bank-topology", 0, 2, 1.0, 2.0, review.stamp(NOW), 1.0)

    def broken(previous, history):
        raise sqlite3.OperationalError("disk I/O error")

    with pytest.raises(StoreError, match="disk I/O error"):  # SQLite's error, told as the store's
        store.record(attempt, answer, broken)
    # Neither the answer nor a card: the two are kept together or not at all.
    assert store.attempt(attempt.id).answers == []
    assert store.conn.execute("SELECT count(*) FROM cards").fetchone()[0] == 0


def test_a_resumed_attempt_never_rates_an_answer_twice(course, clock, tmp_path):
    store = ScoreStore.open(tmp_path)
    session = QuizSession.begin(course, store, Selection(
        "chapter", "Whole chapter", ("bank-topology", "startup-scrapers")), True, seed=3)
    session.answer(RIGHT["bank-topology"], 3, 1.0)
    session.advance()
    store.close()  # cut off here, as by a kill

    store = ScoreStore.open(tmp_path)
    attempt = store.unfinished(course.quiz_id)
    resumed = QuizSession.resume(course, store, attempt)
    assert resumed.position == 1
    resumed.answer(WRONG["startup-scrapers"], 1, 1.0)
    resumed.advance()
    # The first answer again at its place (as a second process resuming the same attempt
    # would): refused, the first kept, and not rated a second time.
    first = attempt.answers[0]
    with pytest.raises(AlreadyAnswered):
        store.record(attempt, first, lambda previous, history: review.next_card(
            previous, first, history))
    cards = dict(store.conn.execute("SELECT question, card FROM cards"))
    answers = store.answers(course.quiz_id)
    assert len(answers) == 2
    for qid, card in cards.items():
        assert Card.from_json(card) == review.replay(qid, [a for a in answers
                                                           if a.question_id == qid])


# -- migrating from schema 2 ------------------------------------------------------------------

def schema_2_store(tmp_path, course) -> list[tuple]:
    """A score file as chapterdeck wrote it before the schedule: two finished attempts and a
    discarded one, on three days. Returns the answers as written."""
    db = sqlite3.connect(tmp_path / DB_NAME)
    for number in (1, 2):
        db.executescript(MIGRATIONS[number])
    db.execute("PRAGMA user_version = 2")
    rows = []
    plan = [("finished", [("bank-topology", WRONG, 3), ("startup-scrapers", RIGHT, 2)]),
            ("finished", [("bank-topology", RIGHT, 2)]),
            ("discarded", [("startup-scrapers", RIGHT, 3)])]
    for day, (status, answers) in enumerate(plan):
        at = review.stamp(NOW - timedelta(days=10 - 3 * day))
        cursor = db.execute(
            "INSERT INTO attempts (quiz, kind, label, seed, questions, certainty, started_at, "
            "finished_at, status) VALUES (?, 'chapter', 'Whole chapter', 1, ?, 1, ?, ?, ?)",
            (course.quiz_id, json.dumps([q for q, _, _ in answers]), at, at, status))
        for position, (qid, responses, level) in enumerate(answers):
            marked = mark_answer(course.bank.question(qid), responses[qid], level)
            row = (cursor.lastrowid, position, qid, json.dumps(responses[qid]), level,
                   marked.credit, marked.mark, at, 20.0)
            db.execute("INSERT INTO answers VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", row)
            rows.append(row)
    db.commit()
    db.close()
    return rows


def test_a_schema_2_store_keeps_every_answer_and_schedules_from_its_history(tmp_path, course,
                                                                           clock):
    rows = schema_2_store(tmp_path, course)
    store = ScoreStore.open(tmp_path)
    assert store.conn.execute("PRAGMA user_version").fetchone()[0] == 3
    kept = [tuple(row) for row in store.conn.execute(
        "SELECT * FROM answers ORDER BY attempt_id, position")]
    assert kept == rows
    assert store.conn.execute("SELECT count(*) FROM cards").fetchone()[0] == 0
    times = course.due_times(store)  # the first read builds the cards from the answers
    assert set(times) == {"bank-topology", "startup-scrapers"}
    for qid in times:
        history = store.answers_to(course.quiz_id, qid)
        assert times[qid] == review.replay(qid, history).due
    # bank-topology: wrong 10 days ago, right (Good) 7 days ago: due 2 days after that, so
    # due now; startup-scrapers: right (Good, then Easy 4 days ago, discarded or not): later.
    assert course.due(store) == ["bank-topology"]
    # Built once: the next open reads the same cards without building them again.
    again = ScoreStore.open(tmp_path)
    assert again.conn.execute("SELECT count(*) FROM cards").fetchone()[0] == 2
    assert course.due_times(again) == times


def test_a_question_answered_before_the_schedule_gets_its_history_with_its_next_answer(
        tmp_path, course, clock):
    schema_2_store(tmp_path, course)
    store = ScoreStore.open(tmp_path)
    take(course, store, [("bank-topology", RIGHT["bank-topology"], 3)])  # before any read
    (card,) = [c for (c,) in store.conn.execute(
        "SELECT card FROM cards WHERE question = 'bank-topology'")]
    history = store.answers_to(course.quiz_id, "bank-topology")
    assert len(history) == 3 and Card.from_json(card) == review.replay("bank-topology",
                                                                       history)


# -- due ----------------------------------------------------------------------------------

def test_due_questions_come_most_overdue_first_and_only_from_the_bank(course, clock):
    store = ScoreStore(None)
    clock.at = NOW - timedelta(days=5)
    take(course, store, [("startup-scrapers", WRONG["startup-scrapers"], 2)])
    clock.at = NOW - timedelta(days=3)
    take(course, store, [("bank-topology", WRONG["bank-topology"], 2)])
    attempt = store.start(course.quiz_id, "chapter", "x", 1, ["gone"], True)
    store.record(attempt, StoredAnswer(0, "gone", 0, 2, 0.0, -2.0, review.stamp(clock.at), 1.0),
                 lambda p, h: review.replayed("gone", h))  # a question since removed
    clock.at = NOW
    assert course.due(store) == ["startup-scrapers", "bank-topology"]
    selection = course.due_review(store)
    assert selection.kind == "due" and selection.question_ids == ("startup-scrapers",
                                                                   "bank-topology")
    assert selection.label == "Due for review (2)"


def test_nothing_due_is_said_plainly(course, clock):
    with pytest.raises(NothingToTake, match="Nothing is due for review now"):
        course.due_review(ScoreStore(None))


def test_due_counts_today_and_the_next_seven_days_per_step(course, clock):
    store = ScoreStore(None)
    clock.at = NOW - timedelta(days=1)
    take(course, store, [("bank-topology", WRONG["bank-topology"], 2),  # due today
                         ("startup-scrapers", RIGHT["startup-scrapers"], 3)])  # in 7 days
    clock.at = NOW
    steps, totals = course.due_counts(store)
    by_step = {d.step_id: (d.today, d.week, d.scheduled) for d in steps}
    assert by_step["topologies"] == (1, 0, 1)
    assert by_step["mistakes"] == (0, 1, 1)
    assert by_step["ai-pm"] == (0, 0, 0)
    assert totals == (1, 1)


def test_scores_json_has_each_questions_next_due_date(course, clock, tmp_path, capsys):
    store = ScoreStore.open(tmp_path)
    take(course, store, [("bank-topology", WRONG["bank-topology"], 2),
                         ("startup-scrapers", RIGHT["startup-scrapers"], 3)])
    store.close()
    assert main(["scores", "--json", "--quiz", str(SMALL_BANK), "--data-dir",
                 str(tmp_path)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["schedule"] == [
        {"question": "bank-topology", "step": 4, "due": "2026-11-21T09:00:00+00:00"},
        {"question": "startup-scrapers", "step": 6, "due": "2026-11-28T09:00:00+00:00"}]
    assert data["due"]["today"] == 0 and data["due"]["next_7_days"] == 1
    step4 = next(s for s in data["due"]["steps"] if s["step"] == 4)
    assert step4 == {"step": 4, "id": "topologies", "today": 0, "next_7_days": 1,
                     "scheduled": 1}


def test_printed_scores_show_the_due_counts_per_step(course, clock, tmp_path, capsys):
    store = ScoreStore.open(tmp_path)
    clock.at = NOW - timedelta(days=1)
    take(course, store, [("bank-topology", WRONG["bank-topology"], 2)])
    store.close()
    clock.at = NOW
    assert main(["scores", "--quiz", str(SMALL_BANK), "--data-dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "Due for review" in out
    row = next(line for line in out.splitlines()
               if "Step 4" in line and "Today" not in line and "%" not in line)
    assert row.split()[-2:] == ["1", "0"]
    assert "In all: 1 due today, 0 more in the next 7 days." in " ".join(out.split())


def test_a_damaged_card_is_rebuilt_from_the_history_and_loses_nothing(course, clock):
    store = ScoreStore(None)
    take(course, store, [("bank-topology", WRONG["bank-topology"], 2)])
    store.conn.execute("UPDATE cards SET card = '{not json', due = 'soon'")
    assert course.due_times(store) == {}  # unreadable: left out, no crash
    clock.at = NOW + timedelta(days=2)
    take(course, store, [("bank-topology", RIGHT["bank-topology"], 2)])
    (card,) = [c for (c,) in store.conn.execute("SELECT card FROM cards")]
    assert Card.from_json(card) == review.replay("bank-topology", store.answers(course.quiz_id))
    assert set(course.due_times(store)) == {"bank-topology"}


def test_fsrs_is_imported_only_when_a_card_is_first_needed():
    """The quiz's first question needs no card: importing the module that schedules them
    does not import fsrs (it took ~8 ms of the quiz's start)."""
    import subprocess
    import sys

    code = ("import sys; from tui.quiz import review; assert 'fsrs' not in sys.modules; "
            "review.replay('q1', []); assert 'fsrs' in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
