"""The deck: one chapter, played step by step."""

from __future__ import annotations

from rich.console import RenderableType
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.timer import Timer

from ...content.model import Chapter
from ..messages import Open, ShowHelp, ShowQuiz
from ..render import Renderer
from ..widgets.card import CardView
from ..widgets.chrome import (ChapterNav, DeckPart, KeyHints, Narration, Pipeline, StepBar,
                              TitleBar, TooSmall)
from ..widgets.clock import ElapsedClock
from .base import MIN_HEIGHT, MIN_WIDTH, DeckAppScreen, ascii_scrollbars
from .once import DismissOnce


class DeckScreen(DeckAppScreen[None]):
    """Title bar, pipeline, narration, step bar, the card, chapter nav and key hints."""

    BINDINGS = [
        # Short words for the key hints; the help says them in full (tooltip).
        Binding("space", "forward", "Next", key_display="Space",
                tooltip="Next: page down the card, then the next step"),
        Binding("right,l", "next", "Next step, skipping the rest of the card", show=False),
        Binding("enter", "enter", "Next step, or go to the step number typed", show=False),
        Binding("pagedown", "forward", "Next", show=False,
                tooltip="Next: page down the card, then the next step"),
        Binding("left,backspace,h", "previous", "Back", tooltip="Previous step"),
        Binding("pageup", "backward", "Page up the card, then previous step", show=False),
        Binding("home,g", "first", "First step, last step", show=False),
        Binding("end,G", "last", "First step, last step", show=False),
        Binding("down,j", "scroll(1)", "Scroll the card a line down, up", show=False),
        Binding("up,k", "scroll(-1)", "Scroll the card a line down, up", show=False),
        *[Binding(str(d), f"digit({d})", "Type a step number, then Enter to go there",
                  show=False) for d in range(10)],
        Binding("escape", "cancel_jump", "Forget a step number being typed", show=False),
        Binding("n", "narration", "Narration in full, or clamped to a few lines", show=False),
        Binding("p", "autoplay", "Autoplay", tooltip="Autoplay on or off"),
        Binding("t", "contents", "Contents", tooltip="Contents: jump to any step"),
        Binding("o", "overview", "Overview: every step as a small card, to jump from",
                show=False),
        Binding("T", "clock", "Show or hide the talk's elapsed time", show=False),
        Binding("b", "blackout", "Black out the screen (any key brings it back)", show=False),
        Binding("c", "theme", "Color theme: dark, light, the terminal's own", show=False),
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("q", "app.quit", "Quit"),
    ]

    PAGE_OVERLAP, ROOMY_PAGE = 2, 16  # a page keeps 2 lines of the one before, 1 if shorter
    HELP_NOTES = [("click", "A pipeline stage jumps to its step")]  # keys aside, for ?

    step: reactive[int] = reactive(0, init=False, repaint=False)  # the parts repaint

    def __init__(self, chapter: Chapter, renderer: Renderer, start_step: int = 0,
                 autoplay_seconds: float = 6.0) -> None:
        super().__init__()
        self.chapter = chapter
        self.renderer = renderer
        self.autoplay_seconds = autoplay_seconds
        self._start_step = start_step
        self._autoplay: Timer | None = None
        self._jump = ""
        self._said: Timer | None = None

    # -- layout ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        chapter, renderer = self.chapter, self.renderer
        with Vertical(id="deck"):
            yield TitleBar(chapter, renderer, id="title")
            if chapter.pipeline:
                yield Pipeline(chapter, renderer, id="pipeline")
            yield Narration(chapter, renderer, id="narration")
            yield StepBar(chapter, renderer, id="stepbar")
            yield CardView(id="card-scroll")
            yield ChapterNav(chapter, renderer, id="chapter-nav")
        with Horizontal(id="footer"):
            yield KeyHints(id="key-hints")
            if self.app.presenter.clock_shown:  # else mounted when first shown (show_clock)
                yield ElapsedClock(id="clock")

    def too_small_notice(self) -> TooSmall:
        return TooSmall(MIN_WIDTH, MIN_HEIGHT, id="too-small")

    def show_clock(self, shown: bool) -> None:
        """Show or hide the talk's elapsed time in the footer."""
        clocks = self.query(ElapsedClock)
        if clocks:
            clocks.first().show(shown)
        elif shown:  # it shows itself once mounted
            self.query_one("#footer").mount(ElapsedClock(id="clock"))

    def on_mount(self) -> None:
        # The size classes are in place before the first frame, so that it is already laid
        # out for this terminal (Textual would otherwise set them on its first resize, after
        # a frame). They were set when the screen was made (DeckAppScreen), before its
        # widgets were styled; this changes them only if the terminal's size changed since.
        self.update_classes(self.size_classes(), animate=False)
        # The title bar never changes with the step, so it is not among the parts.
        self._parts = [part for part in self.query(DeckPart) if not isinstance(part, TitleBar)]
        self._scroll = scroll = self.query_one(CardView)
        ascii_scrollbars(self)
        # A new card's height is known only after layout: _show and on_resize check then.
        self.watch(scroll, "scroll_y", self._update_more, init=False)
        self.set_reactive(DeckScreen.step, self._start_step)
        self._show(self.step)

    def on_resize(self) -> None:
        self.call_after_refresh(self._update_more)

    # -- showing a step -------------------------------------------------------------------

    def watch_step(self, number: int) -> None:
        self._show(number)

    def _show(self, number: int) -> None:
        self._say("")
        for part in self._parts:
            part.step = number
        card = self._scroll
        card.show(number, lambda: self._card(number))
        card.scroll_home(animate=False, immediate=True)
        if not any(part.rows_to_add() for part in self._parts):
            self._update_more()  # the card's height is known: in the step's own frame
        else:
            self.call_after_refresh(self._update_more)  # after the layout that sets it
        if not self._next_prepared():
            self.set_timer(0.2, self._prepare_next)

    def _card(self, number: int) -> RenderableType:
        if number == 0:
            return self.renderer.cover(self.chapter)
        return self.renderer.card(self.chapter.step(number))

    def _next_prepared(self) -> bool:
        """Are the next step's card and chrome in memory already (or is there none)?"""
        number = self.step + 1
        return number > self.chapter.total or (
            self._scroll.prepared(number)
            and all(part.prepared(number) for part in self._parts))

    def _prepare_next(self) -> None:
        """While the reader reads, render the next step's card and chrome (no output: into
        memory)."""
        if self.step < self.chapter.total:
            number = self.step + 1
            self._scroll.prepare(number, lambda: self._card(number))
            for part in self._parts:
                part.prepare(number)

    def _update_more(self, *_: object) -> None:
        """The marker between the chapters and the key hints say what Space does now."""
        marker = ""
        if self._card_can_scroll(1):
            # The cover's Space begins the chapter, so the rest of the cover is under Down.
            marker = "▼ more below: " + ("Space" if self.step else
                                         ("Down" if self.renderer.ascii_only else "↓"))
        elif self.step >= self.chapter.total:
            marker = {"Quiz": "▶ next: the quiz (Space)"}.get(self._last_word(), "")
        self.query_one(ChapterNav).marker = marker
        self.query_one(KeyHints).update()

    def key_description(self, binding: Binding) -> str:
        """A key hint's words: Space says where it goes from here."""
        if binding.action != "forward":
            return binding.description
        if self.step == 0:
            return "Begin"
        if self.step < self.chapter.total or self._card_can_scroll(1):
            return binding.description
        return self._last_word()

    def _last_word(self) -> str:
        """What Space does past the last page of the last step."""
        return "Quiz" if self.app.course is not None else "End"

    def go(self, number: int) -> None:
        """Show step `number` (0 is the cover), clamped to the chapter."""
        self.step = max(0, min(number, self.chapter.total))

    def jump_to(self, number: int) -> None:
        """Go to step `number` chosen by number (typed, from the contents, a stage): a jump
        stops autoplay."""
        self._stop_autoplay()
        self.go(number)

    def remote(self, action: str, step: int = 0) -> None:
        """A notes view's key (forward, next, previous, or go to `step`), as the deck's own."""
        if action == "forward":
            self.action_forward()
        elif action == "next":
            self.action_next()
        elif action == "previous":
            self.action_previous()
        elif action == "go" and 1 <= step <= self.chapter.total:
            self.action_cancel_jump()
            self.jump_to(step)

    # -- actions --------------------------------------------------------------------------

    def _card_can_scroll(self, direction: int) -> bool:
        scroll = self._scroll
        if direction > 0:
            return scroll.scroll_y < scroll.max_scroll_y
        return scroll.scroll_y > 0

    def _page(self, direction: int) -> None:
        """Scroll the card a page, keeping the last lines of the page before on screen (as
        `less` does), so that a page never starts mid-sentence with nothing before it."""
        card = self._scroll
        height = card.scrollable_content_region.height
        keep = self.PAGE_OVERLAP if height >= self.ROOMY_PAGE else 1  # few rows: keep one
        if direction < 0:
            card.scroll_relative(y=-max(height - keep, 1), animate=False)
            return
        # A kept line that is blank keeps nothing: keep the line above it too (a label).
        # The card scrolls its own lines, so the new top is a line of the card.
        top = round(card.scroll_y) + max(height - keep, 1)
        while keep < self.PAGE_OVERLAP + 1 and card.blank(top):
            top, keep = top - 1, keep + 1
        card.scroll_to(y=top, animate=False)

    def action_forward(self) -> None:
        """Space and PageDown: page through a tall card, then advance."""
        self._stop_autoplay()
        self._forward()

    def _forward(self) -> None:
        if self.step and self._card_can_scroll(1):  # the cover's Space always begins
            self._page(1)
        else:
            self._advance()

    def action_backward(self) -> None:
        self._stop_autoplay()
        if self._card_can_scroll(-1):
            self._page(-1)
        else:
            self.go(self.step - 1)

    def action_next(self) -> None:
        self._stop_autoplay()
        self._advance()

    def _advance(self) -> None:
        if self.step >= self.chapter.total:
            self.post_message(ShowQuiz())  # or, for a chapter with no quiz, the end dialog
        else:
            self.go(self.step + 1)

    def after_end(self, choice: str | None) -> None:
        if choice == "restart":
            self.go(1)
        elif choice == "quit":
            self.app.exit()

    def action_previous(self) -> None:
        self._stop_autoplay()
        self.go(self.step - 1)

    def action_first(self) -> None:
        self._stop_autoplay()
        self.go(1)

    def action_last(self) -> None:
        self._stop_autoplay()
        self.go(self.chapter.total)

    def action_scroll(self, lines: int) -> None:
        self._scroll.scroll_relative(y=lines, animate=False)

    def action_narration(self) -> None:
        narration = self.query_one(Narration)
        narration.full = not narration.full

    def action_digit(self, digit: int) -> None:
        # One digit more than the chapter's numbers have, so that a number too big is said
        # to be too big (12 on an 8-step chapter) rather than cut to its last digit.
        if len(self._jump) > len(str(self.chapter.total)):
            self._jump = ""
        self._jump += str(digit)
        self._say("")
        self.query_one(StepBar).jump = self._jump

    def action_cancel_jump(self) -> None:
        self._jump = ""
        self.query_one(StepBar).jump = ""

    def action_enter(self) -> None:
        if not self._jump:
            self.action_next()
            return
        number = int(self._jump)
        self.action_cancel_jump()
        if 1 <= number <= self.chapter.total:
            self.jump_to(number)
        else:
            self.app.bell()
            self._say(f"no step {number}: 1–{self.chapter.total}")

    def _say(self, problem: str) -> None:
        """A short word in the step bar, where the number was typed, for a few seconds."""
        if self._said is not None:
            self._said.stop()
            self._said = None
        self.query_one(StepBar).problem = self.renderer.drawable(problem)
        if problem:
            self._said = self.set_timer(5, lambda: self._say(""))

    def action_autoplay(self) -> None:
        if self._autoplay is not None:
            self._stop_autoplay()
            return
        if self.step >= self.chapter.total or self.step == 0:
            self.go(1)
        self._autoplay = self.set_interval(self.autoplay_seconds, self._autoplay_tick)
        self.query_one(StepBar).playing = True

    def _autoplay_tick(self) -> None:
        """A page of a tall card, or the next step; after the last page of the last, stop."""
        if self._card_can_scroll(1):
            self._page(1)
        elif self.step >= self.chapter.total:
            self._stop_autoplay()
        else:
            self.go(self.step + 1)

    def _stop_autoplay(self) -> None:
        if self._autoplay is not None:
            self._autoplay.stop()
            self._autoplay = None
            self.query_one(StepBar).playing = False

    def action_contents(self) -> None:
        from .dialogs import ContentsScreen

        self.post_message(
            Open(ContentsScreen(self.chapter, self.renderer, self.step), self._after_contents)
        )

    def _after_contents(self, number: int | None) -> None:
        if number:
            self.jump_to(number)

    def action_help(self) -> None:
        self.post_message(ShowHelp(self))

    @on(Pipeline.StageClicked)
    def _stage_clicked(self, event: Pipeline.StageClicked) -> None:
        number = self.chapter.step_for_stage(event.stage)
        if number:
            self.jump_to(number)

    # -- presenter tools: the work is in ../presenter.py and screens of their own ----------

    def action_overview(self) -> None:
        from .overview import OverviewScreen

        self.post_message(
            Open(OverviewScreen(self.chapter, self.renderer, self.step), self._after_contents)
        )

    def action_clock(self) -> None:
        self.app.presenter.toggle_clock()

    def action_blackout(self) -> None:
        from .blackout import BlackoutScreen

        self.post_message(Open(BlackoutScreen()))

    def action_theme(self) -> None:
        self.app.presenter.cycle_theme()

    def replace_chapter(self, chapter: Chapter) -> None:
        """Show a reloaded chapter (--watch) in place, at the same step if it still has it."""
        self.chapter = chapter
        number = min(self.step, chapter.total)
        pipeline = self.query(Pipeline)
        if chapter.pipeline and not pipeline:
            added = Pipeline(chapter, self.renderer, id="pipeline")
            self._parts.append(added)
            self.query_one("#deck").mount(added, after="#title")
        elif pipeline and not chapter.pipeline:
            self._parts = [part for part in self._parts if not isinstance(part, Pipeline)]
            pipeline.remove()
        # Not a query: a pipeline being removed must keep the old chapter it can still draw.
        for part in [self.query_one(TitleBar), *self._parts]:
            part.chapter = chapter
            part.refresh(layout=True)
        self._scroll.forget()
        if number == self.step:
            self._show(number)
        else:
            self.go(number)

class StepReviewScreen(DismissOnce, DeckScreen):
    """A step opened from the quiz to review it: the whole deck works, and q, Esc or Space
    past the last step go back to the same point in the quiz."""

    BINDINGS = [b for b in DeckScreen.BINDINGS if b.action != "app.quit"] + [
        Binding("q", "back_to_quiz", "Back to the quiz"),
    ]

    def action_back_to_quiz(self) -> None:
        self._stop_autoplay()
        self.dismiss()

    def action_cancel_jump(self) -> None:
        if self._jump:
            super().action_cancel_jump()
        else:
            self.action_back_to_quiz()

    def _last_word(self) -> str:
        return "Back to the quiz"

    def _advance(self) -> None:
        if self.step >= self.chapter.total:
            self.action_back_to_quiz()
        else:
            super()._advance()
