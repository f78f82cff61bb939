"""The class report's numbers, on learners' stores made the way the quiz makes them (the
store and the quiz session API): per learner attempts, scores and mastery; per question
facility with partial credit, discrimination both ways, the most chosen wrong option and
the confidently wrong; damaged, missing and oddly named stores."""

from __future__ import annotations

import math
import os

import pytest

from tui.classroom.report import (CORRELATION_MIN, ITEM_REST, THIRDS, NotAClass,
                                  class_report, pearson, top_minus_bottom)
from tui.quiz.session import Course
from tui.store.scores import DB_NAME

from classdata import RIGHT, small_course, take


@pytest.fixture(scope="module")
def course() -> Course:
    return small_course()


def by_id(report, question_id):
    return next(q for q in report.questions if q.question_id == question_id)


def test_per_learner_attempts_last_best_certainty_and_mastery(course, tmp_path):
    take(tmp_path, "ana", course, {"bank-topology": 1, "pm-shift": 0})  # 50%
    take(tmp_path, "ana", course, {"bank-topology": 0, "pm-shift": 0})  # 100%, both sure 2
    take(tmp_path, "ana", course, {"bank-topology": (2, 3), "pm-shift": (0, 1)})  # 50%
    report = class_report(tmp_path, course)
    [ana] = report.learners
    assert (ana.attempts, ana.last, ana.best) == (3, 50.0, 100.0)
    assert (ana.certainty_score, ana.certainty_max) == (-6 + 1, 6)
    assert ana.answered == 6
    topologies = next(m for m in ana.mastery if m.step_id == "topologies")
    assert (topologies.seen, topologies.level) == (1, 0.0)  # the latest answer was wrong
    assert next(m for m in ana.mastery if m.step_id == "ai-pm").level == 1.0


def test_a_retake_of_the_misses_is_not_a_chapter_score(course, tmp_path):
    take(tmp_path, "ana", course, {"bank-topology": 1, "pm-shift": 0})  # 50%
    take(tmp_path, "ana", course, {"bank-topology": 0}, kind="missed")  # 100%, by design
    take(tmp_path, "ana", course, {"pm-shift": 0}, kind="step")
    [ana] = class_report(tmp_path, course).learners
    assert (ana.attempts, ana.other_attempts, ana.last, ana.best) == (1, 2, 50.0, 50.0)
    assert next(m for m in ana.mastery if m.step_id == "topologies").level == 1.0


def test_facility_counts_partial_credit_and_each_learners_first_answer(course, tmp_path):
    take(tmp_path, "ana", course, {"two-rules": [0, 1]})  # 1
    take(tmp_path, "ben", course, {"two-rules": [0]})  # 0.5
    take(tmp_path, "cy", course, {"two-rules": [0, 2]})  # one right, one wrong: 0
    take(tmp_path, "cy", course, {"two-rules": [0, 1]})  # a retake: not counted
    q = by_id(class_report(tmp_path, course), "two-rules")
    assert q.answers == 3
    assert q.facility == pytest.approx(0.5)
    assert q.most_wrong == "Ask for a fixed delivery date for 95% accuracy"
    assert q.most_wrong_count == 1


def test_the_most_chosen_wrong_option_and_the_confidently_wrong(course, tmp_path):
    for name, response, level in [("a", 1, 3), ("b", 1, 3), ("c", 2, 1), ("d", 0, 3),
                                  ("e", 1, 2)]:
        take(tmp_path, name, course, {"bank-topology": (response, level)})
    q = by_id(class_report(tmp_path, course), "bank-topology")
    assert (q.answers, q.facility) == (5, pytest.approx(0.2))
    assert (q.most_wrong, q.most_wrong_count) == ("Embedded model", 3)
    assert q.confidently_wrong == 2  # a and b; d was very sure and right, e only fairly


def test_wrong_pairings_and_orders_in_the_banks_words(course, tmp_path):
    take(tmp_path, "a", course, {"who-to-ask": [0, 2, 1], "scaling-order": [1, 0, 2]})
    take(tmp_path, "b", course, {"who-to-ask": [3, 2, 1], "scaling-order": [1, 0, 2]})
    report = class_report(tmp_path, course)
    match = by_id(report, "who-to-ask")
    assert match.most_wrong_count == 2
    assert match.most_wrong in ("Can we serve this within a 200 ms budget? → Domain Expert",
                                "Would a physician accept this output? → Software Engineer")
    assert match.facility == pytest.approx((1 / 3 + 0) / 2)
    order = by_id(report, "scaling-order")
    assert order.most_wrong.startswith("A UX designer and a prompt engineer join")
    assert order.most_wrong_count == 2


def test_questions_come_most_missed_first_and_unanswered_last(course, tmp_path):
    take(tmp_path, "a", course, {"golden-set": 0, "eval-role": (1, 3), "pm-shift": (1, 1)})
    take(tmp_path, "b", course, {"golden-set": 0, "eval-role": 0, "pm-shift": 0})
    order = [q.question_id for q in class_report(tmp_path, course).questions]
    # eval-role and pm-shift are both at 50%; eval-role has the confident miss.
    assert order[:3] == ["eval-role", "pm-shift", "golden-set"]
    assert set(order[3:]) == set(RIGHT) - {"golden-set", "eval-role", "pm-shift"}


def test_discrimination_by_thirds_with_few_learners(course, tmp_path):
    # Six learners: rest scores (on three other questions) rank them; the strong two get
    # the item right, the weak two wrong, the middle two one each.
    others = ["pm-shift", "eval-role", "golden-set"]
    plan = {"l1": (3, 0), "l2": (3, 0), "l3": (2, 0), "l4": (2, 1), "l5": (0, 1),
            "l6": (0, 1)}
    for name, (right_others, item_response) in plan.items():
        answers = {q: (0 if i < right_others else 1) for i, q in enumerate(others)}
        answers["bank-topology"] = item_response
        take(tmp_path, name, course, answers)
    q = by_id(class_report(tmp_path, course), "bank-topology")
    assert q.method == THIRDS
    assert q.discrimination == pytest.approx(1.0)  # top two right, bottom two wrong


def test_discrimination_by_item_rest_correlation_with_enough_learners(course, tmp_path):
    # Twelve learners whose item credit follows their rest score (two of four others right
    # goes with a wrong item), with noise so that the correlation is neither 1 nor 0.
    others = ["pm-shift", "eval-role", "golden-set", "startup-scrapers"]
    item, rest = [], []
    for n in range(CORRELATION_MIN + 2):
        right_others = n % 5
        item_right = right_others >= 3 or n == 1
        answers = {q: (RIGHT[q] if i < right_others else 2) for i, q in enumerate(others)}
        answers["bank-topology"] = 0 if item_right else 1
        take(tmp_path, f"learner{n:02d}", course, answers)
        item.append(float(item_right))
        rest.append(right_others / 4)
    q = by_id(class_report(tmp_path, course), "bank-topology")
    assert q.method == ITEM_REST
    expected = pearson(item, rest)
    assert 0.3 < expected < 0.99
    assert q.discrimination == pytest.approx(expected)


def test_pearson_and_thirds_by_hand():
    assert pearson([0, 1, 1, 0], [0.2, 0.8, 0.6, 0.4]) == pytest.approx(
        0.4 / math.sqrt(1 * 0.2))
    assert pearson([1, 1, 1], [0.1, 0.5, 0.9]) is None  # nobody missed it: no spread
    # Seven learners: thirds of two; top two (rest .9, .8) 1 and .5, bottom two 0 and 0.
    pairs = [(0, 0.1), (0, 0.2), (1, 0.5), (0, 0.6), (1, 0.7), (0.5, 0.8), (1, 0.9)]
    assert top_minus_bottom(pairs) == pytest.approx(0.75)


def test_too_few_learners_give_no_discrimination(course, tmp_path):
    take(tmp_path, "a", course, {"pm-shift": 0, "golden-set": 0})
    take(tmp_path, "b", course, {"pm-shift": 1, "golden-set": 0})
    q = by_id(class_report(tmp_path, course), "pm-shift")
    assert (q.discrimination, q.method) == (None, None)
    assert q.facility == pytest.approx(0.5)


def test_a_question_everyone_got_right_has_no_discrimination(course, tmp_path):
    for name, other in [("a", 0), ("b", 1), ("c", 2), ("d", 0)]:
        take(tmp_path, name, course, {"golden-set": 0, "pm-shift": other})
    q = by_id(class_report(tmp_path, course), "golden-set")
    assert (q.facility, q.discrimination, q.method) == (1.0, None, None)


def test_an_unfinished_attempt_counts_its_answers_but_not_as_an_attempt(course, tmp_path):
    take(tmp_path, "ana", course, {"pm-shift": 0, "golden-set": 1}, finish=False)
    report = class_report(tmp_path, course)
    [ana] = report.learners
    assert (ana.attempts, ana.last, ana.answered) == (0, None, 2)
    assert by_id(report, "pm-shift").answers == 1


def test_a_damaged_store_is_reported_and_read_only_leaves_it_alone(course, tmp_path):
    take(tmp_path, "good", course, {"pm-shift": 0})
    bad = tmp_path / "learners" / "bad"
    bad.mkdir()
    (bad / DB_NAME).write_bytes(b"this is not a database" * 100)
    (tmp_path / "learners" / "watcher").mkdir()  # joined, never opened the quiz
    before = sorted(os.listdir(bad)), (bad / DB_NAME).read_bytes()
    report = class_report(tmp_path, course)
    names = {x.name: x for x in report.learners}
    assert "cannot be read" in names["bad"].problem
    assert [x.name for x in report.unreadable] == ["bad"]
    assert names["watcher"].note == "no answers yet" and not names["watcher"].problem
    assert names["good"].attempts == 1
    assert (sorted(os.listdir(bad)), (bad / DB_NAME).read_bytes()) == before  # not moved


def test_a_special_file_is_not_opened(course, tmp_path):
    folder = tmp_path / "learners" / "fifo"
    folder.mkdir(parents=True)
    os.mkfifo(folder / DB_NAME)  # opening it for reading would wait for a writer forever
    [learner] = class_report(tmp_path, course).learners
    assert "not a regular file" in learner.problem


def test_a_store_from_a_newer_chapterdeck_is_reported(course, tmp_path):
    import sqlite3

    folder = take(tmp_path, "future", course, {"pm-shift": 0})
    conn = sqlite3.connect(folder / DB_NAME)
    conn.execute("PRAGMA user_version = 999")
    conn.close()
    [learner] = class_report(tmp_path, course).learners
    assert "newer chapterdeck" in learner.problem


def test_names_with_odd_characters(course, tmp_path):
    odd = ["ana lee", "jörg", "x'; DROP TABLE attempts;--", "a?b#c%20", "\u202eevil"]
    for name in odd:
        take(tmp_path, name, course, {"pm-shift": 0})
    report = class_report(tmp_path, course)
    assert sorted(x.name for x in report.learners) == sorted(odd)
    assert all(x.attempts == 1 and not x.problem for x in report.learners)


def test_not_a_class_folder(course, tmp_path):
    with pytest.raises(NotAClass, match="no learners/ folder"):
        class_report(tmp_path, course)
    (tmp_path / "learners").mkdir()
    with pytest.raises(NotAClass, match="No learner has joined"):
        class_report(tmp_path, course)
    with pytest.raises(NotAClass, match="is not a folder"):
        class_report(tmp_path / "missing", course)


def test_the_report_as_data(course, tmp_path):
    take(tmp_path, "ana", course, {"two-rules": [0]})
    data = class_report(tmp_path, course).as_data()
    [ana] = data["learners"]
    assert ana["name"] == "ana" and ana["last_percent"] == 50.0
    assert len(ana["mastery"]) == len(course.step_ids)
    first = data["questions"][0]
    assert (first["question"], first["facility"], first["answers"]) == ("two-rules", 0.5, 1)
    assert len(data["questions"]) == len(RIGHT)


def test_an_old_store_is_read_as_it_is_not_migrated(course, tmp_path):
    import sqlite3

    from tui.store.scores import MIGRATIONS

    folder = tmp_path / "learners" / "old"
    folder.mkdir(parents=True)
    conn = sqlite3.connect(folder / DB_NAME)
    conn.executescript(MIGRATIONS[1] + "; PRAGMA user_version = 1;")
    conn.execute("INSERT INTO attempts (quiz, kind, label, seed, questions, certainty, "
                 "started_at, finished_at, status) VALUES (?, 'chapter', 'Whole chapter', 1, "
                 "'[\"pm-shift\"]', 1, '2026-01-01T10:00:00+00:00', "
                 "'2026-01-01T10:01:00+00:00', 'finished')", (course.quiz_id,))
    conn.execute("INSERT INTO answers VALUES (1, 0, 'pm-shift', '1', 3, 0.0, -6.0, "
                 "'2026-01-01T10:00:30+00:00')")
    conn.commit()
    conn.close()
    report = class_report(tmp_path, course)
    [old] = report.learners
    assert (old.attempts, old.last, old.certainty_score) == (1, 0.0, -6.0)
    assert by_id(report, "pm-shift").confidently_wrong == 1
    conn = sqlite3.connect(folder / DB_NAME)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1  # left as it was
    conn.close()


def test_a_learner_answering_while_the_report_reads(course, tmp_path):
    from tui.quiz.sampling import Selection
    from tui.quiz.session import QuizSession
    from tui.store.scores import ScoreStore

    store = ScoreStore.open(tmp_path / "learners" / "live")
    session = QuizSession.begin(course, store, Selection("chapter", "Whole chapter",
                                                         ("pm-shift", "golden-set")), True, 1)
    session.answer(0, 2, 3.0)
    session.advance()
    assert class_report(tmp_path, course).learners[0].answered == 1
    session.answer(0, 2, 3.0)  # the learner goes on: the report held no lock
    session.advance()
    [live] = class_report(tmp_path, course).learners
    assert (live.answered, live.attempts, live.last) == (2, 1, 100.0)
    store.close()
