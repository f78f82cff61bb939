"""A one-line bar of key hints that fits its width: roomy when there is space, tighter when
there is not, so the last hint (usually Quit) stays on screen."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget


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


class KeyBar(Widget):
    """Key hints set by the screen as it changes state (the quiz's keys change with it)."""

    keys: reactive[tuple[tuple[str, str], ...]] = reactive((), layout=False)

    def render(self) -> Text:
        keys = list(self.keys)
        renderer = getattr(self.app, "renderer", None)
        if renderer is not None and renderer.ascii_only:  # ↑↓ and the like, in ASCII
            keys = [(renderer.s(key), renderer.s(what)) for key, what in keys]
        return fit_keys(keys, self.size.width)
