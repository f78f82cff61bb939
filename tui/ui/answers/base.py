"""What every question type's answer widget shares: the cursor, the keys that pick by letter
or number, locking once answered, and the `Answered` message it posts to its screen."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Static

from ...content.quiz import Question
from ...quiz.scoring import Response
from ..quizrender import LETTERS, Drawn, QuizRenderer


WARNING_SECONDS = 3


class Answer(Static):
    """One question's answer as the learner builds it, drawn under the stem. It takes the
    keys while the learner answers; once answered it is locked, draws the given answer, and
    its keys fall through to the screen (certainty, feedback)."""

    can_focus = True

    BINDINGS = [
        Binding("up,k", "cursor(-1)", "Move up", show=False),
        Binding("down,j", "cursor(1)", "Move down", show=False),
        *[Binding(LETTERS[i], f"pick({i})", "Choose an option by its letter", show=False)
          for i in range(6)],
        *[Binding(str(i + 1), f"number({i})", "Choose by number", show=False)
          for i in range(6)],
        Binding("enter", "answer", "Answer", show=False),
    ]

    class Answered(Message):
        """The learner has answered: `response` is plain data (see quiz.scoring)."""

        def __init__(self, answer: Answer, response: Response) -> None:
            super().__init__()
            self.answer = answer
            self.response = response

        @property
        def control(self) -> Answer:
            return self.answer

    def __init__(
        self, question: Question, order: tuple[int, ...], quiz_renderer: QuizRenderer, **kwargs
    ) -> None:
        super().__init__(**kwargs)
        self.quiz_renderer = quiz_renderer
        self.warned: tuple[str, float] = ("", 0.0)  # the warning showing, and until when
        self.ask(question, order)

    def ask(self, question: Question, order: tuple[int, ...]) -> None:
        """Take `question` (of this widget's type), its response not begun: the screen asks
        the next question of the same type in the widget it has, rather than mount another.
        The screen draws it."""
        self.question = question
        self.order = order  # the choices as shown, in file-order indices
        self.cursor = 0
        self.locked = False
        self.given: Response | None = None  # the response posted, until unlocked
        self.begin()

    def begin(self) -> None:
        """The response this type builds, not begun (what is ticked, paired, arranged)."""

    # -- what each type says --------------------------------------------------------------

    @property
    def rows(self) -> int:
        return len(self.order)

    def instruction(self) -> str:
        raise NotImplementedError

    def pick_hint(self) -> tuple[str, str]:
        """The key hint for choosing, beside Move and Answer."""
        raise NotImplementedError

    def body(self) -> RenderableType:
        """The choices as they stand (locked: the answer given, no cursor)."""
        raise NotImplementedError

    def feedback(self, response: Response) -> list[RenderableType]:
        """Under the verdict: each choice and why, marked against `response`."""
        raise NotImplementedError

    def letters(self, count: int) -> str:
        return "A-" + LETTERS[count - 1].upper()

    # -- methods down (from the screen) ---------------------------------------------------

    def key_hints(self) -> list[tuple[str, str]]:
        return [("↑↓", "Move"), self.pick_hint(), ("Enter", "Answer")]

    def draw(self) -> None:
        renderer = self.quiz_renderer.renderer
        self.update(
            Drawn(Group(
                Text(renderer.drawable(self.instruction()), renderer.muted + Style(italic=True)),
                Text(""),
                self.body(),
            ))
        )

    def unlock(self) -> None:
        """Back from certainty to change the answer."""
        self.locked = False
        self.given = None
        self.draw()

    # -- answering ------------------------------------------------------------------------

    def give(self, response: Response) -> None:
        """Lock with `response` and post it. The screen takes it and draws the widget
        (locked) with the phase after it, in one frame."""
        self.locked = True
        self.given = response
        self.post_message(self.Answered(self, response))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Answered: the keys belong to the screen's phases (certainty, feedback).
        return not self.locked

    def action_cursor(self, delta: int) -> None:
        self.cursor = (self.cursor + delta) % self.rows
        self.draw()

    def action_number(self, index: int) -> None:
        self.action_pick(index)

    def action_pick(self, row: int) -> None:
        raise NotImplementedError

    def action_answer(self) -> None:
        raise NotImplementedError

    def warn(self, message: str) -> None:
        """Say why the answer cannot be given yet: one toast, not one more for every Enter
        pressed while it shows (the quiz's clock, which the tests fix)."""
        now = self.app.quiz_options.clock()
        if self.warned[0] == message and now < self.warned[1]:
            return
        self.warned = (message, now + WARNING_SECONDS)
        self.notify(message, severity="warning", timeout=WARNING_SECONDS)

    def fits(self, row: int, count: int) -> bool:
        """Whether a letter or number names one of `count` rows; a bell if not."""
        if row >= count:
            self.app.bell()
            return False
        return True
