"""Rich renderables for the class report: the learners' table and the item analysis.

Rich only, no Textual: the console's report screen shows them and `chapterdeck report`
prints them. Both fit 80 columns. Everything a learner could have typed (a folder's name)
goes through `shown`, so it cannot drive the terminal.
"""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.style import Style
from rich.table import Table
from rich.text import Text

from ..classroom.report import (CORRELATION_MIN, ITEM_REST, METHOD_NAMES, THIRDS, ClassReport,
                                LearnerReport, QuestionReport)
from ..classroom.text import shown
from ..quiz.results import Mastery
from .quizrender import PART, RIGHT, WRONG
from .render import Renderer

STEM_CHARS = 90  # of a question's scenario, in the table: enough to recognise it
WRONG_CHARS = 120  # of the most chosen wrong answer (a whole order can be long)
METHOD_MARKS = {ITEM_REST: "r", THIRDS: "t"}


class ClassReportRenderer:
    def __init__(self, renderer: Renderer) -> None:
        self.renderer = renderer

    def tint(self, colour: str, **style) -> Style:
        return self.renderer.tint(colour, **style)

    def _box(self) -> box.Box:
        return box.ASCII if self.renderer.ascii_only else box.SIMPLE_HEAD

    def report(self, report: ClassReport) -> Group:
        """The whole report: a summary, the learners, then the questions."""
        return Group(self.summary(report), Text(""), self.learners(report), Text(""),
                     self.questions(report))

    def title(self, report: ClassReport) -> Text:
        return Text(self.renderer.drawable(f"Class report — {report.title}"), Style(bold=True))

    def summary(self, report: ClassReport) -> Text:
        readable = [x for x in report.learners if not x.problem]
        answers = sum(x.answered for x in readable)
        text = Text(f"{_count(len(report.learners), 'learner')}")
        if report.unreadable:
            text.append(f" ({len(report.unreadable)} unreadable)", self.tint(WRONG, bold=True))
        text.append(f", {_count(answers, 'answer')}, {len(report.asked)} of "
                    f"{_count(len(report.questions), 'question')} answered. ")
        lasts = [x.last for x in readable if x.last is not None]
        if lasts:
            text.append(f"Mean of the latest scores {sum(lasts) / len(lasts):.0f}%.")
        text.append(self.renderer.drawable(f"\nFrom {report.data_dir}"), Style(dim=True))
        return text

    # -- the learners -------------------------------------------------------------------------

    def learners(self, report: ClassReport) -> RenderableType:
        table = Table(box=self._box(), pad_edge=False, title="Learners", title_justify="left",
                      title_style=Style(bold=True), expand=False)
        table.add_column("Learner", no_wrap=True, max_width=20, overflow="ellipsis")
        for name in ("Tries", "Other", "Last", "Best", "Certainty"):
            table.add_column(name, justify="right", no_wrap=True)
        table.add_column(f"Steps 1-{len(report.learners[0].mastery) or '?'}"
                         if report.learners and report.learners[0].mastery else "Steps",
                         no_wrap=True)
        for x in report.learners:
            table.add_row(*self.learner_cells(x))
        parts: list[RenderableType] = [table, self.mastery_legend()]
        for x in report.unreadable:
            parts.append(
                Text(
                    self.renderer.drawable(f"{shown(x.name)}: {shown(x.problem)}"),
                    self.tint(WRONG),
                )
            )
        return Group(*parts)

    def learner_cells(self, x: LearnerReport) -> list[RenderableType]:
        name = Text(self.renderer.drawable(shown(x.name)))
        if x.problem:
            return [name, "", "", "", "", "", Text("cannot be read (below)", self.tint(WRONG))]
        if not x.attempts and not x.answered:
            dash = self.renderer.drawable("—")
            return [name, "0", "0", dash, dash, dash,
                    Text(x.note or "no answers yet", Style(dim=True))]
        certainty = ("—" if x.certainty_score is None
                     else f"{x.certainty_score:+g}/{x.certainty_max}")
        return [name, str(x.attempts), str(x.other_attempts), self.percent(x.last),
                self.percent(x.best),
                self.renderer.drawable(certainty), self.mastery_marks(x.mastery)]

    def percent(self, value: float | None) -> Text:
        if value is None:
            return Text(self.renderer.drawable("—"), Style(dim=True))
        colour = RIGHT if value >= 80 else PART if value >= 50 else WRONG
        return Text(f"{value:.0f}%", self.tint(colour))

    def mastery_marks(self, rows: tuple[Mastery, ...]) -> Text:
        """One mark per step: taller is better; a dot for a step not tried."""
        levels = "0123456789" if self.renderer.ascii_only else "▁▂▃▄▅▆▇█"
        text = Text()
        for m in rows:
            if not m.seen:
                text.append(self.renderer.drawable("·"), Style(dim=True))
                continue
            mark = levels[min(len(levels) - 1, int(m.level * len(levels)))]
            colour = RIGHT if m.level >= 0.8 else PART if m.level >= 0.5 else WRONG
            text.append(mark, self.tint(colour))
        return text

    def mastery_legend(self) -> Text:
        scale = "0 (none) to 9 (all)" if self.renderer.ascii_only else "low ▁ to high █"
        return Text(
            self.renderer.drawable(
                f"Tries: whole-chapter quizzes finished; Other: retakes, step, "
                f"topic and review quizzes. Last and Best: percent of the latest "
                f"and the best whole-chapter quiz; Certainty: the latest one's "
                f"certainty score. Steps: mastery per step from each learner's "
                f"latest answers, {scale}; · not tried."
            ),
            Style(dim=True),
        )

    # -- the questions ------------------------------------------------------------------------

    def questions(self, report: ClassReport) -> RenderableType:
        asked = report.asked
        title = "Questions, most missed first"
        if not asked:
            return Group(Text(title, Style(bold=True)),
                         Text("No question has been answered yet.", Style(dim=True)))
        table = Table(box=self._box(), pad_edge=False, title=title, title_justify="left",
                      title_style=Style(bold=True), expand=True, leading=1)
        table.add_column("Question", ratio=1, min_width=30)
        table.add_column("Ans", justify="right", no_wrap=True, width=3)
        table.add_column("Right", justify="right", no_wrap=True, width=5)
        table.add_column("Discr", justify="right", no_wrap=True, width=6)
        table.add_column("Sure &\nwrong", justify="right", no_wrap=True, width=6)
        for q in asked:
            table.add_row(self.question_cell(q), str(q.answers), self.facility(q),
                          self.discrimination(q), self.confident(q))
        unasked = len(report.questions) - len(asked)
        parts: list[RenderableType] = [table, self.questions_legend(report)]
        if unasked:
            parts.append(Text(f"{_count(unasked, 'question')} of the bank not answered by "
                              f"anyone yet.", Style(dim=True)))
        return Group(*parts)

    def question_cell(self, q: QuestionReport) -> Text:
        text = Text(self.renderer.drawable(q.question_id), Style(bold=True))
        if q.steps:
            text.append(
                self.renderer.drawable(f" · step {', '.join(map(str, q.steps))}"), Style(dim=True)
            )
        text.append("\n" + self.renderer.drawable(_clip(q.stem, STEM_CHARS)))
        if q.most_wrong:
            text.append("\n")
            text.append(
                self.renderer.drawable(f"Most chosen wrong ({q.most_wrong_count}): "),
                self.tint(WRONG),
            )
            text.append(
                self.renderer.drawable(_clip(q.most_wrong, WRONG_CHARS)),
                self.tint(WRONG, italic=True),
            )
        return text

    def facility(self, q: QuestionReport) -> Text:
        return self.percent(None if q.facility is None else 100 * q.facility)

    def discrimination(self, q: QuestionReport) -> Text:
        if q.discrimination is None:
            return Text(self.renderer.drawable("—"), Style(dim=True))
        colour = RIGHT if q.discrimination >= 0.3 else PART if q.discrimination > 0 else WRONG
        return Text(f"{q.discrimination:+.2f}{METHOD_MARKS[q.method]}", self.tint(colour))

    def confident(self, q: QuestionReport) -> Text:
        if not q.confidently_wrong:
            return Text("0", Style(dim=True))
        return Text(str(q.confidently_wrong), self.tint(WRONG, bold=True))

    def questions_legend(self, report: ClassReport) -> Text:
        methods = sorted({q.method for q in report.asked if q.method})
        said = "; ".join(f"{METHOD_MARKS[m]}: {METHOD_NAMES[m]}" for m in methods)
        text = (f"Each learner's first answer to a question counts. Right: the share right, "
                f"partial credit counted. Discr: how well the question separates strong "
                f"learners from weak ({said or 'too few learners yet'}; the correlation "
                f"needs {CORRELATION_MIN} learners; at 0 or below, check the question). "
                f"Sure & wrong: answered very sure (certainty 3) and wrong.")
        return Text(self.renderer.drawable(text), Style(dim=True))


def _clip(text: str, chars: int) -> str:
    return text if len(text) <= chars else text[:chars - 1].rstrip() + "…"


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"
