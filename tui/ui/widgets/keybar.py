"""A one-line bar of key hints that fits its width: roomy when there is space, tighter when
there is not, so the last hint (usually Quit) stays on screen."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import Widget

from ..render import fit_keys

# Keys by the names the key bars and dialogs write ("Enter to go there", "Esc or ? closes"),
# where Textual would show a symbol or a short lower-case name (⏎, esc, pgdn, ⌫).
KEY_NAMES = {
    "enter": "Enter", "escape": "Esc", "space": "Space", "tab": "Tab", "backspace": "Backspace",
    "delete": "Del", "insert": "Ins", "pageup": "PgUp", "pagedown": "PgDn", "home": "Home",
    "end": "End",
}


class NamedKeys:
    """For an App (before App in its bases): every key shown by its name, the same in the
    help as in the key bars (Enter, Esc, PgDn, Ctrl+C), arrows and printable keys as they
    are; a binding's own key_display wins."""

    def get_key_display(self, binding: Binding) -> str:
        if binding.key_display:
            return binding.key_display
        modifiers, key = binding.parse_key()
        name = KEY_NAMES.get(key)
        if name is None and not modifiers:
            return super().get_key_display(binding)  # arrows, letters, ?
        if name is None:
            name = super().get_key_display(Binding(key, binding.action))
            name = name.upper() if len(name) == 1 else name
        return "+".join([*(m.capitalize() for m in modifiers), name])


def key_hints(screen: Screen) -> tuple[tuple[str, str], ...]:
    """A key bar's hints from the screen's own bindings, those marked show=True: each one's
    first key (or its key_display) as the app shows keys, and its description. Bindings of
    one Binding.Group make one hint, their keys side by side under the group's words (↑↓
    Scroll), where the group's first binding is declared."""
    hints: list[list[str]] = []
    grouped: dict[int, list[str]] = {}  # id of a Binding.Group -> its hint
    for binding in type(screen).BINDINGS:
        if not isinstance(binding, Binding) or not binding.show:
            continue
        first = binding.key.split(",")[0].strip()
        key = binding.key_display or screen.app.get_key_display(Binding(first, binding.action))
        group = binding.group
        if group is None:
            hints.append([key, binding.description])
        elif id(group) in grouped:
            hint = grouped[id(group)]
            hint[0] += key if group.compact else f" {key}"
        else:
            grouped[id(group)] = [key, group.description]
            hints.append(grouped[id(group)])
    return tuple((key, words) for key, words in hints)


class KeyBar(Widget):
    """Key hints set by the screen as it changes state (the quiz's keys change with it)."""

    keys: reactive[tuple[tuple[str, str], ...]] = reactive((), layout=False)

    def render(self) -> Text:
        keys = list(self.keys)
        renderer = getattr(self.app, "renderer", None)
        if renderer is not None and renderer.ascii_only:  # ↑↓ and the like, in ASCII
            keys = [(renderer.drawable(key), renderer.drawable(what)) for key, what in keys]
        return fit_keys(keys, self.size.width)
