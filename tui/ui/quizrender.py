"""Rich renderables for the quiz: questions, feedback, results, history and the error review.

Rich only, no Textual: the same tables are drawn in the app's screens and printed by
`chapterdeck scores` and `chapterdeck review` when their output is not a terminal.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from rich import box
from rich.cells import cell_len
from rich.console import Group, RenderableType
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style
from rich.table import Table
from rich.text import Text

from ..content.markup import reflow
from ..content.quiz import Question
from ..quiz.key import right_answer
from ..quiz.review import DueCount
from ..quiz.scoring import (CERTAINTY_MARKS, CERTAINTY_NAMES, Marked, Response, explain_credit,
                            explain_mark)
from ..quiz.session import Course
from ..store.scores import Attempt
from .render import Renderer, fit_keys

if TYPE_CHECKING:  # results and history are drawn after the quiz, not at its start
    from ..quiz.results import CalibrationRow, Mastery, Miss, Score

LETTERS = "abcdefghij"
RIGHT, WRONG, PART = "#16a34a", "#dc2626", "#d97706"


class QuizRenderer:
    """Draws quiz state with the deck's Renderer (so ASCII and NO_COLOR carry over)."""

    def __init__(self, renderer: Renderer, course: Course) -> None:
        self.renderer = renderer
        self.course = course

    # -- small pieces -----------------------------------------------------------------------

    def prose(self, markup: str) -> RenderableType:
        """Quiz text as paragraphs. Authors wrap long stems over several lines; those line
        breaks are not meant, so a paragraph is re-flowed to the screen (bullets stay)."""
        return self.renderer.paragraphs(reflow(markup))

    def tint(self, colour: str, **style) -> Style:
        return self.renderer.tint(colour, **style)

    def key(self, key: str) -> Text:
        return Text(f" {self.renderer.drawable(key)} ", Style(bold=True, reverse=True))

    def keys(self, pairs: list[tuple[str, str]]) -> Text:
        """Key hints within a text (a dialog's), laid out as the key bars lay them out."""
        return fit_keys([(self.renderer.drawable(key), what) for key, what in pairs], width=10_000)

    def tick(self, right: bool | None) -> Text:
        if right is None:
            return Text(self.renderer.drawable("◐"), self.tint(PART, bold=True))
        return Text(
            self.renderer.drawable("✔") if right else self.renderer.drawable("✘"),
            self.tint(RIGHT if right else WRONG, bold=True),
        )

    def verdict(self, marked: Marked) -> Text:
        right = True if marked.right else (None if marked.credit > 0 else False)
        text = Text()
        text.append_text(self.tick(right))
        word = {True: " Right", None: f" Partly right ({marked.credit:.0%} credit)",
                False: " Wrong"}[right]
        text.append(
            word, self.tint(RIGHT if right else PART if right is None else WRONG, bold=True)
        )
        if marked.certainty:
            text.append(f"   you were {CERTAINTY_NAMES[marked.certainty]}: mark "
                        f"{marked.mark:+g}")
        return text

    def credit_note(self, question: Question, response: Response, marked: Marked) -> Text | None:
        """Under the verdict of an answer not wholly right: how its credit, and a mark made
        from partial credit, were counted."""
        if marked.right:
            return None
        note = " ".join(filter(None, (explain_credit(question, response),
                                      explain_mark(marked))))  # none for a single choice
        return (
            Text(self.renderer.drawable(note), self.renderer.muted + Style(italic=True))
            if note
            else None
        )

    def bar(self, level: float, width: int = 20) -> Text:
        filled = round(level * width)
        full, empty = ("#", ".") if self.renderer.ascii_only else ("█", "░")
        colour = RIGHT if level >= 0.8 else PART if level >= 0.5 else WRONG
        text = Text(full * filled, self.tint(colour))
        text.append(empty * (width - filled), self.renderer.muted)
        return text

    def step_ref(self, question: Question) -> Text:
        labels = [self.course.step_label(s) for s in question.steps]
        return Text(
            self.renderer.drawable("Review: " + "; ".join(labels)), self.tint("#2563eb", bold=True)
        )

    # -- a question -------------------------------------------------------------------------

    def header(self, position: int, total: int, question: Question) -> Text:
        text = Text(f"Question {position + 1} / {total}", Style(bold=True))
        text.append(
            self.renderer.drawable(f"  ·  {self.course.step_label(question.steps[0])}"),
            self.renderer.muted,
        )
        return text

    def certainty_prompt(self, cursor: int) -> Group:
        rows = [Text("How sure are you?", Style(bold=True))]
        for level, (right, wrong) in CERTAINTY_MARKS.items():
            text = Text()
            text.append_text(self.key(str(level)))
            text.append(f" {CERTAINTY_NAMES[level]:<12}", Style(reverse=level - 1 == cursor))
            text.append(f" right {right:+d}, wrong {wrong:+d}", self.renderer.muted)
            rows.append(text)
        rows.append(Text("Say 3 only when you would bet on it: a confident wrong answer "
                         "costs 6.", self.renderer.muted + Style(italic=True)))
        return Group(*rows)

    # -- feedback ---------------------------------------------------------------------------

    def feedback(self, question: Question, response: Response, marked: Marked,
                 choices: list[RenderableType]) -> Group:
        """The verdict, how partial credit was counted, `choices` (each choice and why, as
        the question's type draws them), the explanation and the step that teaches it."""
        parts: list[RenderableType] = [self.verdict(marked)]
        note = self.credit_note(question, response, marked)
        if note is not None:
            parts.append(note)
        parts += [Text(""), *choices]
        if question.explanation:
            parts += [self.prose(question.explanation), Text("")]
        parts.append(self.step_ref(question))
        return Group(*parts)

    # -- results ----------------------------------------------------------------------------

    def score_line(self, s: Score, seconds: float | None = None) -> "Figures":
        figures = [Text(f"Score {round(s.points, 2):g} / {s.answered}  ({s.percent:.0f}%)",
                        Style(bold=True))]
        if s.certainty_points is not None:
            figure = Text(f"Certainty score {s.certainty_points:+g} of {s.certainty_max}")
            if s.answered:
                figure.append(f" ({s.certainty_points / s.answered:+.1f} a question)",
                              self.renderer.muted)
            figures.append(figure)
        if seconds:
            figures.append(Text(f"Time {_duration(seconds)}", self.renderer.muted))
        return Figures(figures)

    def calibration(self, rows: list[CalibrationRow]) -> RenderableType:
        return Calibration(self, rows)

    def titled_table(self, title: str, **options) -> Table:
        """A table of figures with its title above it, as the quiz's tables are drawn."""
        return Table(box=box.ASCII if self.renderer.ascii_only else box.SIMPLE_HEAD,
                     pad_edge=False, title=title, title_justify="left",
                     title_style=Style(bold=True), **options)

    def calibration_table(self, rows: list[CalibrationRow], narrow: bool = False) -> Table:
        """The certainty table; `narrow` keeps each figure on one line and lets only the
        verdict wrap, one space between the columns (a 60-column screen)."""
        table = self.titled_table("How well you judged your certainty", show_edge=not narrow,
                                  padding=(0, 0) if narrow else (0, 1))
        for name, justify in CALIBRATION_COLUMNS:
            table.add_column(name.replace(" at", "\nat") if narrow else name, justify=justify,
                             no_wrap=narrow)
        table.add_column("Verdict", justify="left", min_width=VERDICT_ROOM if narrow else None)
        for row in rows:
            table.add_row(
                *calibration_figures(row, self.renderer.drawable(_accuracy(row))),
                self.verdict_text(row),
            )
        return table

    def calibration_lines(self, rows: list[CalibrationRow]) -> Group:
        """The certainty table as a line a level, for a screen too narrow for its columns."""
        parts: list[RenderableType] = [Text("How well you judged your certainty",
                                            Style(bold=True))]
        for row in rows:
            line = Text(f"{row.level} {row.name}: ", Style(bold=True))
            line.append(f"{row.answers} answer{'s' if row.answers != 1 else ''}")
            if row.accuracy is not None:
                line.append(f", {_accuracy(row)} right")
            best = row.best_range
            line.append(f"; pays best {'at ' if best[0].isdigit() else ''}{best}; ")
            line.append_text(self.verdict_text(row))
            parts.append(line)
        return Group(*parts)

    def verdict_text(self, row: CalibrationRow) -> Text:
        verdict = row.verdict
        colour = RIGHT if verdict.startswith("well") else PART if "bit" in verdict else \
            ("#888888" if verdict == "not used" else WRONG)
        return Text(verdict, self.tint(colour))

    def mastery(self, rows: list[Mastery]) -> RenderableType:
        return MasteryBars(self, rows)

    def mastery_table(self, rows: list[Mastery], width: int = 20, label_width: int = 34
                      ) -> Table:
        table = Table.grid(padding=(0, 1))
        table.add_column(no_wrap=True, max_width=label_width,
                         overflow="crop" if self.renderer.ascii_only else "ellipsis")
        table.add_column(no_wrap=True)
        table.add_column(no_wrap=True)
        for m in rows:
            label = self.renderer.drawable(self.course.step_label(m.step_id))
            if m.seen:
                table.add_row(label, self.bar(m.level, width),
                              Text(mastery_figures(m), self.renderer.muted))
            else:
                table.add_row(
                    label,
                    Text(("." if self.renderer.ascii_only else "░") * width, self.renderer.muted),
                    Text(NOT_TRIED, self.renderer.muted),
                )
        return table

    def misses(self, misses: list[tuple[Question, Response, Marked]]) -> Group:
        parts: list[RenderableType] = []
        for number, (question, response, marked) in enumerate(misses, 1):
            parts.append(self.numbered(number, question.stem))
            parts.append(_hang(self.verdict(marked)))
            note = self.credit_note(question, response, marked)
            if note is not None:
                parts.append(_hang(note))
            parts += self.answer_explained(question)
        return Group(*parts)

    def answer_explained(self, q: Question) -> list[RenderableType]:
        """Under a missed question: the right answer, why, and the step that teaches it."""
        parts: list[RenderableType] = [_hang(
            Text(self.renderer.drawable(f"Answer: {right_answer(q)}"), Style(bold=True)))]
        why = _key_explanation(q)
        if why:
            parts.append(_hang(self.prose(why)))
        return parts + [_hang(self.step_ref(q)), Text("")]

    def numbered(self, number: int, stem: str) -> Table:
        """A question's whole scenario under its number, as in a list of misses."""
        return _hang(self.prose(stem), Text(f"{number}.", Style(bold=True)))

    # -- history ----------------------------------------------------------------------------

    def mastery_section(self, rows: list[Mastery]) -> Group:
        return Group(Text("Mastery per step (your latest answer to each question)",
                          Style(bold=True)), self.mastery(rows))

    def history_section(self, attempts: list[Attempt], mastery: list[Mastery],
                        due: tuple[list[DueCount], tuple[int, int]] | None = None) -> Group:
        """Every attempt, mastery per step, what is due for review and the trend:
        `chapterdeck scores`."""
        parts: list[RenderableType] = [self.history(attempts), self.mastery_section(mastery),
                                       Text("")]
        if due is not None:
            parts += [self.due_section(*due), Text("")]
        return Group(*parts, self.trend(attempts))

    def due_section(self, rows: list[DueCount], totals: tuple[int, int]) -> Group:
        """Per step, the questions due for spaced review today and in the next 7 days."""
        table = Table.grid(padding=(0, 2))
        table.add_column(no_wrap=True, max_width=34, overflow="ellipsis")
        table.add_column(justify="right", no_wrap=True)
        table.add_column(justify="right", no_wrap=True)
        table.add_row(
            "", Text("Today", self.renderer.muted), Text("Next 7 days", self.renderer.muted)
        )
        for row in rows:
            label = self.renderer.drawable(self.course.step_label(row.step_id))
            if row.scheduled:
                table.add_row(label, Text(str(row.today), Style(bold=bool(row.today))),
                              str(row.week))
            else:
                table.add_row(
                    label,
                    Text("—" if not self.renderer.ascii_only else "-", self.renderer.muted),
                    Text("not met yet", self.renderer.muted),
                )
        today, week = totals
        caption = Text(f"In all: {today} due today, {week} more in the next 7 days. "
                       f"'chapterdeck quiz --due' takes those due now.", self.renderer.muted)
        return Group(Text("Due for review", Style(bold=True)), table, caption)

    def history(self, attempts: list[Attempt]) -> Table:
        from ..quiz.report import attempt_row

        table = self.titled_table("Attempts")
        for name, justify in (("Date", "left"), ("Quiz", "left"), ("Score", "right"),
                              ("%", "right"), ("Certainty", "right"), ("Time", "right")):
            table.add_column(name, justify=justify, no_wrap=name != "Quiz")
        for a in attempts:
            row = attempt_row(a)
            table.add_row(
                local_time(row["date"]),
                self.renderer.drawable(a.label),
                f"{row['score']:g}/{row['questions']}",
                f"{row['percent']:.0f}%",
                "—" if row["certainty_score"] is None else f"{row['certainty_score']:+g}",
                _duration(row["seconds"]),
            )
        return table

    def trend(self, attempts: list[Attempt], width: int = 40) -> Group:
        """The percentage of each attempt as a row of bars, oldest left."""
        from ..quiz.report import attempt_row

        shown = attempts[-width:]
        values = [attempt_row(a)["percent"] for a in shown]
        levels = " .:-=+*#%@" if self.renderer.ascii_only else " ▁▂▃▄▅▆▇█"
        line = Text()
        for v in values:
            level = levels[min(len(levels) - 1, round(v / 100 * (len(levels) - 1)))]
            colour = RIGHT if v >= 80 else PART if v >= 50 else WRONG
            line.append(level if level != " " else "_", self.tint(colour))
        caption = Text(f"Trend over the last {len(values)} attempt"
                       f"{'s' if len(values) != 1 else ''} (oldest left): "
                       f"{values[0]:.0f}% → {values[-1]:.0f}%" if values else "No attempts yet.",
                       self.renderer.muted)
        return Group(Text("Trend", Style(bold=True)), line, caption)

    def review_list(self, misses: list[Miss]) -> Group:
        parts: list[RenderableType] = []
        for number, m in enumerate(misses, 1):
            q = self.course.bank.question(m.question_id)
            parts.append(self.numbered(number, q.stem))
            facts = Text(f"wrong {m.wrong} of {m.asked}", self.tint(WRONG))
            if m.confident_wrong:
                facts.append(f", {m.confident_wrong} confidently", self.tint(WRONG, bold=True))
            facts.append(f"  ·  worst mark {m.worst_mark:+g}" if m.worst_mark < 0 else "",
                         self.renderer.muted)
            if m.last_right:
                facts.append("  ·  right last time", self.tint(RIGHT))
            parts.append(_hang(facts))
            parts += self.answer_explained(q)
        return Group(*parts)


CALIBRATION_COLUMNS = (("You said", "left"), ("Answers", "right"), ("Right", "right"),
                       ("Pays best at", "left"))
VERDICT_ROOM = len("under-confident")  # the verdict's longest word


def _accuracy(row: CalibrationRow) -> str:
    return "—" if row.accuracy is None else f"{row.accuracy:.0%}"


def calibration_figures(row: CalibrationRow, accuracy: str) -> tuple[str, str, str, str]:
    return f"{row.level} {row.name}", str(row.answers), accuracy, row.best_range


NOT_TRIED = "not tried yet"
BAR, LABEL = 20, 34  # the widest bar and step label; narrower where the screen is
SHORTEST_BAR = 8


def mastery_figures(m: Mastery) -> str:
    return f"{m.level:4.0%}  {m.seen}/{m.total} seen"


class MasteryBars:
    """Mastery per step, a bar each: the figures always whole, the bar (down to eight
    cells) and then the step's label shorter where the screen is narrow."""

    def __init__(self, quiz: QuizRenderer, rows: list[Mastery]) -> None:
        self.quiz, self.rows = quiz, rows

    def __rich_console__(self, console, options):
        quiz = self.quiz
        figures = max((cell_len(mastery_figures(m) if m.seen else NOT_TRIED)
                       for m in self.rows), default=0)
        labels = max((cell_len(quiz.renderer.drawable(quiz.course.step_label(m.step_id)))
                      for m in self.rows), default=0)
        label = min(labels, LABEL)
        bar = min(BAR, options.max_width - label - figures - 2)
        if bar < SHORTEST_BAR:
            bar = SHORTEST_BAR
            label = max(options.max_width - figures - bar - 2, 1)
        yield self.quiz.mastery_table(self.rows, bar, label)


class Calibration:
    """The certainty table, laid out for the width it is drawn in: roomy where it fits, and
    where it does not, the figures kept whole and only the verdict wrapped."""

    def __init__(self, quiz: QuizRenderer, rows: list[CalibrationRow]) -> None:
        self.quiz, self.rows = quiz, rows

    def __rich_console__(self, console, options):
        """Roomy when the figures, two spaces apart, leave the verdict room for its longest
        word; narrow when they do one space apart (the last header on two lines); otherwise
        a line a level."""
        figures = [calibration_figures(row, "100%") for row in self.rows]
        widths = [max(cell_len(name), *(cell_len(f[i]) for f in figures))
                  for i, (name, _) in enumerate(CALIBRATION_COLUMNS)]
        if sum(widths) + 2 * len(widths) + VERDICT_ROOM <= options.max_width:
            yield self.quiz.calibration_table(self.rows)
            return
        widths[-1] = max(cell_len("Pays best"), *(cell_len(f[-1]) for f in figures))
        if sum(widths) + len(widths) + VERDICT_ROOM <= options.max_width:
            yield self.quiz.calibration_table(self.rows, narrow=True)
        else:
            yield self.quiz.calibration_lines(self.rows)


class Figures:
    """Figures on one line, three spaces apart, that wrap between figures, never inside one
    ("Time" at the end of a line and "47s" on the next)."""

    GAP = 3

    def __init__(self, figures: list[Text]) -> None:
        self.figures = figures

    def __rich_console__(self, console, options):
        line = Text()
        for figure in self.figures:
            if line and line.cell_len + self.GAP + figure.cell_len > options.max_width:
                yield line
                line = Text()
            if line:
                line.append(" " * self.GAP)
            line.append_text(figure)
        yield line

    def __rich_measure__(self, console, options):
        widths = [f.cell_len for f in self.figures]
        return Measurement(max(widths, default=0),
                           sum(widths) + self.GAP * max(len(widths) - 1, 0))


class Drawn:
    """A renderable drawn once for each width it is drawn at.

    A Textual widget's content is drawn in full to measure its height, again to paint it,
    and both again when the layout runs a second time because some height changed (the part
    under a question grows a prompt, say): four renders of the same content in one frame.
    This keeps the lines from the first. For content that does not fill a given height (text,
    tables and groups of them, as the quiz draws): it is always drawn with no height."""

    KEPT = 4  # widths kept at once (a resize adds one)

    def __init__(self, renderable: RenderableType) -> None:
        self.renderable = renderable
        self.lines: dict[tuple, list[Segment]] = {}

    def __rich_console__(self, console, options):
        key = (options.min_width, options.max_width, options.legacy_windows,
               options.is_terminal, options.encoding, options.justify, options.overflow,
               options.no_wrap, options.highlight, options.markup)
        segments = self.lines.get(key)
        if segments is None:
            if len(self.lines) >= self.KEPT:
                self.lines.clear()
            segments = self.lines[key] = list(
                console.render(self.renderable, options.update(height=None)))
        return segments

    def __rich_measure__(self, console, options) -> Measurement:
        return Measurement.get(console, options, self.renderable)


def _hang(body: RenderableType, margin: RenderableType = "") -> Table:
    """`body` indented four cells, with `margin` (a number, say) in the indent."""
    grid = Table.grid()
    grid.add_column(width=4, no_wrap=True)
    grid.add_column(ratio=1)
    grid.add_row(margin, body)
    return grid


def marked_rows() -> Table:
    """Rows of a mark (a letter, a number) and text that wraps beside it."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(ratio=1)
    return grid


def local_time(iso: str) -> str:
    try:
        return datetime.fromisoformat(iso).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return iso


def _duration(seconds: float) -> str:
    seconds = int(round(seconds))
    return f"{seconds // 60}m {seconds % 60:02d}s" if seconds >= 60 else f"{seconds}s"


def _key_explanation(q: Question) -> str:
    if q.explanation:
        return q.explanation
    return "\n\n".join(o.why for o in q.options if o.correct)
