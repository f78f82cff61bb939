"""After a quiz: the results; and the learner's history and error review."""

from __future__ import annotations

from dataclasses import replace

from rich.console import Group
from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Static

from ...quiz.results import calibration, score
from ...quiz.session import NothingToTake, QuizSession
from ..messages import BeginQuiz, ChooseStepToReview, ShowDeck, ShowHelp, ShowReview
from ..quizrender import PART, RIGHT
from ..widgets.keybar import KeyBar, key_hints
from .base import DeckAppScreen, ascii_scrollbars
from .quiz import quiz_too_small


class _Page(DeckAppScreen[None]):
    """A scrolling page of Rich renderables with key hints below: those of its bindings
    marked show=True."""

    CSS_PATH = "quiz.tcss"

    def compose(self) -> ComposeResult:
        with Vertical(classes="quiz-page"):
            yield Static(id="page-title", classes="quiz-title")
            with VerticalScroll(id="page-scroll", can_focus=False):
                yield Static(id="page-body")
        yield KeyBar(id="page-keys", classes="quiz-keys")

    def too_small_notice(self) -> Widget:
        return quiz_too_small()

    def on_mount(self) -> None:
        ascii_scrollbars(self)

    def on_screen_resume(self) -> None:
        """Shown, first or again (back from a retake, say)."""
        self.refresh_page()

    def refresh_page(self) -> None:
        title, body = self.content()
        self.query_one("#page-title", Static).update(title)
        self.query_one("#page-body", Static).update(body)
        self.query_one(KeyBar).keys = key_hints(self)

    def content(self) -> tuple[Text, Group]:
        raise NotImplementedError

    def action_scroll(self, lines: int) -> None:
        self.query_one("#page-scroll", VerticalScroll).scroll_relative(y=lines, animate=False)

    def action_page(self, direction: int) -> None:
        scroll = self.query_one("#page-scroll", VerticalScroll)
        if direction > 0:
            scroll.scroll_page_down(animate=False)
        else:
            scroll.scroll_page_up(animate=False)

    def action_help(self) -> None:
        self.post_message(ShowHelp(self))

    def action_close(self) -> None:
        self.app.pop_screen()  # back to what was under the page

    # The keys of every page: a history or review page shows the arrows (as one hint), Back
    # and Quit in its key bar; the results page its own keys instead.
    SCROLL = Binding.Group("Scroll", compact=True)
    ARROW_BINDINGS = [
        Binding("up,k", "scroll(-1)", "Scroll up", group=SCROLL),
        Binding("down,j", "scroll(1)", "Scroll down", group=SCROLL),
    ]
    PAGE_BINDINGS = [
        Binding("escape", "close", "Back", key_display="Esc"),
        Binding("m", "close", "Back", show=False),
        Binding("q", "app.quit", "Quit"),
    ]
    SCROLL_BINDINGS = [
        Binding("pagedown,space", "page(1)", "Page down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("question_mark", "help", "Help", show=False),
    ]


class ResultsScreen(_Page):
    """Score, certainty score, calibration, mastery per step and the misses explained."""

    # The key bar's words, and in the help the words in full (tooltip).
    BINDINGS = [
        Binding("r", "retake", "Retake misses", tooltip="Retake the misses"),
        Binding("v", "review_step", "Review a step", tooltip="Review a step in the deck"),
        Binding("m,escape", "menu", "Menu", tooltip="Quiz menu"),
        Binding("d", "deck", "Deck", tooltip="Back to the deck"),
        Binding("q", "app.quit", "Quit"),
        *[replace(b, show=False) for b in _Page.ARROW_BINDINGS],  # its bar has its own keys
        *_Page.SCROLL_BINDINGS,
    ]

    def __init__(self, session: QuizSession) -> None:
        super().__init__()
        self.session = session

    def content(self) -> tuple[Text, Group]:
        s, quiz_renderer, app = self.session, self.app.quiz_renderer, self.app
        marked = s.marked
        title = Text(
            quiz_renderer.renderer.drawable(
                f"Results — {s.attempt.label}, {s.total} question{'s' if s.total != 1 else ''}"
            ),
            Style(bold=True),
        )
        parts = [quiz_renderer.score_line(score(marked), s.attempt.seconds), Text("")]
        if s.certainty:
            parts += [quiz_renderer.calibration(calibration(marked)), Text("")]
        parts += [quiz_renderer.mastery_section(app.course.mastery(app.store)), Text("")]
        misses = s.misses()
        if misses:
            parts += [Text(f"What you missed ({len(misses)})", Style(bold=True)), Text(""),
                      quiz_renderer.misses(misses)]
        else:
            parts.append(
                Text(
                    "No misses: every answer was right.", quiz_renderer.tint(RIGHT, bold=True)
                )
            )
        if s.save_error or not app.store.saving:
            parts.append(
                Text(
                    s.save_error
                    or "These results were not saved; they are printed as JSON when you quit.",
                    quiz_renderer.tint(PART, bold=True),
                )
            )
        return title, Group(*parts)

    def action_retake(self) -> None:
        missed = [q.id for q, _, _ in self.session.misses()]
        if not missed:
            self.notify("Nothing to retake: no misses.", timeout=3)
            return
        from ...quiz.sampling import Selection

        self.post_message(BeginQuiz(Selection("missed", f"Retake {len(missed)} missed",
                                              tuple(missed)), replace=True))

    def action_review_step(self) -> None:
        misses = self.session.misses()
        first = misses[0][0].steps[0] if misses else self.session.questions[0].steps[0]
        self.post_message(ChooseStepToReview(self.app.course.step_number(first)))

    def action_menu(self) -> None:
        self.app.pop_screen()

    def action_deck(self) -> None:
        self.post_message(ShowDeck(close_page=self))


class ScoresScreen(_Page):
    """Every finished attempt, mastery per step and the trend."""

    BINDINGS = [
        Binding("r", "review", "Error review"),
        *_Page.ARROW_BINDINGS,
        *_Page.PAGE_BINDINGS,
        *_Page.SCROLL_BINDINGS,
    ]

    def content(self) -> tuple[Text, Group]:
        app, quiz_renderer = self.app, self.app.quiz_renderer
        course, store = app.course, app.store
        attempts = store.attempts(course.quiz_id)
        title = Text(
            quiz_renderer.renderer.drawable(f"History — {course.chapter.title}"), Style(bold=True)
        )
        if not attempts:
            return title, Group(Text("No finished quizzes yet. Take one from the quiz menu "
                                     "(or run 'chapterdeck quiz') and it will show here."))
        return title, quiz_renderer.history_section(
            attempts, course.mastery(store), course.due_counts(store)
        )

    def action_review(self) -> None:
        self.post_message(ShowReview())


class ReviewScreen(_Page):
    """The error review: the questions got wrong most often, worst first."""

    BINDINGS = [
        Binding("enter", "retake", "Retake these", key_display="Enter"),
        Binding("r", "retake", "Retake these", show=False),
        *_Page.ARROW_BINDINGS,
        *_Page.PAGE_BINDINGS,
        *_Page.SCROLL_BINDINGS,
    ]

    def content(self) -> tuple[Text, Group]:
        app, quiz_renderer = self.app, self.app.quiz_renderer
        misses = app.course.misses(app.store)
        title = Text(
            quiz_renderer.renderer.drawable(f"Error review — {app.course.chapter.title}"),
            Style(bold=True),
        )
        if not misses:
            return title, Group(Text("Nothing to review: no question has been answered "
                                     "wrong yet."))
        intro = Text(f"The {len(misses)} question{'s' if len(misses) != 1 else ''} you get "
                     f"wrong most often, worst first (confident misses first among equals).",
                     quiz_renderer.renderer.muted)
        return title, Group(intro, Text(""), quiz_renderer.review_list(misses))

    def action_retake(self) -> None:
        try:
            selection = self.app.course.review(self.app.store, self.app.quiz_options.seed)
        except NothingToTake as exc:
            self.notify(str(exc), timeout=3)
            return
        self.post_message(BeginQuiz(selection, replace=True))
