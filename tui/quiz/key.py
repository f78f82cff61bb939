"""The right answer of a question in words, per question type: under a missed question in the
results and the error review."""

from __future__ import annotations

from collections.abc import Callable

from ..content.markup import plain
from ..content.quiz import Question


def right_answer(q: Question) -> str:
    return RIGHT_ANSWER[q.kind](q)


def _correct_options(q: Question) -> str:
    return "; ".join(plain(o.text) for o in q.options if o.correct)


def _items_in_order(q: Question) -> str:
    return " → ".join(plain(o.text) for o in q.options)


def _pairs(q: Question) -> str:
    return "; ".join(f"{plain(p.prompt)} → {p.answer}" for p in q.pairs)


# Every question type, by its name in the bank (content.quiz.QUESTION_TYPES).
RIGHT_ANSWER: dict[str, Callable[[Question], str]] = {
    "single": _correct_options,
    "multiple": _correct_options,
    "order": _items_in_order,
    "match": _pairs,
}
