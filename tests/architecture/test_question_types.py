"""Question types as one extension point: every type is in every table, a type in none of
them is an error where the bank is read, and a question's widget takes its answer to the
screen even when the next key comes before its message."""

from __future__ import annotations

import pytest

from tui.classroom.report import WRONG_CHOICES
from tui.content.quiz import QUESTION_TYPES
from tui.content.quizload import READING, check_quiz_text
from tui.export import PAPER
from tui.quiz.key import RIGHT_ANSWER
from tui.quiz.sampling import ARRANGE
from tui.quiz.scoring import MARKING, BadResponse, credit
from tui.ui.answers import ANSWERS, Answer

from conftest import FIXTURES

REGISTRIES = {"quizload.READING": READING, "scoring.MARKING": MARKING,
              "sampling.ARRANGE": ARRANGE, "key.RIGHT_ANSWER": RIGHT_ANSWER,
              "export.PAPER": PAPER, "classroom.report.WRONG_CHOICES": WRONG_CHOICES, "ui.answers.ANSWERS": ANSWERS}


@pytest.mark.parametrize("name", REGISTRIES)
def test_every_question_type_is_in_every_table_and_nothing_else(name):
    assert list(REGISTRIES[name]) == list(QUESTION_TYPES)


def test_every_answer_widget_is_an_answer_with_all_it_must_say():
    for kind, widget in ANSWERS.items():
        assert issubclass(widget, Answer), kind
        for method in ("instruction", "pick_hint", "body", "feedback", "action_pick",
                       "action_answer"):
            assert getattr(widget, method) is not getattr(Answer, method), (kind, method)


def test_a_type_no_table_knows_is_an_error_where_the_bank_names_it(chapter):
    text = (FIXTURES / "quiz" / "ch03-small.yaml").read_text(encoding="utf-8")
    first = text.index("type: ")
    end = text.index("\n", first)
    bank, problems = check_quiz_text(text[:first] + "type: blank" + text[end:],
                                     str(FIXTURES / "quiz" / "odd.yaml"), chapter)
    assert bank is None
    (problem,) = [p for p in problems if p.severity == "error"]
    assert "type 'blank' is not a question type" in problem.message
    assert "single, multiple, order, match" in problem.message


def test_marking_a_question_of_an_unknown_type_says_so(chapter):
    from dataclasses import replace

    from tui.content.quizload import load_quiz

    q = load_quiz(FIXTURES / "quiz" / "ch03-small.yaml", chapter).questions[0]
    with pytest.raises(BadResponse, match="unknown question type 'blank'"):
        credit(replace(q, kind="blank"), 0)


async def test_a_certainty_typed_before_the_answer_message_arrives_still_counts(tmp_path):
    """'b3' typed at once: the 3 can reach the screen before the widget's Answered does."""
    from tui.content.loader import load_chapter
    from tui.content.paths import default_chapter
    from tui.content.quizload import load_quiz
    from tui.quiz.session import Course
    from tui.ui.app import DeckApp, QuizOptions
    from tui.ui.screens.quiz import QuestionScreen

    chapter = load_chapter(default_chapter())
    course = Course(chapter, load_quiz(FIXTURES / "quiz" / "ch03-small.yaml", chapter))
    app = DeckApp(chapter, course=course, start="quiz", take="step:4",
                  quiz=QuizOptions(seed=7, data_dir=tmp_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, QuestionScreen)
        screen.answer.action_pick(screen.session.order.index(0))  # its message is queued
        screen.action_certainty(3)  # handled before it
        (response, marked) = screen.session.results[0]
        assert response == 0 and marked.certainty == 3 and screen.phase == "feedback"
        await pilot.pause()  # the message, when it comes, does not answer again
        assert len(screen.session.results) == 1 and screen.phase == "feedback"
