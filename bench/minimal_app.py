"""The baseline for bench.py: the smallest Textual app that does what a deck step does.

It shows one line, "Step 1", and Space changes it to "Step 2", "Step 3", ...; q quits.
Run it in a terminal with `python bench/minimal_app.py`.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Static


class MinimalApp(App[None]):
    """One line of text; Space moves it on a step."""

    BINDINGS = [
        Binding("space", "next", "Next"),
        Binding("q", "quit", "Quit"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.number = 1

    def compose(self) -> ComposeResult:
        yield Static(f"Step {self.number}", id="line")

    def action_next(self) -> None:
        self.number += 1
        self.query_one("#line", Static).update(f"Step {self.number}")


if __name__ == "__main__":
    MinimalApp().run()
