"""The deck's chrome around the card: title bar, pipeline, narration, step bar, chapter nav.

Each widget draws from the chapter and the current step number, which the deck screen sets.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Hashable, Iterator

from rich.padding import Padding
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.visual import Visual, visualize
from textual.widget import Widget

from ...content.model import LIT_COLOUR, PROGRESS_GRADIENT, Chapter
from ..render import Renderer, fit_keys


def _compact(widget: Widget) -> bool:
    """Few rows: the chrome shrinks to leave room for the card."""
    return widget.screen.has_class("-short")


class DeckPart(Widget):
    """A piece of chrome that redraws when the step changes; its height does not change
    with the step (so a step costs a repaint, not a relayout), unless it says otherwise.

    What it draws for a step is kept (as strips, by `state()`, width, theme and size class),
    so that going back to a step, or on to one prepared while the reader read, draws from
    memory instead of building and laying out its text again."""

    CACHE_SIZE = 64
    step: reactive[int] = reactive(0, repaint=False)  # watch_step repaints

    def __init__(self, chapter: Chapter, renderer: Renderer, **kwargs) -> None:
        super().__init__(**kwargs)
        self._strips: dict[Hashable, list[Strip]] = {}
        self._shown: list[Strip] | None = None  # the lines on screen
        self.chapter = chapter
        self.renderer = renderer

    @property
    def chapter(self) -> Chapter:
        return self._chapter

    @chapter.setter
    def chapter(self, chapter: Chapter) -> None:
        self._chapter = chapter
        self.forget()

    def forget(self) -> None:
        """Drop what was drawn (the chapter changed)."""
        self._strips.clear()

    def state(self) -> Hashable:
        """What the drawing depends on besides width, theme and size class."""
        return self.step

    def watch_step(self) -> None:
        # A relayout of the screen only when this part's height changes with the step (a
        # narration of another length); a repaint of this part alone when what it draws
        # changes; nothing when it does not (the chapter nav, mostly).
        rows = self.rows_to_add()
        if rows is None:
            self.refresh(layout=True)
        elif rows:
            # The size the layout will give it, set first: Textual's layout asks for a
            # second layout of the screen when it changes a widget's virtual size.
            self.set_reactive(Widget.virtual_size, self.outer_size + (0, rows))
            self.refresh(layout=True)
        elif self._lines(self.size.width) is not self._shown:
            self.refresh()

    def rows_to_add(self) -> int | None:
        """How many rows more (fewer when negative) what it draws now needs than it has: 0
        when showing it needs no layout; None before its first layout."""
        width = self.size.width
        if width <= 0:
            return None
        return len(self._lines(width)) - self.size.height

    def prepare(self, step: int) -> None:
        """Draw `step` now, into memory, so that showing it later is instant."""
        with self._at(step):
            self._lines(self.size.width)

    def prepared(self, step: int) -> bool:
        """Is `step` drawn in memory already (by `prepare`, or shown before)?"""
        with self._at(step):
            return self._key(self.size.width) in self._strips

    @contextmanager
    def _at(self, step: int) -> Iterator[None]:
        """For a moment, the part is at `step` (nothing is drawn or refreshed for it)."""
        current = self.step
        self.set_reactive(DeckPart.step, step)
        try:
            yield
        finally:
            self.set_reactive(DeckPart.step, current)

    def _key(self, width: int) -> Hashable:
        return self.state(), width, self.app.theme, _compact(self)

    def _lines(self, width: int) -> list[Strip]:
        # Not self.size here: the layout measures a part through this, and asking a widget
        # its size in the middle of a layout makes Textual arrange the whole screen again.
        key = self._key(width)
        lines = self._strips.get(key)
        if lines is None:
            if len(self._strips) >= self.CACHE_SIZE:
                self._strips.pop(next(iter(self._strips)))
            lines = self._strips[key] = self._draw(width)
        return lines

    def _draw(self, width: int) -> list[Strip]:
        return Visual.to_strips(self, visualize(self, self.drawn(width), markup=False), width,
                                None, self.visual_style)

    def drawn(self, width: int):
        """What to draw at `width` (which the layout may ask before the part has it)."""
        raise NotImplementedError

    def render(self):
        return self.drawn(self.size.width)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._lines(width))

    def render_lines(self, crop: Region) -> list[Strip]:
        # The part's lines are looked up once for all the lines Textual asks for.
        self._shown = self._lines(self.size.width)
        self._drawing = True
        try:
            return super().render_lines(crop)
        finally:
            self._drawing = False

    _drawing = False

    def render_line(self, y: int) -> Strip:
        if not self._drawing:
            self._shown = self._lines(self.size.width)
        lines = self._shown
        if 0 <= y < len(lines):
            return lines[y]
        return Strip.blank(self.size.width, self.visual_style.rich_style)


class TitleBar(DeckPart):
    """Chapter title and tag; the subtitle too when there is room."""

    def drawn(self, width: int) -> Text:
        chapter, renderer = self.chapter, self.renderer
        tag = (
            Text(f" {renderer.drawable(chapter.tag)} ", Style(bold=True, reverse=True))
            if chapter.tag
            else Text("")
        )
        title = Text(
            renderer.drawable(chapter.title), Style(bold=True), no_wrap=True, overflow="ellipsis"
        )
        room = max(width - tag.cell_len - 1, 1)
        title.truncate(room, overflow="ellipsis")
        line = Text.assemble(title, " " * max(room - title.cell_len + 1, 1), tag)
        if chapter.subtitle and not _compact(self):
            line.append("\n")
            line.append_text(
                renderer.inline(chapter.subtitle, style=self.renderer.muted + Style(italic=True))
            )
        return line


class Pipeline(DeckPart):
    """The stages joined by arrows; the step's stages and the arrows between them are lit.

    Lit stages are bold and reversed and lit arrows are heavy, so they stay visible
    without colour.
    """

    class StageClicked(Message):
        def __init__(self, stage: int) -> None:
            super().__init__()
            self.stage = stage

    def _line(self, mode: int, gap: str) -> tuple[Text, list[tuple[int, int, int]]]:
        """mode 0: every label; 1: labels of lit stages only; 2: icons only. `gap` goes
        either side of each arrow."""
        chapter, renderer = self.chapter, self.renderer
        lit = set(chapter.step(self.step).lit) if self.step else set()
        arrows = chapter.lit_arrows(self.step)
        lit_arrow, arrow = (">", "-") if renderer.ascii_only else ("▶", "▷")
        line, hits = Text(), []
        for i, stage in enumerate(chapter.pipeline):
            on = i in lit
            label = f" {renderer.glyph(stage.icon)}"
            if mode == 0 or (mode == 1 and on):
                label += f" {renderer.drawable(stage.label)}"
            label += " "
            start = line.cell_len
            line.append(
                label,
                renderer.tint(LIT_COLOUR, bold=True, reverse=True) if on else self.renderer.muted,
            )
            hits.append((start, line.cell_len, i))
            if i < len(arrows):
                line.append(gap)
                line.append(
                    lit_arrow if arrows[i] else arrow,
                    renderer.tint(LIT_COLOUR, bold=True) if arrows[i] else self.renderer.muted,
                )
                line.append(gap)
        return line, hits

    def _fitted(self, width: int) -> tuple[Text, list[tuple[int, int, int]]]:
        """The line that fits `width`, centred, and where each stage is on it."""
        for mode, gap in ((0, " "), (0, ""), (1, " "), (1, ""), (2, " "), (2, "")):
            line, hits = self._line(mode, gap)
            if line.cell_len <= width:
                break
        pad = max((width - line.cell_len) // 2, 0)
        return Text(" " * pad) + line, [(a + pad, b + pad, i) for a, b, i in hits]

    @property
    def _hits(self) -> list[tuple[int, int, int]]:
        """Where each stage is on the line (worked out again: the line may come from the
        cache, not from a render)."""
        return self._fitted(self.size.width)[1]

    def drawn(self, width: int) -> Text:
        return self._fitted(width)[0]

    def on_click(self, event: events.Click) -> None:
        for start, end, stage in self._hits:
            if start <= event.x < end:
                self.post_message(self.StageClicked(stage))
                return


class Narration(DeckPart):
    """The narration bar: the step number on a badge in the step's colour, beside the step's
    summary, which wraps under itself. When rows are few it is clamped (see limit); a
    clamped summary ends in a hint, and `full` (key n) shows every line."""

    BADGE = 3
    MORE = " n more "
    full: reactive[bool] = reactive(False, layout=True)

    def forget(self) -> None:
        super().forget()
        self._rows: dict[Hashable, int] = {}  # the bar's height, by what it depends on

    def state(self) -> Hashable:
        # The clamp follows the window's height, which the cache key does not hold.
        return self.step, self.full, self.limit()

    def badge(self) -> Text:
        number = f"{self.step or '-':^{self.BADGE}}"
        if not (self.step and self.renderer.colour):
            return Text(number, Style(bold=True, reverse=True))
        return Text(number, self.renderer.on_step(self.chapter.step(self.step).colour))

    def summary(self) -> Text:
        if not self.step:
            return Text(
                self.renderer.drawable("Press Space to begin, or ? to see every key…"),
                Style(italic=True),
            )
        step = self.chapter.step(self.step)
        if step.narration:
            return self.renderer.inline(step.narration)
        # Titles are drawn as written.
        return Text(self.renderer.drawable(step.title), Style(bold=True))

    CARD_ROWS, CHROME_ROWS = 14, 5  # rows the card keeps; title, pipeline, bars, footer

    def limit(self) -> int | None:
        """How many lines the summary may take, or None for all of them: on a short window
        as many as leave the card 14 rows, never fewer than two (five lines at 80x24, where
        every narration of chapter 3 fits whole; two at a projector's 60x20)."""
        if self.full or not _compact(self):
            return None
        return max(2, self.app.size.height - self.CHROME_ROWS - self.CARD_ROWS)

    def _wrapped(self, width: int) -> list[Text]:
        """The summary wrapped to `width` (the widget's content width), clamped."""
        width -= self.BADGE + 1
        if width <= 0:
            return []
        lines = self.summary().wrap(self.app.console, width)
        limit = self.limit()
        if limit is not None and len(lines) > limit:
            lines = lines[:limit]
            last = lines[-1]
            ellipsis = "…" if not self.renderer.ascii_only else "..."
            more = Text(self.MORE, Style(bold=True, reverse=True))
            last.truncate(max(width - len(ellipsis) - more.cell_len - 1, 0))
            last.rstrip()
            while last.plain and last.plain[-1] in ".,;:":
                last.right_crop(1)
            last.append(ellipsis + " ")
            last.append_text(more)
        return list(lines)

    def rows(self, width: int) -> int:
        """The lines the bar keeps at `width` on every step (the cover aside): as many as the
        longest summary of the chapter takes (clamped as each is), so that the card stays
        where it is from step to step instead of moving up and down with the narration's
        length (and a step costs a repaint, not a layout of the screen)."""
        key = (width, self.full, self.limit())
        rows = self._rows.get(key)
        if rows is None:
            rows = 0
            for number in range(1, self.chapter.total + 1):
                with self._at(number):
                    rows = max(rows, len(self._wrapped(width)))
            self._rows[key] = rows
        return rows

    def drawn(self, width: int) -> Text:
        lines = self._wrapped(width)
        if not lines:
            return self.badge()
        if self.step:  # blank lines under a shorter summary keep the bar's height (see rows)
            lines += [Text()] * (self.rows(width) - len(lines))
        out = Text()
        for index, line in enumerate(lines):
            out.append_text(self.badge() if index == 0 else Text(" " * self.BADGE))
            out.append(" ")
            out.append_text(line)
            if index < len(lines) - 1:
                out.append("\n")
        return out


def _gradient(position: float) -> str:
    """The progress gradient's colour at `position` in 0..1."""
    stops = PROGRESS_GRADIENT
    scaled = min(max(position, 0.0), 1.0) * (len(stops) - 1)
    i = min(int(scaled), len(stops) - 2)
    t = scaled - i
    a, b = stops[i], stops[i + 1]
    mix = [round(int(a[k:k + 2], 16) * (1 - t) + int(b[k:k + 2], 16) * t) for k in (1, 3, 5)]
    return "#" + "".join(f"{v:02x}" for v in mix)


class StepBar(DeckPart):
    """Progress bar, 'STEP N / T', the dots, and the autoplay and go-to indicators."""

    playing: reactive[bool] = reactive(False)
    jump: reactive[str] = reactive("")
    problem: reactive[str] = reactive("")  # what was wrong with a number typed

    def state(self) -> Hashable:
        return self.step, self.playing, self.jump, self.problem

    def _bar(self, width: int) -> Text:
        filled = round(width * self.step / self.chapter.total)
        full, empty = ("=", "-") if self.renderer.ascii_only else ("━", "─")
        bar = Text()
        for cell in range(width):
            if cell < filled:
                bar.append(
                    full, self.renderer.tint(_gradient(cell / max(width - 1, 1)), bold=True)
                )
            else:
                bar.append(empty, self.renderer.muted)
        return bar

    def _dots(self) -> Text:
        total = self.chapter.total
        done, current, todo = ("o", "@", ".") if self.renderer.ascii_only else ("●", "◉", "○")
        colour = self.chapter.step(self.step).colour if self.step else LIT_COLOUR
        sep = " " if total <= 12 else ""
        dots = Text()
        for n in range(1, total + 1):
            if n < self.step:
                dots.append(done, self.renderer.tint(LIT_COLOUR))
            elif n == self.step:
                dots.append(current, self.renderer.tint(colour, bold=True))
            else:
                dots.append(todo, self.renderer.muted)
            if n < total:
                dots.append(sep)
        return dots

    def drawn(self, width: int) -> Text:
        counter = Text("Step ", self.renderer.muted + Style(bold=True))
        counter.append(f"{self.step or '-'} / {self.chapter.total}", Style(bold=True))
        if self.jump:
            counter.append(f"  go to {self.jump}_ ", Style(reverse=True, bold=True))
            counter.append(" Enter", self.renderer.muted)
        elif self.problem:
            counter.append(f"  {self.problem} ", Style(reverse=True, bold=True))
        if self.playing:
            counter.append("  ")
            counter.append(
                " > auto " if self.renderer.ascii_only else " ▶ auto ",
                Style(reverse=True, bold=True),
            )
        dots = self._dots()
        if not _compact(self):
            # The rule under it, over the card, is drawn here (not as the card's border) so
            # that it spans exactly the columns the bar and the counter do.
            gap = max(width - counter.cell_len - dots.cell_len, 1)
            rule = Text(("-" if self.renderer.ascii_only else "─") * width, self.renderer.muted)
            return Text.assemble(self._bar(width), "\n", counter, " " * gap, dots, "\n", rule)
        room = width - counter.cell_len - dots.cell_len - 4
        if room >= 6:
            return Text.assemble(counter, "  ", self._bar(room), "  ", dots)
        gap = width - counter.cell_len - dots.cell_len
        if gap >= 1:
            return Text.assemble(counter, " " * gap, dots)
        return counter


class ChapterNav(DeckPart):
    """Previous and next chapters, and between them a marker the deck sets: that the card
    has more below and which key shows it, or what the last step leads to."""

    marker: reactive[str] = reactive("")

    def state(self) -> Hashable:
        return self.marker  # the same chapters either side at every step

    def drawn(self, width: int) -> Text:
        chapter, renderer = self.chapter, self.renderer
        left_arrow, right_arrow = ("<- ", " ->") if renderer.ascii_only else ("← ", " →")
        marker = Text(f" {renderer.drawable(self.marker)} ", Style(bold=True, reverse=True)) \
            if self.marker else Text("")
        for short in (False, True):
            prev = renderer.drawable(chapter.previous.split(":")[0] if short else chapter.previous)
            nxt = renderer.drawable(chapter.next.split(":")[0] if short else chapter.next)
            left = Text(left_arrow + prev, self.renderer.muted) if prev else Text("")
            right = Text(nxt + right_arrow, self.renderer.muted) if nxt else Text("")
            spare = width - left.cell_len - right.cell_len - marker.cell_len
            if spare >= 2:
                break
        else:
            left, right = Text(""), Text("")
            spare = width - marker.cell_len
        spare = max(spare, 0)
        return Text.assemble(left, " " * (spare // 2), marker, " " * (spare - spare // 2), right)


class TooSmall(Widget):
    """Shown instead of the deck when the terminal is smaller than it can use."""

    def __init__(self, min_width: int, min_height: int, what: str = "the deck",
                 **kwargs) -> None:
        super().__init__(**kwargs)
        self.min_width, self.min_height = min_width, min_height
        self.what = what

    def render(self) -> Padding:
        """The whole message with a margin when it fits, else shorter ones, down to the
        size wanted and how to quit (each variant checked against the rows there are)."""
        width, height = self.app.size
        wanted = f"{self.min_width}x{self.min_height}"
        full = Text(f"This window is too small for {self.what}.\n\n", Style(bold=True))
        full.append(f"Make the window at least {wanted} (it is {width}x{height} now), or use "
                    f"a smaller font.\n\n")
        full.append(f"{self.what[0].upper()}{self.what[1:]} comes back as soon as it fits. "
                    f"Press Ctrl+C to quit.", self.app.renderer.muted)
        short = Text(f"Too small for {self.what}: make it at least {wanted} (it is "
                     f"{width}x{height}). Ctrl+C quits.")
        tiny = Text(f"Need {wanted}. Ctrl+C quits.")
        room_x, room_y = self.size.width, self.size.height
        for text, (pad_y, pad_x) in ((full, (1, 2)), (full, (0, 1)), (short, (0, 1)),
                                     (short, (0, 0)), (tiny, (0, 0))):
            lines = text.wrap(self.app.console, max(room_x - 2 * pad_x, 1))
            if len(lines) + 2 * pad_y <= room_y:
                break
        return Padding(text, (pad_y, pad_x))


class KeyHints(Widget):
    """The key hints at the bottom, drawn from the screen's own bindings (those marked
    show=True): one widget, where Textual's Footer mounts one per key."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._drawn: list[tuple[str, str]] | None = None  # the hints last drawn

    def hints(self) -> list[tuple[str, str]]:
        """Each key shown and what it does, in the order of the screen's bindings."""
        keys: list[tuple[str, str]] = []
        # A screen may say what a key does now (Space: Next, or Quiz on the last page).
        describe = getattr(self.screen, "key_description", lambda b: b.description)
        for binding in self.screen.BINDINGS:
            if isinstance(binding, Binding) and binding.show:
                first = binding.key.split(",")[0]
                keys.append((binding.key_display or
                             self.app.get_key_display(Binding(first, binding.action)),
                             describe(binding)))
        return keys

    def update(self) -> None:
        """Draw the hints again if what a key does has changed (a step's own frame, not one
        more after it, when nothing has)."""
        if self.hints() != self._drawn:
            self.refresh()

    def render(self) -> Text:
        self._drawn = self.hints()
        return fit_keys(self._drawn, self.size.width)
