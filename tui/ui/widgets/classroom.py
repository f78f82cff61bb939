"""The class console's parts: the status line, the join instructions, the learners and the
recent events. Each draws from the ClassState the screen hands it (`show`); none keeps a
timer, so a quiet class costs nothing."""

from __future__ import annotations

import time

from rich.console import RenderableType
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual.widget import Widget

from ...classroom.state import ClassState, Connection, progress
from ...classroom.text import how_to_log_in, join_command, shown
from ...serve.events import ClassEvent
from ..quizrender import PART, RIGHT, WRONG
from ..render import Renderer

BAR = 10  # cells of a learner's progress bar
ROOM_FOR_BARS = 70  # columns: narrower, the bars give way to the words


def clock(at: float) -> str:
    return time.strftime("%H:%M:%S", time.localtime(at)) if at else "--:--:--"


class ClassPart(Widget):
    """A part of the console that draws the class state."""

    def __init__(self, renderer: Renderer, **kwargs) -> None:
        super().__init__(**kwargs)
        self.renderer = renderer
        self.state: ClassState | None = None

    def show(self, state: ClassState) -> None:
        self.state = state
        self.refresh(layout=True)

    def tint(self, colour: str, **style) -> Style:
        return self.renderer.tint(colour, **style)


class ClassStatus(ClassPart):
    """One line: where the class listens, how many are in, the presenter, refusals."""

    def render(self) -> Text:
        text = self.line(compact=False)
        return text if text.cell_len <= self.size.width else self.line(compact=True)

    def line(self, compact: bool) -> Text:
        state = self.state
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(" Class ", Style(bold=True, reverse=True))
        if state is None or state.info is None:
            text.append(self.renderer.drawable("  starting the class server…"))
            return text
        info = state.info
        count = len(state.connections)
        text.append(f" {count}/{info.max_learners} connected" if compact else
                    f" {count} connected", Style(bold=True))
        if not compact:
            text.append(f" of {info.max_learners}")
        if info.follow:
            where = state.presenter_place or shown(state.presenter_detail) or "not found yet"
            text.append(self.renderer.drawable(f" · presenter{'' if compact else ':'} {where}"))
        if state.refused:
            text.append(self.renderer.drawable(f" · {state.refused} refused"), self.tint(PART))
        if state.errors:
            text.append(
                self.renderer.drawable(
                    f" · {state.errors} error{'s' if state.errors != 1 else ''}"
                ),
                self.tint(WRONG, bold=True),
            )
        return text


class JoinPanel(ClassPart):
    """What a learner types to join, and the host key to check."""

    def render(self) -> RenderableType:
        info = self.state.info if self.state else None
        if info is None:
            return Text("The join instructions appear when the server is listening.",
                        Style(dim=True))
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True, style=Style(dim=True))
        grid.add_column()
        grid.add_row("Join", Text(join_command(info), Style(bold=True)))
        grid.add_row("", Text(self.renderer.drawable(how_to_log_in(info))))
        grid.add_row("Host key", Text(info.fingerprint, overflow="fold"))
        return grid


class LearnerList(ClassPart):
    """Every connection: the learner, from where, since when, and where they are."""

    def render(self) -> RenderableType:
        connections = self.state.connected if self.state else []
        if not connections:
            if self.state and self.state.joins:  # they came and have all gone
                return Text(f"No learner is connected now ({self.state.joins} "
                            f"connection{'s' if self.state.joins != 1 else ''} so far). "
                            f"They join again with the command above.", Style(dim=True))
            return Text("No learner has joined yet. They join with the command above.",
                        Style(dim=True))
        table = Table.grid(padding=(0, 2), expand=True)
        table.add_column("Learner", no_wrap=True, max_width=24, overflow="ellipsis")
        table.add_column("From", no_wrap=True, overflow="ellipsis", max_width=22)
        table.add_column("Since", no_wrap=True)
        table.add_column("Where", ratio=1, no_wrap=True, overflow="ellipsis")
        head = Style(bold=True, dim=True)
        table.add_row(Text("Learner", head), Text("From", head), Text("Since", head),
                      Text("Where", head))
        for connection in connections:
            table.add_row(Text(shown(connection.learner), Style(bold=True)),
                          shown(connection.address), clock(connection.since)[:5],
                          self.place(connection))
        return table

    def place(self, connection: Connection) -> Text:
        text = Text(self.renderer.drawable(shown(connection.place) or "—"))
        found = progress(connection.place)
        if found and found.total and self.size.width >= ROOM_FOR_BARS:
            filled = round(BAR * min(found.number, found.total) / found.total)
            full, empty = ("#", ".") if self.renderer.ascii_only else ("█", "░")
            text.append(" ")
            text.append(full * filled, self.tint(RIGHT if found.what == "quiz" else "#2563eb"))
            text.append(empty * (BAR - filled), Style(dim=True))
        if self.state and self.state.looking_back(connection):
            text.append(" looking back", self.tint(PART, bold=True))
        return text


class RecentEvents(ClassPart):
    """The latest comings, goings, refusals and presenter moves, newest last, as many as
    fit."""

    def render(self) -> Text:
        events = list(self.state.recent) if self.state else []
        if not events:
            return Text("Nothing has happened yet.", Style(dim=True))
        rows = max(self.size.height, 1)
        text = Text(no_wrap=True, overflow="ellipsis")
        for n, event in enumerate(events[-rows:]):
            if n:
                text.append("\n")
            text.append(clock(event.at) + " ", Style(dim=True))
            text.append_text(self.describe(event))
        return text

    def describe(self, event: ClassEvent) -> Text:
        who, where = shown(event.learner), shown(event.address)
        detail = shown(event.detail)
        drawable = self.renderer.drawable
        if event.kind == "joined":
            return Text(drawable(f"{who} joined from {where}"), self.tint(RIGHT))
        if event.kind == "left":
            return Text(drawable(f"{who} left" + (f": {detail}" if detail else "")))
        if event.kind == "refused":
            whom = " ".join(part for part in (who, where) if part) or "a connection"
            return Text(
                drawable(f"refused {whom}" + (f": {detail}" if detail else "")), self.tint(PART)
            )
        if event.kind == "presenter":
            return Text(drawable(f"presenter: {detail or shown(event.place)}"))
        if event.kind == "error":
            return Text(drawable(f"error: {detail}"), self.tint(WRONG, bold=True))
        return Text(drawable(f"{event.kind} {who} {detail}"))
