"""Spaced review: each question the learner has met gets a review card scheduled by FSRS
(the `fsrs` package), rated from what the learner did with it.

Ratings: wrong is Again; right at certainty 1, 2 or 3 is Hard, Good or Easy; partly right is
Hard; right without certainty marking is Good. The scheduler has no learning steps of minutes
(a quiz is not a flashcard deck run again ten minutes later), a miss comes back the next day,
and there is no random fuzz: a card is due a whole number of days (or a day and a half) after
its last answer, and the schedule follows from the answers alone: replaying a question's
history gives the same card as rating each answer as it came.

Pure: the store keeps the cards as JSON; this module says what they are.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from functools import cache
from typing import TYPE_CHECKING

from ..content.quiz import QuestionBank
from .scoring import is_right

if TYPE_CHECKING:
    from fsrs import Card, Rating, Scheduler

WEEK = 7  # days ahead that `chapterdeck scores` counts besides today


# fsrs is imported when a card is first rated or read, not with this module: importing it
# took ~8 ms of the quiz's start, before its first question, which needs no card.
@cache
def _scheduler() -> Scheduler:
    """FSRS as the quiz uses it. A miss, even of a question long known, comes back the next
    day: one relearning step of a day (FSRS alone would wait as long as its lowered
    stability says, days for a known card)."""
    from fsrs import Scheduler

    return Scheduler(learning_steps=(), relearning_steps=(timedelta(days=1),),
                     enable_fuzzing=False)


def clock() -> datetime:
    """The time now, in UTC: the one clock answers are dated and due cards are read by (tests
    set it)."""
    return datetime.now(timezone.utc)


def stamp(at: datetime) -> str:
    """A time as the store writes it: ISO 8601 in UTC, to the second."""
    return at.astimezone(timezone.utc).isoformat(timespec="seconds")


def rating(credit: float, certainty: int | None) -> Rating:
    """How an answer rates its card."""
    from fsrs import Rating

    if credit <= 0:
        return Rating.Again
    if not is_right(credit):
        return Rating.Hard
    return {1: Rating.Hard, 2: Rating.Good, 3: Rating.Easy}.get(certainty, Rating.Good)


def _parse(at: str) -> datetime:
    moment = datetime.fromisoformat(at)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


def _rate(card: Card, answer) -> Card:
    """`card` after `answer` (anything with credit, certainty and answered_at)."""
    rated, _ = _scheduler().review_card(card, rating(answer.credit, answer.certainty),
                                     max(_parse(answer.answered_at),
                                         card.last_review or _parse(answer.answered_at)))
    return rated


def replay(question_id: str, answers: list) -> Card:
    """The card of a question from its answers (StoredAnswers, any order): each rated in turn,
    oldest first."""
    from fsrs import Card

    card = Card(card_id=zlib.crc32(question_id.encode()))  # a fixed id: no clock, no sleep
    for answer in sorted(answers, key=lambda a: a.answered_at):
        card = _rate(card, answer)
    return card


def next_card(previous: str | None, answer, history: list) -> tuple[str, str]:
    """The card (as JSON) and its due time (as the store writes it) after `answer`: the
    previous card rated once more, or, for a question with no card yet (or one that cannot be
    read), its whole `history` replayed (every answer to it, this one included)."""
    card = _card(previous)
    if card is None:
        return replayed(answer.question_id, history)
    card = _rate(card, answer)
    return card.to_json(), stamp(card.due)


def _card(text: str | None) -> Card | None:
    """A card from the store's JSON, or None if there is none or it is damaged."""
    if text is None:
        return None
    from fsrs import Card

    try:
        card = Card.from_json(text)
        card.due = card.due.astimezone(timezone.utc)
        return card
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


def replayed(question_id: str, history: list) -> tuple[str, str]:
    """A question's card built from its history alone, as `next_card` gives it."""
    card = replay(question_id, history)
    return card.to_json(), stamp(card.due)


# -- reading the schedule ---------------------------------------------------------------------

@dataclass(frozen=True)
class DueCount:
    """How many of a step's questions are due for review today and in the week after."""

    step_id: str
    today: int  # due by the end of today (local time), overdue ones included
    week: int  # due after today and within the WEEK days after it
    scheduled: int  # questions of this step with a card


def due_times(cards: dict[str, str], bank: QuestionBank) -> dict[str, datetime]:
    """When each question still in the bank is next due, from the store's due column (a
    damaged one is left out until the question's next answer writes its card anew)."""
    out = {}
    for qid, due in cards.items():
        if bank.question(qid) is not None:
            try:
                out[qid] = _parse(due)
            except (ValueError, TypeError):
                continue
    return out


def due_now(times: dict[str, datetime], at: datetime) -> list[str]:
    """The questions due at `at`, most overdue first."""
    return [qid for qid, due in sorted(times.items(), key=lambda item: (item[1], item[0]))
            if due <= at]


def end_of_day(at: datetime, days: int = 0) -> datetime:
    """Midnight at the end of `at`'s day in local time, `days` days later."""
    local = at.astimezone()
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
    return (midnight + timedelta(days=days + 1)).astimezone(timezone.utc)


def due_counts(times: dict[str, datetime], bank: QuestionBank, step_ids: list[str],
               at: datetime) -> list[DueCount]:
    """Per step, in chapter order: how many of its questions are due today and in the week
    after (a question that tests two steps counts in both, as in mastery)."""
    today, week = end_of_day(at), end_of_day(at, WEEK)
    out = []
    for step_id in step_ids:
        dues = [times[q.id] for q in bank.for_step(step_id) if q.id in times]
        out.append(DueCount(step_id, sum(d <= today for d in dues),
                            sum(today < d <= week for d in dues), len(dues)))
    return out


def totals(times: dict[str, datetime], at: datetime) -> tuple[int, int]:
    """How many questions in all are due today and in the week after."""
    today, week = end_of_day(at), end_of_day(at, WEEK)
    return (sum(d <= today for d in times.values()),
            sum(today < d <= week for d in times.values()))
