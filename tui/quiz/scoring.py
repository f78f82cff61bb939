"""Marking an answer: credit for each question type, and certainty-based marks.

Responses are plain data (so the store can keep them as JSON), in file-order indices:
  single    an option index
  multiple  a list of option indices
  order     the item indices in the order the learner put them
  match     for each pair in file order, the index of the chosen answer in Question.answers
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import combinations

from ..content.quiz import Question

Response = int | list[int] | tuple[int, ...]

# Gardner-Medwin's certainty-based marking: (mark if right, mark if wrong) per level.
CERTAINTY_MARKS: dict[int, tuple[int, int]] = {1: (1, 0), 2: (2, -2), 3: (3, -6)}
CERTAINTY_NAMES = {1: "not sure", 2: "fairly sure", 3: "very sure"}
# The range of accuracy each level pays best for: below 67% say 1, 67-80% say 2, above 80%
# say 3 (where the expected marks p, 4p-2 and 9p-6 cross).
CERTAINTY_RANGES: dict[int, tuple[float, float]] = {1: (0.0, 2 / 3), 2: (2 / 3, 0.8),
                                                    3: (0.8, 1.0)}


class BadResponse(ValueError):
    """A response that does not fit its question (a stored answer from an edited bank)."""


def credit(question: Question, response: Response) -> float:
    """From 0 (wrong) to 1 (right); multiple, order and match give partial credit."""
    return _marking(question).credit(question, response)


def _picks(question: Question, response: Response) -> list[int]:
    """A response that should be a list (multiple, order, match), as one."""
    if not isinstance(response, (list, tuple)):
        raise BadResponse(f"{question.id}: expected a list, got {response!r}")
    return list(response)


def _single_credit(question: Question, response: Response) -> float:
    if not isinstance(response, int) or not 0 <= response < len(question.options):
        raise BadResponse(f"{question.id}: {response!r} is not one of its options")
    return 1.0 if question.options[response].correct else 0.0


def _multiple_credit(question: Question, response: Response) -> float:
    chosen = set(_picks(question, response))
    if not chosen <= set(range(len(question.options))):
        raise BadResponse(f"{question.id}: {response!r} names options it does not have")
    right = set(question.correct)
    # Each wrong pick cancels a right one, so ticking everything earns nothing.
    return max(0.0, (len(chosen & right) - len(chosen - right)) / len(right))


def _order_credit(question: Question, response: Response) -> float:
    picks = _picks(question, response)
    if sorted(picks) != list(range(len(question.options))):
        raise BadResponse(f"{question.id}: {response!r} is not an order of its items")
    pairs = list(combinations(picks, 2))
    return sum(a < b for a, b in pairs) / len(pairs)


def _match_hits(question: Question, picks) -> int:
    answers = question.answers
    return sum(p >= 0 and answers[p] == pair.answer for p, pair in zip(picks, question.pairs))


def _match_credit(question: Question, response: Response) -> float:
    picks = _picks(question, response)
    if len(picks) != len(question.pairs) or not all(
            -1 <= p < len(question.answers) for p in picks):
        raise BadResponse(f"{question.id}: {response!r} does not pair its prompts")
    return _match_hits(question, picks) / len(question.pairs)


def certainty_mark(credit_: float, certainty: int) -> float:
    """The certainty-based mark: full credit earns the level's right mark, none its wrong
    mark, and partial credit lies on the line between them."""
    right, wrong = CERTAINTY_MARKS[certainty]
    return round(credit_ * right + (1 - credit_) * wrong, 2)


def is_right(credit_: float) -> bool:
    return credit_ >= 0.999


@dataclass(frozen=True)
class Marked:
    """One answer, marked."""

    question_id: str
    credit: float
    certainty: int | None  # None when certainty marking is off
    mark: float  # the certainty mark, or the credit when certainty is off

    @property
    def right(self) -> bool:
        return is_right(self.credit)

    @classmethod
    def kept(cls, answer) -> "Marked":
        """An answer as the store keeps it (a StoredAnswer), marked as it was."""
        return cls(answer.question_id, answer.credit, answer.certainty, answer.mark)


def mark_answer(question: Question, response: Response, certainty: int | None) -> Marked:
    c = credit(question, response)
    return Marked(question.id, c, certainty,
                  certainty_mark(c, certainty) if certainty else round(c, 2))


def explain_credit(question: Question, response: Response) -> str:
    """How the credit of a multiple, order or match answer was counted, in a sentence (empty
    for a single choice, which is right or wrong)."""
    explain = _marking(question).explain
    return explain(question, response, f"{credit(question, response):.0%} credit") \
        if explain else ""


def _multiple_explained(question: Question, response: Response, share: str) -> str:
    right = set(question.correct)
    hits, wrong = len(set(response) & right), len(set(response) - right)
    text = f"{hits} of {len(right)} right ticks"
    if wrong:
        text += (f" and {wrong} wrong tick{'s' if wrong != 1 else ''}: each wrong tick "
                 f"cancels a right one")
    return f"{text}, so {share}."


def _order_explained(question: Question, response: Response, share: str) -> str:
    pairs = list(combinations(response, 2))
    ordered = sum(a < b for a, b in pairs)
    return (f"{ordered} of {len(pairs)} pairs of items are in the right order to each "
            f"other, so {share}.")


def _match_explained(question: Question, response: Response, share: str) -> str:
    return f"{_match_hits(question, response)} of {len(question.pairs)} lines matched, " \
        f"so {share}."


def explain_mark(marked: Marked) -> str:
    """How a certainty mark was made from partial credit (empty unless the credit is)."""
    if not marked.certainty or marked.right or marked.credit <= 0:
        return ""
    right, wrong = CERTAINTY_MARKS[marked.certainty]
    return (f"At {CERTAINTY_NAMES[marked.certainty]} a right answer earns {right:+d} and a "
            f"wrong one {wrong:+d}; partial credit earns a mark between, in proportion: "
            f"{marked.mark:+g}.")


def describe_response(question: Question, response: Response) -> list[str]:
    """The learner's answer in words, for feedback, reviews and exports."""
    return _marking(question).describe(question, response)


def _chosen_options(question: Question, response: Response) -> list[str]:
    picks = [response] if isinstance(response, int) else sorted(response)
    return [question.options[i].text for i in picks]


def _placed_items(question: Question, response: Response) -> list[str]:
    return [question.options[i].text for i in response]


def _matched_lines(question: Question, response: Response) -> list[str]:
    answers = question.answers
    return [f"{pair.prompt} → {answers[p] if p >= 0 else '(none)'}"
            for pair, p in zip(question.pairs, response)]


@dataclass(frozen=True)
class Marking:
    """How one question type is marked: its credit, how partial credit was counted (None
    where there is none), and a response in words."""

    credit: Callable[[Question, Response], float]
    explain: Callable[[Question, Response, str], str] | None
    describe: Callable[[Question, Response], list[str]]


# Every question type, by its name in the bank (content.quiz.QUESTION_TYPES).
MARKING: dict[str, Marking] = {
    "single": Marking(_single_credit, None, _chosen_options),
    "multiple": Marking(_multiple_credit, _multiple_explained, _chosen_options),
    "order": Marking(_order_credit, _order_explained, _placed_items),
    "match": Marking(_match_credit, _match_explained, _matched_lines),
}


def _marking(question: Question) -> Marking:
    try:
        return MARKING[question.kind]
    except KeyError:
        raise BadResponse(f"{question.id}: unknown question type {question.kind!r}") from None
