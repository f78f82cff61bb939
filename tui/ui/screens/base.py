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
from textual.widget import Widget

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


def size_class(cells: int, breakpoints: list[tuple[int, str]]) -> str | None:
    """The class of the widest breakpoint `cells` reaches, as Textual picks it."""
    reached = [(at, name) for at, name in breakpoints if cells >= at]
    return max(reached)[1] if reached else None


class DeckAppScreen(Screen[ScreenResultType]):
    """A full screen of DeckApp (the deck, the quiz and its pages)."""

    app: DeckApp

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The size classes are there before the screen's widgets are styled: Textual sets
        # them when the screen gets its first Resize, after its widgets were styled once,
        # and so styles them all again (for the deck, 16 of the 48 times Textual styled a
        # widget before the first frame).
        self.update_classes(self.size_classes(), update=False)
        self._notice_mounted = False

    def too_small_notice(self) -> Widget | None:
        """What the screen shows instead of itself in a window too small for it (its CSS
        shows it under -too-narrow and -too-short), or None for none."""
        return None

    def _notice_if_too_small(self) -> None:
        """Mount the too-small notice the first time the window is too small: most runs never
        are, so it costs no first frame a widget to style and lay out."""
        if not self._notice_mounted and (self.has_class("-too-narrow") or
                                         self.has_class("-too-short")):
            notice = self.too_small_notice()
            if notice is not None:
                self._notice_mounted = True
                self.mount(notice)

    def on_mount(self) -> None:
        self._notice_if_too_small()

    def on_resize(self) -> None:
        self._notice_if_too_small()  # Textual has set the size classes for the new size

    def size_classes(self) -> dict[str, bool]:
        """Each of the breakpoint classes on or off, for the terminal's size now, as
        Textual sets them on a resize (the screen's breakpoints, or else the app's)."""
        width, height = self.app.size
        horizontal = (self.app.HORIZONTAL_BREAKPOINTS if self.HORIZONTAL_BREAKPOINTS is None
                      else self.HORIZONTAL_BREAKPOINTS) or []
        vertical = (self.app.VERTICAL_BREAKPOINTS if self.VERTICAL_BREAKPOINTS is None
                    else self.VERTICAL_BREAKPOINTS) or []
        wanted = {size_class(width, horizontal), size_class(height, vertical)}
        return {name: name in wanted for _, name in horizontal + vertical}


class DeckAppModal(ModalScreen[ScreenResultType]):
    """A dialog over a screen of DeckApp."""

    app: DeckApp
