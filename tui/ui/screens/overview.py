"""The overview (key o): every step as a small card in a grid, the current one marked.
Arrow keys move, Enter jumps there, Esc closes."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.reactive import reactive
from textual.screen import ModalScreen
from textual.widgets import Static

from ...content.model import Chapter
from .once import DismissOnce
from ..render import Renderer

CARD_WIDTH = 26  # a small card's width, border included; the grid fits as many as it can
MAX_WIDTH = 160  # as the deck: on a huge screen the overview keeps a readable width


class SmallCard(Static):
    """One step: its number and tile, title and subtitle, cut to fit."""

    def __init__(self, chapter: Chapter, renderer: Renderer, number: int, current: bool) -> None:
        step, r = chapter.step(number), renderer
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append_text(r.tile(step))
        text.append(f" {r.s(step.title)}", Style(bold=True))
        if step.subtitle:
            text.append("\n")
            text.append_text(r.inline(step.subtitle, style=Style(dim=True)))
        super().__init__(text, classes="-current" if current else "")
        self.number = number
        self.border_title = f"{number}" + (" ◉ here" if current and not r.ascii_only else
                                           " @ here" if current else "")

    def on_click(self) -> None:
        self.screen.dismiss(self.number)


class OverviewScreen(DismissOnce, ModalScreen[int | None]):
    CSS_PATH = "overview.tcss"

    BINDINGS = [
        Binding("escape,o,q", "dismiss(None)", "Close"),
        Binding("left,h", "move(-1, 0)", "Left", show=False),
        Binding("right,l", "move(1, 0)", "Right", show=False),
        Binding("up,k", "move(0, -1)", "Up", show=False),
        Binding("down,j", "move(0, 1)", "Down", show=False),
        Binding("enter,space", "choose", "Go to this step"),
    ]

    selected: reactive[int] = reactive(1, init=False)

    def __init__(self, chapter: Chapter, renderer: Renderer, current: int) -> None:
        super().__init__()
        self.chapter, self.r, self.current = chapter, renderer, current
        self.columns = 1

    def compose(self) -> ComposeResult:
        with Vertical(id="overview"):
            yield Static(Text(self.r.s(f"Overview — {self.chapter.title}"), Style(bold=True),
                              no_wrap=True, overflow="ellipsis"), id="overview-title")
            with Grid(id="overview-grid"):
                for number in range(1, self.chapter.total + 1):
                    yield SmallCard(self.chapter, self.r, number, number == self.current)
            hint = ("arrows choose, Enter go, Esc close" if self.r.ascii_only
                    else "←↑↓→ choose · Enter go · Esc close")
            yield Static(hint, id="overview-hint")

    def on_mount(self) -> None:
        self.set_reactive(OverviewScreen.selected, max(self.current, 1))
        self._fit()
        self.watch_selected(self.selected)

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        grid = self.query_one("#overview-grid", Grid)
        self.columns = max(1, min(self.chapter.total, (min(self.size.width, MAX_WIDTH) - 2) // CARD_WIDTH))
        grid.styles.grid_size_columns = self.columns

    def watch_selected(self, number: int) -> None:
        for card in self.query(SmallCard):
            card.set_class(card.number == number, "-selected")
            if card.number == number:
                card.scroll_visible(animate=False)

    def action_move(self, across: int, down: int) -> None:
        target = self.selected + across + down * self.columns
        if 1 <= target <= self.chapter.total:
            self.selected = target

    def action_choose(self) -> None:
        self.dismiss(self.selected)
