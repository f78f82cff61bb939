"""The quiz's tables at the width they are drawn in: a 60-column screen keeps every figure
whole (the certainty table wrapped "fairly sure" and cut "over-conf…"; mastery cut its
figures to "not tried…")."""

from __future__ import annotations

import pytest
from rich.console import Console

from tui.quiz.results import CalibrationRow, Mastery
from tui.ui.quizrender import QuizRenderer
from tui.ui.render import Renderer

ROWS = [CalibrationRow(1, 0, 0), CalibrationRow(2, 1, 0), CalibrationRow(3, 5, 4)]


def drawn(renderable, width: int) -> list[str]:
    console = Console(width=width, color_system=None, record=True)
    console.print(renderable)
    return [line.rstrip() for line in console.export_text().splitlines()]


@pytest.mark.parametrize("ascii_only", [False, True])
@pytest.mark.parametrize("width", [38, 52, 56, 76, 120])
def test_the_certainty_table_keeps_its_figures_whole_at_every_width(width, ascii_only):
    """38 is the quiz page at its smallest (44 columns): there, a line a level."""
    lines = drawn(QuizRenderer(Renderer(ascii_only=ascii_only), None).calibration(ROWS),
                  width)
    text = "\n".join(lines)
    assert "…" not in text
    assert all(len(line) <= width for line in lines)
    words = " ".join(text.replace("|", " ").split())
    for figures in ("1 not sure", "2 fairly sure", "3 very sure", "67% to 80%", "below 67%",
                    "above 80%", "over-confident", "well judged", "(only 1 answer)"):
        assert figures in text or figures in words, (figures, text)


def test_a_roomy_screen_keeps_the_roomy_table():
    wide = drawn(QuizRenderer(Renderer(), None).calibration(ROWS), 120)
    assert any("Pays best at" in line for line in wide)  # one header line
    assert any("over-confident (only 1 answer)" in line for line in wide)


class Steps:
    def __init__(self, labels: dict[str, str]) -> None:
        self.labels = labels

    def step_label(self, step_id: str) -> str:
        return self.labels[step_id]


@pytest.mark.parametrize("width", [56, 76])
def test_mastery_bars_shorten_before_the_figures(width):
    course = Steps({"a": "Step 1 — The AI Product Manager", "b": "Step 2 — The Core AI Team"})
    rows = [Mastery("a", 3, 3, 1.0), Mastery("b", 0, 3, 0.0)]
    lines = drawn(QuizRenderer(Renderer(), course).mastery(rows), width)
    assert all(len(line) <= width for line in lines)
    assert lines[0].endswith("100%  3/3 seen") and lines[1].endswith("not tried yet")
    assert lines[0].startswith("Step 1 — The AI Product Manager")
    bar = lines[0].count("█")
    assert 8 <= bar <= 20


def test_drawn_draws_as_its_content_does_once_for_each_width():
    """Drawn (the quiz widgets' content) keeps its lines per width: the same lines as the
    content drawn itself, at any width, and the content drawn once per width however often
    Textual measures and paints it."""
    from rich.console import Group
    from rich.text import Text

    from tui.ui.quizrender import Drawn

    class Counted:
        def __init__(self) -> None:
            self.table = QuizRenderer(Renderer(), None).calibration_table(ROWS)
            self.times = 0

        def __rich_console__(self, console, options):
            self.times += 1
            yield self.table

    content = Counted()
    kept = Drawn(Group(Text("How sure are you?"), content))
    for width in (76, 40, 76, 76, 40):
        assert drawn(kept, width) == drawn(Group(Text("How sure are you?"), content.table),
                                           width)
    assert content.times == 2
