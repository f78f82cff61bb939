"""Dialogs over the deck: contents, help, and the end of the chapter."""

from __future__ import annotations

from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual.actions import parse
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...content.model import Chapter
from ..render import Renderer
from ..widgets.keybar import key_hints
from .base import DeckAppModal, ascii_scrollbars
from .once import DismissOnce


class ContentsScreen(DismissOnce, DeckAppModal[int | None]):
    """The steps as a list to jump from."""

    CSS_PATH = "dialogs.tcss"

    BINDINGS = [
        Binding("escape,t,q", "dismiss(None)", "Close"),
    ]

    def __init__(self, chapter: Chapter, renderer: Renderer, current: int) -> None:
        super().__init__()
        self.chapter, self.renderer, self.current = chapter, renderer, current

    def compose(self) -> ComposeResult:
        options = []
        width = len(str(self.chapter.total))
        for number, step in enumerate(self.chapter.steps, 1):
            label = Text(f"{number:>{width}} ")
            label.append_text(self.renderer.tile(step))
            label.append(
                f" {self.renderer.drawable(step.title)}", Style(bold=number == self.current)
            )
            if number == self.current:
                label.append("  (here)", self.renderer.muted)
            options.append(Option(label, id=str(number)))
        with Vertical(id="dialog", classes="dialog"):
            yield Static(
                Text(self.renderer.drawable(f"Contents — {self.chapter.title}"), Style(bold=True)),
                classes="dialog-title",
            )
            yield OptionList(*options, id="contents")
            yield Static(
                self.renderer.drawable("↑↓ choose · Enter go · Esc close"), classes="dialog-hint"
            )

    def on_mount(self) -> None:
        contents = self.query_one(OptionList)
        contents.highlighted = max(self.current - 1, 0)
        contents.focus()
        ascii_scrollbars(self)
        # Once the list has its height, bring the current step into view (step 27 of 30).
        self.call_after_refresh(contents.scroll_to_highlight)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option.id or 0))


class HelpScreen(DismissOnce, ModalScreen[None]):
    """Every key, read from the deck's live bindings so it cannot drift from them.

    Bindings that share a description share a row: keys of one action joined by commas,
    of different actions by a slash ("home, g / end, G  First step, last step")."""

    CSS_PATH = "dialogs.tcss"

    BINDINGS = [Binding("escape,question_mark,q", "dismiss(None)", "Close"),
                Binding("down,j", "scroll_keys(1)", "Scroll down", show=False),
                Binding("up,k", "scroll_keys(-1)", "Scroll up", show=False),
                Binding("pagedown,space", "page_keys(1)", "Page down", show=False),
                Binding("pageup", "page_keys(-1)", "Page up", show=False)]

    def __init__(self, deck: Screen) -> None:
        super().__init__()
        self.deck = deck

    def key_table(self) -> Table:
        table = Table.grid(padding=(0, 2))
        table.add_column(style=Style(bold=True), no_wrap=True)
        table.add_column()
        declared = {b.action for b in type(self.deck).BINDINGS if isinstance(b, Binding)}
        bindings = [b for b in Binding.make_bindings(type(self.deck).BINDINGS)
                    if b.action in declared]
        bindings.sort(key=lambda b: _order(self.deck, b))
        focused = self.deck.focused
        if getattr(self.deck, "HELP_FOCUSED", False) and focused is not None:
            # The part that takes the keys first (a quiz question's answer), then the screen;
            # only the keys it takes now (answered, its keys are the screen's).
            declared_there = [b for cls in reversed(type(focused).__mro__)
                              for b in vars(cls).get("BINDINGS", ())]
            bindings[:0] = [b for b in Binding.make_bindings(declared_there)
                            if focused.check_action(*_action(b.action)) is not False]
        rows: dict[str, dict[str, list[str]]] = {}  # description -> action -> keys
        for binding in bindings:
            keys = rows.setdefault(_describe(binding), {})
            keys.setdefault(binding.action, []).append(self.app.get_key_display(binding))
        quit_keys = rows.get("Quit", {}).get("app.quit")
        ctrl_c = self.app.get_key_display(Binding("ctrl+c", "quit"))
        if quit_keys is not None:
            quit_keys.append(ctrl_c)
        for description, actions in rows.items():
            parts = [", ".join(keys) for keys in actions.values()]
            if len(parts) >= 3 and all(len(part) == 1 for part in parts):  # digit(0) ...
                parts = [", ".join(_runs(parts))]
            table.add_row(" / ".join(parts), description)
        if quit_keys is None:
            table.add_row(ctrl_c, "Quit")
        for keys, what in getattr(self.deck, "HELP_NOTES", []):
            table.add_row(keys, what)
        return table

    def compose(self) -> ComposeResult:
        dialog = Vertical(id="dialog", classes="dialog")
        dialog.border_title = "Keys"
        dialog.border_subtitle = "Esc or ? closes"
        with dialog:
            with VerticalScroll(id="help-keys"):
                yield Static(self.key_table())

    def on_mount(self) -> None:
        ascii_scrollbars(self)

    def action_scroll_keys(self, lines: int) -> None:
        self.query_one("#help-keys", VerticalScroll).scroll_relative(y=lines, animate=False)

    def action_page_keys(self, direction: int) -> None:
        keys = self.query_one("#help-keys", VerticalScroll)
        keys.scroll_relative(y=direction * max(keys.scrollable_content_region.height - 1, 1),
                             animate=False)


def _runs(keys: list[str]) -> list[str]:
    """0 1 2 ... 9 reads as 0-9 (and a run of letters likewise)."""
    for kind in (str.isdigit, str.isalpha):
        run = [k for k in keys if len(k) == 1 and kind(k)]
        if len(run) >= 3:
            keys = [f"{run[0]}-{run[-1]}"] + [k for k in keys if k not in run]
    return keys


def _action(action: str) -> tuple[str, tuple[object, ...]]:
    """A binding's action as check_action takes it: its name and its parameters."""
    _, name, parameters = parse(action)
    return name, parameters


def _describe(binding: Binding) -> str:
    """A key's words in the help: in full (its tooltip) where the key bar's are short."""
    if binding.action == "help":
        return "This help"
    return binding.tooltip or binding.description


def _order(deck: Screen, binding: Binding) -> int:
    """Bindings in the order the screen declares them."""
    for index, declared in enumerate(type(deck).BINDINGS):
        if isinstance(declared, Binding) and declared.action == binding.action:
            return index
    return len(type(deck).BINDINGS)


class EndScreen(DismissOnce, DeckAppModal[str | None]):
    """Past the last step of a chapter that has no quiz: start again, or quit."""

    CSS_PATH = "dialogs.tcss"

    # As the dialog says them: its key list is read from here.
    BINDINGS = [
        Binding("space,enter,r", "dismiss('restart')", "start the chapter again",
                key_display="Space"),
        Binding("escape,left,backspace", "dismiss(None)", "back to the last step",
                key_display="Esc"),
        Binding("q", "dismiss('quit')", "quit"),
    ]

    def __init__(self, chapter: Chapter, renderer: Renderer, reason: str = "") -> None:
        super().__init__()
        self.chapter, self.renderer, self.reason = chapter, renderer, reason

    def compose(self) -> ComposeResult:
        text = Text()
        text.append(self.renderer.drawable(f"End of {self.chapter.title}"), Style(bold=True))
        text.append("\n\n")
        text.append(
            self.renderer.drawable(self.reason)
            if self.reason
            else "This chapter has no quiz: chapterdeck found no question bank for it "
            "(see 'Writing a quiz' in docs/content-format.md)."
        )
        text.append("\n\n")
        for key, what in key_hints(self):
            text.append(f" {key} ", Style(bold=True, reverse=True))
            text.append(f"  {what}\n")
        with Vertical(id="dialog", classes="dialog"):
            yield Static(text, id="end-text")
