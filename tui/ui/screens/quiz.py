"""The quiz: choosing what to take, then each question, certainty, and feedback."""

from __future__ import annotations


from rich.console import Group
from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...quiz import review
from ...quiz.scoring import CERTAINTY_MARKS, Response
from ...quiz.session import NothingToTake, QuizSession
from ...quiz.sampling import Selection
from ..answers import ANSWERS, Answer
from ..messages import (BeginQuiz, OfferResume, ResumeQuiz, ReviewStep, ShowDeck, ShowHelp,
                        ShowResults, ShowScores)
from ..quizrender import PART, Drawn, local_time
from ..widgets.keybar import KeyBar, key_hints
from .base import MIN_HEIGHT, MIN_WIDTH, DeckAppModal, DeckAppScreen, ascii_scrollbars
from .once import DismissOnce

ANSWERING, CERTAINTY, FEEDBACK = "answer", "certainty", "feedback"


def quiz_too_small() -> Widget:
    """The notice a page of the quiz shows instead of itself in a window too small for it
    (quiz.tcss shows it)."""
    from ..widgets.chrome import TooSmall  # the deck's chrome: not loaded for the quiz alone

    return TooSmall(MIN_WIDTH, MIN_HEIGHT, "the quiz", classes="quiz-too-small")


class QuizMenuScreen(DeckAppScreen[None]):
    """Choose what to take: the whole chapter, a step, a topic, the misses or the review."""

    CSS_PATH = "quiz.tcss"

    BINDINGS = [
        Binding("enter", "choose", "Start", key_display="Enter"),
        Binding("s", "scores", "Scores"),
        Binding("d", "deck", "Deck"),
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("q", "app.quit", "Quit"),
    ]

    def compose(self) -> ComposeResult:
        # A quiz the command line chose opens over the menu before the menu is first drawn:
        # until it shows, the menu has no parts at all, so none is styled, laid out or
        # painted before that quiz's first question (half the times Textual styled a widget
        # before it). Its parts are built when it first shows (_build).
        self.waiting = self.app.take is not None
        return []

    def _build(self) -> None:
        """Put the menu's parts in place (each mounted at once, so that each can be found
        and filled straight away), the list focused."""
        page = Vertical(id="quiz-menu", classes="quiz-page")
        self.mount(page, KeyBar(id="menu-keys", classes="quiz-keys"))
        page.mount(Static(id="menu-title", classes="quiz-title"),
                   Static(id="menu-notice", classes="quiz-notice"),
                   OptionList(id="menu-list"),
                   Static(id="menu-hint", classes="quiz-dim"))
        ascii_scrollbars(self)
        self.query_one(OptionList).focus()

    def too_small_notice(self) -> Widget:
        return quiz_too_small()

    def on_mount(self) -> None:
        if not self.waiting:
            self._build()
        # The command line may have chosen already (chapterdeck quiz --step 4): that starts
        # after the offer to resume a cut-off attempt, unless the learner resumes. The menu
        # (waiting, from compose) is drawn when it shows: under that offer, if the choice
        # cannot start, after it.
        choice, self.app.take = self.app.take, None
        self.post_message(OfferResume(self, (lambda: self.start(choice)) if choice else None))

    def on_screen_resume(self) -> None:
        """Shown, first or again (after a quiz, say): the counts and resume line change."""
        if not self.waiting:
            self.refresh_menu()

    def on_screen_suspend(self) -> None:
        self.waiting = False  # covered (by the chosen quiz): drawn when it shows again

    def show(self) -> None:
        """The menu is showing: draw it, if it waited for the command line's choice."""
        if self.waiting:
            self.refresh_menu()

    def refresh_menu(self) -> None:
        self.waiting = False
        if not self.query(OptionList):  # it waited for the command line's choice
            self._build()
        app = self.app
        course, store, quiz_renderer = app.course, app.store, app.quiz_renderer
        options = app.quiz_options
        count = min(options.count, len(course.bank.questions))
        title = Text(
            quiz_renderer.renderer.drawable(f"Quiz — {course.chapter.title}"), Style(bold=True)
        )
        questions = len(course.bank.questions)
        title.append(f"\n{questions} scenario question{'s' if questions != 1 else ''}. "
                     f"Certainty marking is {'on' if options.certainty else 'off'}.",
                     quiz_renderer.renderer.muted)
        self.query_one("#menu-title", Static).update(title)
        notices = list(store.notices)
        self.query_one("#menu-notice", Static).update(
            Text("\n".join(notices), quiz_renderer.tint(PART)) if notices else "")
        self.query_one("#menu-notice").display = bool(notices)
        items: list[Option] = []
        unfinished = course.unfinished(store)
        if unfinished and unfinished.asked:
            items.append(Option(Text(quiz_renderer.renderer.drawable(
                f"Resume: {unfinished.attempt.label} — {unfinished.answered} of "
                f"{unfinished.asked} answered"), Style(bold=True)), id="resume"))
        items.append(Option(Text.assemble(("Whole chapter", Style(bold=True)),
                                           f"  {count} questions across all "
                                           f"{course.chapter.total} steps"), id="chapter"))
        items.append(self.due_option())
        for number, step in enumerate(course.chapter.steps, 1):
            n = len(course.bank.for_step(step.id))
            if n:
                items.append(
                    Option(
                        quiz_renderer.renderer.drawable(f"Step {number} — {step.title}  ({n})"),
                        id=f"step:{number}",
                    )
                )
        for topic in course.bank.topics:
            n = len(course.bank.for_topic(topic.id))
            if n:
                items.append(
                    Option(
                        quiz_renderer.renderer.drawable(f"Topic: {topic.title}  ({n})"),
                        id=f"topic:{topic.id}",
                    )
                )
        missed = course.last_misses(store)
        items.append(Option("Retake what I missed last time  " + (
            "(no quiz finished yet)" if missed is None else
            f"({len(missed)})" if missed else "(nothing missed last time)"),
            id="missed", disabled=not missed))
        misses = course.misses(store)
        items.append(Option(f"Error review: the {len(misses)} I get wrong most" if misses else
                            "Error review: the ones I get wrong most  (nothing wrong yet)",
                            id="review", disabled=not misses))
        items.append(Option("History and mastery", id="scores"))
        menu = self.query_one(OptionList)
        highlighted = menu.highlighted
        menu.set_options(items)
        menu.highlighted = highlighted if highlighted is not None and \
            highlighted < len(items) else 0
        self.query_one("#menu-hint", Static).update(
            quiz_renderer.renderer.drawable("↑↓ choose · Enter start")
        )
        self.query_one(KeyBar).keys = key_hints(self)

    def due_option(self) -> Option:
        """The questions whose spaced review is due: how many, or plainly why none."""
        app = self.app
        times = app.course.due_times(app.store)
        at = review.clock()
        due = review.due_now(times, at)
        if due:
            return Option(Text.assemble(("Due for review", Style(bold=True)),
                                        f"  ({len(due)})  most overdue first"), id="due")
        later = min(times.values(), default=None)
        why = f"nothing due now; next on {local_time(review.stamp(later))}" if later else \
            "none yet; questions you answer come back here when due"
        return Option(
            app.quiz_renderer.renderer.drawable(f"Due for review  (0): {why}"),
            id="due",
            disabled=True,
        )

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.start(event.option.id or "")

    def action_choose(self) -> None:
        menu = self.query_one(OptionList)
        if menu.highlighted is not None:
            option = menu.get_option_at_index(menu.highlighted)
            if not option.disabled:
                self.start(option.id or "")

    def start(self, choice: str) -> None:
        app = self.app
        course, store, seed = app.course, app.store, app.quiz_options.seed
        if choice == "scores":
            self.post_message(ShowScores())
            return
        if choice == "resume":
            unfinished = course.unfinished(store)
            if unfinished:
                self.post_message(ResumeQuiz(unfinished.attempt))
            else:
                self.refresh_menu()  # taken up elsewhere since the menu was drawn
            return
        try:
            kind, _, arg = choice.partition(":")
            selection: Selection = {
                "chapter": lambda: course.whole_chapter(app.quiz_options.count, seed),
                "step": lambda: course.one_step(int(arg or 0), seed),
                "topic": lambda: course.topic(arg, seed),
                "missed": lambda: course.missed(store, seed),
                "review": lambda: course.review(store, seed),
                "due": lambda: course.due_review(store),
            }[kind]()
        except (NothingToTake, KeyError) as exc:
            self.show()
            self.notify(str(exc), severity="warning")
            return
        self.post_message(BeginQuiz(selection))

    def action_scores(self) -> None:
        self.post_message(ShowScores())

    def action_deck(self) -> None:
        self.post_message(ShowDeck())

    def action_help(self) -> None:
        self.post_message(ShowHelp(self))


class ResumeScreen(DismissOnce, DeckAppModal[str]):
    """An unfinished attempt was found: resume it, discard it, or decide later."""

    CSS_PATH = "quiz.tcss"

    BINDINGS = [
        Binding("r,enter", "dismiss('resume')", "Resume"),
        Binding("x", "dismiss('discard')", "Discard"),
        Binding("escape,l", "dismiss('later')", "Later"),
    ]

    def __init__(self, description: str) -> None:
        super().__init__()
        self.description = description

    def compose(self) -> ComposeResult:
        quiz_renderer = self.app.quiz_renderer
        text = Text("An unfinished quiz is waiting\n\n", Style(bold=True))
        text.append(self.description + "\n\n")
        text.append("Every answer you gave is saved. Resume asks the rest in the same order.\n\n",
                    quiz_renderer.renderer.muted)
        text.append_text(quiz_renderer.keys([("r", "Resume"), ("x", "Discard"), ("Esc", "Later")]))
        with Vertical(classes="quiz-dialog"):
            yield Static(text)


class QuestionScroll(VerticalScroll, inherit_bindings=False):
    """The question's stem, answer and feedback, scrolled by the screen: the answer widget
    inside has the focus, and the scroll's own arrow keys would take them from the screen."""


class QuestionScreen(DeckAppScreen[None]):
    """One attempt, question by question: answer, say how sure, read the feedback.

    The answer is a widget of the question's type (tui/ui/answers), which takes the keys
    while the learner answers and posts `Answered`; the screen keeps the phases after it."""

    CSS_PATH = ["quiz.tcss", "../answers/answers.tcss"]
    HELP_FOCUSED = True  # the help lists the answer widget's keys too

    BINDINGS = [
        Binding("up,k", "cursor(-1)", "After answering: move up (how sure), or scroll up",
                show=False),
        Binding("down,j", "cursor(1)", "After answering: move down (how sure), or scroll "
                                       "down", show=False),
        *[Binding(str(level), f"certainty({level})", "After answering: how sure you are",
                  show=False) for level in CERTAINTY_MARKS],
        Binding("space", "space", "After answering: how sure, or page down the feedback "
                                  "and go on", show=False),
        Binding("enter", "enter", "After answering: how sure, or the next question",
                show=False),
        Binding("v", "review_step", "After answering: open the step that teaches it",
                show=False),
        Binding("escape", "back", "Back (change your answer), or leave the quiz", show=False),
        Binding("question_mark", "help", "Help", show=False),
        Binding("q", "leave", "Leave the quiz (answers are kept; resume later)", show=False),
    ]

    def __init__(self, session: QuizSession) -> None:
        super().__init__()
        self.session = session
        self.phase = ANSWERING
        self.response: Response | None = None
        self.answer: Answer | None = None  # the question's answer widget, once mounted

    def compose(self) -> ComposeResult:
        with Vertical(classes="quiz-page"):
            yield Static(id="q-header", classes="quiz-title")
            with QuestionScroll(id="q-scroll", can_focus=False):
                yield Static(id="q-stem")
                yield Static(id="q-after")
        yield KeyBar(id="q-keys", classes="quiz-keys")

    def too_small_notice(self) -> Widget:
        return quiz_too_small()

    async def on_mount(self) -> None:
        ascii_scrollbars(self)
        self.told = ""  # the save error last shown: a full disk is told once, not per answer
        self.tell_save_error()
        await self.load_question()

    def tell_save_error(self) -> None:
        error = self.session.save_error
        if error and error != self.told:
            self.told = error
            self.notify(error, severity="error", timeout=10)

    # -- state ------------------------------------------------------------------------------

    async def load_question(self) -> None:
        s = self.session
        q = s.question
        self.phase = ANSWERING
        self.certainty_cursor = 1
        self.response = None
        self.started = self.app.quiz_options.clock()
        quiz_renderer = self.app.quiz_renderer
        with self.app.batch_update():  # no frame with one question's stem and another's answer
            kind = ANSWERS[q.kind]
            if type(self.answer) is kind:  # the same type: the widget takes the new question
                self.answer.ask(q, s.order)
            else:
                await self.query(Answer).remove()
                self.answer = kind(q, s.order, quiz_renderer)
                await self.query_one("#q-scroll").mount(self.answer, after="#q-stem")
            self.set_focus(self.answer, scroll_visible=False)
            self.query_one("#q-header", Static).update(
                quiz_renderer.header(s.position, s.total, q)
            )
            self.query_one("#q-stem", Static).update(Drawn(quiz_renderer.prose(q.stem)))
            self.query_one("#q-after", Static).styles.min_height = None
            self.query_one("#q-scroll", VerticalScroll).scroll_home(animate=False)
            self.answer.draw()
            self.draw()

    def draw(self) -> None:
        """The phase's part under the answer, and the keys. The answer widget is drawn where
        it changes (a new question, answered, unlocked), not with every phase."""
        s, quiz_renderer = self.session, self.app.quiz_renderer
        after = self.query_one("#q-after", Static)
        if self.phase == CERTAINTY:
            after.update(
                Drawn(Group(Text(""), quiz_renderer.certainty_prompt(self.certainty_cursor)))
            )
        elif self.phase == FEEDBACK:
            response, marked = s.results[s.position]
            after.update(
                Drawn(Group(
                    Text(""),
                    quiz_renderer.feedback(
                        s.question, response, marked, self.answer.feedback(response)
                    ),
                ))
            )
        else:
            after.update("")
        self.query_one(KeyBar).keys = tuple(self.key_hints())

    def key_hints(self) -> list[tuple[str, str]]:
        if self.phase == CERTAINTY:
            return [("1 2 3", "How sure"), ("Esc", "Change answer"), ("?", "Help")]
        if self.phase == FEEDBACK:
            last = self.session.position + 1 >= self.session.total
            return [("Enter", "Results" if last else "Next question"), ("v", "Review the step"),
                    ("↑↓", "Scroll"), ("q", "Leave")]
        return [*self.answer.key_hints(), ("?", "Help"), ("q", "Leave")]

    # -- the answer, then the phases after it ---------------------------------------------

    def on_answer_answered(self, message: Answer.Answered) -> None:
        self.settle()

    def settle(self) -> None:
        """Take the answer the widget has given. Its message comes after keys already
        typed (a letter then 3, at once), so the screen's keys take it first too. Only an
        answer to the question being asked: while the next question's widget is being
        mounted, keys still run the screen's actions, and the widget there then is the last
        question's, answered (its answer was marked against the next question: a crash)."""
        if self.phase == ANSWERING and self.answer.given is not None \
                and not self.session.done and self.answer.question is self.session.question:
            self.submit(self.answer.given)

    def action_cursor(self, delta: int) -> None:
        self.settle()
        if self.phase == FEEDBACK:
            self.query_one("#q-scroll", VerticalScroll).scroll_relative(y=delta, animate=False)
        elif self.phase == CERTAINTY:
            self.certainty_cursor = (self.certainty_cursor + delta) % len(CERTAINTY_MARKS)
            self.draw()

    def action_certainty(self, level: int) -> None:
        self.settle()
        if self.phase == CERTAINTY:
            self.give_certainty(level)

    async def action_space(self) -> None:
        self.settle()
        if self.phase == FEEDBACK:
            scroll = self.query_one("#q-scroll", VerticalScroll)
            if scroll.scroll_y < scroll.max_scroll_y:
                scroll.scroll_page_down(animate=False)
            else:
                await self.next_question()
        elif self.phase == CERTAINTY:
            self.give_certainty(self.certainty_cursor + 1)

    async def action_enter(self) -> None:
        self.settle()
        if self.phase == FEEDBACK:
            await self.next_question()
        elif self.phase == CERTAINTY:
            self.give_certainty(self.certainty_cursor + 1)

    def submit(self, response: Response) -> None:
        self.response = response
        self.answer.draw()  # locked: the answer given
        if self.session.certainty:
            self.phase = CERTAINTY
            self.draw()
            self.call_after_refresh(self._show_end)
        else:
            self.record(None)

    def give_certainty(self, level: int) -> None:
        self.record(level)

    def record(self, certainty: int | None) -> None:
        self.session.answer(self.response, certainty,
                            self.app.quiz_options.clock() - self.started)
        self.tell_save_error()
        self.phase = FEEDBACK
        self.draw()
        self.call_after_refresh(self._show_feedback)

    def _show_end(self) -> None:
        self.query_one("#q-scroll", VerticalScroll).scroll_end(animate=False)

    def _show_feedback(self) -> None:
        """Bring the feedback into view: under the whole question when both fit, else at the
        top of the view (never under the tail of a wrapped line of the question)."""
        scroll = self.query_one("#q-scroll", VerticalScroll)
        after = self.query_one("#q-after", Static)
        top = after.virtual_region.y
        if 0 < scroll.max_scroll_y < top:  # too short to scroll to the top: make room
            after.styles.min_height = scroll.scrollable_content_region.height
            self.call_after_refresh(scroll.scroll_to, y=top, animate=False)
        else:
            scroll.scroll_to(y=min(top, scroll.max_scroll_y), animate=False)

    async def next_question(self) -> None:
        if self.session.done:  # a second Enter after the last answer: the results are coming
            return
        self.session.advance()
        if self.session.done:
            self.post_message(ShowResults(self.session, self))
        else:
            await self.load_question()

    def action_back(self) -> None:
        self.settle()
        if self.phase == CERTAINTY:
            self.phase = ANSWERING
            self.answer.unlock()
            self.draw()
        else:
            self.action_leave()

    def action_leave(self) -> None:
        s = self.session
        if s.done:
            return
        if s.position in s.results:  # answered, feedback showing: count it as passed
            s.advance()
            if s.done:
                self.post_message(ShowResults(s, self))
                return
        if s.kept:
            self.notify(f"Left the quiz after {len(s.results)} of {s.total} answers; they are "
                        f"saved. Choose Resume in the quiz menu to go on.", timeout=5)
        else:
            self.notify(f"Left the quiz after {len(s.results)} of {s.total} answers. They are "
                        f"not saved in a score file; they are printed as JSON when you quit.",
                        severity="warning", timeout=8)
        self.app.pop_screen()

    def action_review_step(self) -> None:
        if self.phase != FEEDBACK or self.session.done:  # done: the results are coming
            return
        number = self.app.course.step_number(self.session.question.steps[0])
        if number:
            self.post_message(ReviewStep(number))

    def action_help(self) -> None:
        self.post_message(ShowHelp(self))
