"""Key hints come from the bindings: a page's key bar shows its bindings marked show=True,
the help says each binding's words in full (its tooltip), and a dialog's key list is its
bindings."""

from __future__ import annotations

from textual.app import App
from textual.binding import Binding
from textual.screen import Screen

from tui.ui.screens.deck import DeckScreen
from tui.ui.screens.dialogs import EndScreen, _describe
from tui.ui.screens.results import ResultsScreen
from tui.ui.widgets.keybar import NamedKeys, key_hints


class Bare(App[None]):
    pass


async def test_a_key_bar_is_the_shown_bindings_first_keys():
    class Page(Screen[None]):
        BINDINGS = [Binding("m,escape", "menu", "Menu"), Binding("x", "x", "Hidden", show=False),
                    Binding("question_mark", "help", "Help", key_display="?")]

    app = Bare()
    async with app.run_test() as pilot:
        page = Page()
        await app.push_screen(page)
        await pilot.pause()
        assert key_hints(page) == (("m", "Menu"), ("?", "Help"))


async def test_the_bindings_of_one_group_make_one_hint_where_the_group_begins():
    arrows, words = Binding.Group("Scroll", compact=True), Binding.Group("Move")

    class Page(Screen[None]):
        BINDINGS = [Binding("r", "review", "Error review"),
                    Binding("up,k", "up", "Scroll up", key_display="↑", group=arrows),
                    Binding("escape", "close", "Back", key_display="Esc"),
                    Binding("down,j", "down", "Scroll down", key_display="↓", group=arrows),
                    Binding("h", "left", "Left", group=words),
                    Binding("l", "right", "Right", group=words),
                    Binding("pageup", "page", "Page up", show=False, group=arrows)]

    app = Bare()
    async with app.run_test() as pilot:
        page = Page()
        await app.push_screen(page)
        await pilot.pause()
        assert key_hints(page) == (("r", "Error review"), ("↑↓", "Scroll"), ("Esc", "Back"),
                                   ("h l", "Move"))


def test_the_history_review_and_menu_bars_are_their_bindings():
    """Their key bars were written out again beside the bindings; now they are read."""
    from tui.ui.screens.quiz import QuizMenuScreen
    from tui.ui.screens.results import ReviewScreen, ScoresScreen

    for screen, keys in ((ScoresScreen, ["r", "up,k", "down,j", "escape", "q"]),
                         (ReviewScreen, ["enter", "up,k", "down,j", "escape", "q"]),
                         (QuizMenuScreen, ["enter", "s", "d", "question_mark", "q"])):
        assert [b.key for b in screen.BINDINGS if b.show] == keys, screen
        assert not hasattr(screen, "HINTS"), screen


def test_the_results_bar_and_the_end_dialog_read_their_bindings():
    shown = [b for b in ResultsScreen.BINDINGS if b.show]
    assert [b.key.split(",")[0] for b in shown] == ["r", "v", "m", "d", "q"]
    assert [b.description for b in EndScreen.BINDINGS] == [
        "start the chapter again", "back to the last step", "quit"]


def test_the_help_says_the_short_words_in_full():
    by_action = {b.action: b for b in DeckScreen.BINDINGS}
    assert _describe(by_action["forward"]) == "Next: page down the card, then the next step"
    assert _describe(by_action["previous"]) == "Previous step"
    assert _describe(by_action["help"]) == "This help"
    assert _describe(by_action["narration"]) == by_action["narration"].description
    retake = next(b for b in ResultsScreen.BINDINGS if b.action == "retake")
    assert (retake.description, _describe(retake)) == ("Retake misses", "Retake the misses")


def test_a_key_display_names_one_key():
    """make_bindings gives every key of "enter,r" the key_display: the help then showed the
    r of the error review as "Enter" (and k as "↑")."""
    from tui.ui.screens.quiz import QuizMenuScreen
    from tui.ui.screens.results import ReviewScreen, ScoresScreen

    for screen in (ScoresScreen, ReviewScreen, ResultsScreen, QuizMenuScreen, DeckScreen):
        assert any(b.action == "help" for b in screen.BINDINGS)  # the help lists its keys
        for binding in screen.BINDINGS:
            if isinstance(binding, Binding) and binding.key_display:
                assert "," not in binding.key, (screen.__name__, binding.key)


class Named(NamedKeys, App[None]):
    pass


def test_keys_are_shown_by_name_the_same_in_the_help_as_in_the_key_bars():
    app = Named()
    shown = {key: app.get_key_display(Binding(key, "x")) for key in (
        "enter", "escape", "pagedown", "pageup", "backspace", "home", "end", "ctrl+c",
        "ctrl+l", "left", "question_mark", "j", "G")}
    assert shown == {
        "enter": "Enter", "escape": "Esc", "pagedown": "PgDn", "pageup": "PgUp",
        "backspace": "Backspace", "home": "Home", "end": "End", "ctrl+c": "Ctrl+C",
        "ctrl+l": "Ctrl+L", "left": "←", "question_mark": "?", "j": "j", "G": "G"}
    assert app.get_key_display(Binding("enter", "x", key_display="Enter ⏎")) == "Enter ⏎"
    assert Bare().get_key_display(Binding("enter", "x")) != "Enter"  # Textual's own: ⏎


async def test_the_deck_help_names_its_keys_as_its_key_bar_does(chapter):
    from helpers import screen_text
    from tui.ui.app import DeckApp

    app = DeckApp(chapter, start_step=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        text = screen_text(app)
    for name in ("Enter ", "Esc ", "PgDn", "PgUp", "Backspace", "Ctrl+C"):
        assert name in text, name
    for symbol in ("⏎", "esc ", "pgdn", "⌫", "^c"):
        assert symbol not in text, symbol
