"""`chapterdeck scores` and `chapterdeck review` printed, for output that is not a terminal
(a file, a pipe, a CI log): the same tables the screens show, drawn once by Rich."""

from __future__ import annotations

from rich.console import Console
from rich.style import Style
from rich.text import Text

from ..quiz.session import Course
from ..store.scores import ScoreStore
from .quizrender import QuizRenderer
from .render import Renderer


def _renderer(course: Course, ascii_only: bool) -> tuple[Console, QuizRenderer]:
    console = Console(width=100, highlight=False)
    return console, QuizRenderer(Renderer(ascii_only, colour=console.color_system is not None),
                                 course)


def print_history(course: Course, store: ScoreStore, ascii_only: bool = False) -> None:
    console, quiz_renderer = _renderer(course, ascii_only)
    attempts = store.attempts(course.quiz_id)
    console.print(
        Text(
            quiz_renderer.renderer.drawable(f"History — {course.chapter.title}"), Style(bold=True)
        )
    )
    if not attempts:
        console.print("No finished quizzes yet. Run 'chapterdeck quiz' to take one.")
        return
    console.print(
        quiz_renderer.history_section(attempts, course.mastery(store), course.due_counts(store))
    )


def print_review(course: Course, store: ScoreStore, ascii_only: bool = False) -> None:
    console, quiz_renderer = _renderer(course, ascii_only)
    misses = course.misses(store)
    console.print(
        Text(
            quiz_renderer.renderer.drawable(f"Error review — {course.chapter.title}"),
            Style(bold=True),
        )
    )
    if not misses:
        console.print("Nothing to review: no question has been answered wrong yet.")
        return
    console.print(quiz_renderer.review_list(misses))
    console.print("Run 'chapterdeck review' in a terminal and press Enter to retake these.")
