"""A learner's deck under `chapterdeck serve`: the usual deck and quiz, which follows the
presenter when the class does and tells the class server where the learner is.

The server talks to it over the deck's own presenter link (tui/link/), in a runtime folder
of the learner's own: `{"type": "presenter", "step": N}` comes in, `{"type": "place", ...}`
goes out. Following, the deck moves with the presenter until the learner moves away from the
presenter's step; then a hint says where the presenter is and f catches up.
"""

from __future__ import annotations

from textual import events, on
from textual.binding import Binding
from textual.widgets import Static

from .app import DeckApp
from .messages import ClassMessage
from .screens.deck import DeckScreen


class FollowHint(Static):
    """One line over the key hints: where the presenter is, while the learner is elsewhere."""

    said = ""

    def say(self, text: str) -> None:
        if text != self.said:  # an update relays the screen out: only when it changes
            self.said = text
            self.update(text)
            self.set_class(bool(text), "-shown")


class LearnerApp(DeckApp):
    CSS_PATH = [*DeckApp.CSS_PATH, "learner.tcss"]
    BINDINGS = [*DeckApp.BINDINGS,
                Binding("f", "catch_up", "Follow the presenter again", show=False)]

    def __init__(self, *args, follow: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.follow = follow
        self.following = True       # moves with the presenter until the learner moves away
        self.presenter_step: int | None = None
        self.presenter_gone = False
        self._moving = False        # the deck is moving because the presenter did
        self._place = ""

    def on_mount(self) -> None:
        super().on_mount()
        self.call_after_refresh(self._watch_deck)
        self.screen_change_signal.subscribe(self, lambda _screen: self.report_place())

    def _watch_deck(self) -> None:
        deck = self.presenter.deck
        if deck is not None:
            # Below the chapter nav, above the key hints: shown, it takes a line from the card.
            deck.query_one("#deck").mount(FollowHint(id="follow-hint"))
            if self.follow:  # the key is the app's, so ? lists it among the deck's notes
                deck.HELP_NOTES = [*deck.HELP_NOTES, ("f", "Catch up with the presenter")]
            self.watch(deck, "step", self._learner_moved, init=False)

    # -- following ----------------------------------------------------------------------

    @on(ClassMessage)
    def _class_message(self, message: ClassMessage) -> None:
        self.link_message(message.data)

    def link_message(self, message: dict) -> None:
        """A message from the class server (come over the deck's link)."""
        if message.get("type") != "presenter" or not self.follow:
            return
        step = message.get("step")
        deck = self.presenter.deck
        if deck is None:
            return
        if step is None:
            self.presenter_gone = self.presenter_step is not None
            self.presenter_step = None
        elif isinstance(step, int) and not isinstance(step, bool):
            # Past the last step the presenter opens the quiz; the class stays on the deck.
            self.presenter_step = max(0, min(step, deck.chapter.total))
            self.presenter_gone = False
            if self.following and deck.step != self.presenter_step:
                self._go_with_presenter(deck)
        self._show_hint()

    def _go_with_presenter(self, deck: DeckScreen) -> None:
        self._moving = True  # not the learner's own move: they keep following
        try:
            deck.go(self.presenter_step)
        finally:
            self._moving = False

    def _learner_moved(self, step: int) -> None:
        if not self._moving and self.presenter_step is not None:
            self.following = step == self.presenter_step
        self._show_hint()
        self.report_place()

    def action_catch_up(self) -> None:
        deck = self.presenter.deck
        if deck is None or self.presenter_step is None:
            self.bell()
            return
        self.following = True
        if self.screen is not deck:
            self.show_deck()
        self._go_with_presenter(deck)
        self._show_hint()

    def hint(self) -> str:
        deck = self.presenter.deck
        if not self.follow or deck is None:
            return ""
        if self.presenter_gone:
            return " The presenter's deck has closed: you stay where you are."
        if self.presenter_step is None or deck.step == self.presenter_step:
            return ""
        where = f"step {self.presenter_step}" if self.presenter_step else "the cover"
        return f" Presenter on {where} — f to catch up"

    def _show_hint(self) -> None:
        deck = self.presenter.deck
        if deck is None:
            return
        for widget in deck.query(FollowHint):
            widget.say(self.renderer.drawable(self.hint()))

    # -- where the learner is, for the class server ---------------------------------------

    async def on_event(self, event: events.Event) -> None:
        await super().on_event(event)
        if isinstance(event, events.Key):  # a key may open or leave a quiz page
            self.call_after_refresh(self.report_place)

    def place(self) -> str:
        from .screens.quiz import QuestionScreen, QuizMenuScreen
        from .screens.results import ResultsScreen

        for screen in reversed(self.screen_stack):
            if isinstance(screen, QuestionScreen):
                session = screen.session
                return f"quiz {min(session.position + 1, session.total)} / {session.total}"
            if isinstance(screen, ResultsScreen):
                return "results"
            if isinstance(screen, QuizMenuScreen):
                return "quiz menu"
            if isinstance(screen, DeckScreen):
                return f"step {screen.step} / {screen.chapter.total}" if screen.step \
                    else "cover"
        return "cover"

    def report_place(self) -> None:
        place = self.place()
        link = self.presenter.link
        if place != self._place and link is not None and link.followers:
            self._place = place
            link.send({"type": "place", "place": place})
