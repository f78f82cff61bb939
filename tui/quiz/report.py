"""The learner's history as plain data: what `chapterdeck scores --json/--csv` writes."""

from __future__ import annotations

from ..store.scores import Attempt, ScoreStore
from .results import error_review, mastery
from .session import Course


def attempt_row(a: Attempt) -> dict:
    """An attempt as one row: for the history table, --json and --csv alike."""
    points = sum(x.credit for x in a.answers)
    marks = [x.mark for x in a.answers if x.certainty]
    answered = len(a.answers)
    return {
        "id": a.id,
        "date": a.finished_at or a.started_at,
        "quiz": a.quiz,
        "kind": a.kind,
        "label": a.label,
        "questions": answered,
        "score": round(points, 2),
        "percent": round(100 * points / answered, 1) if answered else 0.0,
        "certainty_score": round(sum(marks), 2) if a.certainty and marks else None,
        "seconds": round(a.seconds, 1),
    }


def history(course: Course, store: ScoreStore) -> dict:
    marked = course.marked(store)
    return {
        "chapter": course.quiz_id,
        "title": course.chapter.title,
        "attempts": [attempt_row(a) for a in store.attempts(course.quiz_id)],
        "mastery": [{"step": course.step_number(m.step_id), "id": m.step_id,
                     "title": course.chapter.step(course.step_number(m.step_id)).title,
                     "level": round(m.level, 3), "seen": m.seen, "questions": m.total}
                    for m in mastery(course.bank, course.step_ids, marked)],
        "review": [{"question": m.question_id, "wrong": m.wrong, "asked": m.asked,
                    "confident_wrong": m.confident_wrong, "worst_mark": m.worst_mark}
                   for m in error_review(marked, course.bank)],
    }
