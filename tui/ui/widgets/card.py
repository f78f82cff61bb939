"""The card: a step's content, rendered once per step and width and kept.

A step's card is the most expensive thing on screen (a hundred wrapped lines at 80 columns).
A Static would render it twice per step (once to measure, once to draw); this widget renders
it once into strips, keeps them, and can render the next step ahead of time while the
reader reads, so that stepping draws from the cache.
"""

from __future__ import annotations

from typing import Callable, Hashable

from rich.console import RenderableType
from rich.segment import Segment
from textual.geometry import Size
from textual.strip import Strip
from textual.widget import Widget

Build = Callable[[], RenderableType]


class CardView(Widget):
    """Shows one renderable at a time, from a cache of rendered strips."""

    CACHE_SIZE = 24

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._key: Hashable = None
        self._build: Build | None = None
        self._cache: dict[tuple[Hashable, int], list[Strip]] = {}

    def show(self, key: Hashable, build: Build) -> None:
        """Show what `build` makes; `key` names it for the cache."""
        self._key, self._build = key, build
        self.refresh(layout=True)

    def forget(self) -> None:
        """Drop every rendered card (their colours changed) and draw the current one again."""
        self._cache.clear()
        self.refresh(layout=True)

    def prepare(self, key: Hashable, build: Build) -> None:
        """Render `build` for the current width now, so showing it later is instant."""
        width = self.size.width
        if width > 0:
            self._strips(key, build, width)

    def _strips(self, key: Hashable, build: Build, width: int) -> list[Strip]:
        cached = self._cache.get((key, width))
        if cached is None:
            console = self.app.console
            options = console.options.update(width=width, max_width=width, height=None,
                                             highlight=False)
            base = self.visual_style.rich_style
            lines = console.render_lines(build(), options, style=base, pad=True)
            cached = [Strip(Segment.adjust_line_length(line, width, style=base), width)
                      for line in lines]
            if len(self._cache) >= self.CACHE_SIZE:
                self._cache.pop(next(iter(self._cache)))
            self._cache[(key, width)] = cached
        return cached

    def _current(self, width: int) -> list[Strip]:
        if self._build is None or width <= 0:
            return []
        return self._strips(self._key, self._build, width)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._current(width))

    def blank(self, y: int) -> bool:
        """Whether content line `y` of the card is empty (or outside it)."""
        lines = self._current(self.size.width)
        return not (0 <= y < len(lines) and lines[y].text.strip())

    def render_line(self, y: int) -> Strip:
        lines = self._current(self.size.width)
        if 0 <= y < len(lines):
            return lines[y]
        return Strip.blank(self.size.width, self.visual_style.rich_style)

    def on_resize(self) -> None:
        # Strips for other widths will not be wanted again soon.
        width = self.size.width
        self._cache = {k: v for k, v in self._cache.items() if k[1] == width}
