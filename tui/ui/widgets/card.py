"""The card: a step's content, rendered once per step and width and kept.

A step's card is the most expensive thing on screen (a hundred wrapped lines at 80 columns).
This widget is a line-API scroll view (Textual's ScrollView): it renders a card once into
strips, keeps them, hands Textual the lines in view, and can render the next step ahead of
time while the reader reads. Its own size never changes with the step (only the length of
what it scrolls), so a step costs one frame and no layout.

It draws its scrollbar itself, in its last column, as Textual's ScrollBar draws one (with the
same renderer and colors). Textual's scrollbar is a widget of its own, drawn again from
scratch, all its rows, whenever the card's length or scroll changes: on every step. Here a
step draws again only the rows whose text or bar cell changes.
"""

from __future__ import annotations

from typing import Callable, Hashable

from rich.console import RenderableType
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

Build = Callable[[], RenderableType]


class CardView(ScrollView, can_focus=False):
    """Shows one renderable at a time, from a cache of rendered strips."""

    CACHE_SIZE = 24
    SIDE = 1  # blank cells left and right of the card
    BAR = 1  # the scrollbar's column, right of the card (kept when there is nothing to scroll)

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._key: Hashable = None
        self._build: Build | None = None
        self._cache: dict[tuple[Hashable, int, int, str], list[Strip]] = {}  # by theme too
        self._bar_cells: tuple[Hashable, list[Strip]] = (None, [])  # (what they show, cells)
        self._grab: tuple[int, float] | None = None  # the thumb dragged: (row, scroll_y)
        self._colors: tuple[str | None, tuple] = (None, ())  # (theme, the bar's colors)
        self._views: dict[Hashable, list[Strip]] = {}  # the lines in view, by what they show

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
            if old != new:
                self.refresh(Region(0, y, width, 1))

    def _in_view(self) -> list[Strip] | None:
        """The card's lines in view, each with its scrollbar cell (`_view`); None when they
        are not drawn (before the first layout, or forgotten: the chapter they came from
        may be gone)."""
        width, height = self._width(), self.scrollable_content_region.height
        if width <= 0 or height <= 0 or self._cache_key(self._key, width) not in self._cache:
            return None
        return self._view()

    def forget(self) -> None:
        """Drop every rendered card (the chapter was read again) and draw the current one again
        (when it is next drawn: what it shows may be about to change too)."""
        self._cache.clear()
        self._views.clear()
        self.refresh()

    def prepare(self, key: Hashable, build: Build) -> None:
        """Render `build` for the current width now, so showing it later is instant."""
        width = self._width()
        if width > 0:
            self._strips(key, build, width)

    def prepared(self, key: Hashable) -> bool:
        """Is the card named `key` rendered for the current width already?"""
        return self._cache_key(key, self._width()) in self._cache

    def _width(self) -> int:
        """The card's width: the view less the scrollbar's column."""
        return max(self.scrollable_content_region.width - self.BAR, 0)

    def _top(self) -> int:
        """Blank lines above the card, which scroll away with it (none when rows are few)."""
        return 0 if self.screen.has_class("-short") else 1

    def _strips(self, key: Hashable, build: Build, width: int) -> list[Strip]:
        """The card's lines at `width`, with a blank cell either side and the blank line on
        top (the padding is drawn here: Textual's padding would not scroll)."""
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
        another length needs no layout of the screen: its size and place do not change,
        only its scrollbar's thumb, which it draws itself."""
        width = self._width()
        if width > 0:
            self.set_reactive(ScrollView.virtual_size, Size(width, len(self._current(width))))

    # -- the scrollbar ------------------------------------------------------------------------

    def _bar(self, height: int, total: int) -> list[Strip]:
        """The scrollbar's cell on each of the `height` rows in view, for a card of `total`
        lines: drawn by Textual's scrollbar renderer (the ASCII one under --ascii) in the
        card's scrollbar colors, as Textual's ScrollBar draws itself; blank when the card
        fits. Kept until what it shows changes."""
        background, color = self._bar_colors()
        position = int(self.scroll_y * 8) / 8  # as ScrollBar keeps it: an eighth of a row
        renderer = self.vertical_scrollbar.renderer  # ascii_scrollbars may have set it
        key = (height, total, position, background, color, renderer)
        if self._bar_cells[0] == key:
            return self._bar_cells[1]
        if total > height:
            bar = renderer.render_bar(size=height, virtual_size=total, window_size=height,
                                      position=position, thickness=self.BAR, vertical=True,
                                      back_color=background, bar_color=color)
            # Without Textual's mouse meta, which names the ScrollBar's actions: the clicks
            # are taken here (on_mouse_down).
            cells = [Strip([Segment(segment.text, Style(color=segment.style.color,
                                                        bgcolor=segment.style.bgcolor,
                                                        reverse=segment.style.reverse))],
                           self.BAR)
                     for segment in bar.segments]
        else:
            cells = [self._blank(self.BAR)] * height
        self._bar_cells = (key, cells)
        return cells

    def _bar_colors(self):
        """The thumb's and the track's colors, as Textual's ScrollBar works them out from
        the card's styles (when not hovered or dragged); kept by theme."""
        theme = self.app.theme
        if self._colors[0] != theme:
            styles = self.styles
            background = styles.scrollbar_background
            if background.a < 1:
                background = self.background_colors[0] + background
            colors = background.rich_color, (background + styles.scrollbar_color).rich_color
            self._colors = (theme, colors)
        return self._colors[1]

    def _thumb(self) -> tuple[int, int]:
        """The rows the thumb covers in view, as (first, end), read from the bar as drawn:
        its cells are reversed, or an end drawn with a block character (a track cell is a
        space in the track's background)."""
        height = self.scrollable_content_region.height
        cells = self._bar(height, len(self._current(self._width())))
        rows = [y for y, cell in enumerate(cells)
                if any(segment.style.reverse or segment.text.strip() for segment in cell)]
        return (rows[0], rows[-1] + 1) if rows else (0, 0)

    def on_mouse_down(self, event: events.MouseDown) -> None:
        """On the scrollbar: a page up above the thumb, a page down below it; the thumb
        itself is dragged."""
        if event.x < self._width() or self.max_scroll_y <= 0:
            return
        event.stop()
        first, end = self._thumb()
        if event.y < first:
            self.scroll_page_up(animate=False)
        elif event.y >= end:
            self.scroll_page_down(animate=False)
        else:
            self._grab = (event.y, self.scroll_y)
            self.capture_mouse()

    def on_mouse_move(self, event: events.MouseMove) -> None:
        if self._grab is None:
            return
        row, scroll_y = self._grab
        height = self.scrollable_content_region.height
        lines = len(self._current(self._width()))
        self.scroll_to(y=scroll_y + (event.y - row) * lines / max(height, 1), animate=False)

    def on_mouse_up(self, event: events.MouseUp) -> None:
        if self._grab is not None:
            self._grab = None
            self.release_mouse()

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
        lines = self._current(self._width())  # the lines drawn: the width less the bar's
        return not (0 <= y < len(lines) and lines[y].text.strip())

    def _blank(self, width: int) -> Strip:
        """`width` blank cells in the card's background (as Textual paints padding)."""
        return Strip.blank(width, Style(bgcolor=self.visual_style.rich_style.bgcolor))

    def _view(self) -> list[Strip]:
        """The lines in view, each with its scrollbar cell, as drawn; kept by what they
        show, so that the same view drawn again is the same strips (which Textual then
        does not need to filter again: it keeps a strip's filtered form with the strip)."""
        width, height = self._width(), self.scrollable_content_region.height
        lines = self._current(width)
        top = round(self.scroll_y)
        bar = self._bar(height, len(lines))
        key = (self._cache_key(self._key, width), top, self._bar_cells[0])
        view = self._views.get(key)
        if view is None:
            shown = lines[top:top + height]
            view = [Strip.join([line, cell])
                    for line, cell in zip(shown + [self._blank(width)] * (height - len(shown)),
                                          bar)]
            if len(self._views) >= self.CACHE_SIZE:
                self._views.pop(next(iter(self._views)))
            self._views[key] = view
        return view

    def render_lines(self, crop: Region) -> list[Strip]:
        # Textual asks for the lines one by one (render_line): the view is looked up once
        # for them all, not once a line.
        self._drawing = self._view()
        try:
            return super().render_lines(crop)
        finally:
            self._drawing = None

    _drawing: list[Strip] | None = None

    def render_line(self, y: int) -> Strip:
        view = self._drawing if self._drawing is not None else self._view()
        if 0 <= y < len(view):
            return view[y]
        return self._blank(self.size.width)

    def on_resize(self) -> None:
        # Strips for other widths will not be wanted again soon.
        width = self._width()
        self._cache = {k: v for k, v in self._cache.items() if k[1] == width}
        self._views.clear()
        self._fit()
