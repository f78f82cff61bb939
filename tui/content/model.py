"""The chapter as data: a pure model, built by the loader, shown by the UI."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .markup import paragraphs

# The lesson page's step colours; a chapter may also give any #rrggbb.
PALETTE: dict[str, str] = {
    "violet": "#7c3aed",
    "blue": "#2563eb",
    "teal": "#0d9488",
    "amber": "#d97706",
    "pink": "#db2777",
    "red": "#dc2626",
    "green": "#16a34a",
    "orange": "#ea580c",
}

# The progress bar's gradient on the page: violet -> blue -> teal -> green.
PROGRESS_GRADIENT = ("#7c3aed", "#2563eb", "#0d9488", "#16a34a")
LIT_COLOUR = PALETTE["violet"]


def colour_hex(colour: str) -> str:
    """A palette name or #rrggbb as #rrggbb."""
    return PALETTE.get(colour, colour)


@dataclass(frozen=True)
class Stage:
    """One stage of the pipeline diagram above the card."""

    id: str
    icon: str
    label: str


@dataclass(frozen=True)
class Block:
    """A labelled block of text in a card column."""

    label: str
    text: str


@dataclass(frozen=True)
class Callout:
    """A boxed, coloured note; its text usually opens with a bold lead-in."""

    text: str
    colour: str


Entry = Block | Callout


@dataclass(frozen=True)
class Step:
    """One step of a chapter: its title, icon and colours, and its card's columns."""

    id: str
    title: str
    icon: str
    colours: tuple[str, ...]
    columns: tuple[tuple[Entry, ...], ...]
    subtitle: str = ""
    lit: tuple[int, ...] = ()
    narration: str = ""
    notes: str = ""
    minutes: float | None = None

    @property
    def colour(self) -> str:
        return self.colours[0]

    def marked(self) -> list[str]:
        """The step's card text that takes markup: the subtitle, block texts, callouts."""
        out = [self.subtitle]
        for column in self.columns:
            out += [entry.text for entry in column]
        return [t for t in out if t]

    def texts(self) -> list[str]:
        """Every piece of text on the step's card, in reading order; the title and block
        labels are drawn as written, the rest (marked()) with markup."""
        out = [self.title, self.subtitle]
        for column in self.columns:
            for entry in column:
                if isinstance(entry, Block):
                    out += [entry.label, entry.text]
                else:
                    out.append(entry.text)
        return [t for t in out if t]


@dataclass(frozen=True)
class Chapter:
    """A chapter as the deck plays it: its steps, pipeline and the chapters either side."""

    title: str
    steps: tuple[Step, ...]
    id: str = ""
    subtitle: str = ""
    tag: str = ""
    previous: str = ""
    next: str = ""
    pipeline: tuple[Stage, ...] = ()
    source: Path | None = field(default=None, compare=False)

    @property
    def total(self) -> int:
        return len(self.steps)

    def step(self, number: int) -> Step:
        """Step by its 1-based number."""
        return self.steps[number - 1]

    def step_for_stage(self, stage: int) -> int | None:
        """The 1-based step a click on pipeline stage `stage` jumps to: the first whose lit list
        starts with it (as on the lesson page), else the first that lights it at all."""
        for number, step in enumerate(self.steps, 1):
            if step.lit and step.lit[0] == stage:
                return number
        for number, step in enumerate(self.steps, 1):
            if stage in step.lit:
                return number
        return None

    def lit_arrows(self, number: int) -> list[bool]:
        """For step `number` (0 = not started), whether each arrow between stages is lit:
        an arrow is lit when the stages at both its ends are."""
        lit = set(self.step(number).lit) if number else set()
        return [i in lit and i + 1 in lit for i in range(len(self.pipeline) - 1)]


__all__ = [
    "PALETTE", "PROGRESS_GRADIENT", "LIT_COLOUR", "colour_hex", "Stage", "Block", "Callout",
    "Entry", "Step", "Chapter", "paragraphs",
]
