"""A quiz the command line chose (chapterdeck quiz --chapter, --step N, --due ...) is the first
page drawn: the menu under it is not filled and painted first. The menu is still drawn
whenever it shows: under the offer to resume, when the choice cannot start, after the quiz."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import OptionList

from tui.content.loader import load_chapter
from tui.content.paths import default_chapter
from tui.content.quizload import load_quiz
from tui.quiz.session import Course, QuizSession
from tui.store.scores import StoreError
from tui.ui.app import DeckApp, QuizOptions
from tui.ui.screens.quiz import QuestionScreen, QuizMenuScreen, ResumeScreen

from conftest import FIXTURES
from helpers import flat, notices, screen_text

SIZE = (80, 24)


@pytest.fixture(scope="module")
def course() -> Course:
    chapter = load_chapter(default_chapter())
    return Course(chapter, load_quiz(FIXTURES / "quiz" / "ch03-small.yaml", chapter))


def chosen(course: Course, data_dir: Path, take: str = "chapter") -> DeckApp:
    return DeckApp(course.chapter, course=course, start="quiz", take=take,
                   quiz=QuizOptions(count=3, seed=7, data_dir=data_dir))


def menu_items(app: DeckApp) -> int:
    menu = app.screen_stack[0]
    assert isinstance(menu, QuizMenuScreen), app.screen_stack
    lists = menu.query(OptionList)
    return lists.first().option_count if lists else 0


async def test_the_chosen_quiz_opens_before_the_menu_is_filled(course, tmp_path):
    app = chosen(course, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)
        assert "Question 1 / 3" in screen_text(app)
        assert not app.screen_stack[0].children  # nothing of the menu was made under it
        await pilot.press("q")  # leave the quiz: the menu shows, filled as ever
        await pilot.pause()
        assert isinstance(app.screen, QuizMenuScreen)
        text = flat(screen_text(app))
        assert "Resume: Whole chapter — 0 of 3 answered" in text and "Whole chapter" in text
        assert menu_items(app) > 0


async def test_the_offer_to_resume_shows_over_the_whole_menu(course, tmp_path):
    first = chosen(course, tmp_path)
    async with first.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("q")  # an attempt cut off, to be offered the next time
        await pilot.pause()
    app = chosen(course, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ResumeScreen)
        assert menu_items(app) > 0
        await pilot.press("escape")  # later: the chosen quiz starts after all
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen)


async def test_a_chosen_quiz_the_store_cannot_start_leaves_the_menu_drawn(course, tmp_path,
                                                                         monkeypatch):
    def fails(*args, **kwargs):
        raise StoreError("disk I/O error")

    monkeypatch.setattr(QuizSession, "begin", fails)
    app = chosen(course, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, QuizMenuScreen)
        assert "Whole chapter" in screen_text(app) and menu_items(app) > 0
        assert any("could not be started" in m and "disk I/O error" in m
                   for m in notices(app)), notices(app)


async def test_a_chosen_quiz_with_nothing_to_take_leaves_the_menu_drawn(course, tmp_path):
    app = chosen(course, tmp_path, take="missed")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, QuizMenuScreen)
        assert "Retake what I missed last time" in screen_text(app)
        assert notices(app)


async def test_the_stylesheets_are_parsed_once_before_question_1(course, tmp_path, monkeypatch):
    """Started at the quiz, no stylesheet is parsed a second time before question 1 (naming
    the quiz's mode at start did: Textual then parses every sheet again and restyles the
    app), and the deck and the quiz still switch, each keeping its own pages."""
    from textual.css.stylesheet import Stylesheet

    reparsed = []
    reparse = Stylesheet.reparse
    monkeypatch.setattr(Stylesheet, "reparse", lambda self: (reparsed.append(1), reparse(self)))
    app = chosen(course, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, QuestionScreen) and "Question 1 / 3" in screen_text(app)
        assert reparsed == []
        await pilot.press("q")  # leave the quiz, to the menu
        await pilot.pause()
        await pilot.press("d")  # the deck
        await pilot.pause()
        assert "Press Space to begin" in flat(screen_text(app))
        await pilot.press("end", "right")  # past the last step: back to the quiz, as it was
        await pilot.pause()
        assert isinstance(app.screen, QuizMenuScreen)
        assert "Resume: Whole chapter — 0 of 3 answered" in flat(screen_text(app))
