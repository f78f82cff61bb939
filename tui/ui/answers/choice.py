"""Single and multiple choice: lettered options; one is chosen, or several ticked."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual.binding import Binding

from ...quiz.scoring import Response
from ..quizrender import LETTERS, marked_rows
from .base import Answer


class ChoiceAnswer(Answer):
    """Lettered options; the cursor row highlighted, picks marked."""

    MARKS = ("( )", "(*)", "○", "●")  # unpicked and picked, in ASCII, then in Unicode

    def picked(self) -> set[int]:
        raise NotImplementedError

    def body(self) -> Table:
        grid = marked_rows()
        renderer, picked = self.quiz_renderer.renderer, self.picked()
        for row, index in enumerate(self.order):
            option = self.question.options[index]
            mark = self.MARKS[(0 if renderer.ascii_only else 2) + (index in picked)]
            here = row == self.cursor and not self.locked
            grid.add_row(
                Text(f"{LETTERS[row].upper()} {mark}", Style(bold=True)),
                renderer.inline(option.text, style=Style(reverse=True) if here else Style()),
            )
        return grid

    def feedback(self, response: Response) -> list[RenderableType]:
        quiz_renderer = self.quiz_renderer
        chosen = {response} if isinstance(response, int) else set(response)
        rows = marked_rows()
        for row, index in enumerate(self.order):
            option = self.question.options[index]
            if index not in chosen and not option.correct:
                continue
            tags = (["your answer"] if index in chosen else []) + \
                (["correct"] if option.correct else [])
            text = quiz_renderer.renderer.inline(option.text, strong="bold")
            text.append(f"  ({', '.join(tags)})", quiz_renderer.renderer.muted)
            rows.add_row(
                quiz_renderer.tick(option.correct)
                + Text(f" {LETTERS[row].upper()}", Style(bold=True)),
                Group(text, quiz_renderer.prose(option.why), Text("")),
            )
        return [rows]


class SingleAnswer(ChoiceAnswer):
    """Choose one: a letter (or Space, Enter on the cursor's row) answers at once."""

    BINDINGS = [Binding("space", "pick_here", "Choose the option under the cursor",
                        show=False)]

    def instruction(self) -> str:
        return "Choose one."

    def pick_hint(self) -> tuple[str, str]:
        return self.letters(self.rows), "Choose"

    def picked(self) -> set[int]:
        return {self.given} if self.locked else set()

    def action_pick(self, row: int) -> None:
        if self.fits(row, self.rows):
            self.cursor = row
            self.give(self.order[row])

    def action_pick_here(self) -> None:
        self.action_pick(self.cursor)

    def action_answer(self) -> None:
        self.give(self.order[self.cursor])


class MultipleAnswer(ChoiceAnswer):
    """Choose every correct option: Space or a letter ticks, Enter answers."""

    MARKS = ("[ ]", "[x]", "☐", "☑")
    BINDINGS = [Binding("space", "pick_here", "Tick the option under the cursor",
                        show=False)]

    def begin(self) -> None:
        self.ticked: set[int] = set()

    def instruction(self) -> str:
        return f"Choose {len(self.question.correct)}. Space or a letter ticks; Enter answers."

    def pick_hint(self) -> tuple[str, str]:
        return "Space", "Tick"

    def picked(self) -> set[int]:
        return self.ticked

    def action_pick(self, row: int) -> None:
        if self.fits(row, self.rows):
            self.cursor = row
            self.ticked ^= {self.order[row]}
            self.draw()

    def action_pick_here(self) -> None:
        self.action_pick(self.cursor)

    def action_answer(self) -> None:
        if not self.ticked:
            self.warn("Tick at least one option first (Space or its letter).")
            return
        self.give(sorted(self.ticked))
