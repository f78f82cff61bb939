"""The Textual app: a thin shell over two modes, the deck and the quiz.

The deck is one mode and the quiz (menu, questions, results, history) the other, each with
its own screen stack, so going from the quiz to the deck and back keeps both where they were.
"""

from __future__ import annotations

import gc
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from textual.app import App
from textual.binding import Binding
from textual.screen import Screen

from ..content.markup import to_ascii
from ..content.model import Chapter
from .driver import driver_class, redraw_screen
from .render import Renderer
from .terminal_input import GuardedInput
from .screens.deck import MIN_HEIGHT, MIN_WIDTH, DeckScreen, StepReviewScreen
from .themes import THEMES

if TYPE_CHECKING:  # the quiz loads when it is first opened, not with the deck
    from ..quiz.session import Course


@dataclass(frozen=True)
class QuizOptions:
    count: int = 10  # questions in a whole-chapter quiz
    certainty: bool = True
    data_dir: Path | None = None
    seed: int = 0  # 0: a new random seed for each attempt
    clock: Callable[[], float] = time.monotonic  # times each answer; tests fix it


class DeckApp(GuardedInput, App[None]):
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
                 quiz: QuizOptions | None = None, start: str = "deck",
                 take: str | None = None) -> None:
        # Started as a deck, the deck is the default screen (the quickest start: a MODES
        # entry costs ~20 ms more) and the quiz's screens are pushed over it. Started as a
        # quiz, the quiz and the deck are two modes, each with its own stack of screens.
        if start != "deck":
            self.DEFAULT_MODE = "quiz"
        # Started as a quiz, its stylesheet is read with the app's, in the one parse at start.
        super().__init__(driver_class=driver_class(), css_path=None if start == "deck" else
                         [*self.CSS_PATH, "screens/quiz.tcss"])
        if start != "deck":
            self.add_mode("quiz", self._quiz_menu)
            self.add_mode("deck", self._deck_screen)
        self.chapter = chapter
        # The course (chapter + question bank), or a function that loads it when the quiz
        # is first opened and returns it or the reason there is none.
        self._course_source = course
        self._course: Course | None = None if callable(course) else course
        self.course_problem = ""
        self.take = take  # a quiz menu choice to start at once, such as "step:4"
        self.quiz_options = quiz or QuizOptions()
        self.start = start  # deck | quiz | scores | review
        self._store = None
        self._quiz_renderer = None
        # A history or review page opens over the menu: no resume offer over it.
        self._resume_offered = start in ("scores", "review")
        self.sessions: list = []  # every quiz session run, for the report on exit
        self.renderer = Renderer(ascii_only, colour=not self.no_color)
        self.start_step = start_step
        self.autoplay_seconds = autoplay_seconds
        for each in THEMES.values():
            self.register_theme(each)
        chosen = THEMES[theme]
        self.renderer.use_theme(chosen)
        # Set quietly, before the stylesheet is first parsed, so that start-up parses it
        # once rather than twice (assigning self.theme would re-parse all of it).
        self.set_reactive(App.theme, chosen.name)
        self._refresh_truecolor_filter(self.ansi_theme)  # native colours for "ansi"
        self.stylesheet.set_variables(self.get_css_variables())
        self.update_classes({f"-theme-{chosen.name}": True, "-dark-mode": chosen.dark,
                             "-light-mode": not chosen.dark, "-ascii": ascii_only},
                            update=False)
        from .presenter import Presenter

        # Notes views follow a deck that is presenting, not one opened under a quiz.
        self.presenter = Presenter(self, watch=watch, link=link and start == "deck")

    async def on_unmount(self) -> None:
        await self.presenter.stop()
        if self._store is not None:
            self._store.release()

    @staticmethod
    def _freeze_start_up_objects() -> None:
        """Once the deck is up, move everything made so far out of the garbage collector's
        view: otherwise a full collection (~10 ms) lands in the middle of a step now and
        then, and the step misses its frame. (The command turns collection off while it
        starts up; it comes back on here.) No collection first: it took ~20 ms, often
        under the first steps, to free some 2,000 objects that may as well stay."""
        gc.freeze()
        gc.enable()

    def action_redraw(self) -> None:
        """Ctrl+L: paint the whole screen again, for a terminal that shows something else."""
        redraw_screen(self)

    def get_default_screen(self) -> DeckScreen:
        return self._deck_screen()

    def _deck_screen(self) -> DeckScreen:
        return DeckScreen(self.chapter, self.renderer, self.start_step, self.autoplay_seconds)

    def _quiz_menu(self) -> Screen:
        from .screens.quiz import QuizMenuScreen

        return QuizMenuScreen()

    # -- the quiz ---------------------------------------------------------------------------
    # Screens call these; the quiz's state lives in the session and the store, not here.

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

    def show_quiz(self) -> None:
        """Past the deck's last step: the quiz, or the end dialog. Only from the deck on
        top, so that a key, autoplay or a notes view's commands arriving again while the
        quiz is already open open nothing more (each used to push one more menu)."""
        if not isinstance(self.screen, DeckScreen):
            return
        if self.course is None:
            from .screens.dialogs import EndScreen

            deck = self.screen
            self.push_screen(EndScreen(self.chapter, self.renderer, self.course_problem),
                             getattr(deck, "after_end", None))
            return
        if self.start == "deck":
            self.push_screen(self._quiz_menu())
        else:
            self.switch_mode("quiz")

    def show_deck(self) -> None:
        if self.start != "deck":
            self.switch_mode("deck")
            return
        while not isinstance(self.screen, DeckScreen) or isinstance(self.screen,
                                                                    StepReviewScreen):
            self.pop_screen()

    def offer_resume(self, menu: Screen, then: Callable[[], None] | None = None) -> None:
        """Once per run, offer to resume an attempt that was cut off; `then` (a quiz the
        command line chose) starts unless the learner resumes."""
        attempt = None
        if not self._resume_offered:
            self._resume_offered = True
            attempt = self.store.unfinished(self.course.quiz_id)
        if attempt is None:
            if then is not None:
                menu.call_after_refresh(then)
            return
        from .quizrender import local_time
        from .screens.quiz import ResumeScreen

        description = (f"{attempt.label}, started {local_time(attempt.started_at)}: "
                       f"{len(attempt.answers)} of {len(attempt.question_ids)} questions "
                       f"answered.")

        def decided(choice: str | None) -> None:
            if choice == "resume" and self.resume(attempt):
                return
            if choice == "discard":
                import sqlite3

                from ..store.scores import StoreError

                try:
                    self.store.discard(attempt)
                except StoreError as exc:
                    self.notify(str(exc), severity="warning", timeout=8)
                except sqlite3.Error as exc:
                    self.notify(f"The unfinished quiz could not be set aside: the score file "
                                f"failed ({exc}). Its answers are still in it.",
                                severity="error", timeout=10)
                else:
                    self.notify("The unfinished quiz was set aside; its answers stay in the "
                                "score file.", timeout=4)
            menu.refresh_menu()
            if then is not None:
                then()

        self.push_screen(ResumeScreen(description), decided)

    def resume(self, attempt) -> bool:
        """Go on with an unfinished attempt, unless another chapterdeck has it open (then
        say so and return False)."""
        from ..quiz.session import QuizSession
        from ..store.scores import AttemptTaken

        import sqlite3

        try:
            session = QuizSession.resume(self.course, self.store, attempt)
        except AttemptTaken as exc:
            self.notify(str(exc), severity="warning", timeout=8)
            return False
        except sqlite3.Error as exc:
            self.notify(f"The quiz could not be resumed: the score file failed ({exc}). "
                        f"Its answers are still in it.", severity="error", timeout=10)
            return False
        self.run_session(session)
        return True

    def begin(self, selection, replace: bool = False) -> None:
        """Start a new attempt at `selection` (a quiz.sampling.Selection)."""
        import sqlite3

        from ..quiz.session import QuizSession

        try:
            session = QuizSession.begin(self.course, self.store, selection,
                                        self.quiz_options.certainty, self.quiz_options.seed)
        except sqlite3.Error as exc:
            self.notify(f"The quiz could not be started: the score file failed ({exc}). "
                        f"Try --data-dir with another folder.", severity="error", timeout=10)
            return
        self.run_session(session, replace)

    def run_session(self, session, replace: bool = False) -> None:
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

    def show_results(self, session) -> None:
        from .screens.results import ResultsScreen

        self.switch_screen(ResultsScreen(session))

    def show_scores(self) -> None:
        from .screens.results import ScoresScreen

        self.push_screen(ScoresScreen())

    def show_review(self) -> None:
        from .screens.results import ReviewScreen

        self.push_screen(ReviewScreen())

    def review_step(self, number: int) -> None:
        """Open step `number` in the deck over the quiz; leaving it returns to the quiz."""
        from .screens.deck import StepReviewScreen

        self.push_screen(StepReviewScreen(self.chapter, self.renderer, number,
                                          self.autoplay_seconds))

    def choose_step_to_review(self, current: int) -> None:
        from .screens.dialogs import ContentsScreen

        def chosen(number: int | None) -> None:
            if number:
                self.review_step(number)

        self.push_screen(ContentsScreen(self.chapter, self.renderer, current), chosen)

    def show_help(self, screen: Screen) -> None:
        from .screens.dialogs import HelpScreen

        self.push_screen(HelpScreen(screen))

    def on_mount(self) -> None:
        self.presenter.start()
        if self.start == "scores":
            self.show_scores()
        elif self.start == "review":
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
