"""The Textual app: a thin shell over two modes, the deck and the quiz.

The deck is one mode and the quiz (menu, questions, results, history) the other, each with
its own screen stack, so going from the quiz to the deck and back keeps both where they were.
"""

from __future__ import annotations

import gc
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable, ClassVar

from textual import on
from textual.app import App
from textual.binding import Binding
from textual.screen import Screen

from ..content.markup import to_ascii
from ..content.model import Chapter
from . import messages
from .driver import driver_class, redraw_screen
from .render import Renderer
from .terminal_input import GuardedInput
from .screens.base import MIN_HEIGHT, MIN_WIDTH
from .themes import THEMES
from .widgets.keybar import NamedKeys

if TYPE_CHECKING:  # the quiz loads when it is first opened, not with the deck
    from ..quiz.session import Course
    from .screens.deck import DeckScreen  # and the deck's screen when the deck is

# The stylesheet of the answer widgets, which the question page (QuestionScreen) adds to the
# quiz's; resolved as Textual resolves a screen's CSS_PATH, so that it is known to be read.
QUESTION_CSS = (Path(__file__).parent / "answers" / "answers.tcss").resolve()


# Python's own threshold for a full collection, which the quiz's start puts off (cli.quiz).
FULL_COLLECTION_THRESHOLD = 10


@dataclass(frozen=True)
class QuizOptions:
    """How the quiz is taken: from the command line, or a test."""

    count: int = 10  # questions in a whole-chapter quiz
    certainty: bool = True
    data_dir: Path | None = None
    seed: int = 0  # 0: a new random seed for each attempt
    clock: Callable[[], float] = time.monotonic  # times each answer; tests fix it


@dataclass(frozen=True)
class Start:
    """Where a run begins, and the one place that says what follows from it.

    Started as a deck, the deck is the default screen (the quickest start: a MODES entry
    costs ~20 ms more), the quiz's screens are pushed over it, and notes views follow it.
    Started at the quiz (its menu, or the history or the error review over the menu), the
    quiz and the deck are two modes, each with its own stack of screens; the quiz's is the
    default one (its menu from get_default_screen, as the deck is otherwise), and the quiz's
    stylesheets are read with the app's, in the one parse at start."""

    page: str = "deck"
    PAGES: ClassVar[tuple[str, ...]] = ("deck", "quiz", "scores", "review")

    def __post_init__(self) -> None:
        if self.page not in self.PAGES:
            raise ValueError(f"start is one of {', '.join(self.PAGES)}, not {self.page!r}")

    @property
    def with_deck(self) -> bool:
        """The deck is the default screen and the quiz opens over it (not two modes)."""
        return self.page == "deck"

    def css_path(self, deck: list[str]) -> list[str] | None:
        """The stylesheets read at start: the app's own (None), or the quiz's with them."""
        return None if self.with_deck else [*deck, "screens/quiz.tcss"]

    @property
    def over_menu(self) -> str | None:
        """The page opened over the quiz menu at once (scores, review), if any; over it,
        no offer to resume a cut-off attempt."""
        return self.page if self.page in ("scores", "review") else None


class DeckApp(GuardedInput, NamedKeys, messages.OpensScreens):
    """Plays one chapter."""

    TITLE = "chapterdeck"
    CSS_PATH = ["screens/deck.tcss"]  # the dialogs bring their own when first opened
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [Binding("ctrl+c", "quit", "Quit", show=False, priority=True),
                Binding("ctrl+l", "redraw", "Redraw the screen", show=False, priority=True)]
    HORIZONTAL_BREAKPOINTS = [(0, "-too-narrow"), (MIN_WIDTH, "-wide-enough")]
    VERTICAL_BREAKPOINTS = [(0, "-too-short"), (MIN_HEIGHT, "-short"), (30, "-tall")]

    def __init__(self, chapter: Chapter, *, start_step: int = 0, autoplay_seconds: float = 6.0,
                 ascii_only: bool = False, theme: str = "dark", watch: bool = False,
                 link: bool = True,
                 course: Course | Callable[[], tuple[Course | None, str]] | None = None,
                 quiz: QuizOptions | None = None, start: str | Start = "deck",
                 take: str | None = None) -> None:
        self.start = start = start if isinstance(start, Start) else Start(start)
        if not start.with_deck:
            self.DEFAULT_MODE = "quiz"
        super().__init__(driver_class=driver_class(), css_path=start.css_path(self.CSS_PATH))
        if not start.with_deck:
            # The question page's own stylesheet too: read only when question 1 opens, it
            # made Textual parse every sheet a second time (~20 ms) before the question showed.
            self.css_path.append(QUESTION_CSS)
            self.add_mode("deck", self._deck_screen)  # and "quiz", once it is up: on_mount
        self.chapter = chapter
        # The course (chapter + question bank), or a function that loads it when the quiz
        # is first opened and returns it or the reason there is none.
        self._course_source = course
        self._course: Course | None = None if callable(course) else course
        self.course_problem = ""
        self.take = take  # a quiz menu choice to start at once, such as "step:4"
        self.quiz_options = quiz or QuizOptions()
        self._store = None
        self._quiz_renderer = None
        self._resume_offered = start.over_menu is not None
        self.sessions: list = []  # every quiz session run, for the report on exit
        self.renderer = Renderer(ascii_only, colour=not self.no_color)
        self.start_step = start_step
        self.autoplay_seconds = autoplay_seconds
        for each in THEMES.values():
            self.register_theme(each)
        chosen = THEMES[theme]
        # Set quietly, before the stylesheet is first parsed: assigning self.theme here
        # parses all of it three times at start (~15 ms, Textual 8.2.8), so what App's own
        # watcher does is done here with its public parts: the ANSI filter on for the
        # theme (ansi_color, then back to following the theme), its variables and classes.
        self.set_reactive(App.theme, chosen.name)
        self.ansi_color = chosen.ansi
        self.set_reactive(App.ansi_color, None)
        self.stylesheet.set_variables(self.get_css_variables())
        self.update_classes({f"-theme-{chosen.name}": True, "-dark-mode": chosen.dark,
                             "-light-mode": not chosen.dark, "-ascii": ascii_only},
                            update=False)
        self.watch_theme()
        from .presenter import Presenter

        # Notes views follow a deck that is presenting, not one opened under a quiz.
        self.presenter = Presenter(self, watch=watch, link=link and start.with_deck)

    async def on_unmount(self) -> None:
        await self.presenter.stop()
        if self._store is not None:
            self._store.release()

    def watch_theme(self) -> None:
        """The theme is App.theme alone, however it is set: the renderer draws in it. (Cards
        and chrome keep their drawings by theme, so a new one draws them afresh.)"""
        self.renderer.use_theme(self.current_theme)

    @staticmethod
    def _freeze_start_up_objects() -> None:
        """Once the deck is up, move everything made so far out of the garbage collector's
        view: otherwise a full collection (~10 ms) lands in the middle of a step now and
        then, and the step misses its frame. (The command turns collection off while it
        starts up; it comes back on here.) No collection first: it took ~20 ms, often
        under the first steps, to free some 2,000 objects that may as well stay."""
        gc.freeze()
        gc.set_threshold(*gc.get_threshold()[:2], FULL_COLLECTION_THRESHOLD)
        gc.enable()

    def action_redraw(self) -> None:
        """Ctrl+L: paint the whole screen again, for a terminal that shows something else."""
        redraw_screen(self)

    def get_default_screen(self) -> Screen:
        return self._deck_screen() if self.start.with_deck else self._quiz_menu()

    def _deck_screen(self) -> DeckScreen:
        from .screens.deck import DeckScreen

        return DeckScreen(self.chapter, self.renderer, self.start_step, self.autoplay_seconds)

    def _quiz_menu(self) -> Screen:
        from .screens.quiz import QuizMenuScreen

        return QuizMenuScreen()

    # -- the quiz ---------------------------------------------------------------------------
    # The quiz's state lives in the session and the store, not here.

    @property
    def course(self) -> Course | None:
        if self._course is None and callable(self._course_source) and not self.course_problem:
            self._course, self.course_problem = self._course_source()
        return self._course

    @property
    def store(self):
        """The score store, opened when the quiz first needs it (not at the deck's start)."""
        if self._store is None:
            from ..store.scores import ScoreStore

            self._store = ScoreStore.open(self.quiz_options.data_dir)
            for notice in self._store.notices:
                self.notify(notice, severity="warning", timeout=15)
        return self._store

    @property
    def quiz_renderer(self):
        if self._quiz_renderer is None:
            from .quizrender import QuizRenderer

            self._quiz_renderer = QuizRenderer(self.renderer, self.course)
        return self._quiz_renderer

    # -- where the screens ask to go (tui/ui/messages.py) -----------------------------------
    # Screens post; the app, which owns the screen stack, opens (Open and ShowHelp in
    # messages.OpensScreens, which the class console shares). One way to open a screen.

    @on(messages.ShowQuiz)
    def show_quiz(self) -> None:
        """Past the deck's last step: the quiz, or the end dialog. Only from the deck on
        top, so that a key, autoplay or a notes view's commands arriving again while the
        quiz is already open open nothing more (each used to push one more menu)."""
        from .screens.deck import DeckScreen

        deck = self.screen
        if not isinstance(deck, DeckScreen):
            return
        if self.course is None:
            from .screens.dialogs import EndScreen

            self.push_screen(EndScreen(self.chapter, self.renderer, self.course_problem),
                             deck.after_end)
            return
        if self.start.with_deck:
            self.push_screen(self._quiz_menu())
        else:
            self.switch_mode("quiz")

    @on(messages.ShowDeck)
    def _back_to_deck(self, message: messages.ShowDeck) -> None:
        if message.close_page is not None:
            if self.screen is not message.close_page:
                return  # handled already: the page is closed and the deck shown
            self.pop_screen()
        self.show_deck()

    def show_deck(self) -> None:
        if not self.start.with_deck:
            self.switch_mode("deck")
            return
        from .screens.deck import DeckScreen, StepReviewScreen

        while not isinstance(self.screen, DeckScreen) or isinstance(self.screen,
                                                                    StepReviewScreen):
            self.pop_screen()

    @on(messages.OfferResume)
    def _offer_resume(self, message: messages.OfferResume) -> None:
        """Once per run, offer to resume an attempt that was cut off; `then` (a quiz the
        command line chose) starts unless the learner resumes."""
        menu, then = message.menu, message.then
        unfinished = None
        if not self._resume_offered:
            self._resume_offered = True
            unfinished = self.course.unfinished(self.store)
        if unfinished is None:
            if then is not None:
                then()  # before the menu is first drawn (QuizMenuScreen.waiting)
            return
        menu.show()
        from .quizrender import local_time
        from .screens.quiz import ResumeScreen

        attempt = unfinished.attempt
        if not unfinished.asked:  # the bank was revised: nothing of it is left to ask
            self._set_aside(attempt, f"The unfinished quiz ({attempt.label}, started "
                            f"{local_time(attempt.started_at)}) was set aside: none of its "
                            f"questions is in the question bank any more. Its answers stay "
                            f"in the score file.")
            if then is not None:
                then()
            return
        description = (f"{attempt.label}, started {local_time(attempt.started_at)}: "
                       f"{unfinished.answered} of {unfinished.asked} questions answered.")
        if unfinished.gone:
            description += (f" {unfinished.gone} of its questions are no longer in the "
                            f"question bank and are skipped.")

        def decided(choice: str | None) -> None:
            if choice == "resume" and self._resume(attempt):
                return
            if choice == "discard":
                self._set_aside(attempt, "The unfinished quiz was set aside; its answers "
                                "stay in the score file.")
            menu.refresh_menu()
            if then is not None:
                then()

        self.push_screen(ResumeScreen(description), decided)

    def _set_aside(self, attempt, done: str) -> None:
        """Discard an unfinished attempt (its answers stay), and say `done` or why not."""
        from ..store.scores import AttemptTaken, StoreError

        try:
            self.store.discard(attempt)
        except AttemptTaken as exc:
            self.notify(str(exc), severity="warning", timeout=8)
        except StoreError as exc:
            self.notify(f"The unfinished quiz could not be set aside: the score file "
                        f"failed ({exc}). Its answers are still in it.",
                        severity="error", timeout=10)
        else:
            self.notify(done, timeout=4 if len(done) < 80 else 10)

    @on(messages.ResumeQuiz)
    def _resume_quiz(self, message: messages.ResumeQuiz) -> None:
        self._resume(message.attempt)

    def _resume(self, attempt) -> bool:
        """Go on with an unfinished attempt, unless another chapterdeck has it open (then
        say so and return False)."""
        from ..quiz.session import NothingToTake, QuizSession
        from ..store.scores import AttemptTaken, StoreError

        try:
            session = QuizSession.resume(self.course, self.store, attempt)
        except AttemptTaken as exc:
            self._menu_shown()
            self.notify(str(exc), severity="warning", timeout=8)
            return False
        except StoreError as exc:
            self._menu_shown()
            self.notify(f"The quiz could not be resumed: the score file failed ({exc}). "
                        f"Its answers are still in it.", severity="error", timeout=10)
            return False
        except NothingToTake as exc:  # the bank was revised since the menu was drawn
            self.notify(str(exc), severity="warning", timeout=8)
            return False
        self._run_session(session)
        return True

    @on(messages.BeginQuiz)
    def _begin(self, message: messages.BeginQuiz) -> None:
        """Start a new attempt at a quiz.sampling.Selection."""
        from ..quiz.session import QuizSession
        from ..store.scores import StoreError

        try:
            session = QuizSession.begin(self.course, self.store, message.selection,
                                        self.quiz_options.certainty, self.quiz_options.seed)
        except StoreError as exc:
            self._menu_shown()
            self.notify(f"The quiz could not be started: the score file failed ({exc}). "
                        f"Try --data-dir with another folder.", severity="error", timeout=10)
            return
        self._run_session(session, message.replace)

    def _menu_shown(self) -> None:
        """A quiz that did not start leaves the menu showing: drawn, if it was waiting for
        the command line's choice (QuizMenuScreen.show)."""
        from .screens.quiz import QuizMenuScreen

        if isinstance(self.screen, QuizMenuScreen):
            self.screen.show()

    def _run_session(self, session, replace: bool = False) -> None:
        from .screens.quiz import QuestionScreen

        self.sessions.append(session)
        screen = QuestionScreen(session)
        if session.done:
            from .screens.results import ResultsScreen

            screen = ResultsScreen(session)
        if replace:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    @on(messages.ShowResults)
    def _show_results(self, message: messages.ShowResults) -> None:
        from .screens.results import ResultsScreen

        if self.screen is message.page:  # not again for a second key's message
            self.switch_screen(ResultsScreen(message.session))

    @on(messages.ShowScores)
    def show_scores(self) -> None:
        from .screens.results import ScoresScreen

        self.push_screen(ScoresScreen())

    @on(messages.ShowReview)
    def show_review(self) -> None:
        from .screens.results import ReviewScreen

        self.push_screen(ReviewScreen())

    @on(messages.ReviewStep)
    def _review_step(self, message: messages.ReviewStep) -> None:
        """Open a step in the deck over the quiz; leaving it returns to the quiz."""
        from .screens.deck import StepReviewScreen

        self.push_screen(StepReviewScreen(self.chapter, self.renderer, message.number,
                                          self.autoplay_seconds))

    @on(messages.ChooseStepToReview)
    def _choose_step_to_review(self, message: messages.ChooseStepToReview) -> None:
        from .screens.dialogs import ContentsScreen

        def chosen(number: int | None) -> None:
            if number:
                self._review_step(messages.ReviewStep(number))

        self.push_screen(ContentsScreen(self.chapter, self.renderer, message.current), chosen)

    @on(messages.LinkCommand)
    def _link_command(self, message: messages.LinkCommand) -> None:
        """A notes view's key drives the deck itself, not a step open for review."""
        deck = self.presenter.deck
        if deck is not None:
            deck.remote(message.action, message.step)

    def on_mount(self) -> None:
        if not self.start.with_deck:
            # Started at the quiz, its menu came from get_default_screen, as a deck's start
            # gets the deck, and its mode is named only now that its screens are up: a mode
            # named at start has Textual parse every stylesheet once more and restyle the
            # app (~10 ms before question 1). Named, the deck can switch back to it.
            self.add_mode("quiz", self._quiz_menu)
        self.presenter.start()
        if self.start.over_menu == "scores":
            self.show_scores()
        elif self.start.over_menu == "review":
            self.show_review()
        if not self.is_headless:  # tests run many apps in one process: nothing to freeze
            self.set_timer(0.5, self._freeze_start_up_objects)

    def unsaved_answers(self) -> list[dict]:
        """Answers given in this run that are not in the score file, as plain data."""
        if self._store is None:
            return []
        if not self._store.saving:
            return self._store.dump(self._store.session_attempts)
        return [{"attempt": s.attempt.id, "label": s.attempt.label, "answers": [
            a.__dict__ for a in s.unsaved]} for s in self.sessions if s.unsaved]

    def get_key_display(self, binding: Binding) -> str:
        display = super().get_key_display(binding)
        return to_ascii(display) if self.renderer.ascii_only else display
