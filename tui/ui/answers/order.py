"""Order: put the items in order; Space picks an item up and puts it down, arrows carry it."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual.binding import Binding

from ...quiz.scoring import Response
from ..quizrender import PART, marked_rows
from .base import Answer


class OrderAnswer(Answer):
    """The items in the learner's current order; the one picked up is marked ↕."""

    BINDINGS = [
        Binding("space", "grab", "Pick up or put down the item", show=False),
        Binding("shift+up", "move(-1)", "Move the item up", show=False),
        Binding("shift+down", "move(1)", "Move the item down", show=False),
        Binding("escape", "put_down", "Put the item down", show=False),
    ]

    def begin(self) -> None:
        self.arranged = list(self.order)  # the learner's current order
        self.grabbed = False

    def instruction(self) -> str:
        return ("Put them in order: Space picks an item up, ↑↓ move it, Space puts it down "
                "(or Shift+↑↓). Enter answers.")

    def pick_hint(self) -> tuple[str, str]:
        return "Space", "Pick up / put down"

    def body(self) -> Table:
        quiz_renderer, grid = self.quiz_renderer, marked_rows()
        cursor = -1 if self.locked else self.cursor
        for row, index in enumerate(self.arranged):
            here = row == cursor
            handle = quiz_renderer.renderer.drawable("↕") if here and self.grabbed else " "
            style = Style(reverse=True) if here else Style()
            if here and self.grabbed:
                style = quiz_renderer.tint(PART, reverse=True, bold=True)
            grid.add_row(
                Text(f"{row + 1}. {handle}", Style(bold=True)),
                quiz_renderer.renderer.inline(self.question.options[index].text, style=style),
            )
        return grid

    def feedback(self, response: Response) -> list[RenderableType]:
        quiz_renderer, rows = self.quiz_renderer, marked_rows()
        for place, option in enumerate(self.question.options):
            yours = list(response).index(place) + 1
            text = quiz_renderer.renderer.inline(option.text)
            if yours != place + 1:
                text.append(f"  (you put it {yours})", quiz_renderer.renderer.muted)
            rows.add_row(
                quiz_renderer.tick(yours == place + 1) + Text(f" {place + 1}.", Style(bold=True)),
                Group(text, quiz_renderer.prose(option.why)),
            )
        return [Text("The right order:", Style(bold=True)), rows, Text("")]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "put_down" and not self.grabbed:
            return False  # Escape, nothing in hand: the screen's (leave the quiz)
        return super().check_action(action, parameters)

    def action_cursor(self, delta: int) -> None:
        if self.grabbed:
            self.action_move(delta)
        else:
            super().action_cursor(delta)

    def action_move(self, delta: int) -> None:
        target = self.cursor + delta
        if 0 <= target < self.rows:
            items = self.arranged
            items[self.cursor], items[target] = items[target], items[self.cursor]
            self.cursor = target
        self.draw()

    def action_pick(self, row: int) -> None:
        if self.fits(row, self.rows):  # a letter puts the cursor on that row
            self.cursor = row
            self.draw()

    def action_grab(self) -> None:
        self.grabbed = not self.grabbed
        self.draw()

    def action_put_down(self) -> None:
        self.grabbed = False
        self.draw()

    def action_answer(self) -> None:
        self.grabbed = False
        self.give(list(self.arranged))
