"""The card: a step's content, rendered once per step and width and kept.

A step's card is the most expensive thing on screen (a hundred wrapped lines at 80 columns).
This widget is a line-API scroll view (Textual's ScrollView): it renders a card once into
strips, keeps them, hands Textual the lines in view, and can render the next step ahead of
time while the reader reads. Its own size never changes with the step (only the length of
what it scrolls), so a step costs one layout and one frame, not a second layout for a card
of another height.
"""

from __future__ import annotations

from typing import Callable, Hashable

from rich.console import RenderableType
from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widget import Widget

Build = Callable[[], RenderableType]


class CardView(ScrollView, can_focus=False):
    """Shows one renderable at a time, from a cache of rendered strips."""

    CACHE_SIZE = 24
    SIDE = 1  # blank cells left and right of the card

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._key: Hashable = None
        self._build: Build | None = None
        self._cache: dict[tuple[Hashable, int, int, str], list[Strip]] = {}  # by theme too

    def show(self, key: Hashable, build: Build) -> None:
        """Show what `build` makes; `key` names it for the cache. Only the lines in view
        that differ from the card shown before are drawn again (blank lines and rules are
        often where they were)."""
        before = self._in_view()
        self._key, self._build = key, build
        self._fit()
        after = self._in_view()
        if before is None or after is None or len(before) != len(after):
            self.refresh()
            return
        width = self.size.width
        for y, (old, new) in enumerate(zip(before, after)):
            if old is not new and old != new:
                self.refresh(Region(0, y, width, 1))

    def _in_view(self) -> list[Strip | None] | None:
        """The card's lines in view, None below its end; None when they are not drawn (before
        the first layout, or forgotten: the chapter they came from may be gone)."""
        region = self.scrollable_content_region
        if region.width <= 0 or region.height <= 0:
            return None
        drawn = self._cache.get(self._cache_key(self._key, region.width))
        if drawn is None:
            return None
        top = round(self.scroll_y)
        lines = drawn[top:top + region.height]
        return lines + [None] * (region.height - len(lines))

    def forget(self) -> None:
        """Drop every rendered card (the chapter was read again) and draw the current one again
        (when it is next drawn: what it shows may be about to change too)."""
        self._cache.clear()
        self.refresh()

    def prepare(self, key: Hashable, build: Build) -> None:
        """Render `build` for the current width now, so showing it later is instant."""
        width = self._width()
        if width > 0:
            self._strips(key, build, width)

    def _width(self) -> int:
        return self.scrollable_content_region.width

    def _top(self) -> int:
        """Blank lines above the card, which scroll away with it (none when rows are few)."""
        return 0 if self.screen.has_class("-short") else 1

    def _strips(self, key: Hashable, build: Build, width: int) -> list[Strip]:
        """The card's lines at `width`, with a blank cell either side and the blank line on
        top (the padding is drawn here: Textual's padding would sit outside the scrollbar,
        and would not scroll)."""
        cache_key = self._cache_key(key, width)
        cached = self._cache.get(cache_key)
        if cached is None:
            top = cache_key[2]
            inner = max(width - 2 * self.SIDE, 1)
            console = self.app.console
            options = console.options.update(width=inner, max_width=inner, height=None,
                                             highlight=False)
            base = self.visual_style.rich_style
            padding = Style(bgcolor=base.bgcolor)  # as Textual paints padding: no colour
            side = [Segment(" " * self.SIDE, padding)]
            lines = console.render_lines(build(), options, style=base, pad=True)
            cached = [Strip.blank(width, padding)] * top + [
                Strip(side + Segment.adjust_line_length(line, inner, style=base) + side, width)
                for line in lines]
            if len(self._cache) >= self.CACHE_SIZE:
                self._cache.pop(next(iter(self._cache)))
            self._cache[cache_key] = cached
        return cached

    def _cache_key(self, key: Hashable, width: int) -> tuple[Hashable, int, int, str]:
        """What a card's strips are kept by: the card, the width, the blank line on top (or
        none) and the theme."""
        return key, width, self._top(), self.app.theme

    def _current(self, width: int) -> list[Strip]:
        if self._build is None or width <= 0:
            return []
        return self._strips(self._key, self._build, width)

    def _fit(self) -> None:
        """What there is to scroll: the current card's lines at the current width. A card of
        another length needs no layout of the screen when the scrollbar stays as it is
        (shown, or not): its size and place do not change, only the thumb."""
        width = self._width()
        if width <= 0:
            return
        size = Size(width, len(self._current(width)))
        if size == self.virtual_size:
            return
        view = self.scrollable_content_region.height
        if (size.height > view) != (self.virtual_size.height > view) or not view:
            self.virtual_size = size  # the scrollbar comes or goes: a layout
            return
        self.set_reactive(ScrollView.virtual_size, size)
        self.vertical_scrollbar.window_virtual_size = size.height

    def make_room(self, rows: int) -> None:
        """The layout to come gives the card `rows` rows more (fewer when negative), as the
        chrome above it grows or shrinks. Its scrollbar is told its new size now: Textual's
        layout asks for a second layout of the screen when it changes a widget's virtual
        size, and the scrollbar's is the card's size."""
        if self.show_vertical_scrollbar:
            bar = self.vertical_scrollbar
            bar.set_reactive(Widget.virtual_size, bar.virtual_size + (0, rows))

    @property
    def max_scroll_y(self) -> int:
        """How far the card scrolls, from its lines: right from the first frame, before the
        virtual size (which the first resize sets) is known."""
        return max(0, len(self._current(self._width())) - self.scrollable_content_region.height)

    @property
    def allow_vertical_scroll(self) -> bool:
        # As max_scroll_y: before the layout that follows the first resize shows the bar.
        return self.max_scroll_y > 0

    def blank(self, y: int) -> bool:
        """Whether content line `y` of the card is empty (or outside it)."""
        lines = self._current(self.size.width)
        return not (0 <= y < len(lines) and lines[y].text.strip())

    def render_line(self, y: int) -> Strip:
        width = self._width()
        lines = self._current(width)
        index = y + round(self.scroll_y)
        if 0 <= index < len(lines):
            return lines[index]
        return Strip.blank(width, Style(bgcolor=self.visual_style.rich_style.bgcolor))

    def on_resize(self) -> None:
        # Strips for other widths will not be wanted again soon.
        width = self._width()
        self._cache = {k: v for k, v in self._cache.items() if k[1] == width}
        self._fit()
