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
        width: 11;
        height: 1;
        display: none;
        content-align-horizontal: right;
        text-style: bold;
    }
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._ticker: Timer | None = None

    def on_mount(self) -> None:
        self.show(self.app.presenter.clock_shown)

    def show(self, shown: bool) -> None:
        self.display = shown
        if shown and self._ticker is None:
            self._ticker = self.set_interval(1, self.refresh)
        elif not shown and self._ticker is not None:
            self._ticker.stop()
            self._ticker = None

    def render(self) -> Text:
        glyph = self.app.renderer.glyph("time")
        return Text(f"{glyph} {clock(self.app.presenter.elapsed())} ")
