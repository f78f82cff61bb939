"""What a set of marked answers says: the score, calibration by certainty level, mastery per
step, and the error review (the questions got wrong most often, worst first)."""

from __future__ import annotations

from dataclasses import dataclass

from ..content.quiz import QuestionBank
from .scoring import CERTAINTY_MARKS, CERTAINTY_NAMES, CERTAINTY_RANGES, Marked


@dataclass(frozen=True)
class Score:
    answered: int
    points: float  # sum of credit, unrounded (the views round it)
    certainty_points: float | None  # sum of certainty marks; None if certainty was off
    certainty_max: int

    @property
    def percent(self) -> float:
        return 100 * self.points / self.answered if self.answered else 0.0


def score(answers: list[Marked]) -> Score:
    with_certainty = [a for a in answers if a.certainty]
    return Score(
        answered=len(answers),
        points=sum(a.credit for a in answers),
        certainty_points=round(sum(a.mark for a in with_certainty), 2) if with_certainty
        else None,
        certainty_max=CERTAINTY_MARKS[3][0] * len(with_certainty),
    )


FEW = 3  # fewer answers at a level than this, and its verdict says it rests on little


@dataclass(frozen=True)
class CalibrationRow:
    level: int
    answers: int
    right: int

    @property
    def name(self) -> str:
        return CERTAINTY_NAMES[self.level]

    @property
    def accuracy(self) -> float | None:
        return self.right / self.answers if self.answers else None

    @property
    def best_range(self) -> str:
        low, high = CERTAINTY_RANGES[self.level]
        if low == 0:
            return f"below {high:.0%}"
        if high == 1:
            return f"above {low:.0%}"
        return f"{low:.0%} to {high:.0%}"

    @property
    def verdict(self) -> str:
        accuracy = self.accuracy
        if accuracy is None:
            return "not used"
        low, high = CERTAINTY_RANGES[self.level]
        if accuracy < low:
            verdict = "over-confident" if low - accuracy > 0.15 else "a bit over-confident"
        elif accuracy > high:
            verdict = "under-confident" if accuracy - high > 0.15 else "a bit under-confident"
        else:
            verdict = "well judged"
        if self.answers < FEW:  # one or two answers say little: say so
            verdict += f" (only {self.answers} answer{'s' if self.answers > 1 else ''})"
        return verdict


def calibration(answers: list[Marked]) -> list[CalibrationRow]:
    """One row per certainty level: how often answers at that level were right, against the
    range of accuracy that level pays best for."""
    rows = []
    for level in CERTAINTY_MARKS:
        at_level = [a for a in answers if a.certainty == level]
        rows.append(CalibrationRow(level, len(at_level), sum(a.right for a in at_level)))
    return rows


@dataclass(frozen=True)
class Mastery:
    step_id: str
    seen: int  # questions of this step answered at least once
    total: int  # questions of this step in the bank
    level: float  # mean credit of the latest answer to each seen question, 0 to 1


def mastery(bank: QuestionBank, step_ids: list[str], answers: list[Marked]) -> list[Mastery]:
    """Per step, in chapter order: how well its questions were last answered. `answers` is
    in the order given, so a later answer to a question replaces an earlier one."""
    latest: dict[str, float] = {}
    for a in answers:
        latest[a.question_id] = a.credit
    out = []
    for step_id in step_ids:
        ids = [q.id for q in bank.for_step(step_id)]
        seen = [latest[i] for i in ids if i in latest]
        out.append(Mastery(step_id, len(seen), len(ids), sum(seen) / len(seen) if seen else 0.0))
    return out


@dataclass(frozen=True)
class Miss:
    question_id: str
    wrong: int  # times answered wrong (not fully right)
    asked: int
    confident_wrong: int  # wrong at certainty 2 or 3
    worst_mark: float
    last_right: bool  # the latest answer was right


def error_review(answers: list[Marked], bank: QuestionBank,
                 limit: int = 20) -> list[Miss]:
    """The questions got wrong most often, worst first: most misses, then most confident
    misses, then the worst single mark. Questions no longer in the bank are left out."""
    stats: dict[str, dict] = {}
    for a in answers:
        if bank.question(a.question_id) is None:
            continue
        s = stats.setdefault(a.question_id, dict(wrong=0, asked=0, confident=0, worst=0.0,
                                                 last=False))
        s["asked"] += 1
        s["last"] = a.right
        if not a.right:
            s["wrong"] += 1
            s["confident"] += (a.certainty or 0) >= 2
            s["worst"] = min(s["worst"], a.mark)
    misses = [Miss(qid, s["wrong"], s["asked"], s["confident"], s["worst"], s["last"])
              for qid, s in stats.items() if s["wrong"]]
    misses.sort(key=lambda m: (-m.wrong, -m.confident_wrong, m.worst_mark, m.question_id))
    return misses[:limit]
