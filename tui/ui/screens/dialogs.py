"""Dialogs over the deck: contents, help, and the end of the chapter."""

from __future__ import annotations

from itertools import groupby

from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...content.model import Chapter
from ..render import Renderer
from .once import DismissOnce


class ContentsScreen(DismissOnce, ModalScreen[int | None]):
    """The steps as a list to jump from."""

    CSS_PATH = "dialogs.tcss"

    BINDINGS = [
        Binding("escape,t,q", "dismiss(None)", "Close"),
    ]

    def __init__(self, chapter: Chapter, renderer: Renderer, current: int) -> None:
        super().__init__()
        self.chapter, self.r, self.current = chapter, renderer, current

    def compose(self) -> ComposeResult:
        options = []
        width = len(str(self.chapter.total))
        for number, step in enumerate(self.chapter.steps, 1):
            label = Text(f"{number:>{width}} ")
            label.append_text(self.r.tile(step))
            label.append(f" {self.r.s(step.title)}", Style(bold=number == self.current))
            if number == self.current:
                label.append("  (here)", Style(dim=True))
            options.append(Option(label, id=str(number)))
        with Vertical(id="dialog", classes="dialog"):
            yield Static(Text(self.r.s(f"Contents — {self.chapter.title}"), Style(bold=True)),
                         classes="dialog-title")
            yield OptionList(*options, id="contents")
            yield Static(self.r.s("↑↓ choose · Enter go · Esc close"), classes="dialog-hint")

    def on_mount(self) -> None:
        contents = self.query_one(OptionList)
        contents.highlighted = max(self.current - 1, 0)
        contents.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option.id or 0))


class HelpScreen(DismissOnce, ModalScreen[None]):
    """Every key, read from the deck's live bindings so it cannot drift from them."""

    CSS_PATH = "dialogs.tcss"

    BINDINGS = [Binding("escape,question_mark,q", "dismiss(None)", "Close")]

    def __init__(self, deck: Screen) -> None:
        super().__init__()
        self.deck = deck

    def key_table(self) -> Table:
        table = Table.grid(padding=(0, 2))
        table.add_column(style=Style(bold=True), no_wrap=True)
        table.add_column()
        rows: list[tuple[str, str]] = []
        declared = {b.action for b in type(self.deck).BINDINGS if isinstance(b, Binding)}
        bindings = [b for group in self.deck._bindings.key_to_bindings.values()  # noqa: SLF001
                    for b in group if b.action in declared]
        bindings.sort(key=lambda b: _order(self.deck, b))
        for description, group in groupby(bindings, key=lambda b: b.description):
            keys = [self.app.get_key_display(b) for b in group]
            for kind in (str.isdigit, str.isalpha):  # 0 1 2 ... 9 reads as 0-9
                run = [k for k in keys if len(k) == 1 and kind(k)]
                if len(run) >= 3:
                    keys = [f"{run[0]}-{run[-1]}"] + [k for k in keys if k not in run]
            rows.append((", ".join(keys), _describe(description)))
        for keys, what in rows:
            table.add_row(keys, what)
        table.add_row(self.app.get_key_display(Binding("ctrl+c", "quit")), "Quit")
        for keys, what in getattr(self.deck, "HELP_NOTES", []):
            table.add_row(keys, what)
        return table

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog"):
            yield Static(Text.assemble(("Keys", Style(bold=True)), ("   Esc or ? closes",
                                                                     Style(dim=True))),
                         classes="dialog-title")
            with VerticalScroll(id="help-keys"):
                yield Static(self.key_table())


_FOOTER_NAMES = {"Next": "Next: page down the card, then the next step",
                 "Back": "Previous step", "Autoplay": "Autoplay on or off",
                 "Contents": "Contents: jump to any step", "Help": "This help", "Quit": "Quit"}


def _describe(description: str) -> str:
    return _FOOTER_NAMES.get(description, description)


def _order(deck: Screen, binding: Binding) -> int:
    """Bindings in the order the screen declares them."""
    for index, declared in enumerate(type(deck).BINDINGS):
        if isinstance(declared, Binding) and declared.action == binding.action:
            return index
    return len(type(deck).BINDINGS)


class EndScreen(DismissOnce, ModalScreen[str | None]):
    """Past the last step of a chapter that has no quiz: start again, or quit."""

    CSS_PATH = "dialogs.tcss"

    BINDINGS = [
        Binding("escape,left,backspace", "dismiss(None)", "Back to the deck"),
        Binding("space,enter,r", "dismiss('restart')", "Start again"),
        Binding("q", "dismiss('quit')", "Quit"),
    ]

    def __init__(self, chapter: Chapter, renderer: Renderer, reason: str = "") -> None:
        super().__init__()
        self.chapter, self.r, self.reason = chapter, renderer, reason

    def compose(self) -> ComposeResult:
        text = Text()
        text.append(self.r.s(f"End of {self.chapter.title}"), Style(bold=True))
        text.append("\n\n")
        text.append(self.r.s(self.reason) if self.reason else
                    "This chapter has no quiz: chapterdeck found no question bank for it "
                    "(see 'Writing a quiz' in docs/content-format.md).")
        text.append("\n\n")
        for key, what in (("Space", "start the chapter again"), ("Esc", "back to the last step"),
                          ("q", "quit")):
            text.append(f" {key} ", Style(bold=True, reverse=True))
            text.append(f"  {what}\n")
        with Vertical(id="dialog", classes="dialog"):
            yield Static(text, id="end-text")
