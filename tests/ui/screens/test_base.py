"""What every screen of the app shares: its breakpoint classes are in place from the start,
before its widgets are first styled, not only after Textual's first Resize; and its notice
for a window too small for it is mounted only once the window is."""

from __future__ import annotations

import pytest
from textual.app import ComposeResult
from textual.widgets import Static

from tui.content.loader import load_chapter
from tui.content.paths import default_chapter
from tui.ui.app import DeckApp
from tui.ui.screens.base import DeckAppScreen, size_class

BREAKPOINTS = {(80, 24): {"-wide-enough", "-short"}, (60, 20): {"-wide-enough", "-short"},
               (200, 60): {"-wide-enough", "-tall"}, (40, 12): {"-too-narrow", "-too-short"}}


class Seen(DeckAppScreen[None]):
    """Notes the classes it has when it composes, before anything of it is styled."""

    def compose(self) -> ComposeResult:
        self.at_compose = set(self.classes)
        yield Static("seen")


@pytest.mark.parametrize("size", list(BREAKPOINTS))
async def test_a_screen_has_its_size_classes_before_its_widgets_are_styled(size):
    app = DeckApp(load_chapter(default_chapter()))
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        screen = Seen()
        await app.push_screen(screen)
        await pilot.pause()
        wanted = BREAKPOINTS[size]
        assert screen.at_compose & {n for _, n in app.HORIZONTAL_BREAKPOINTS +
                                    app.VERTICAL_BREAKPOINTS} == wanted
        assert wanted <= set(screen.classes)  # and Textual's own resize agrees
        assert wanted <= set(app.screen_stack[0].classes)  # the deck's too


def test_size_class_is_the_widest_breakpoint_reached():
    breakpoints = [(0, "-small"), (44, "-medium"), (100, "-large")]
    assert [size_class(n, breakpoints) for n in (0, 43, 44, 99, 100, 500)] == [
        "-small", "-small", "-medium", "-medium", "-large", "-large"]
    assert size_class(10, [(20, "-big")]) is None


class Noticed(DeckAppScreen[None]):
    def compose(self) -> ComposeResult:
        yield Static("the page", id="page")

    def too_small_notice(self) -> Static:
        return Static("too small", id="notice")


@pytest.mark.parametrize("start", [(80, 24), (40, 12)])
async def test_the_too_small_notice_is_mounted_the_first_time_the_window_is_too_small(start):
    app = DeckApp(load_chapter(default_chapter()))
    async with app.run_test(size=start) as pilot:
        await app.push_screen(Noticed())
        await pilot.pause()
        assert bool(app.screen.query("#notice")) == (start == (40, 12))
        for size in [(30, 10), (80, 24), (30, 10)]:
            await pilot.resize_terminal(*size)
            await pilot.pause()
            assert len(app.screen.query("#notice")) == 1  # once, and kept after it fits
