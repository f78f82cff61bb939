"""A one-line bar of key hints that fits its width: roomy when there is space, tighter when
there is not, so the last hint (usually Quit) stays on screen."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from ..render import fit_keys


class KeyBar(Widget):
    """Key hints set by the screen as it changes state (the quiz's keys change with it)."""

    keys: reactive[tuple[tuple[str, str], ...]] = reactive((), layout=False)

    def render(self) -> Text:
        keys = list(self.keys)
        renderer = getattr(self.app, "renderer", None)
        if renderer is not None and renderer.ascii_only:  # ↑↓ and the like, in ASCII
            keys = [(renderer.s(key), renderer.s(what)) for key, what in keys]
        return fit_keys(keys, self.size.width)
