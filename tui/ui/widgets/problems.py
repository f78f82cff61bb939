"""With --watch: the problems of a broken edit, in a panel over the last good version of
the chapter, until the file is fixed."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget


class ReloadProblems(Widget):
    SCOPED_CSS = False  # so that the app's -ascii class can reach it from above
    DEFAULT_CSS = """
    ReloadProblems {
        dock: bottom;
        margin-bottom: 1;
        height: auto;
        max-height: 50%;
        border: heavy $error;
        border-title-color: $error;
        border-title-style: bold;
        background: $surface;
        padding: 0 1;
    }
    .-ascii ReloadProblems {  /* the app's class under --ascii */
        border: ascii $error;
    }
    """

    problems: reactive[list[str]] = reactive(list, layout=True)

    def __init__(self, problems: list[str]) -> None:
        super().__init__()
        self.set_reactive(ReloadProblems.problems, problems)
        self.border_title = "The chapter file has problems: showing the last good version"

    def render(self) -> Text:
        text = Text()
        for line in self.problems:
            text.append(line + "\n")
        text.append("Fix the file and save: the deck reloads by itself.", Style(dim=True))
        return text
