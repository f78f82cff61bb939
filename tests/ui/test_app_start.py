"""Where a run starts is one value (tui.ui.app.Start): what it steers follows from it, and a
start that is not one of the four is an error where it is given, not a deck by default."""

from __future__ import annotations

import pytest

from tui.content.model import Chapter
from tui.ui.app import DeckApp, Start


def test_what_each_start_steers():
    assert [(s.with_deck, s.over_menu) for s in map(Start, Start.PAGES)] == [
        (True, None), (False, None), (False, "scores"), (False, "review")]
    assert Start("deck").css_path(["a.tcss"]) is None
    assert Start("quiz").css_path(["a.tcss"]) == ["a.tcss", "screens/quiz.tcss"]


def test_an_unknown_start_is_an_error(chapter: Chapter):
    with pytest.raises(ValueError, match="not 'quizz'"):
        DeckApp(chapter, start="quizz")


def test_the_app_takes_the_name_or_the_value(chapter: Chapter):
    assert DeckApp(chapter, start="quiz").start == DeckApp(chapter, start=Start("quiz")).start
