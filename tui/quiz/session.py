"""One attempt being taken: what to ask, what has been answered, and keeping every answer.

The screens call this and nothing else to run a quiz; it asks the engine to choose, arrange
and mark, and the store to keep each answer the moment it is given.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from ..content.model import Chapter
from ..content.quiz import Question, QuestionBank
from ..errors import ChapterdeckError
from ..store.scores import Attempt, ScoreStore, StoredAnswer, StoreError
from . import review
from .sampling import (DEFAULT_COUNT, REVIEW_COUNT, Selection, arrange, new_seed,
                       sample_chapter, shuffled)
from .scoring import Marked, Response, is_right, mark_answer

if TYPE_CHECKING:  # results load with the first page that shows them, not at the quiz's start
    from .results import Mastery, Miss


class NothingToTake(ChapterdeckError):
    """The chosen quiz has no questions (no misses yet, say); the message says why."""


@dataclass(frozen=True)
class Unfinished:
    """An attempt that was cut off, as it can be resumed: `asked` of its questions are still
    in the bank, `answered` of those have an answer, and `gone` were removed from the bank
    since it began (they are skipped)."""

    attempt: Attempt
    asked: int
    answered: int

    @property
    def gone(self) -> int:
        return len(self.attempt.question_ids) - self.asked


@dataclass(frozen=True)
class Course:
    """A chapter and its question bank, side by side."""

    chapter: Chapter
    bank: QuestionBank

    @property
    def quiz_id(self) -> str:
        return self.bank.chapter

    @property
    def step_ids(self) -> list[str]:
        return [s.id for s in self.chapter.steps]

    def step_number(self, step_id: str) -> int:
        return self.step_ids.index(step_id) + 1 if step_id in self.step_ids else 0

    def step_label(self, step_id: str) -> str:
        number = self.step_number(step_id)
        if not number:
            return step_id
        return f"Step {number} — {self.chapter.step(number).title}"

    def unfinished(self, store: ScoreStore) -> Unfinished | None:
        """The latest attempt that was cut off and is not open elsewhere, or None. When the
        bank was revised since it began, `asked` counts only the questions still in it (none
        left: it cannot be resumed)."""
        attempt = store.unfinished(self.quiz_id)
        if attempt is None:
            return None
        kept = {i for i in attempt.question_ids if self.bank.question(i) is not None}
        asked = sum(1 for i in attempt.question_ids if i in kept)
        answered = sum(1 for a in attempt.answers if a.question_id in kept)
        return Unfinished(attempt, asked, answered)

    def marked(self, store: ScoreStore) -> list[Marked]:
        """Every answer this learner has given to this course's bank, oldest first."""
        return [Marked.kept(a) for a in store.answers(self.quiz_id)]

    def mastery(self, store: ScoreStore) -> list[Mastery]:
        """Per step, in chapter order, how well its questions were last answered."""
        from .results import mastery

        return mastery(self.bank, self.step_ids, self.marked(store))

    def misses(self, store: ScoreStore) -> list[Miss]:
        """The error review's questions: those got wrong most often, worst first."""
        from .results import error_review

        return error_review(self.marked(store), self.bank, REVIEW_COUNT)

    def last_misses(self, store: ScoreStore) -> list[str] | None:
        """The questions (still in the bank) the latest finished attempt got wrong; None
        when no attempt has finished."""
        finished = store.attempts(self.quiz_id)
        if not finished:
            return None
        return [a.question_id for a in finished[-1].answers
                if not is_right(a.credit) and self.bank.question(a.question_id)]

    def due_times(self, store: ScoreStore) -> dict[str, datetime]:
        """When each question the learner has met (and the bank still has) is next due."""
        try:
            cards = store.schedule(self.quiz_id, review.replayed)
        except StoreError:  # the cards cannot be built now (locked, read-only): next time
            cards = {}
        return review.due_times(cards, self.bank)

    def due(self, store: ScoreStore) -> list[str]:
        """The questions due for review now, most overdue first."""
        return review.due_now(self.due_times(store), review.clock())

    def due_counts(self, store: ScoreStore) -> tuple[list[review.DueCount], tuple[int, int]]:
        """Per step, and in all, how many questions are due today and in the next 7 days."""
        times, at = self.due_times(store), review.clock()
        return review.due_counts(times, self.bank, self.step_ids, at), review.totals(times, at)

    # -- choosing what to take ------------------------------------------------------------

    def whole_chapter(self, count: int = DEFAULT_COUNT, seed: int = 0) -> Selection:
        ids = sample_chapter(self.bank, self.step_ids, count, seed or new_seed())
        return Selection("chapter", "Whole chapter", tuple(ids))

    def one_step(self, number: int, seed: int = 0) -> Selection:
        step = self.chapter.step(number)
        ids = [q.id for q in self.bank.for_step(step.id)]
        if not ids:
            raise NothingToTake(f"Step {number} has no questions in this bank.")
        return Selection("step", f"Step {number} — {step.title}",
                         tuple(shuffled(ids, seed or new_seed())))

    def topic(self, topic_id: str, seed: int = 0) -> Selection:
        topic = next((t for t in self.bank.topics if t.id == topic_id), None)
        if topic is None:
            known = ", ".join(t.id for t in self.bank.topics) or "none"
            raise NothingToTake(f"There is no topic '{topic_id}'; the topics are: {known}.")
        ids = [q.id for q in self.bank.for_topic(topic_id)]
        return Selection("topic", topic.title, tuple(shuffled(ids, seed or new_seed())))

    def missed(self, store: ScoreStore, seed: int = 0) -> Selection:
        """What the latest finished attempt got wrong."""
        ids = self.last_misses(store)
        if ids is None:
            raise NothingToTake("There is no finished quiz yet to retake the misses of.")
        if not ids:
            raise NothingToTake("Your last quiz had no misses: nothing to retake.")
        return Selection("missed", f"Retake {len(ids)} missed", tuple(shuffled(ids, seed or
                                                                           new_seed())))

    def due_review(self, store: ScoreStore) -> Selection:
        """The questions due for review, most overdue first (not shuffled)."""
        ids = self.due(store)
        if not ids:
            raise NothingToTake("Nothing is due for review now: questions you answer come "
                                "back here when their review falls due.")
        return Selection("due", f"Due for review ({len(ids)})", tuple(ids))

    def review(self, store: ScoreStore, seed: int = 0) -> Selection:
        """The error review: the questions got wrong most often."""
        misses = self.misses(store)
        if not misses:
            raise NothingToTake("Nothing to review yet: no question has been answered wrong.")
        ids = [m.question_id for m in misses]
        return Selection("review", f"Error review ({len(ids)})",
                         tuple(shuffled(ids, seed or new_seed())))


class QuizSession:
    """An attempt in progress. `position` is the question being asked (0-based)."""

    def __init__(self, course: Course, store: ScoreStore, attempt: Attempt) -> None:
        self.course = course
        self.store = store
        self.attempt = attempt
        found = [(place, course.bank.question(i)) for place, i in enumerate(attempt.question_ids)]
        # A question removed from the bank since the attempt began is skipped; the others
        # keep their places in the attempt (`places`), which is where their answers are kept.
        kept = [(place, q) for place, q in found if q is not None]
        self.places: list[int] = [place for place, _ in kept]
        self.questions: list[Question] = [q for _, q in kept]
        self.orders = arrange(self.questions, attempt.seed)
        by_place = {a.position: a for a in attempt.answers}
        self.results: dict[int, tuple[Response, Marked]] = {}
        for position, (place, q) in enumerate(kept):
            a = by_place.get(place)
            if a is not None and a.question_id == q.id:
                self.results[position] = (a.response, Marked.kept(a))
        self.position = next((i for i in range(len(self.questions))
                              if i not in self.results), len(self.questions))
        self.unsaved: list[StoredAnswer] = []  # answers the store failed to keep
        self.save_error = ""

    @classmethod
    def begin(cls, course: Course, store: ScoreStore, selection: Selection, certainty: bool,
              seed: int = 0) -> "QuizSession":
        if not selection.question_ids:
            raise NothingToTake("That choice has no questions.")
        attempt = store.start(course.quiz_id, selection.kind, selection.label,
                              seed or new_seed(), list(selection.question_ids), certainty)
        return cls(course, store, attempt)

    @classmethod
    def resume(cls, course: Course, store: ScoreStore, attempt: Attempt) -> "QuizSession":
        session = cls(course, store, attempt)
        if not session.questions:
            raise NothingToTake("That unfinished quiz cannot be resumed: none of its questions "
                                "is in the question bank any more.")
        store.adopt(attempt)
        if session.done:  # cut off after the last answer, before the results
            session._finish()
        return session

    @property
    def kept(self) -> bool:
        """Whether every answer given is in the score file (not only in memory)."""
        return self.store.saving and not self.unsaved

    @property
    def certainty(self) -> bool:
        return self.attempt.certainty

    @property
    def total(self) -> int:
        return len(self.questions)

    @property
    def done(self) -> bool:
        return self.position >= self.total

    @property
    def question(self) -> Question:
        return self.questions[self.position]

    @property
    def order(self) -> tuple[int, ...]:
        return self.orders[self.position]

    def answer(self, response: Response, certainty: int | None, seconds: float) -> Marked:
        """Mark the current question's answer and keep it before returning."""
        q = self.question
        marked = mark_answer(q, response, certainty if self.certainty else None)
        stored = StoredAnswer(self.places[self.position], q.id, response, marked.certainty,
                              marked.credit, marked.mark, review.stamp(review.clock()),
                              round(seconds, 1))
        self.results[self.position] = (response, marked)
        try:
            self.store.record(self.attempt, stored,
                              lambda previous, history: review.next_card(previous, stored,
                                                                         history))
        except StoreError as exc:
            self.unsaved.append(stored)
            self.save_error = (f"Your answers could not be saved ({exc}); they are printed "
                               f"as JSON when you quit.")
        return marked

    def advance(self) -> None:
        self.position = min(self.position + 1, self.total)
        if self.done:
            self._finish()

    def _finish(self) -> None:
        try:
            self.store.finish(self.attempt)
        except StoreError as exc:
            self.save_error = f"The finished quiz could not be saved ({exc})."

    @property
    def marked(self) -> list[Marked]:
        return [self.results[p][1] for p in sorted(self.results)]

    def misses(self) -> list[tuple[Question, Response, Marked]]:
        return [(self.questions[p], r, m) for p, (r, m) in sorted(self.results.items())
                if not m.right]
