"""The screens' typed way to the app: every screen of DeckApp derives from one of these, so
`self.app.…` is a DeckApp to a reader and a type checker (as spiel's `screens/screen.py`).

The annotation costs nothing at run time: `app` stays Textual's own property. What every
screen shares (the smallest usable size, ASCII scrollbars) is here too, so that a quiz
started from the command line does not load the deck's screen to draw question 1.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.screen import ModalScreen, Screen, ScreenResultType
from textual.scrollbar import ScrollBarRender

if TYPE_CHECKING:
    from ..app import DeckApp

MIN_WIDTH, MIN_HEIGHT = 44, 14


class AsciiScrollBarRender(ScrollBarRender):
    """Whole-cell scrollbar thumb, with no eighth-block characters."""

    VERTICAL_BARS = [" "] * 8


def ascii_scrollbars(screen: Screen) -> None:
    """Under --ascii, every scrolling part of `screen` draws its scrollbar in whole cells."""
    if screen.app.renderer.ascii_only:
        for widget in screen.query("*"):
            if widget.is_scrollable:
                widget.vertical_scrollbar.renderer = AsciiScrollBarRender


class DeckAppScreen(Screen[ScreenResultType]):
    """A full screen of DeckApp (the deck, the quiz and its pages)."""

    app: DeckApp


class DeckAppModal(ModalScreen[ScreenResultType]):
    """A dialog over a screen of DeckApp."""

    app: DeckApp
