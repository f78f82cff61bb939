"""The class report: every learner's store under DATA_DIR/learners/*/ read (never written),
and what it says per learner and per question — the item analysis Moodle's quiz statistics
give a teacher.

Per learner: whole-chapter quizzes finished, and their last and best score and the last one's
certainty score (a retake of the misses scores high by design, so retakes, step, topic and
review quizzes are counted apart, as `other_attempts`); and mastery per step (the quiz
engine's own, from the learner's latest answers, whichever quiz they came from).

Per question, from each learner's *first* answer to it (later answers come after the
feedback explained it, so they measure the explanation, not the class; Moodle's statistics
count first attempts by default too):
  answers          how many learners answered it
  facility         the share right, partial credit counted as its credit (0 to 1)
  discrimination   how well it separates strong learners from weak: the corrected item-rest
                   correlation (the item's credit against each learner's mean credit on the
                   *other* questions) when at least CORRELATION_MIN learners answered it;
                   with fewer, the facility of the top third minus that of the bottom third
                   by the same rest score. `method` says which; None when neither can be told
                   (under three learners, or all scored the same on it).
  most chosen wrong  the wrong option (pairing, order) picked by most learners, in the bank's
                   words
  confidently wrong  answers not right given at certainty 3 ("very sure")
Questions come most-missed first: lowest facility, then most confidently wrong.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..content.markup import plain
from ..errors import ChapterdeckError
from ..content.quiz import Question
from ..quiz.report import attempt_row
from ..quiz.results import Mastery, mastery, score
from ..quiz.scoring import Marked, describe_response
from ..quiz.session import Course
from ..store.scores import DB_NAME, ScoreStore, StoreError, StoredAnswer

LEARNERS = "learners"
WHOLE_CHAPTER = "chapter"  # the attempt kind of a whole-chapter quiz (Course.whole_chapter)
CLASS_FOLDER = "classroom"  # in the user data folder: the class `serve` keeps unless told
CORRELATION_MIN = 10  # learners answering a question before its correlation means much
THIRDS_MIN = 3  # one learner in each third at least
ITEM_REST, THIRDS = "item-rest", "thirds"
METHOD_NAMES = {ITEM_REST: "corrected item-rest correlation",
                THIRDS: "top third minus bottom third facility"}


class NotAClass(ChapterdeckError):
    """The folder is not a class's data folder, or no learner has a folder in it yet."""


@dataclass(frozen=True)
class LearnerReport:
    name: str
    attempts: int  # whole-chapter quizzes finished
    last: float | None  # percent of the latest of them
    best: float | None  # best percent of them
    certainty_score: float | None  # the latest one's, when it asked certainty
    certainty_max: int
    answered: int  # answers given (finished attempts or not, discarded left out)
    mastery: tuple[Mastery, ...]
    problem: str = ""  # why the store could not be read; then nothing else is known
    note: str = ""  # a plain fact worth showing, such as "no answers yet"
    other_attempts: int = 0  # other quizzes finished: retakes, a step, a topic, the review


@dataclass(frozen=True)
class QuestionReport:
    question_id: str
    stem: str  # plain text
    steps: tuple[int, ...]  # the chapter's step numbers it tests
    answers: int
    facility: float | None
    discrimination: float | None
    method: str | None  # ITEM_REST | THIRDS | None
    most_wrong: str | None  # the most chosen wrong option, in the bank's words
    most_wrong_count: int
    confidently_wrong: int


@dataclass
class ClassReport:
    chapter: str  # the chapter's id (the quiz the stores are read for)
    title: str
    data_dir: Path
    learners: list[LearnerReport] = field(default_factory=list)
    questions: list[QuestionReport] = field(default_factory=list)

    @property
    def unreadable(self) -> list[LearnerReport]:
        return [learner for learner in self.learners if learner.problem]

    @property
    def asked(self) -> list[QuestionReport]:
        """The questions at least one learner has answered."""
        return [q for q in self.questions if q.answers]

    def as_data(self) -> dict:
        """Plain data, for --json."""
        return {
            "chapter": self.chapter,
            "title": self.title,
            "data_dir": str(self.data_dir),
            "discrimination_methods": METHOD_NAMES,
            "correlation_min": CORRELATION_MIN,
            "learners": [learner_row(x, include_mastery=True) for x in self.learners],
            "questions": [question_row(q) for q in self.questions],
        }


def learner_row(x: LearnerReport, include_mastery: bool = False) -> dict:
    row = {"name": x.name, "attempts": x.attempts, "other_attempts": x.other_attempts,
           "answered": x.answered,
           "last_percent": _round(x.last, 1), "best_percent": _round(x.best, 1),
           "certainty_score": x.certainty_score,
           "certainty_max": x.certainty_max if x.certainty_score is not None else None,
           "problem": x.problem or None, "note": x.note or None}
    if include_mastery:
        row["mastery"] = [{"step": m.step_id, "level": round(m.level, 3), "seen": m.seen,
                           "questions": m.total} for m in x.mastery]
    return row


def question_row(q: QuestionReport) -> dict:
    return {"question": q.question_id, "steps": list(q.steps), "answers": q.answers,
            "facility": _round(q.facility, 3), "discrimination": _round(q.discrimination, 3),
            "method": q.method, "most_chosen_wrong": q.most_wrong,
            "most_chosen_wrong_count": q.most_wrong_count,
            "confidently_wrong": q.confidently_wrong, "stem": q.stem}


def csv_rows(report: ClassReport, table: str) -> tuple[list[dict], list[str]]:
    """One of the report's tables as CSV rows and their field names: "learners" (mastery as
    one column per step, the level from 0 to 1, empty when not tried) or "questions"."""
    if table == "questions":
        rows = [question_row(q) for q in report.questions]
        for row in rows:
            row["steps"] = " ".join(map(str, row["steps"]))
        fields = list(question_row(QuestionReport("", "", (), 0, None, None, None, None, 0, 0)))
        return rows, fields
    steps = [f"step {n}" for n in range(1, len(report.learners[0].mastery) + 1)] \
        if report.learners and any(x.mastery for x in report.learners) else []
    rows = []
    for x in report.learners:
        row = learner_row(x)
        levels = {f"step {n}": round(m.level, 3) if m.seen else None
                  for n, m in enumerate(x.mastery, 1)}
        rows.append(row | {s: levels.get(s) for s in steps})
    empty = LearnerReport("", 0, None, None, None, 0, 0, ())
    return rows, list(learner_row(empty)) + steps


def _round(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


# -- reading the class ------------------------------------------------------------------------

def default_class_dir() -> Path:
    """The data folder `chapterdeck serve` uses when given no --data-dir."""
    from ..store.scores import default_data_dir

    return default_data_dir() / CLASS_FOLDER


def learner_folders(data_dir: Path) -> list[Path]:
    """Each learner's folder, by name. NotAClass when there is none to read."""
    folder = data_dir / LEARNERS
    if not data_dir.is_dir():
        raise NotAClass(f"{data_dir} is not a folder.")
    if not folder.is_dir():
        raise NotAClass(f"{data_dir} is not a class's data folder: it has no {LEARNERS}/ "
                        f"folder. Give the folder 'chapterdeck serve --data-dir' uses.")
    try:
        found = sorted((p for p in folder.iterdir() if p.is_dir()), key=lambda p: p.name)
    except OSError as exc:
        raise NotAClass(f"{folder} cannot be read ({exc.strerror or exc}).") from exc
    if not found:
        raise NotAClass(f"No learner has joined the class in {data_dir} yet: {folder} is "
                        f"empty.")
    return found


def class_report(data_dir: Path, course: Course) -> ClassReport:
    """Read every learner's store and compute the report. NotAClass when there are no
    learners; a store that cannot be read is a learner with a `problem`, not an error."""
    report = ClassReport(course.quiz_id, course.chapter.title, data_dir)
    firsts: dict[str, dict[str, StoredAnswer]] = {}  # learner -> question -> first answer
    for folder in learner_folders(data_dir):
        learner, first = _read_learner(folder, course)
        report.learners.append(learner)
        if not learner.problem:
            firsts[learner.name] = first
    report.questions = _item_analysis(course, firsts)
    return report


def _read_learner(folder: Path, course: Course) -> tuple[LearnerReport, dict]:
    name = folder.name
    if not (folder / DB_NAME).exists():  # joined, never opened the quiz
        return LearnerReport(name, 0, None, None, None, 0, 0,
                             tuple(mastery(course.bank, course.step_ids, [])),
                             note="no answers yet"), {}
    try:
        store = ScoreStore.read_only(folder)
    except StoreError as exc:
        return _unreadable(name, str(exc)), {}
    try:
        finished = store.attempts(course.quiz_id)
        answers = store.answers(course.quiz_id)
        steps = tuple(course.mastery(store))
    except (StoreError, ValueError, TypeError, IndexError) as exc:  # a row it cannot explain
        return _unreadable(name, f"the score file cannot be read ({exc})"), {}
    finally:
        store.close()
    whole = [a for a in finished if a.kind == WHOLE_CHAPTER]
    rows = [attempt_row(a) for a in whole]
    first: dict[str, StoredAnswer] = {}
    for answer in answers:  # oldest first
        first.setdefault(answer.question_id, answer)
    latest = score([Marked.kept(a) for a in whole[-1].answers]) if whole else None
    return LearnerReport(
        name=name, attempts=len(rows), last=rows[-1]["percent"] if rows else None,
        best=max(r["percent"] for r in rows) if rows else None,
        certainty_score=latest.certainty_points if latest else None,
        certainty_max=latest.certainty_max if latest else 0, answered=len(answers),
        mastery=steps, note="" if answers else "no answers yet",
        other_attempts=len(finished) - len(whole)), first


def _unreadable(name: str, problem: str) -> LearnerReport:
    return LearnerReport(name, 0, None, None, None, 0, 0, (), problem=problem)


# -- the item analysis --------------------------------------------------------------------------

def _item_analysis(course: Course, firsts: dict[str, dict[str, StoredAnswer]]
                   ) -> list[QuestionReport]:
    reports = [_question(course, q, firsts) for q in course.bank.questions]
    reports.sort(key=lambda r: (r.answers == 0, r.facility if r.facility is not None else 1,
                                -r.confidently_wrong, r.question_id))
    return reports


def _question(course: Course, q: Question, firsts: dict[str, dict[str, StoredAnswer]]
              ) -> QuestionReport:
    given = {name: answers[q.id] for name, answers in firsts.items() if q.id in answers}
    credits = [a.credit for a in given.values()]
    wrong = Counter()
    for answer in given.values():
        wrong.update(set(wrong_choices(q, answer)))  # a learner counts once per choice
    top = wrong.most_common(1)
    discrimination, method = discrimination_of(q.id, firsts)
    return QuestionReport(
        question_id=q.id, stem=" ".join(plain(q.stem).split()),
        steps=tuple(n for n in (course.step_number(s) for s in q.steps) if n),
        answers=len(given), facility=sum(credits) / len(credits) if credits else None,
        discrimination=discrimination, method=method,
        most_wrong=top[0][0] if top else None, most_wrong_count=top[0][1] if top else 0,
        confidently_wrong=sum(1 for a in given.values()
                              if not Marked.kept(a).right and a.certainty == 3))


def wrong_choices(q: Question, answer: StoredAnswer) -> list[str]:
    """What in an answer was wrong, in the bank's words: the wrong options picked (single,
    multiple), the wrong pairings (match), or the whole order when it is not the right one.
    A stored response that no longer fits the (edited) bank gives nothing."""
    wrong = WRONG_CHOICES[q.kind]
    try:
        return wrong(q, answer.response)
    except (IndexError, TypeError, KeyError):
        return []


def _wrong_option(q: Question, response) -> list[str]:
    return [] if q.options[response].correct else [plain(q.options[response].text)]


def _wrong_ticks(q: Question, response) -> list[str]:
    return [plain(q.options[i].text) for i in sorted(response) if not q.options[i].correct]


def _wrong_order(q: Question, response) -> list[str]:
    right = list(range(len(q.options)))
    return [] if list(response) == right else [
        " → ".join(plain(t) for t in describe_response(q, response))]


def _wrong_pairs(q: Question, response) -> list[str]:
    answers = q.answers
    return [f"{plain(pair.prompt)} → {answers[p] if p >= 0 else '(none)'}"
            for pair, p in zip(q.pairs, response) if p < 0 or answers[p] != pair.answer]


# Every question type, by its name in the bank (content.quiz.QUESTION_TYPES).
WRONG_CHOICES = {
    "single": _wrong_option,
    "multiple": _wrong_ticks,
    "order": _wrong_order,
    "match": _wrong_pairs,
}


def discrimination_of(question_id: str, firsts: dict[str, dict[str, StoredAnswer]]
                      ) -> tuple[float | None, str | None]:
    """The question's discrimination and how it was computed (see the module's docstring).
    Learners who answered nothing else have no rest score and are left out."""
    pairs = []  # (item credit, rest score) per learner
    for name in sorted(firsts):
        answers = firsts[name]
        if question_id not in answers:
            continue
        rest = [a.credit for qid, a in answers.items() if qid != question_id]
        if rest:
            pairs.append((answers[question_id].credit, sum(rest) / len(rest)))
    if len({x for x, _ in pairs}) < 2:
        return None, None  # everyone scored the same on it: nothing to separate by
    if len(pairs) >= CORRELATION_MIN:
        return pearson([x for x, _ in pairs], [y for _, y in pairs]), ITEM_REST
    if len(pairs) >= THIRDS_MIN:
        return top_minus_bottom(pairs), THIRDS
    return None, None


def pearson(xs: list[float], ys: list[float]) -> float | None:
    """The correlation of xs with ys; None when either does not vary."""
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx < 1e-12 or syy < 1e-12:
        return None
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / math.sqrt(sxx * syy)


def top_minus_bottom(pairs: list[tuple[float, float]]) -> float:
    """Mean item credit of the third with the best rest scores minus that of the third
    with the worst (n // 3 learners each; learners tied on the rest score keep the order
    they came in, by name)."""
    ranked = sorted(pairs, key=lambda p: p[1])  # stable: ties stay in name order
    k = len(ranked) // 3
    bottom, top = ranked[:k], ranked[-k:]
    return sum(x for x, _ in top) / k - sum(x for x, _ in bottom) / k
