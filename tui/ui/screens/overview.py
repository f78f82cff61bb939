"""The overview (key o): every step as a small card in a grid, the current one marked.
Arrow keys move, Enter jumps there, Esc closes."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.reactive import reactive
from textual.widgets import Static

from ...content.model import Chapter
from .base import DeckAppModal
from .once import DismissOnce
from ..render import Renderer

CARD_WIDTH = 26  # a small card's width, border included; the grid fits as many as it can
MAX_WIDTH = 160  # as the deck: on a huge screen the overview keeps a readable width


class SmallCard(Static):
    """One step: its tile and title, wrapped onto a second line when the card is narrow,
    and its subtitle cut to one line when there is room for it."""

    def __init__(self, chapter: Chapter, renderer: Renderer, number: int, current: bool) -> None:
        step, renderer = chapter.step(number), renderer
        self.heading = Text()
        self.heading.append_text(renderer.tile(step))
        self.heading.append(f" {renderer.drawable(step.title)}", Style(bold=True))
        self.subtitle = renderer.inline(step.subtitle, style=renderer.muted) if step.subtitle \
            else None
        self.ellipsis = "..." if renderer.ascii_only else "…"
        super().__init__("", classes="-current" if current else "")
        self.number = number
        self.border_title = f"{number}" + (
            " ◉ here" if current and not renderer.ascii_only else " @ here" if current else ""
        )

    def heading_lines(self, width: int) -> int:
        """How many lines the tile and title take at `width` cells."""
        return len(self.heading.wrap(self.app.console, max(width, 1)))

    def lay_out(self, width: int, title_lines: int, subtitle: bool) -> None:
        """Draw the card for `width` cells of text: the title on up to `title_lines` lines
        (cut with an ellipsis past them), then the subtitle's first line if `subtitle`."""
        width = max(width, 1)
        lines = list(self.heading.wrap(self.app.console, width))
        if len(lines) > title_lines:
            lines = lines[:title_lines]
            lines[-1].append(" " + self.ellipsis)
        if subtitle and self.subtitle is not None:
            lines.append(self.subtitle.copy())
        for line in lines:
            if line.cell_len > width:
                line.truncate(max(width - len(self.ellipsis), 0))
                line.append(self.ellipsis)
        self.update(Text("\n").join(lines))
        self.styles.height = title_lines + int(subtitle) + 2  # and the border

    def on_click(self) -> None:
        self.screen.dismiss(self.number)


class OverviewScreen(DismissOnce, DeckAppModal[int | None]):
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
        self.chapter, self.renderer, self.current = chapter, renderer, current
        self.columns = 1

    def compose(self) -> ComposeResult:
        with Vertical(id="overview"):
            yield Static(
                Text(
                    self.renderer.drawable(f"Overview — {self.chapter.title}"),
                    Style(bold=True),
                    no_wrap=True,
                    overflow="ellipsis",
                ),
                id="overview-title",
            )
            with Grid(id="overview-grid"):
                for number in range(1, self.chapter.total + 1):
                    yield SmallCard(self.chapter, self.renderer, number, number == self.current)
            hint = (
                "arrows choose, Enter go, Esc close"
                if self.renderer.ascii_only
                else "←↑↓→ choose · Enter go · Esc close"
            )
            yield Static(hint, id="overview-hint")

    def on_mount(self) -> None:
        self.set_reactive(OverviewScreen.selected, max(self.current, 1))
        self._fit()
        self.watch_selected(self.selected)

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        """As many columns as small cards fit; each title whole (on two lines if need be);
        the subtitles too while every row of cards fits the window without scrolling."""
        grid = self.query_one("#overview-grid", Grid)
        room = min(self.size.width, MAX_WIDTH) - 2
        self.columns = max(1, min(self.chapter.total, room // CARD_WIDTH))
        grid.styles.grid_size_columns = self.columns
        inner = room // self.columns - 4  # less the border and padding
        cards = list(self.query(SmallCard))
        title_lines = min(max((card.heading_lines(inner) for card in cards), default=1), 2)
        rows = -(-self.chapter.total // self.columns)
        subtitle = rows * (title_lines + 3) <= self.size.height - 2 or title_lines == 1
        height = title_lines + int(subtitle) + 2
        grid.styles.grid_rows = f"{height}"
        for card in cards:
            card.lay_out(inner, title_lines, subtitle)

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
