"""Match: pair each prompt with one of a list of answers, by the answer's letter or ←→."""

from __future__ import annotations

from rich.columns import Columns
from rich.console import Group, RenderableType
from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual.binding import Binding

from ...quiz.scoring import Response
from ..quizrender import LETTERS, marked_rows
from .base import Answer


class MatchAnswer(Answer):
    """The answers lettered above the prompts; each prompt shows the answer chosen for it."""

    BINDINGS = [
        Binding("left,h", "side(-1)", "The previous answer", show=False),
        Binding("right,l", "side(1)", "The next answer", show=False),
        Binding("space", "side(1)", "The next answer", show=False),
    ]

    def begin(self) -> None:
        self.chosen = [-1] * len(self.question.pairs)  # an answer index per prompt

    @property
    def rows(self) -> int:
        return len(self.question.pairs)

    def instruction(self) -> str:
        return ("For each line, press the letter of its answer (←→ also change it). "
                "Enter answers.")

    def pick_hint(self) -> tuple[str, str]:
        return self.letters(len(self.question.answers)), "Choose"

    def body(self) -> Group:
        renderer, q = self.quiz_renderer.renderer, self.question
        grid = Table.grid(padding=(0, 1))
        grid.add_column(ratio=3)
        grid.add_column(no_wrap=True)
        grid.add_column(ratio=2)
        answers = q.answers
        cursor = -1 if self.locked else self.cursor
        for row, pair in enumerate(q.pairs):
            pick = self.chosen[row]
            shown = Text(renderer.drawable(answers[pick]), Style(bold=True)) if pick >= 0 else \
                Text(renderer.drawable("(choose)"), renderer.muted)
            letter = LETTERS[self.order.index(pick)].upper() + " " if pick >= 0 else ""
            grid.add_row(
                renderer.inline(pair.prompt, style=Style(reverse=True) if row == cursor else ""),
                Text(renderer.drawable("→")),
                Text(letter, Style(bold=True)) + shown,
            )
        # The answers side by side above the prompts (each kept whole), so that on a
        # projector's few rows both fit on screen at once.
        legend = Columns([Text.assemble((f"{LETTERS[row].upper()} ", Style(bold=True)),
                                        renderer.drawable(answers[index]))
                          for row, index in enumerate(self.order)], padding=(0, 3))
        return Group(Text(renderer.drawable("Answers:"), renderer.muted), legend, Text(""), grid)

    def feedback(self, response: Response) -> list[RenderableType]:
        quiz_renderer, q = self.quiz_renderer, self.question
        rows = marked_rows()
        answers = q.answers
        for pair, pick in zip(q.pairs, response):
            ok = pick >= 0 and answers[pick] == pair.answer
            text = quiz_renderer.renderer.inline(pair.prompt)
            text.append(quiz_renderer.renderer.drawable(f" → {pair.answer}"), Style(bold=True))
            if not ok:
                said = answers[pick] if pick >= 0 else "nothing"
                text.append(
                    quiz_renderer.renderer.drawable(f"  (you said {said})"),
                    quiz_renderer.renderer.muted,
                )
            rows.add_row(quiz_renderer.tick(ok), Group(text, quiz_renderer.prose(pair.why)))
        return [rows, Text("")]

    def action_pick(self, row: int) -> None:
        if self.fits(row, len(self.question.answers)):
            self.chosen[self.cursor] = self.order[row]
            self.cursor = min(self.cursor + 1, self.rows - 1)
            self.draw()

    def action_side(self, delta: int) -> None:
        order, current = self.order, self.chosen[self.cursor]
        row = order.index(current) if current >= 0 else (-1 if delta > 0 else 0)
        self.chosen[self.cursor] = order[(row + delta) % len(order)]
        self.draw()

    def action_answer(self) -> None:
        if -1 in self.chosen:
            self.cursor = self.chosen.index(-1)
            self.draw()
            self.warn("Give every line an answer first.")
            return
        self.give(list(self.chosen))
