"""An attempt resumed after the question bank was revised: the questions still in it are
asked, each answer is kept at its question's place in the attempt, and an attempt with none
left is never resumed into an empty quiz."""

from __future__ import annotations

import dataclasses

import pytest

from tui.content.loader import load_chapter
from tui.content.paths import default_chapter
from tui.content.quizload import load_quiz
from tui.quiz.session import Course, NothingToTake, QuizSession, Unfinished
from tui.quiz.sampling import Selection
from tui.store.scores import ScoreStore

from conftest import FIXTURES


@pytest.fixture(scope="module")
def course() -> Course:
    chapter = load_chapter(default_chapter())
    return Course(chapter, load_quiz(FIXTURES / "quiz" / "ch03-small.yaml", chapter))


def without(course: Course, *ids: str) -> Course:
    """The same course after a revision of its bank that removed `ids`."""
    kept = tuple(q for q in course.bank.questions if q.id not in ids)
    return dataclasses.replace(course, bank=dataclasses.replace(course.bank, questions=kept))


def begun(course: Course, store: ScoreStore, n: int = 4) -> QuizSession:
    ids = tuple(q.id for q in course.bank.questions[:n])
    return QuizSession.begin(course, store, Selection("chapter", "Whole chapter", ids), True, 7)


def give_an_answer(session: QuizSession) -> None:
    q = session.question
    response = {"single": 0, "multiple": [0], "order": list(range(len(q.options))),
                "match": [0] * len(q.pairs)}[q.kind]  # any answer that fits: kept is what counts
    session.answer(response, 2, 4.0)
    session.advance()


def test_answers_after_a_removed_question_are_kept_at_their_own_places(tmp_path, course):
    store = ScoreStore.open(tmp_path)
    session = begun(course, store)
    a, b, c, d = session.attempt.question_ids
    give_an_answer(session)
    give_an_answer(session)  # a and b answered, then the run is cut off
    store.close()
    revised = without(course, b)
    unfinished = revised.unfinished(ScoreStore.open(tmp_path))
    assert unfinished == Unfinished(unfinished.attempt, asked=3, answered=1)
    assert unfinished.gone == 1
    resumed = QuizSession.resume(revised, ScoreStore.open(tmp_path), unfinished.attempt)
    assert [q.id for q in resumed.questions] == [a, c, d]
    assert resumed.position == 1 and resumed.question.id == c
    give_an_answer(resumed)  # c: before, this went to b's place and was refused
    give_an_answer(resumed)
    assert resumed.save_error == "" and not resumed.unsaved
    assert resumed.done and len(resumed.marked) == 3
    kept = {a.position: a.question_id for a in ScoreStore.open(tmp_path).attempt(
        unfinished.attempt.id).answers}
    assert kept == {0: a, 1: b, 2: c, 3: d}  # b's answer stays; c and d at their places


def test_an_attempt_none_of_whose_questions_is_left_is_not_resumed(tmp_path, course):
    store = ScoreStore.open(tmp_path)
    session = begun(course, store, n=2)
    give_an_answer(session)
    revised = without(course, *session.attempt.question_ids)
    unfinished = revised.unfinished(store)
    assert (unfinished.asked, unfinished.answered, unfinished.gone) == (0, 0, 2)
    with pytest.raises(NothingToTake, match="none of its questions"):
        QuizSession.resume(revised, store, unfinished.attempt)
    assert store.attempts(revised.quiz_id) == []  # no 0/0 attempt in the history
    assert course.unfinished(store).asked == 2  # still there for the bank it was begun on


def test_the_quiz_screens_load_without_the_results_and_the_report():
    """Question 1 needs neither the results' tables nor the report's rows: the modules that
    make them (~5 ms of the quiz's start) load with the first page that shows them."""
    import subprocess
    import sys

    code = ("import sys; import tui.ui.screens.quiz; "
            "loaded = {'tui.quiz.results', 'tui.quiz.report'} & set(sys.modules); "
            "assert not loaded, loaded; "
            "from tui.quiz.session import Course; from tui.ui.quizrender import QuizRenderer; "
            "import tui.quiz.results, tui.quiz.report")
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
