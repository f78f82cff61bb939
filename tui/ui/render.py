"""Turn the pure chapter model into Rich renderables: the one place that knows both."""

from __future__ import annotations

from rich import box
from rich.color import Color, ColorSystem
from rich.console import Group, RenderableType
from rich.measure import Measurement
from rich.panel import Panel
from rich.style import Style
from rich.table import Table
from rich.text import Text

from ..content import icons
from ..content.markup import BULLET, paragraphs, parse, to_ascii
from ..content.model import PALETTE, Block, Chapter, Step, colour_hex
from .contrast import blend, readable

# The page's colours as the nearest of the terminal's own 16, for the "ansi" theme.
ANSI_COLOURS = {
    "violet": "magenta", "blue": "blue", "teal": "cyan", "amber": "yellow",
    "pink": "bright_magenta", "red": "red", "green": "green", "orange": "bright_red",
}
_ANSI_BY_HEX = {PALETTE[name]: ansi for name, ansi in ANSI_COLOURS.items()}


class Renderer:
    """Draws chapter text, in Unicode or (with `ascii_only`) plain ASCII."""

    def __init__(self, ascii_only: bool = False, colour: bool = True) -> None:
        self.ascii_only = ascii_only
        # Without colour (NO_COLOR) the step colours would turn into unreadable greys, so
        # labels, tiles and callouts use bold, underline and reverse instead.
        self.colour = colour
        # The "ansi" theme: step colours as the terminal's own 16 colours.
        self.ansi = False
        # The theme's text and what text is drawn on (the card, dialogs, the title bar):
        # every text colour is chosen to reach WCAG AA (4.5:1) on each of these.
        self.foreground = "#e8eaf2"
        self.surfaces: tuple[str, ...] = ("#10121b",)

    def use_theme(self, theme) -> None:
        """Draw for `theme` (a Textual Theme): its ANSI-ness, text and backgrounds."""
        self.ansi = theme.ansi
        if not theme.ansi:
            self.foreground = theme.foreground
            self.surfaces = tuple(c for c in (theme.background, theme.surface, theme.panel)
                                  if c)

    def _readable(self, colour: str, backgrounds: tuple[str, ...]) -> str:
        for background in backgrounds:
            colour = readable(colour, background)
        return colour

    def ink(self, colour: str) -> str | Color:
        """A step colour (or any #rrggbb) as text: itself, or nudged until it reads."""
        if self.ansi:
            return self.paint(colour)
        return self._readable(colour_hex(colour), self.surfaces)

    def fill(self, colour: str) -> str:
        """A step colour behind text in `on_colour` (a tile, the narration badge)."""
        return readable(colour_hex(colour), self.on_colour)

    def on_step(self, colour: str) -> Style:
        """Bold text on a step colour: white on the colour, or, in the terminal's own 16
        colours (where no text colour reads on all of them), the colour on the terminal's
        own background."""
        if self.ansi:
            return Style(bold=True, color=self.paint(colour))
        return Style(bold=True, color=self.on_colour, bgcolor=self.fill(colour))

    @property
    def muted(self) -> Style:
        """Secondary text: a grey that still reads (dim is the terminal's to draw, and on
        white it drew pale grey), or dim where there is no colour to choose."""
        if not self.colour:
            return Style(dim=True)
        if self.ansi:  # dim ANSI text is too faint on a projector; plain text it is
            return Style()
        return Style(color=self._readable(blend(self.foreground, self.surfaces[0], 0.6),
                                          self.surfaces))

    def paint(self, colour: str) -> str | Color:
        """A step colour (palette name or #rrggbb) as the colour to draw it in."""
        hex_colour = colour_hex(colour)
        if not self.ansi:
            return hex_colour
        named = ANSI_COLOURS.get(colour) or _ANSI_BY_HEX.get(hex_colour.lower())
        return named or Color.parse(hex_colour).downgrade(ColorSystem.STANDARD)

    @property
    def on_colour(self) -> str:
        """Text drawn on a step colour (the tile, the narration badge)."""
        return "#ffffff"

    def tint(self, colour: str, **style) -> Style:
        """A style in a step colour, or without colour when colour is off."""
        return Style(color=self.ink(colour), **style) if self.colour else Style(**style)

    def drawable(self, text: str) -> str:
        """A string as it will be drawn."""
        return to_ascii(text) if self.ascii_only else text

    def glyph(self, icon: str) -> str:
        return icons.glyph(icon, self.ascii_only)

    def inline(self, markup: str, style: Style | str = "", strong: Style | str = "bold") -> Text:
        """Text with **bold** and *italic* kept."""
        text = Text(style=style)
        for span in parse(markup):
            span_style = Style.combine([
                Style.parse(strong) if isinstance(strong, str) and span.bold else
                (strong if span.bold and isinstance(strong, Style) else Style()),
                Style(italic=True) if span.italic else Style(),
            ])
            text.append(self.drawable(span.text), span_style)
        return text

    def paragraphs(self, markup: str, strong: Style | str = "bold") -> RenderableType:
        """A text field as paragraphs with a blank line between them; lines that start
        with a bullet wrap with a hanging indent."""
        parts: list[RenderableType] = []
        for paragraph in paragraphs(markup):
            lines = paragraph.split("\n")
            if all(line.startswith(BULLET) for line in lines):
                parts.append(self.bullets(lines, strong))
            else:
                parts.append(LineByLine(self.inline(paragraph, strong=strong)))
            parts.append(Text(""))
        return Group(*parts[:-1])

    def bullets(self, lines: list[str], strong: Style | str) -> Table:
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True)
        grid.add_column(ratio=1)
        for line in lines:
            grid.add_row(
                self.drawable(BULLET.strip()),
                LineByLine(self.inline(line[len(BULLET) :], strong=strong)),
            )
        return grid

    def tile(self, step: Step) -> Text:
        """The icon tile: the step's icon on its colour (two colours make a gradient)."""
        if not self.colour:
            return Text(f" {self.glyph(step.icon)} ", Style(bold=True, reverse=True))
        first, last = step.colours[0], step.colours[-1]
        tile = Text()
        tile.append(" ", self.on_step(first))
        tile.append(self.glyph(step.icon), self.on_step(first))
        tile.append(" ", self.on_step(last))
        return tile

    def header(self, step: Step) -> Table:
        """Icon tile beside the step's title, with the subtitle under the title."""
        title = Text(self.drawable(step.title), "bold")
        if step.subtitle:
            title.append("\n")
            title.append_text(self.inline(step.subtitle, style=self.muted + Style(italic=True)))
        grid = Table.grid(padding=(0, 2))
        grid.add_column(no_wrap=True)
        grid.add_column(ratio=1)
        grid.add_row(self.tile(step), title)
        return grid

    def block(self, block: Block, colour: str) -> RenderableType:
        label = Text(
            self.drawable(block.label), self.tint(colour, bold=True, underline=not self.colour)
        )
        label.append("\n")
        return Group(label, self.paragraphs(block.text))

    def callout(self, text: str, colour: str) -> RenderableType:
        return Panel(
            self.paragraphs(text, strong=self.tint(colour, bold=True)),
            box=box.ASCII if self.ascii_only else box.ROUNDED,
            border_style=self.tint(colour, bold=True),
            padding=(0, 1),
            expand=True,
        )

    def column(self, step: Step, number: int) -> RenderableType:
        """Column `number` (0-based) of a step's card, or nothing."""
        if number >= len(step.columns):
            return Text("")
        parts: list[RenderableType] = []
        for entry in step.columns[number]:
            if isinstance(entry, Block):
                parts.append(self.block(entry, step.colour))
            else:
                parts.append(self.callout(entry.text, entry.colour))
            parts.append(Text(""))
        return Group(*parts[:-1])

    def card(self, step: Step) -> "Card":
        return Card(self.header(step), self.column(step, 0),
                    self.column(step, 1) if len(step.columns) > 1 else None)

    def cover(self, chapter: Chapter) -> RenderableType:
        """The card shown before the first step: the chapter and its steps."""
        head = Text(self.drawable(chapter.title), "bold")
        if chapter.tag:
            head.append("  ")
            head.append(f" {self.drawable(chapter.tag)} ", Style(reverse=True, bold=True))
        parts: list[RenderableType] = [head]
        if chapter.subtitle:
            parts.append(self.inline(chapter.subtitle, style=Style(italic=True)))
        parts.append(Text(""))
        steps = Table.grid(padding=(0, 1))
        steps.add_column(justify="right", no_wrap=True)
        steps.add_column(no_wrap=True)
        steps.add_column(ratio=1)
        for number, step in enumerate(chapter.steps, 1):
            what = Text(self.drawable(step.title), "bold")
            if step.subtitle:
                what.append(self.drawable(" — "), self.muted)
                what.append(self.inline(step.subtitle, style=self.muted))
            steps.add_row(str(number), self.tile(step), what)
        parts.append(steps)
        parts.append(Text(""))
        hint = Text("Press ")
        hint.append("Space", Style(bold=True, reverse=True))
        hint.append(" to begin, ")
        hint.append("t", Style(bold=True, reverse=True))
        hint.append(" for contents, ")
        hint.append("?", Style(bold=True, reverse=True))
        hint.append(" for every key.")
        parts.append(hint)
        return Group(*parts)


class LineByLine:
    """A paragraph that draws in time linear in its length, however long it is.

    Rich renders a wrapped Text as one segment per run of style spanning all its lines, then
    splits each segment at every newline by copying what is left of it: quadratic, so one
    3 MB block took ten seconds to draw. Wrapped here first, each line renders on its own."""

    def __init__(self, text: Text) -> None:
        self.text = text

    def __rich_console__(self, console, options):
        text = self.text  # as Text.__rich_console__ does, but each line rendered apart
        lines = text.wrap(console, options.max_width,
                          justify=text.justify or options.justify or "default",
                          overflow=text.overflow or options.overflow or "fold",
                          tab_size=text.tab_size or console.tab_size or 8,
                          no_wrap=bool(text.no_wrap or options.no_wrap))
        for line in lines:
            yield from line.render(console, end=text.end)

    def __rich_measure__(self, console, options) -> Measurement:
        return Measurement.get(console, options, self.text)


class Card:
    """A step's card: the header, then its columns side by side when there is room for
    two readable columns (as the page does above 900 px), else one under the other."""

    TWO_COLUMNS_FROM = 96
    GUTTER = 3

    def __init__(self, header: RenderableType, first: RenderableType,
                 second: RenderableType | None) -> None:
        self.header, self.first, self.second = header, first, second

    def __rich_console__(self, console, options):
        yield self.header
        yield Text("")
        if self.second is None:
            yield self.first
        elif options.max_width >= self.TWO_COLUMNS_FROM:
            grid = Table.grid(padding=(0, self.GUTTER), expand=True)
            grid.add_column(ratio=1)
            grid.add_column(ratio=1)
            grid.add_row(self.first, self.second)
            yield grid
        else:
            yield self.first
            yield Text("")
            yield self.second


def fit_keys(keys: list[tuple[str, str]], width: int) -> Text:
    """`keys` as (key, what it does) pairs, laid out to fit `width` cells: roomy when it fits,
    tighter when it does not; then the hints after the first two give way one by one (? lists
    every key), so the last, usually Quit, stays on screen."""
    keys = list(keys)
    while True:
        for pad, gap in ((" ", "  "), ("", "  "), ("", " ")):
            hints = Text(no_wrap=True, overflow="ellipsis")
            for key, description in keys:
                hints.append(f"{pad}{key}{pad}", Style(bold=True, reverse=True))
                hints.append(f" {description}{gap}")
            hints.rstrip()
            if hints.cell_len <= width:
                return hints
        if len(keys) <= 3:
            return hints
        del keys[2]
