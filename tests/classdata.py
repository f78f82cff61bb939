"""A class's data folder made as the quiz makes one: each learner's store written through
the quiz session API, for the report's tests, the report command and the console."""

from __future__ import annotations

from pathlib import Path

from tui.content.loader import load_chapter
from tui.content.paths import default_chapter
from tui.content.quizload import load_quiz
from tui.quiz.sampling import Selection
from tui.quiz.session import Course, QuizSession
from tui.store.scores import DB_NAME, ScoreStore

from conftest import FIXTURES

SMALL_BANK = FIXTURES / "quiz" / "ch03-small.yaml"
# The small bank's questions and their right responses (file-order indices).
RIGHT = {"bank-topology": 0, "startup-scrapers": 1, "who-to-ask": [0, 1, 2],
         "scaling-order": [0, 1, 2], "two-rules": [0, 1], "pm-shift": 0, "eval-role": 0,
         "golden-set": 0}


def small_course() -> Course:
    chapter = load_chapter(default_chapter())
    return Course(chapter, load_quiz(SMALL_BANK, chapter))


def take(data_dir: Path, name: str, course: Course, answers: dict, certainty: int | None = 2,
         finish: bool = True, kind: str = "chapter") -> Path:
    """One attempt by `name`, answered as given: {question: response or (response,
    certainty)}, through the quiz session and the store as the quiz does it. Unfinished
    (`finish=False`), the last answer is given but the attempt is left open."""
    folder = data_dir / "learners" / name
    store = ScoreStore.open(folder)
    selection = Selection(kind, "Whole chapter" if kind == "chapter" else kind.title(),
                          tuple(answers))
    session = QuizSession.begin(course, store, selection, certainty=certainty is not None,
                                seed=1)
    for question_id, given in answers.items():
        response, level = given if isinstance(given, tuple) else (given, certainty)
        assert session.question.id == question_id
        session.answer(response, level, seconds=4.0)
        if finish or session.position < session.total - 1:
            session.advance()
    store.close()
    return folder


def sample_class(data_dir: Path, course: Course) -> Path:
    """Five learners who took the small bank (one retook the misses, one stopped at the last
    question), one who only watched the deck, and one whose score file is damaged."""
    wrong = {"bank-topology": (1, 3), "startup-scrapers": (0, 2), "who-to-ask": [0, 2, 1],
             "scaling-order": [1, 0, 2], "two-rules": [0, 2], "pm-shift": (1, 3),
             "eval-role": (2, 1), "golden-set": (1, 1)}
    plans = {
        "ana": set(RIGHT),
        "ben": set(RIGHT) - {"bank-topology", "two-rules"},
        "chidi": {"pm-shift", "eval-role", "golden-set", "startup-scrapers", "scaling-order"},
        "dana": {"eval-role", "golden-set"},
        "emeka": {"golden-set", "eval-role", "who-to-ask"},
    }
    for name, right in plans.items():
        answers = {q: (RIGHT[q] if q in right else wrong[q]) for q in RIGHT}
        take(data_dir, name, course, answers, finish=name != "emeka")
    take(data_dir, "ben", course, {"bank-topology": 0, "two-rules": [0, 1]}, kind="missed")
    (data_dir / "learners" / "farah").mkdir()
    damaged = data_dir / "learners" / "gus"
    damaged.mkdir()
    (damaged / DB_NAME).write_bytes(b"not a database at all" * 200)
    return data_dir
