"""Which questions an attempt asks, in what order, and in what order their options appear.

Everything here follows from the attempt's seed, which the store keeps: the same seed and
the same question ids give the same quiz again, which is how an interrupted attempt resumes.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from ..content.quiz import Question, QuestionBank

DEFAULT_COUNT = 10
REVIEW_COUNT = 20


@dataclass(frozen=True)
class Selection:
    """What the learner chose to take."""

    kind: str  # chapter | step | topic | missed | review | due
    label: str  # as shown in history: "Whole chapter", "Step 4 — Team Topologies", ...
    question_ids: tuple[str, ...]


def new_seed() -> int:
    return random.SystemRandom().randrange(1, 2**31)


def sample_chapter(bank: QuestionBank, step_ids: list[str], count: int,
                   seed: int) -> list[str]:
    """`count` questions spread across the steps: each step in turn gives one (a random one
    of its own) until there are enough, then the lot is shuffled."""
    rng = random.Random(seed)
    by_step: dict[str, list[str]] = {s: [] for s in step_ids}
    for q in bank.questions:
        by_step.setdefault(q.steps[0], []).append(q.id)
    pools = [rng.sample(ids, len(ids)) for ids in by_step.values() if ids]
    rng.shuffle(pools)  # so that a short quiz does not always favour the first steps
    chosen: list[str] = []
    while len(chosen) < count and any(pools):
        for pool in pools:
            if pool and len(chosen) < count:
                chosen.append(pool.pop())
    rng.shuffle(chosen)
    return chosen


def shuffled(ids: list[str], seed: int) -> list[str]:
    out = list(ids)
    random.Random(seed).shuffle(out)
    return out


def arrange(questions: list[Question], seed: int) -> list[tuple[int, ...]]:
    """For each question, the order its choices are shown in, as indices in file order: the
    options (single, multiple), the items (order) or the answers to pick from (match).

    Single-choice keys are spread across positions: each question's key goes to one of the
    positions used least so far in this attempt, so "the answer is usually C" never holds."""
    rng = random.Random(seed)
    used: dict[tuple[int, int], int] = {}
    return [tuple(ARRANGE[q.kind](q, rng, used)) for q in questions]


# How each question type shuffles its choices: (question, the attempt's random numbers, how
# often each place has held a single-choice key so far) -> the order shown.
Arranger = Callable[[Question, random.Random, dict[tuple[int, int], int]], list[int]]


def _shuffled_options(q: Question, rng: random.Random, used) -> list[int]:
    order = list(range(len(q.options)))
    rng.shuffle(order)
    return order


def _single_options(q: Question, rng: random.Random, used) -> list[int]:
    order = _shuffled_options(q, rng, used)
    if q.correct:
        n = len(order)  # kept apart by option count: 3 options have no 4th place
        least = min(used.get((n, p), 0) for p in range(n))
        target = rng.choice([p for p in range(n) if used.get((n, p), 0) == least])
        here = order.index(q.correct[0])
        order[here], order[target] = order[target], order[here]
        used[n, target] = used.get((n, target), 0) + 1
    return order


def _order_items(q: Question, rng: random.Random, used) -> list[int]:
    order = list(range(len(q.options)))
    while order == sorted(order):  # never show the items already in order
        rng.shuffle(order)
    return order


def _match_answers(q: Question, rng: random.Random, used) -> list[int]:
    order = list(range(len(q.answers)))
    rng.shuffle(order)
    return order


# Every question type, by its name in the bank (content.quiz.QUESTION_TYPES).
ARRANGE: dict[str, Arranger] = {
    "single": _single_options,
    "multiple": _shuffled_options,
    "order": _order_items,
    "match": _match_answers,
}


def key_position_spread(bank: QuestionBank, attempts: int = 200,
                        size: int = DEFAULT_COUNT) -> dict[int, dict[int, float]]:
    """Over many sampled attempts, for single-choice questions with n options, the share of
    keys shown in each position (0 = first): {n: {position: share}}. `chapterdeck check`
    warns when a share is far from 1/n."""
    counts: dict[int, dict[int, int]] = {}
    by_id = {q.id: q for q in bank.questions}
    step_ids = list(dict.fromkeys(q.steps[0] for q in bank.questions))
    for seed in range(1, attempts + 1):
        questions = [by_id[i] for i in sample_chapter(bank, step_ids, size, seed)]
        for q, order in zip(questions, arrange(questions, seed)):
            if q.kind == "single" and q.correct:
                row = counts.setdefault(len(order), dict.fromkeys(range(len(order)), 0))
                row[order.index(q.correct[0])] += 1
    return {n: {p: c / sum(row.values()) for p, c in row.items()}
            for n, row in sorted(counts.items())}


def uneven_key_positions(bank: QuestionBank, tolerance: float = 0.1) -> list[str]:
    """Plain sentences for each option count whose key positions are spread unevenly."""
    out = []
    for n, shares in key_position_spread(bank).items():
        worst = max(shares.items(), key=lambda item: abs(item[1] - 1 / n))
        if abs(worst[1] - 1 / n) > tolerance:
            out.append(f"after shuffling, the correct option of {n}-option questions lands in "
                       f"place {worst[0] + 1} {worst[1]:.0%} of the time, not about {1 / n:.0%}")
    return out
