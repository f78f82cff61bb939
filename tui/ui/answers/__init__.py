"""One widget per question type, each the answer to one question as the learner builds it.

A question type's widget owns its keys, its instruction, its key hints, the response built so
far and its part of the feedback, and posts `Answer.Answered` to the question screen.
"""

from __future__ import annotations

from .base import Answer
from .choice import MultipleAnswer, SingleAnswer
from .match import MatchAnswer
from .order import OrderAnswer

# Every question type, by its name in the bank (content.quiz.QUESTION_TYPES).
ANSWERS: dict[str, type[Answer]] = {
    "single": SingleAnswer,
    "multiple": MultipleAnswer,
    "order": OrderAnswer,
    "match": MatchAnswer,
}

__all__ = ["ANSWERS", "Answer"]
