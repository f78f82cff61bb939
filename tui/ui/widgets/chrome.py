"""The deck's chrome around the card: title bar, pipeline, narration, step bar, chapter nav.

Each widget draws from the chapter and the current step number, which the deck screen sets.
"""

from __future__ import annotations

from typing import Hashable

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Size
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
        self.r = renderer

    @property
    def chapter(self) -> Chapter:
        return self._chapter

    @chapter.setter
    def chapter(self, chapter: Chapter) -> None:
        self._chapter = chapter
        self._strips.clear()

    def state(self) -> Hashable:
        """What the drawing depends on besides width, theme and size class."""
        return self.step

    def watch_step(self) -> None:
        # A relayout of the screen only when this part's height changes with the step (a
        # narration of another length); a repaint of this part alone when what it draws
        # changes; nothing when it does not (the chapter nav, mostly).
        width = self.size.width
        if width <= 0:
            self.refresh(layout=True)
            return
        lines = self._lines(width)
        if lines is not self._shown:
            self.refresh(layout=len(lines) != self.size.height)

    def prepare(self, step: int) -> None:
        """Draw `step` now, into memory, so that showing it later is instant."""
        current = self.step
        self.set_reactive(DeckPart.step, step)
        try:
            self._lines(self.size.width)
        finally:
            self.set_reactive(DeckPart.step, current)

    def forget(self) -> None:
        """Drop what was drawn (the colours changed) and draw again."""
        self._strips.clear()
        self.refresh()

    def _lines(self, width: int) -> list[Strip]:
        if width != self.size.width:  # render() draws for the current width: measure it
            return self._draw(width)
        key = (self.state(), width, self.app.theme, _compact(self))
        lines = self._strips.get(key)
        if lines is None:
            if len(self._strips) >= self.CACHE_SIZE:
                self._strips.pop(next(iter(self._strips)))
            lines = self._strips[key] = self._draw(width)
        return lines

    def _draw(self, width: int) -> list[Strip]:
        return Visual.to_strips(self, visualize(self, self.render(), markup=False), width,
                                None, self.visual_style)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._lines(width))

    def render_line(self, y: int) -> Strip:
        lines = self._shown = self._lines(self.size.width)
        if 0 <= y < len(lines):
            return lines[y]
        return Strip.blank(self.size.width, self.visual_style.rich_style)


class TitleBar(DeckPart):
    """Chapter title and tag; the subtitle too when there is room."""

    def render(self) -> Text:
        c, r = self.chapter, self.r
        tag = Text(f" {r.s(c.tag)} ", Style(bold=True, reverse=True)) if c.tag else Text("")
        title = Text(r.s(c.title), Style(bold=True), no_wrap=True, overflow="ellipsis")
        room = max(self.size.width - tag.cell_len - 1, 1)
        title.truncate(room, overflow="ellipsis")
        line = Text.assemble(title, " " * max(room - title.cell_len + 1, 1), tag)
        if c.subtitle and not _compact(self):
            line.append("\n")
            line.append_text(r.inline(c.subtitle, style=Style(dim=True, italic=True)))
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
        c, r = self.chapter, self.r
        lit = set(c.step(self.step).lit) if self.step else set()
        arrows = c.lit_arrows(self.step)
        lit_arrow, arrow = (">", "-") if r.ascii_only else ("▶", "▷")
        line, hits = Text(), []
        for i, stage in enumerate(c.pipeline):
            on = i in lit
            label = f" {r.glyph(stage.icon)}"
            if mode == 0 or (mode == 1 and on):
                label += f" {r.s(stage.label)}"
            label += " "
            start = line.cell_len
            line.append(label, r.tint(LIT_COLOUR, bold=True, reverse=True) if on
                        else Style(dim=True))
            hits.append((start, line.cell_len, i))
            if i < len(arrows):
                line.append(gap)
                line.append(lit_arrow if arrows[i] else arrow,
                            r.tint(LIT_COLOUR, bold=True) if arrows[i] else Style(dim=True))
                line.append(gap)
        return line, hits

    def _fitted(self) -> tuple[Text, list[tuple[int, int, int]]]:
        """The line that fits the width, centred, and where each stage is on it."""
        width = self.size.width
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
        return self._fitted()[1]

    def render(self) -> Text:
        return self._fitted()[0]

    def on_click(self, event: events.Click) -> None:
        for start, end, stage in self._hits:
            if start <= event.x < end:
                self.post_message(self.StageClicked(stage))
                return


class Narration(DeckPart):
    """The narration bar: the step number on a badge in the step's colour, beside the step's
    summary, which wraps under itself and is clamped to two lines when rows are few."""

    CLAMP = 2
    BADGE = 3

    def badge(self) -> Text:
        number = f"{self.step or '-':^{self.BADGE}}"
        if not (self.step and self.r.colour):
            return Text(number, Style(bold=True, reverse=True))
        colour = self.r.paint(self.chapter.step(self.step).colour)
        return Text(number, Style(bold=True, color=self.r.on_colour, bgcolor=colour))

    def summary(self) -> Text:
        if not self.step:
            return Text(self.r.s("Press Space to begin, or ? to see every key…"),
                        Style(italic=True))
        step = self.chapter.step(self.step)
        return self.r.inline(step.narration or f"**{step.title}**")

    def render(self) -> Text:
        width = self.size.width - self.BADGE - 1
        if width <= 0:
            return self.badge()
        lines = self.summary().wrap(self.app.console, width)
        if _compact(self) and len(lines) > self.CLAMP:
            lines = lines[: self.CLAMP]
            last = lines[-1]
            ellipsis = "…" if not self.r.ascii_only else "..."
            last.truncate(width - len(ellipsis))
            last.rstrip()
            while last.plain and last.plain[-1] in ".,;:":
                last.right_crop(1)
            last.append(ellipsis)
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

    def state(self) -> Hashable:
        return self.step, self.playing, self.jump

    def _bar(self, width: int) -> Text:
        filled = round(width * self.step / self.chapter.total)
        full, empty = ("=", "-") if self.r.ascii_only else ("━", "─")
        bar = Text()
        for cell in range(width):
            if cell < filled:
                bar.append(full, self.r.tint(_gradient(cell / max(width - 1, 1)), bold=True))
            else:
                bar.append(empty, Style(dim=True))
        return bar

    def _dots(self) -> Text:
        total = self.chapter.total
        done, current, todo = ("o", "@", ".") if self.r.ascii_only else ("●", "◉", "○")
        colour = self.chapter.step(self.step).colour if self.step else LIT_COLOUR
        sep = " " if total <= 12 else ""
        dots = Text()
        for n in range(1, total + 1):
            if n < self.step:
                dots.append(done, self.r.tint(LIT_COLOUR))
            elif n == self.step:
                dots.append(current, self.r.tint(colour, bold=True))
            else:
                dots.append(todo, Style(dim=True))
            if n < total:
                dots.append(sep)
        return dots

    def render(self) -> Text:
        width = self.size.width
        counter = Text("Step ", Style(dim=True, bold=True))
        counter.append(f"{self.step or '-'} / {self.chapter.total}", Style(bold=True))
        if self.jump:
            counter.append(f"  go to {self.jump}_ ", Style(reverse=True, bold=True))
            counter.append(" Enter", Style(dim=True))
        if self.playing:
            counter.append("  ")
            counter.append(" > auto " if self.r.ascii_only else " ▶ auto ",
                           Style(reverse=True, bold=True))
        dots = self._dots()
        if not _compact(self):
            gap = max(width - counter.cell_len - dots.cell_len, 1)
            return Text.assemble(self._bar(width), "\n", counter, " " * gap, dots)
        room = width - counter.cell_len - dots.cell_len - 4
        if room >= 6:
            return Text.assemble(counter, "  ", self._bar(room), "  ", dots)
        gap = width - counter.cell_len - dots.cell_len
        if gap >= 1:
            return Text.assemble(counter, " " * gap, dots)
        return counter


class ChapterNav(DeckPart):
    """Previous and next chapters, and a marker while the card has more below."""

    more: reactive[bool] = reactive(False)

    def state(self) -> Hashable:
        return self.more  # the same chapters either side at every step

    def render(self) -> Text:
        c, r, width = self.chapter, self.r, self.size.width
        left_arrow, right_arrow = ("<- ", " ->") if r.ascii_only else ("← ", " →")
        marker = Text(" v more below: Space " if r.ascii_only else " ▼ more below: Space ",
                      Style(bold=True, reverse=True)) if self.more else Text("")
        for short in (False, True):
            prev = r.s(c.previous.split(":")[0] if short else c.previous)
            nxt = r.s(c.next.split(":")[0] if short else c.next)
            left = Text(left_arrow + prev, Style(dim=True)) if prev else Text("")
            right = Text(nxt + right_arrow, Style(dim=True)) if nxt else Text("")
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

    def render(self) -> Text:
        width, height = self.app.size
        text = Text(f"This window is too small for {self.what}.\n\n", Style(bold=True))
        text.append(f"Make the window at least {self.min_width}x{self.min_height} "
                    f"(it is {width}x{height} now), or use a smaller font.\n\n")
        text.append(f"{self.what[0].upper()}{self.what[1:]} comes back as soon as it fits. "
                    f"Press Ctrl+C to quit.", Style(dim=True))
        return text


class KeyHints(Widget):
    """The key hints at the bottom, drawn from the screen's own bindings (those marked
    show=True): one widget, where Textual's Footer mounts one per key."""

    def render(self) -> Text:
        keys: list[tuple[str, str]] = []
        for binding in self.screen.BINDINGS:
            if isinstance(binding, Binding) and binding.show:
                first = binding.key.split(",")[0]
                keys.append((binding.key_display or
                             self.app.get_key_display(Binding(first, binding.action)),
                             binding.description))
        return fit_keys(keys, self.size.width)
