"""`chapterdeck notes`: the presenter's view in a second terminal.

It follows a running deck over the presenter link (tui.link): the current step's notes in a
large, readable column, the next step's title, the talk's elapsed time beside the clock and
the pacing against the planned minutes. Its keys drive the deck.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from rich.style import Style
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Digits, Static

from ..link.notes_side import Follower
from ..link.place import DeckSocket
from ..link.protocol import command
from ..link.talk import clock, pace, planned_total
from .driver import driver_class, redraw_screen
from .themes import THEMES
from .terminal_input import GuardedInput


class NotesApp(GuardedInput, App[None]):
    TITLE = "chapterdeck notes"
    CSS_PATH = "notes.tcss"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [
        Binding("space", "send('forward')", "Next", key_display="Space"),
        Binding("right", "send('next')", "Next step", key_display="→"),
        Binding("left", "send('previous')", "Back", key_display="←"),
        *[Binding(str(d), f"digit({d})", "Type a step number", show=False) for d in range(10)],
        Binding("enter", "go", "Go to the number typed", show=False),
        Binding("escape", "forget", "Forget the number", show=False),
        Binding("down,j", "scroll_notes(1)", "Scroll the notes down", show=False),
        Binding("up,k", "scroll_notes(-1)", "Scroll the notes up", show=False),
        Binding("pagedown", "scroll_notes(10)", "Page the notes down", show=False),
        Binding("pageup", "scroll_notes(-10)", "Page the notes up", show=False),
        Binding("q,ctrl+c", "quit", "Quit", priority=True),
        Binding("ctrl+l", "redraw", "Redraw the screen", show=False, priority=True),
    ]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (24, "-tall")]

    def __init__(self, deck_pid: int | None = None, *, follow: bool = True,
                 now: Callable[[], float] = time.time) -> None:
        """`follow=False` and `now` exist for tests: no link, and a fixed clock."""
        super().__init__(driver_class=driver_class())
        self.register_theme(THEMES["dark"])
        self.theme = THEMES["dark"].name
        self.follower = Follower(self.on_deck_message, self.on_link_status, pid=deck_pid)
        self.follow = follow
        self.now = now
        self.steps: list[dict] = []
        self.chapter_title = ""
        self.step = 0
        self.started: float | None = None
        self.status: str | None = "Looking for a running deck…"
        self.decks: list[DeckSocket] = []
        self.typed = ""

    def compose(self) -> ComposeResult:
        yield Static(id="notes-header")
        with Horizontal(id="notes-time"):
            yield Digits("0:00", id="elapsed")
            yield Static(id="pacing")
        yield Static(id="notes-title")
        with VerticalScroll(id="notes-scroll", can_focus=False):
            yield Static(id="notes-text")
        yield Static(id="notes-next")
        yield Static(id="notes-keys")

    def on_mount(self) -> None:
        self._draw()
        self.set_interval(1, self._tick)
        if self.follow:
            self.run_worker(self.follower.run(), group="follow", exit_on_error=False)

    # -- from the link --------------------------------------------------------------------

    def on_link_status(self, status: str | None, decks: list[DeckSocket]) -> None:
        changed = status != self.status or len(decks) != len(self.decks)
        self.status, self.decks = status, decks
        if status is not None:  # no deck: no talk to time until one says so
            self.started, self.step = None, 0
        if changed:
            self._draw()

    def on_deck_message(self, message: dict) -> None:
        kind = message.get("type")
        if kind == "chapter":
            steps = message.get("steps")
            self.steps = steps if isinstance(steps, list) else []
            self.chapter_title = str(message.get("title", ""))
        elif kind == "state":
            step, started = message.get("step"), message.get("started")
            self.step = step if isinstance(step, int) else 0
            self.started = started if isinstance(started, (int, float)) else None
        else:
            return
        self._draw()

    # -- keys -----------------------------------------------------------------------------

    def action_send(self, action: str, step: int = 0) -> None:
        if not self.follower.send(command(action, step)):
            self.bell()

    def action_redraw(self) -> None:
        redraw_screen(self)

    def action_scroll_notes(self, lines: int) -> None:
        self.query_one("#notes-scroll", VerticalScroll).scroll_relative(y=lines, animate=False)

    def action_digit(self, digit: int) -> None:
        width = len(str(len(self.steps) or 99))
        self.typed = (self.typed if len(self.typed) < width else "") + str(digit)
        self._draw_keys()

    def action_forget(self) -> None:
        self.typed = ""
        self._draw_keys()

    def action_go(self) -> None:
        if not self.typed:
            self.action_send("next")
            return
        number, self.typed = int(self.typed), ""
        self._draw_keys()
        if 1 <= number <= len(self.steps):
            self.action_send("go", number)
        else:
            self.bell()
            self.notify(f"There is no step {number}: this chapter has steps 1 to "
                        f"{len(self.steps)}.", severity="warning", timeout=4)

    # -- drawing --------------------------------------------------------------------------

    def _minutes(self) -> list[float | None]:
        return [s.get("minutes") if isinstance(s.get("minutes"), (int, float)) else None
                for s in self.steps]

    def _elapsed(self) -> float:
        return 0.0 if self.started is None else self.now() - self.started

    def _tick(self) -> None:
        """Once a second: only the time and the pacing change."""
        self._draw_time()

    def _draw(self) -> None:
        self._draw_header()
        self._draw_step()
        self._draw_time()
        self._draw_keys()

    def _draw_header(self) -> None:
        header = Text(no_wrap=True, overflow="ellipsis")
        header.append(" Speaker notes ", Style(bold=True, reverse=True))
        following = self.follower.following
        if self.status is None:
            header.append(f"  {self.chapter_title}", Style(bold=True))
        if following is not None and self.status is None:
            header.append(f"  · deck pid {following.pid}", Style(dim=True))
            others = [d.pid for d in self.decks if d.pid != following.pid]
            if others:
                header.append(f"  · also running: pid {', '.join(map(str, others))} "
                              "(chapterdeck notes --deck PID)", Style(dim=True))
        self.query_one("#notes-header", Static).update(header)

    def _draw_step(self) -> None:
        title = self.query_one("#notes-title", Static)
        text = self.query_one("#notes-text", Static)
        upcoming = self.query_one("#notes-next", Static)
        if self.status is not None:
            title.update(Text("Not following a deck", Style(bold=True)))
            text.update(Text(self.status))
            upcoming.update("")
            return
        total = len(self.steps)
        if not 1 <= self.step <= total:
            title.update(Text(f"The cover  ·  {total} steps", Style(bold=True)))
            text.update(Text("The deck shows its cover. Press Space here or there to begin; "
                             "the talk's clock starts at step 1.", Style(italic=True)))
            upcoming.update(self._next_line(1))
            return
        step = self.steps[self.step - 1]
        head = Text(f"Step {self.step} / {total}  ", Style(bold=True))
        head.append(str(step.get("title", "")), Style(bold=True, underline=True))
        title.update(head)
        notes = str(step.get("notes") or "")
        text.update(Text(notes.strip()) if notes.strip() else
                    Text("No notes for this step (add 'notes:' to it in the chapter file).",
                         Style(dim=True, italic=True)))
        self.query_one("#notes-scroll", VerticalScroll).scroll_home(animate=False)
        upcoming.update(self._next_line(self.step + 1))

    def _next_line(self, number: int) -> Text:
        line = Text("Next: ", Style(dim=True, bold=True))
        if number <= len(self.steps):
            line.append(f"{number}. {self.steps[number - 1].get('title', '')}", Style(bold=True))
        else:
            line.append("the end of the chapter", Style(italic=True))
        return line

    def _draw_time(self) -> None:
        elapsed = self._elapsed()
        self.query_one("#elapsed", Digits).update(clock(elapsed))
        line = Text()
        line.append("elapsed ", Style(dim=True))
        line.append(clock(elapsed), Style(bold=True))
        minutes = self._minutes()
        total = planned_total(minutes)
        if total:
            line.append(f" of {clock(total)} planned", Style(dim=True))
        line.append("   clock ", Style(dim=True))
        line.append(time.strftime("%H:%M", time.localtime(self.now())), Style(bold=True))
        line.append("\n")
        if self.status is not None or self.started is None:
            line.append("pacing starts with step 1", Style(dim=True))
        else:
            where = pace(minutes, self.step, elapsed)
            if where is None:
                line.append("no planned minutes for this step", Style(dim=True))
            else:
                drift = where.drift
                colour = "green" if abs(drift) < 30 else ("yellow" if drift < 0 else "red")
                line.append(where.describe(), Style(bold=True, color=colour))
        self.query_one("#pacing", Static).update(line)

    def on_resize(self) -> None:
        self._draw_keys()

    def _draw_keys(self) -> None:
        roomy = self.size.width >= 84
        keys = Text(no_wrap=True, overflow="ellipsis")
        if self.typed:
            keys.append(f" go to {self.typed}_ ", Style(bold=True, reverse=True))
            keys.append(" Enter  ", Style(dim=True))
        for key, what in (("Space", "next"), ("←", "back"),
                          ("→", "next step, skipping the card" if roomy else "skip"),
                          ("0-9 Enter", "go to step" if roomy else "go"), ("q", "quit")):
            keys.append(f" {key} ", Style(bold=True, reverse=True))
            keys.append(f" {what}  ")
        self.query_one("#notes-keys", Static).update(keys)
