"""The quiz engine, without Textual or a database: sampling, arranging, scoring, certainty
marks, calibration verdicts, mastery and the error review."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui.content.quiz import Option, Pair, Question, QuestionBank, Topic
from tui.quiz.results import CalibrationRow, calibration, error_review, mastery, score
from tui.quiz.sampling import arrange, key_position_spread, sample_chapter, shuffled, \
    uneven_key_positions
from tui.quiz.scoring import (CERTAINTY_MARKS, BadResponse, Marked, certainty_mark, credit,
                              mark_answer)

STEPS = ["a", "b", "c", "d"]


def single(qid: str, step: str = "a", key: int = 0, n: int = 3) -> Question:
    return Question(qid, "single", (step,), "Which?",
                    tuple(Option(f"option {i}", f"why {i}", correct=i == key) for i in range(n)))


def multiple(qid: str = "m") -> Question:
    return Question(qid, "multiple", ("a",), "Which TWO?",
                    tuple(Option(f"m{i}", "why", correct=i < 2) for i in range(4)))


def order(qid: str = "o", n: int = 4) -> Question:
    return Question(qid, "order", ("b",), "Order",
                    tuple(Option(f"item {i}", "why") for i in range(n)), explanation="E")


def match(qid: str = "p") -> Question:
    return Question(qid, "match", ("c",), "Match",
                    pairs=(Pair("one", "A", "w"), Pair("two", "B", "w"), Pair("three", "C", "w")),
                    distractors=("D",), explanation="E")


def bank(per_step: int = 5) -> QuestionBank:
    qs = [single(f"{s}{i}", s, key=i % 3, n=3 + i % 2) for s in STEPS for i in range(per_step)]
    return QuestionBank("ch", "T", tuple(qs), (Topic("t", "Tee"),))


# -- sampling -------------------------------------------------------------------------------

def test_sampling_is_deterministic_for_a_seed():
    b = bank()
    assert sample_chapter(b, STEPS, 10, seed=42) == sample_chapter(b, STEPS, 10, seed=42)
    assert arrange(list(b.questions), 42) == arrange(list(b.questions), 42)


def test_different_seeds_give_different_quizzes():
    b = bank()
    quizzes = {tuple(sample_chapter(b, STEPS, 10, seed)) for seed in range(1, 21)}
    assert len(quizzes) > 15


def test_sampling_spreads_across_every_step():
    b = bank()
    for seed in range(1, 30):
        ids = sample_chapter(b, STEPS, 8, seed)
        assert len(ids) == len(set(ids)) == 8
        per_step = {s: sum(i.startswith(s) for i in ids) for s in STEPS}
        assert set(per_step.values()) == {2}, per_step


def test_sampling_more_than_the_bank_gives_the_whole_bank():
    b = bank(per_step=2)
    assert sorted(sample_chapter(b, STEPS, 50, seed=1)) == sorted(q.id for q in b.questions)


def test_shuffled_keeps_every_id():
    ids = [f"q{i}" for i in range(12)]
    assert sorted(shuffled(ids, 7)) == sorted(ids) and shuffled(ids, 7) != ids


def test_arrange_spreads_single_keys_evenly_within_an_attempt():
    questions = [single(f"q{i}", key=0, n=4) for i in range(12)]  # every key written first
    orders = arrange(questions, seed=5)
    positions = [order.index(0) for order in orders]
    assert sorted(positions.count(p) for p in range(4)) == [3, 3, 3, 3]


def test_arrange_never_shows_an_order_question_already_in_order():
    for seed in range(1, 200):
        (arranged,) = arrange([order(n=3)], seed)
        assert arranged != (0, 1, 2)


def test_key_position_spread_across_the_bank():
    spread = key_position_spread(bank(), attempts=100)
    assert set(spread) == {3, 4}
    for n, shares in spread.items():
        assert all(abs(share - 1 / n) < 0.08 for share in shares.values()), spread
    assert uneven_key_positions(bank()) == []


# -- scoring --------------------------------------------------------------------------------

def test_single_choice():
    q = single("s", key=1)
    assert credit(q, 1) == 1.0 and credit(q, 0) == 0.0


def test_multiple_select_gives_partial_credit():
    q = multiple()
    assert credit(q, [0, 1]) == 1.0
    assert credit(q, [0]) == 0.5
    assert credit(q, [0, 2]) == 0.0  # a wrong pick cancels a right one
    assert credit(q, [0, 1, 2]) == 0.5
    assert credit(q, [0, 1, 2, 3]) == 0.0  # ticking everything earns nothing
    assert credit(q, []) == 0.0


def test_order_gives_credit_for_each_pair_in_the_right_order():
    q = order(n=4)  # 6 pairs
    assert credit(q, [0, 1, 2, 3]) == 1.0
    assert credit(q, [1, 0, 2, 3]) == pytest.approx(5 / 6)
    assert credit(q, [3, 2, 1, 0]) == 0.0


def test_match_gives_credit_per_pair():
    q = match()
    answers = q.answers
    assert answers == ("A", "B", "C", "D")
    assert credit(q, [0, 1, 2]) == 1.0
    assert credit(q, [0, 2, 1]) == pytest.approx(1 / 3)
    assert credit(q, [3, 3, 3]) == 0.0


@pytest.mark.parametrize("q, response", [
    (single("s"), 7), (single("s"), [0]), (multiple(), [9]), (order(), [0, 0, 1, 2]),
    (match(), [0, 1]), (match(), [0, 1, 9]),
])
def test_a_response_that_does_not_fit_is_refused(q, response):
    with pytest.raises(BadResponse):
        credit(q, response)


def test_certainty_marks_table():
    """Gardner-Medwin: right 1 / 2 / 3, wrong 0 / -2 / -6."""
    assert {c: (certainty_mark(1.0, c), certainty_mark(0.0, c)) for c in (1, 2, 3)} == \
        {1: (1, 0), 2: (2, -2), 3: (3, -6)}
    assert CERTAINTY_MARKS == {1: (1, 0), 2: (2, -2), 3: (3, -6)}


def test_partial_credit_lies_between_the_right_and_wrong_marks():
    assert certainty_mark(0.5, 1) == 0.5
    assert certainty_mark(0.5, 2) == 0.0
    assert certainty_mark(0.5, 3) == -1.5


def test_without_certainty_the_mark_is_the_credit():
    marked = mark_answer(multiple(), [0], None)
    assert (marked.credit, marked.certainty, marked.mark, marked.right) == (0.5, None, 0.5, False)


@given(st.floats(0, 1), st.sampled_from([1, 2, 3]))
def test_being_more_sure_pays_only_when_right_often_enough(p, level):
    """The expected mark of each level is best exactly in its range of accuracy."""
    expected = {c: p * CERTAINTY_MARKS[c][0] + (1 - p) * CERTAINTY_MARKS[c][1] for c in (1, 2, 3)}
    best = max(expected, key=lambda c: (round(expected[c], 9), -c))
    low, high = {1: (0, 2 / 3), 2: (2 / 3, 0.8), 3: (0.8, 1)}[best]
    assert low - 1e-9 <= p <= high + 1e-9


# -- results --------------------------------------------------------------------------------

def m(qid: str, credit_: float, certainty: int | None = None) -> Marked:
    return Marked(qid, credit_, certainty,
                  certainty_mark(credit_, certainty) if certainty else credit_)


def test_score_and_certainty_score():
    s = score([m("a", 1, 3), m("b", 0, 3), m("c", 0.5, 1)])
    assert (s.answered, s.points, s.certainty_points, s.certainty_max) == (3, 1.5, -2.5, 9)
    assert s.percent == 50.0
    assert score([m("a", 1)]).certainty_points is None


@pytest.mark.parametrize("level, right, answers, verdict", [
    (3, 10, 10, "well judged"),
    (3, 7, 10, "a bit over-confident"),
    (3, 4, 10, "over-confident"),
    (2, 7, 10, "well judged"),
    (2, 9, 10, "a bit under-confident"),
    (1, 3, 3, "under-confident"),
    (1, 2, 2, "under-confident (only 2 answers)"),
    (3, 0, 1, "over-confident (only 1 answer)"),
    (1, 0, 5, "well judged"),
    (1, 0, 0, "not used"),
])
def test_calibration_verdicts(level, right, answers, verdict):
    assert CalibrationRow(level, answers, right).verdict == verdict


def test_calibration_counts_each_level():
    rows = calibration([m("a", 1, 3), m("b", 0, 3), m("c", 1, 1), m("d", 0.5, 2)])
    assert [(r.level, r.answers, r.right) for r in rows] == [(1, 1, 1), (2, 1, 0), (3, 2, 1)]
    assert rows[2].best_range == "above 80%" and rows[0].best_range == "below 67%"


def test_mastery_uses_the_latest_answer_to_each_question():
    b = bank(per_step=2)
    rows = mastery(b, STEPS, [m("a0", 0), m("a0", 1), m("a1", 0.5), m("b0", 0)])
    assert [(r.step_id, r.seen, r.total, r.level) for r in rows] == [
        ("a", 2, 2, 0.75), ("b", 1, 2, 0.0), ("c", 0, 2, 0.0), ("d", 0, 2, 0.0)]


def test_error_review_puts_the_worst_first():
    b = bank(per_step=3)
    answers = [m("a0", 0, 1), m("a0", 0, 1),  # wrong twice, unsure
               m("b0", 0, 3),  # wrong once, confidently
               m("c0", 0, 1),  # wrong once, unsure
               m("d0", 1, 3), m("d1", 0, 2), m("d1", 1, 2),  # right, then wrong then right
               m("gone", 0, 3)]  # no longer in the bank
    review = error_review(answers, b)
    assert [r.question_id for r in review] == ["a0", "b0", "d1", "c0"]
    assert review[0].wrong == 2 and review[1].confident_wrong == 1
    assert review[2].last_right
    assert len(error_review([m(f"a{i % 3}", 0) for i in range(60)], b, limit=2)) == 2


def test_check_warns_when_shuffled_keys_bunch_up(monkeypatch, capsys):
    """The engine spreads keys by construction; `check` verifies it on the real bank, and
    says so when an arrangement leaves them bunched (here: no shuffling at all)."""
    from conftest import FIXTURES
    from tui.cli import main
    from tui.quiz import sampling

    bank_file = FIXTURES / "quiz" / "ch03-small.yaml"  # its keys are mostly written first
    assert main(["check", str(bank_file)]) == 0
    assert "warning" not in capsys.readouterr().out
    monkeypatch.setattr(sampling, "arrange", lambda questions, seed: [
        tuple(range(len(q.answers if q.kind == "match" else q.options))) for q in questions])
    assert main(["check", str(bank_file)]) == 0  # a warning, not an error
    out = capsys.readouterr().out
    assert "warning: after shuffling, the correct option of" in out
    assert "vary where the key is written" in out
