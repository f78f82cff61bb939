"""The learner's history as plain data: what `chapterdeck scores --json/--csv` writes."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields

from ..store.scores import Attempt, ScoreStore
from .results import score
from .review import stamp
from .scoring import Marked
from .session import Course


@dataclass(frozen=True)
class AttemptRow:
    """An attempt as one row: for the history table, --json and --csv alike."""

    id: int
    date: str
    quiz: str
    kind: str
    label: str
    questions: int
    score: float
    percent: float
    certainty_score: float | None  # None when certainty was off
    seconds: float


ATTEMPT_COLUMNS = tuple(f.name for f in fields(AttemptRow))  # the CSV's header


def attempt_row(a: Attempt) -> dict:
    """An attempt as one row (AttemptRow's fields by name)."""
    s = score([Marked.kept(x) for x in a.answers])
    return asdict(AttemptRow(
        id=a.id,
        date=a.finished_at or a.started_at,
        quiz=a.quiz,
        kind=a.kind,
        label=a.label,
        questions=s.answered,
        score=round(s.points, 2),
        percent=round(s.percent, 1),
        certainty_score=s.certainty_points,
        seconds=round(a.seconds, 1),
    ))


def history(course: Course, store: ScoreStore) -> dict:
    return {
        "chapter": course.quiz_id,
        "title": course.chapter.title,
        "attempts": [attempt_row(a) for a in store.attempts(course.quiz_id)],
        "mastery": [{"step": course.step_number(m.step_id), "id": m.step_id,
                     "title": course.chapter.step(course.step_number(m.step_id)).title,
                     "level": round(m.level, 3), "seen": m.seen, "questions": m.total}
                    for m in course.mastery(store)],
        "review": [{"question": m.question_id, "wrong": m.wrong, "asked": m.asked,
                    "confident_wrong": m.confident_wrong, "worst_mark": m.worst_mark}
                   for m in course.misses(store)],
        **due(course, store),
    }


def due(course: Course, store: ScoreStore) -> dict:
    """The spaced review: how many are due today and in the next 7 days, in all and per step,
    and when each question met is next due (UTC), soonest first."""
    times = course.due_times(store)
    steps, (today, week) = course.due_counts(store)
    return {
        "due": {"today": today, "next_7_days": week,
                "steps": [{"step": course.step_number(d.step_id), "id": d.step_id,
                           "today": d.today, "next_7_days": d.week, "scheduled": d.scheduled}
                          for d in steps]},
        "schedule": [{"question": qid, "step": course.step_number(
                          course.bank.question(qid).steps[0]), "due": stamp(at)}
                     for qid, at in sorted(times.items(), key=lambda item: (item[1], item[0]))],
    }
