"""The quiz: choosing what to take, then each question, certainty, and feedback."""

from __future__ import annotations


from rich.console import Group
from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ...quiz import review
from ...quiz.scoring import CERTAINTY_MARKS, Response
from ...quiz.session import NothingToTake, QuizSession
from ...quiz.sampling import Selection
from ..messages import (BeginQuiz, OfferResume, ResumeQuiz, ReviewStep, ShowDeck, ShowHelp,
                        ShowResults, ShowScores)
from ..quizrender import LETTERS, local_time
from ..widgets.chrome import TooSmall
from ..widgets.keybar import KeyBar
from .deck import MIN_HEIGHT, MIN_WIDTH, ascii_scrollbars
from .base import DeckAppModal, DeckAppScreen
from .once import DismissOnce

ANSWERING, CERTAINTY, FEEDBACK = "answer", "certainty", "feedback"


class QuizMenuScreen(DeckAppScreen[None]):
    """Choose what to take: the whole chapter, a step, a topic, the misses or the review."""

    CSS_PATH = "quiz.tcss"

    BINDINGS = [
        Binding("enter", "choose", "Start", show=False),
        Binding("s", "scores", "Scores"),
        Binding("d", "deck", "Deck"),
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("q", "app.quit", "Quit"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="quiz-menu", classes="quiz-page"):
            yield Static(id="menu-title", classes="quiz-title")
            yield Static(id="menu-notice", classes="quiz-notice")
            yield OptionList(id="menu-list")
            yield Static(id="menu-hint", classes="quiz-dim")
        yield KeyBar(id="menu-keys", classes="quiz-keys")
        yield TooSmall(MIN_WIDTH, MIN_HEIGHT, "the quiz", classes="quiz-too-small")

    def on_mount(self) -> None:
        ascii_scrollbars(self)
        self.query_one(OptionList).focus()
        # The command line may have chosen already (chapterdeck quiz --step 4): that starts
        # after the offer to resume a cut-off attempt, unless the learner resumes.
        choice, self.app.take = self.app.take, None
        self.post_message(OfferResume(self, (lambda: self.start(choice)) if choice else None))

    def on_screen_resume(self) -> None:
        """Shown, first or again (after a quiz, say): the counts and resume line change."""
        self.refresh_menu()

    def refresh_menu(self) -> None:
        app = self.app
        course, store, qr = app.course, app.store, app.quiz_renderer
        options = app.quiz_options
        count = min(options.count, len(course.bank.questions))
        title = Text(qr.r.s(f"Quiz — {course.chapter.title}"), Style(bold=True))
        questions = len(course.bank.questions)
        title.append(f"\n{questions} scenario question{'s' if questions != 1 else ''}. "
                     f"Certainty marking is {'on' if options.certainty else 'off'}.",
                     qr.r.muted)
        self.query_one("#menu-title", Static).update(title)
        notices = list(store.notices)
        self.query_one("#menu-notice", Static).update(
            Text("\n".join(notices), qr.c("#d97706")) if notices else "")
        self.query_one("#menu-notice").display = bool(notices)
        items: list[Option] = []
        unfinished = store.unfinished(course.quiz_id)
        if unfinished:
            items.append(Option(Text(f"Resume: {unfinished.label} — {len(unfinished.answers)} "
                                     f"of {len(unfinished.question_ids)} answered",
                                     Style(bold=True)), id="resume"))
        items.append(Option(Text.assemble(("Whole chapter", Style(bold=True)),
                                           f"  {count} questions across all "
                                           f"{course.chapter.total} steps"), id="chapter"))
        items.append(self.due_option())
        for number, step in enumerate(course.chapter.steps, 1):
            n = len(course.bank.for_step(step.id))
            if n:
                items.append(Option(qr.r.s(f"Step {number} — {step.title}  ({n})"),
                                    id=f"step:{number}"))
        for topic in course.bank.topics:
            n = len(course.bank.for_topic(topic.id))
            if n:
                items.append(Option(qr.r.s(f"Topic: {topic.title}  ({n})"),
                                    id=f"topic:{topic.id}"))
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
        self.query_one("#menu-hint", Static).update(qr.r.s("↑↓ choose · Enter start"))
        self.query_one(KeyBar).keys = (("Enter", "Start"), ("s", "Scores"), ("d", "Deck"),
                                       ("?", "Help"), ("q", "Quit"))

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
        return Option(app.quiz_renderer.r.s(f"Due for review  (0): {why}"), id="due",
                      disabled=True)

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
            attempt = store.unfinished(course.quiz_id)
            if attempt:
                self.post_message(ResumeQuiz(attempt))
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
        qr = self.app.quiz_renderer
        text = Text("An unfinished quiz is waiting\n\n", Style(bold=True))
        text.append(self.description + "\n\n")
        text.append("Every answer you gave is saved. Resume asks the rest in the same order.\n\n",
                    qr.r.muted)
        text.append_text(qr.keys([("r", "Resume"), ("x", "Discard"), ("Esc", "Later")]))
        with Vertical(classes="quiz-dialog"):
            yield Static(text)


class QuestionScreen(DeckAppScreen[None]):
    """One attempt, question by question: answer, say how sure, read the feedback."""

    CSS_PATH = "quiz.tcss"

    BINDINGS = [
        Binding("up,k", "cursor(-1)", "Move up", show=False),
        Binding("down,j", "cursor(1)", "Move down", show=False),
        *[Binding(LETTERS[i], f"pick({i})", "Choose an option by its letter", show=False)
          for i in range(6)],
        *[Binding(str(i + 1), f"number({i})", "Choose by number; after answering, how sure "
                                               "you are (1-3)", show=False) for i in range(6)],
        Binding("space", "space", "Tick (multiple), pick up or put down (order), next "
                                  "(feedback)", show=False),
        Binding("enter", "enter", "Answer, or the next question", show=False),
        Binding("left,h", "side(-1)", "Match: the previous answer", show=False),
        Binding("right,l", "side(1)", "Match: the next answer", show=False),
        Binding("shift+up", "move(-1)", "Order: move the item up", show=False),
        Binding("shift+down", "move(1)", "Order: move the item down", show=False),
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

    def compose(self) -> ComposeResult:
        with Vertical(classes="quiz-page"):
            yield Static(id="q-header", classes="quiz-title")
            with VerticalScroll(id="q-scroll", can_focus=False):
                yield Static(id="q-stem")
                yield Static(id="q-body")
                yield Static(id="q-after")
        yield KeyBar(id="q-keys", classes="quiz-keys")
        yield TooSmall(MIN_WIDTH, MIN_HEIGHT, "the quiz", classes="quiz-too-small")

    def on_mount(self) -> None:
        ascii_scrollbars(self)
        self.told = ""  # the save error last shown: a full disk is told once, not per answer
        self.tell_save_error()
        self.load_question()

    def tell_save_error(self) -> None:
        error = self.session.save_error
        if error and error != self.told:
            self.told = error
            self.notify(error, severity="error", timeout=10)

    # -- state ------------------------------------------------------------------------------

    def load_question(self) -> None:
        s = self.session
        q = s.question
        self.phase = ANSWERING
        self.cursor = 0
        self.picked: set[int] = set()
        self.grabbed = False
        self.arranged = list(s.order)  # order questions: the learner's current order
        self.chosen = [-1] * len(q.pairs)  # match questions: an answer index per prompt
        self.certainty_cursor = 1
        self.response = None
        self.started = self.app.quiz_options.clock()
        qr = self.app.quiz_renderer
        self.query_one("#q-header", Static).update(qr.header(s.position, s.total, q))
        self.query_one("#q-stem", Static).update(qr.prose(q.stem))
        self.query_one("#q-after", Static).styles.min_height = None
        self.query_one("#q-scroll", VerticalScroll).scroll_home(animate=False)
        self.draw()

    @property
    def rows(self) -> int:
        q = self.session.question
        return len(q.pairs) if q.kind == "match" else len(q.options)

    def draw(self) -> None:
        s, qr = self.session, self.app.quiz_renderer
        q = s.question
        locked = self.phase != ANSWERING
        if q.kind in ("single", "multiple"):
            picked = self.picked if not locked or q.kind == "multiple" else {self.response}
            body = qr.choices(q, s.order, self.cursor, picked, locked)
        elif q.kind == "order":
            body = qr.order_items(q, self.arranged, -1 if locked else self.cursor, self.grabbed)
        else:
            body = qr.match_rows(q, s.order, self.chosen, -1 if locked else self.cursor)
        instruction = {
            "single": "Choose one.",
            "multiple": f"Choose {len(q.correct)}. Space or a letter ticks; Enter answers.",
            "order": "Put them in order: Space picks an item up, ↑↓ move it, Space puts it "
                     "down (or Shift+↑↓). Enter answers.",
            "match": "For each line, press the letter of its answer (←→ also change it). "
                     "Enter answers.",
        }[q.kind]
        self.query_one("#q-body", Static).update(Group(
            Text(qr.r.s(instruction), qr.r.muted + Style(italic=True)), Text(""), body))
        after = self.query_one("#q-after", Static)
        if self.phase == CERTAINTY:
            after.update(Group(Text(""), qr.certainty_prompt(self.certainty_cursor)))
        elif self.phase == FEEDBACK:
            response, marked = s.results[s.position]
            after.update(Group(Text(""), qr.feedback(q, s.order, response, marked)))
        else:
            after.update("")
        self.query_one(KeyBar).keys = tuple(self.key_hints())

    def key_hints(self) -> list[tuple[str, str]]:
        kind = self.session.question.kind
        if self.phase == CERTAINTY:
            return [("1 2 3", "How sure"), ("Esc", "Change answer"), ("?", "Help")]
        if self.phase == FEEDBACK:
            last = self.session.position + 1 >= self.session.total
            return [("Enter", "Results" if last else "Next question"), ("v", "Review the step"),
                    ("↑↓", "Scroll"), ("q", "Leave")]
        pick = {"single": ("A-" + LETTERS[self.rows - 1].upper(), "Choose"),
                "multiple": ("Space", "Tick"), "order": ("Space", "Pick up / put down"),
                "match": ("A-" + LETTERS[len(self.session.question.answers) - 1].upper(),
                          "Choose")}[kind]
        return [("↑↓", "Move"), pick, ("Enter", "Answer"), ("?", "Help"), ("q", "Leave")]

    # -- keys -------------------------------------------------------------------------------

    def action_cursor(self, delta: int) -> None:
        if self.phase == FEEDBACK:
            self.query_one("#q-scroll", VerticalScroll).scroll_relative(y=delta, animate=False)
            return
        if self.phase == CERTAINTY:
            self.certainty_cursor = (self.certainty_cursor + delta) % len(CERTAINTY_MARKS)
            self.draw()
            return
        if self.grabbed:
            self.action_move(delta)
            return
        self.cursor = (self.cursor + delta) % self.rows
        self.draw()

    def action_move(self, delta: int) -> None:
        """Order questions: move the item under the cursor up or down."""
        if self.phase != ANSWERING or self.session.question.kind != "order":
            return
        target = self.cursor + delta
        if 0 <= target < self.rows:
            items = self.arranged
            items[self.cursor], items[target] = items[target], items[self.cursor]
            self.cursor = target
        self.draw()

    def action_pick(self, row: int) -> None:
        if self.phase != ANSWERING:
            return
        q = self.session.question
        if q.kind == "match":
            if row >= len(q.answers):
                self.app.bell()
                return
            self.chosen[self.cursor] = self.session.order[row]
            self.cursor = min(self.cursor + 1, self.rows - 1)
            self.draw()
            return
        if row >= self.rows:
            self.app.bell()
            return
        if q.kind == "single":
            self.cursor = row
            self.submit(self.session.order[row])
        elif q.kind == "multiple":
            self.cursor = row
            self.picked ^= {self.session.order[row]}
            self.draw()
        else:  # order: a letter puts the cursor on that row
            self.cursor = row
            self.draw()

    def action_number(self, index: int) -> None:
        if self.phase == CERTAINTY:
            if index < len(CERTAINTY_MARKS):
                self.give_certainty(index + 1)
            return
        self.action_pick(index)

    def action_space(self) -> None:
        q = self.session.question
        if self.phase == FEEDBACK:
            scroll = self.query_one("#q-scroll", VerticalScroll)
            if scroll.scroll_y < scroll.max_scroll_y:
                scroll.scroll_page_down(animate=False)
            else:
                self.next_question()
        elif self.phase == CERTAINTY:
            self.give_certainty(self.certainty_cursor + 1)
        elif q.kind == "multiple":
            self.action_pick(self.cursor)
        elif q.kind == "order":
            self.grabbed = not self.grabbed
            self.draw()
        elif q.kind == "match":
            self.action_side(1)
        else:
            self.action_pick(self.cursor)

    def action_side(self, delta: int) -> None:
        q = self.session.question
        if self.phase != ANSWERING or q.kind != "match":
            return
        order = self.session.order
        current = self.chosen[self.cursor]
        row = order.index(current) if current >= 0 else (-1 if delta > 0 else 0)
        self.chosen[self.cursor] = order[(row + delta) % len(order)]
        self.draw()

    def action_enter(self) -> None:
        if self.phase == FEEDBACK:
            self.next_question()
            return
        if self.phase == CERTAINTY:
            self.give_certainty(self.certainty_cursor + 1)
            return
        q = self.session.question
        if q.kind == "single":
            self.submit(self.session.order[self.cursor])
        elif q.kind == "multiple":
            if not self.picked:
                self.notify("Tick at least one option first (Space or its letter).",
                            severity="warning", timeout=3)
                return
            self.submit(sorted(self.picked))
        elif q.kind == "order":
            self.grabbed = False
            self.submit(list(self.arranged))
        else:
            if -1 in self.chosen:
                self.cursor = self.chosen.index(-1)
                self.draw()
                self.notify("Give every line an answer first.", severity="warning", timeout=3)
                return
            self.submit(list(self.chosen))

    def submit(self, response: Response) -> None:
        self.response = response
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

    def next_question(self) -> None:
        self.session.advance()
        if self.session.done:
            self.post_message(ShowResults(self.session))
        else:
            self.load_question()

    def action_back(self) -> None:
        if self.phase == CERTAINTY:
            self.phase = ANSWERING
            self.draw()
        elif self.phase == ANSWERING and self.grabbed:
            self.grabbed = False
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
                self.post_message(ShowResults(s))
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
        if self.phase != FEEDBACK:
            return
        number = self.app.course.step_number(self.session.question.steps[0])
        if number:
            self.post_message(ReviewStep(number))

    def action_help(self) -> None:
        self.post_message(ShowHelp(self))
