"""The talk's elapsed time in the footer (key T). While hidden it has no timer and draws
nothing; while shown it redraws itself, and only itself, once a second."""

from __future__ import annotations

from rich.text import Text
from textual.timer import Timer
from textual.widget import Widget

from ...link.talk import clock


class ElapsedClock(Widget):
    DEFAULT_CSS = """
    ElapsedClock {
        width: auto;
        height: 1;
        display: none;
        content-align-horizontal: right;
        text-style: bold;
    }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._ticker: Timer | None = None
        self._width = 0

    def on_mount(self) -> None:
        self.show(self.app.presenter.clock_shown)

    def show(self, shown: bool) -> None:
        self.display = shown
        if shown and self._ticker is None:
            self._ticker = self.set_interval(1, self._tick)
        elif not shown and self._ticker is not None:
            self._ticker.stop()
            self._ticker = None

    def _tick(self) -> None:
        # A repaint of this widget alone; a relayout only when the time grows a digit.
        self.refresh(layout=len(self._text()) != self._width)

    def _text(self) -> str:
        return f"{self.app.renderer.glyph('time')} {clock(self.app.presenter.elapsed())} "

    def render(self) -> Text:
        text = self._text()
        self._width = len(text)
        return Text(text)
