"""A one-line bar of key hints that fits its width: roomy when there is space, tighter when
there is not, so the last hint (usually Quit) stays on screen."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import Widget

from ..render import fit_keys


def key_hints(screen: Screen) -> tuple[tuple[str, str], ...]:
    """A key bar's hints from the screen's own bindings, those marked show=True: each one's
    first key (or its key_display) as the app shows keys, and its description."""
    hints = []
    for binding in type(screen).BINDINGS:
        if isinstance(binding, Binding) and binding.show:
            first = binding.key.split(",")[0].strip()
            hints.append((binding.key_display or
                          screen.app.get_key_display(Binding(first, binding.action)),
                          binding.description))
    return tuple(hints)


class KeyBar(Widget):
    """Key hints set by the screen as it changes state (the quiz's keys change with it)."""

    keys: reactive[tuple[tuple[str, str], ...]] = reactive((), layout=False)

    def render(self) -> Text:
        keys = list(self.keys)
        renderer = getattr(self.app, "renderer", None)
        if renderer is not None and renderer.ascii_only:  # ↑↓ and the like, in ASCII
            keys = [(renderer.s(key), renderer.s(what)) for key, what in keys]
        return fit_keys(keys, self.size.width)
