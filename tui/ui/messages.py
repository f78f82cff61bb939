"""What the screens and the presenter link ask of the app: messages up, methods down.

A screen posts one of these (it bubbles from the screen to the app); the app, which owns the
screen stack, the quiz's state and the deck, handles it in `on_…` and calls down into the
screens. No screen pushes another screen or calls the app's routing: opening a screen is
posting a message (frogmouth's viewer posts, its main screen handles).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

from textual import on
from textual.app import App
from textual.message import Message

if TYPE_CHECKING:
    from textual.screen import Screen

    from ..quiz.sampling import Selection
    from ..quiz.session import QuizSession


class Open(Message):
    """Open `screen` over the current one; `then` gets what it is dismissed with."""

    def __init__(self, screen: Screen, then: Callable[[Any], None] | None = None) -> None:
        super().__init__()
        self.screen, self.then = screen, then


class ShowHelp(Message):
    """The keys of `screen`, from its live bindings."""

    def __init__(self, screen: Screen) -> None:
        super().__init__()
        self.screen = screen


class ShowQuiz(Message):
    """Past the deck's last step: the quiz, or the end dialog for a chapter without one."""


class ShowDeck(Message):
    """Back to the deck; `close_page` (the page that asks: the results) is closed first, if
    it is still the page on top (a second key can post this again before it is handled)."""

    def __init__(self, close_page: Screen | None = None) -> None:
        super().__init__()
        self.close_page = close_page


class ShowScores(Message):
    """The learner's history and mastery."""


class ShowReview(Message):
    """The error review."""


class ShowResults(Message):
    """The results of `session`, in place of the question screen `page`, if it is still
    the page on top (a second key can post this again before it is handled)."""

    def __init__(self, session: QuizSession, page: Screen) -> None:
        super().__init__()
        self.session, self.page = session, page


class ReviewStep(Message):
    """Open step `number` in the deck over the quiz."""

    def __init__(self, number: int) -> None:
        super().__init__()
        self.number = number


class ChooseStepToReview(Message):
    """The contents, to choose a step to review; `current` is highlighted."""

    def __init__(self, current: int) -> None:
        super().__init__()
        self.current = current


class BeginQuiz(Message):
    """Start a new attempt at `selection`; `replace` takes the place of the page that asks."""

    def __init__(self, selection: Selection, replace: bool = False) -> None:
        super().__init__()
        self.selection, self.replace = selection, replace


class ResumeQuiz(Message):
    """Go on with an unfinished attempt."""

    def __init__(self, attempt) -> None:
        super().__init__()
        self.attempt = attempt


class OfferResume(Message):
    """The quiz menu is up: offer once to resume a cut-off attempt; `then` (a quiz the
    command line chose) starts unless the learner resumes."""

    def __init__(self, menu: Screen, then: Callable[[], None] | None = None) -> None:
        super().__init__()
        self.menu, self.then = menu, then


class ClassMessage(Message):
    """A message from the class server over the presenter link (`data`, as sent); a
    learner's deck (tui/ui/learner.py) handles it, a presenter's has none."""

    def __init__(self, data: dict) -> None:
        super().__init__()
        self.data = data


class LinkCommand(Message):
    """A notes view's key, come over the presenter link: forward, next, previous, or go to
    `step`."""

    def __init__(self, action: str, step: int = 0) -> None:
        super().__init__()
        self.action, self.step = action, step


class OpensScreens(App[None]):
    """An app that opens the screens its screens ask for: the deck's and the class console's
    share these two; the deck's app handles the rest of the messages above itself."""

    @on(Open)
    def _open(self, message: Open) -> None:
        self.push_screen(message.screen, message.then)

    @on(ShowHelp)
    def _show_help(self, message: ShowHelp) -> None:
        from .screens.dialogs import HelpScreen

        self.push_screen(HelpScreen(message.screen))
