"""`chapterdeck report` printed: the class report's tables drawn once by Rich, for a terminal
or a file alike (the console's report screen shows the same tables)."""

from __future__ import annotations

from rich.console import Console

from ..classroom.report import ClassReport
from .classrender import ClassReportRenderer
from .render import Renderer


WIDEST = 110  # wider, the numbers drift away from the questions they belong to


def print_report(report: ClassReport, ascii_only: bool = False) -> None:
    console = Console(highlight=False)
    console.width = min(console.width, WIDEST)
    draw = ClassReportRenderer(Renderer(ascii_only, colour=console.color_system is not None))
    console.print(draw.title(report))
    console.print(draw.report(report))
