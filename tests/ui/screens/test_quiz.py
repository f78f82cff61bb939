"""The quiz as a learner uses it, by keyboard: each question type, certainty, feedback, the
step review and back, results, history, the error review, resuming, and bad stores."""

from __future__ import annotations

import asyncio
import json
from io import StringIO
import time
from contextlib import asynccontextmanager
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from tui.content.loader import load_chapter
from tui.content.paths import default_chapter
from tui.content.quizload import load_quiz
from tui.quiz import review
from tui.quiz.scoring import mark_answer
from tui.quiz.session import Course
from tui.store.scores import DB_NAME, ScoreStore, StoredAnswer
from textual.widgets import OptionList

from tui.ui.app import DeckApp, QuizOptions
from tui.ui.quizrender import LETTERS
from tui.ui.screens.deck import DeckScreen, StepReviewScreen
from tui.ui.screens.quiz import QuestionScreen, QuizMenuScreen, ResumeScreen
from tui.ui.screens.results import ResultsScreen, ReviewScreen, ScoresScreen

from conftest import FIXTURES
from helpers import flat, notices, screen_text

SMALL_BANK = FIXTURES / "quiz" / "ch03-small.yaml"
SIZE = (80, 24)
# Steps of chapter 3 and the small bank's question for each.
TOPOLOGY, WHO_TO_ASK, TWO_RULES, SCALING_ORDER = 4, 2, 5, 7


@pytest.fixture(scope="module")
def course() -> Course:
    chapter = load_chapter(default_chapter())
    return Course(chapter, load_quiz(SMALL_BANK, chapter))


def quiz_app(course: Course, start: str = "quiz", take: str | None = None,
             certainty: bool = True, data_dir: Path | None = None, count: int = 10) -> DeckApp:
    return DeckApp(course.chapter, course=course, start=start, take=take,
                   quiz=QuizOptions(count=count, certainty=certainty, seed=7, data_dir=data_dir))


def question(app: DeckApp) -> QuestionScreen:
    assert isinstance(app.screen, QuestionScreen), app.screen
    return app.screen


def letter_of(app: DeckApp, index: int) -> str:
    """The key for the option written `index`-th in the file, as it is shown now."""
    return LETTERS[question(app).session.order.index(index)]


async def shows(pilot, app: DeckApp, needle: str) -> str:
    """The screen's words (see flat) once they include `needle`: a dialog may take a few
    frames to draw. The last text seen if they never do, for the assertion to report."""
    for _ in range(1200):  # only against a hang
        text = flat(screen_text(app))
        if needle in text:
            return text
        await pilot.pause(0.05)
    return text


def stored(data_dir: Path) -> list:
    return ScoreStore.open(data_dir).dump()


async def test_the_menu_offers_every_way_to_take_the_quiz(course, tmp_path):
    app = quiz_app(course, data_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, QuizMenuScreen)
        text = screen_text(app)
        for expected in ("Whole chapter  8 questions across all 8 steps",
                         "Step 4 — Team Topologies  (1)", "Topic: Choose the topology  (1)",
                         "Topic: Spot the team mistake  (1)", "Retake what I missed",
                         "Error review", "History and mastery"):
            assert expected in text, expected
        await pilot.press("enter")
        await pilot.pause()
        assert "Question 1 / 8" in screen_text(app)
        assert [q.id for q in question(app).session.questions] != [q.id for q in
                                                                    course.bank.questions]


async def test_single_choice_certainty_then_feedback(course, tmp_path):
    app = quiz_app(course, take=f"step:{TOPOLOGY}", data_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "Question 1 / 1" in text and "Step 4 — Team Topologies" in text
        assert "regional bank" in text
        await pilot.press(letter_of(app, 0))  # Central platform team: right
        await pilot.pause()
        assert "How sure are you?" in screen_text(app)
        assert question(app).session.results == {}  # nothing is kept before certainty
        await pilot.press("3")
        await pilot.pause()
        text = screen_text(app)
        assert "Right" in text and "mark +3" in text
        assert "Review: Step 4 — Team Topologies" in text
        assert "regulated, one governance path" in text  # the chosen option's explanation
    (attempt,) = stored(tmp_path)
    assert attempt["answers"][0]["certainty"] == 3 and attempt["answers"][0]["mark"] == 3.0


async def test_a_confident_wrong_answer_costs_six_and_explains_both(course, tmp_path):
    app = quiz_app(course, take=f"step:{TOPOLOGY}", data_dir=tmp_path)
    async with app.run_test(size=(80, 40)) as pilot:
        await pilot.pause()
        await pilot.press(letter_of(app, 2), "3")  # Hybrid model: wrong, very sure
        await pilot.pause()
        text = screen_text(app)
        assert "Wrong" in text and "mark -6" in text
        assert "(your answer)" in text and "(correct)" in text
        assert "with no platform yet the first move" in text  # why the choice is wrong
        assert "infrastructure too costly" in text  # why the key is right


async def test_arrows_and_enter_answer_too(course, tmp_path):
    app = quiz_app(course, take=f"step:{TOPOLOGY}", data_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        rows = question(app).session.order
        for _ in range(rows.index(0)):
            await pilot.press("down")
        await pilot.press("enter", "down", "enter")  # certainty starts at 2; down makes it 3
        await pilot.pause()
        assert question(app).session.results[0][1].right
        assert question(app).session.results[0][1].certainty == 3


async def test_escape_at_certainty_goes_back_to_change_the_answer(course, tmp_path):
    app = quiz_app(course, take=f"step:{TOPOLOGY}", data_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(letter_of(app, 1), "escape")
        await pilot.pause()
        assert "How sure" not in screen_text(app)
        await pilot.press(letter_of(app, 0), "1")
        await pilot.pause()
        assert question(app).session.results[0][0] == 0


async def test_multiple_select_gives_partial_credit(course, tmp_path):
    app = quiz_app(course, take=f"step:{TWO_RULES}", data_dir=tmp_path)
    async with app.run_test(size=(80, 40)) as pilot:
        await pilot.pause()
        assert "Choose 2" in screen_text(app)
        await pilot.press("enter")  # nothing ticked yet
        await pilot.pause()
        assert "How sure" not in screen_text(app)
        await pilot.press(letter_of(app, 0), letter_of(app, 3), letter_of(app, 3))  # untick
        await pilot.press("enter", "2")
        await pilot.pause()
        text = screen_text(app)
        assert "Partly right (50% credit)" in text and "mark +0" in text
        assert question(app).session.results[0][0] == [0]


async def test_ordering_by_keyboard(course, tmp_path):
    app = quiz_app(course, take=f"step:{SCALING_ORDER}", data_dir=tmp_path)
    async with app.run_test(size=(80, 40)) as pilot:
        await pilot.pause()
        screen = question(app)
        shown = list(screen.answer.arranged)
        assert shown != [0, 1, 2]
        # Put the items right: for each place, pick up the item that belongs there and carry it.
        for place in range(3):
            at = screen.answer.arranged.index(place)
            steps = at - screen.answer.cursor
            await pilot.press(*(["down"] * steps if steps > 0 else ["up"] * -steps))
            await pilot.press("space", *(["up"] * (at - place)), "space")
        assert screen.answer.arranged == [0, 1, 2]
        await pilot.press("enter", "1")
        await pilot.pause()
        assert "Right" in screen_text(app)
        assert "Exploration, then product-market fit" in screen_text(app)


async def test_ordering_with_shift_arrows_and_partial_credit(course, tmp_path):
    app = quiz_app(course, take=f"step:{SCALING_ORDER}", data_dir=tmp_path, certainty=False)
    async with app.run_test(size=(80, 40)) as pilot:
        await pilot.pause()
        screen = question(app)
        before = list(screen.answer.arranged)
        await pilot.press("shift+down")
        assert screen.answer.arranged == [before[1], before[0], before[2]] and screen.answer.cursor == 1
        await pilot.press("enter")
        await pilot.pause()
        (response, marked) = screen.session.results[0]
        assert response == screen.answer.arranged
        assert "The right order:" in screen_text(app)


async def test_matching_by_keyboard(course, tmp_path):
    app = quiz_app(course, take=f"step:{WHO_TO_ASK}", data_dir=tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        screen = question(app)
        answers = course.bank.question("who-to-ask").answers
        assert "Answers:" in screen_text(app)

        def key_for(answer: str) -> str:
            return LETTERS[screen.session.order.index(answers.index(answer))]

        await pilot.press(key_for("Data Engineer"), key_for("Software Engineer"))
        await pilot.press("enter")  # the third line has no answer yet
        await pilot.pause()
        assert "How sure" not in screen_text(app) and screen.answer.cursor == 2
        await pilot.press(key_for("UX Designer"))  # wrong: the distractor
        await pilot.press("enter", "2")
        await pilot.pause()
        text = screen_text(app)
        assert "Partly right (67% credit)" in text and "you said UX Designer" in text
        await pilot.press("q")


async def test_without_certainty_feedback_comes_at_once(course, tmp_path):
    app = quiz_app(course, take=f"step:{TOPOLOGY}", data_dir=tmp_path, certainty=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(letter_of(app, 0))
        await pilot.pause()
        text = screen_text(app)
        assert "How sure" not in text and "Right" in text and "mark" not in text
    assert stored(tmp_path)[0]["answers"][0]["certainty"] is None


async def review_the_step(app, pilot) -> None:
    """A wrong answer to the first question on Team Topologies, then v: its step opens."""
    await pilot.pause()
    await pilot.press(letter_of(app, 1), "2", "v")
    await pilot.pause()
    assert isinstance(app.screen, StepReviewScreen)


async def test_review_the_step_in_the_deck_and_come_back(course, tmp_path):
    app = quiz_app(course, take=f"step:{TOPOLOGY}", data_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await review_the_step(app, pilot)
        text = screen_text(app)
        assert "Step 4 / 8" in text and "Team Topologies" in text and "Back to the quiz" in text
        await pilot.press("right")  # the whole deck works while reviewing
        await pilot.pause()
        assert "Step 5 / 8" in screen_text(app)
        await pilot.press("q")
        await pilot.pause()
        screen = question(app)
        assert screen.phase == "feedback" and "Wrong" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)


async def test_the_talk_clock_shows_in_a_step_opened_from_the_quiz(course, tmp_path):
    app = quiz_app(course, take=f"step:{TOPOLOGY}", data_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await review_the_step(app, pilot)
        assert "◷" not in screen_text(app)
        await pilot.press("T")
        await pilot.pause()
        assert "◷ 0:0" in screen_text(app)
        await pilot.press("T")
        await pilot.pause()
        assert "◷" not in screen_text(app)


async def test_results_then_retake_the_misses(course, tmp_path):
    app = quiz_app(course, take="chapter", data_dir=tmp_path, count=3)
    async with app.run_test(size=(100, 50)) as pilot:
        await pilot.pause()
        for _ in range(3):
            q = question(app).session.question
            # Every answer wrong, with certainty 1.
            if q.kind == "single":
                await pilot.press(letter_of(app, q.options.index(
                    next(o for o in q.options if not o.correct))), "1")
            elif q.kind == "multiple":
                await pilot.press(letter_of(app, q.options.index(
                    next(o for o in q.options if not o.correct))), "enter", "1")
            elif q.kind == "order":
                await pilot.press("enter", "1")
            else:
                await pilot.press(*["a"] * len(q.pairs), "enter", "1")
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()
        assert isinstance(app.screen, ResultsScreen)
        text = screen_text(app)
        assert "Results — Whole chapter, 3 questions" in text
        assert "Certainty score" in text and "How well you judged your certainty" in text
        assert "Mastery per step" in text and "What you missed" in text
        missed = len(app.screen.session.misses())
        assert missed >= 2
        await pilot.press("r")
        await pilot.pause()
        assert f"Question 1 / {missed}" in screen_text(app)
        assert question(app).session.attempt.kind == "missed"


async def take_topology_question(course, data_dir: Path, option: int, certainty: str) -> None:
    """One finished attempt: the topology question answered with `option` (file order)."""
    app = quiz_app(course, take=f"step:{TOPOLOGY}", data_dir=data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press(letter_of(app, option), certainty, "enter")
        await pilot.pause()


async def test_history_and_mastery(course, tmp_path):
    await take_topology_question(course, tmp_path, 0, "3")
    app = quiz_app(course, start="scores", data_dir=tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ScoresScreen)
        text = screen_text(app)
        assert "Step 4 — Team Topologies" in text and "1/1" in text and "100%" in text
        assert "Trend" in text and "+3" in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, QuizMenuScreen)


async def test_error_review_lists_misses_and_retakes_them(course, tmp_path):
    for certainty in ("1", "3"):
        await take_topology_question(course, tmp_path, 2, certainty)
    app = quiz_app(course, start="review", data_dir=tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        text = screen_text(app)
        assert "regional bank" in text and "wrong 2 of 2" in text and "1 confidently" in text
        assert "Answer: Central platform team" in text
        await pilot.press("enter")
        await pilot.pause()
        assert "Question 1 / 1" in screen_text(app)
        assert question(app).session.attempt.kind == "review"


async def test_leaving_then_resuming_asks_the_rest_in_the_same_order(course, tmp_path):
    app = quiz_app(course, take="chapter", data_dir=tmp_path, count=4)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        asked = [q.id for q in question(app).session.questions]
        await pilot.press("escape")  # leave at question 1 with nothing answered
        await pilot.pause()
        assert isinstance(app.screen, QuizMenuScreen)
        assert "Resume: Whole chapter — 0 of 4 answered" in screen_text(app)
    # A new run (the terminal was closed): the quiz offers to resume.
    app = quiz_app(course, data_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ResumeScreen)
        assert "0 of 4 questions answered" in app.screen.description
        assert "An unfinished quiz is waiting" in await shows(pilot, app, "unfinished quiz")
        await pilot.press("r")
        await pilot.pause()
        assert [q.id for q in question(app).session.questions] == asked
        assert "Question 1 / 4" in screen_text(app)


def offered_an_old_try(course: Course, data_dir: Path,
                       questions: tuple[str, ...] = ("bank-topology",)) -> DeckApp:
    """A quiz app over a score file holding an attempt cut off before any answer."""
    store = ScoreStore.open(data_dir)
    store.start(course.quiz_id, "chapter", "Old try", 5, list(questions), True)
    store.close()
    return quiz_app(course, data_dir=data_dir)


async def test_an_attempt_whose_questions_left_the_bank_is_set_aside(course, tmp_path):
    """Resumed, it finished at once as 'Whole chapter, 0 questions, 0/0' in the history."""
    app = offered_an_old_try(course, tmp_path, ("gone-one", "gone-two"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, QuizMenuScreen)
        (told,) = notifications(app, "was set aside")
        assert "none of its questions is in the question bank any more" in told
        assert "Resume:" not in screen_text(app)
    (attempt,) = stored(tmp_path)
    assert attempt["status"] == "discarded" and attempt["label"] == "Old try"


async def test_resuming_says_how_many_questions_left_the_bank(course, tmp_path):
    app = offered_an_old_try(course, tmp_path, ("gone", "bank-topology"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ResumeScreen)
        assert app.screen.description.endswith(
            "0 of 1 questions answered. 1 of its questions are no longer in the question "
            "bank and are skipped.")
        await pilot.press("r")
        await pilot.pause()
        assert "Question 1 / 1" in screen_text(app)


async def test_an_attempt_taken_up_in_another_terminal_is_not_resumed_twice(course, tmp_path):
    """Both terminals offered the same cut-off attempt; the other one resumed it first:
    here Resume says so and the quiz is not opened a second time."""
    app = offered_an_old_try(course, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ResumeScreen)
        elsewhere = ScoreStore.open(tmp_path)
        elsewhere.adopt(elsewhere.unfinished(course.quiz_id))
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, QuizMenuScreen)
        messages = notices(app)
        assert any("open in another chapterdeck" in m for m in messages), messages
        assert "Resume:" not in screen_text(app)
        elsewhere.close()


@pytest.mark.parametrize("take", ["chapter", f"step:{TOPOLOGY}", "topic:topologies", "missed",
                                  "review"])
async def test_every_direct_start_offers_the_unfinished_attempt_first(course, tmp_path, take):
    """`chapterdeck quiz --topic topologies` (or --chapter, --step, --missed, --review) with
    an attempt cut off: the offer to resume comes first, and r resumes it."""
    app = offered_an_old_try(course, tmp_path)
    app.take = take
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ResumeScreen)
        await pilot.press("r")
        await pilot.pause()
        assert question(app).session.attempt.label == "Old try"


async def test_a_direct_start_goes_on_when_the_offer_is_put_off(course, tmp_path):
    app = offered_an_old_try(course, tmp_path)
    app.take = "topic:topologies"
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert question(app).session.attempt.kind == "topic"


async def test_space_after_the_deck_offers_the_unfinished_attempt(course, tmp_path):
    offered_an_old_try(course, tmp_path)
    async with past_the_last_step(course, tmp_path) as (app, pilot):
        assert isinstance(app.screen, ResumeScreen)


@asynccontextmanager
async def past_the_last_step(course: Course, data_dir: Path):
    """The deck at step 8 after Right: the quiz menu, or what is offered over it."""
    app = DeckApp(course.chapter, start_step=8, course=lambda: (course, ""),
                  quiz=QuizOptions(data_dir=data_dir))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("right")
        await pilot.pause()
        yield app, pilot


async def test_discarding_an_unfinished_quiz(course, tmp_path):
    app = offered_an_old_try(course, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ResumeScreen)
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, QuizMenuScreen)
        assert "Resume" not in screen_text(app)
    assert stored(tmp_path)[0]["status"] == "discarded"


# -- spaced review -------------------------------------------------------------------------

REVIEW_NOW = datetime(2026, 11, 20, 9, 0, tzinfo=timezone.utc)


@pytest.fixture
def fixed_clock(monkeypatch):
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    monkeypatch.setattr(review, "clock", lambda: REVIEW_NOW)
    yield REVIEW_NOW
    monkeypatch.undo()
    time.tzset()


def met_before(course: Course, data_dir: Path, days: dict[str, int], right: set[str]) -> None:
    """Each question of `days` answered that many days before the clock, at certainty 2:
    right if in `right`, else wrong."""
    store = ScoreStore.open(data_dir)
    for qid, ago in days.items():
        q = course.bank.question(qid)
        response = q.correct[0] if qid in right else \
            next(i for i, o in enumerate(q.options) if not o.correct)
        at = review.stamp(REVIEW_NOW - timedelta(days=ago))
        attempt = store.start(course.quiz_id, "step", qid, 1, [qid], True)
        marked = mark_answer(q, response, 2)
        stored_answer = StoredAnswer(0, qid, response, 2, marked.credit, marked.mark, at, 9.0)
        store.record(attempt, stored_answer,
                     lambda previous, history: review.next_card(previous, stored_answer,
                                                                history))
        store.finish(attempt)
    store.close()


async def test_the_menu_offers_what_is_due_and_takes_it_most_overdue_first(course, tmp_path,
                                                                          fixed_clock):
    # Wrong 5 and 2 days ago: both due; right yesterday: due tomorrow.
    met_before(course, tmp_path, {"bank-topology": 2, "startup-scrapers": 5, "golden-set": 1},
               right={"golden-set"})
    app = quiz_app(course, data_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "Due for review  (2)  most overdue first" in screen_text(app)
        menu = app.screen.query_one(OptionList)
        for _ in range(menu.get_option_index("due")):
            await pilot.press("down")
        await pilot.press("enter")
        await pilot.pause()
        session = question(app).session
        assert [q.id for q in session.questions] == ["startup-scrapers", "bank-topology"]
        assert session.attempt.kind == "due" and "Question 1 / 2" in screen_text(app)
        store = ScoreStore.open(tmp_path)
        assert [q.id for q in session.questions] == course.due(store)  # what the menu counted


async def test_quiz_due_starts_at_once_and_answers_move_the_schedule(course, tmp_path,
                                                                    fixed_clock):
    met_before(course, tmp_path, {"bank-topology": 3}, right=set())
    app = quiz_app(course, take="due", data_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "Question 1 / 1" in screen_text(app) and "regional bank" in screen_text(app)
        await pilot.press(letter_of(app, 0), "3", "enter")  # right, very sure
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, QuizMenuScreen)
        text = screen_text(app)
        assert "Due for review  (0): nothing due now; next on 2026-11-" in text
    due = course.due_times(ScoreStore.open(tmp_path))["bank-topology"]
    assert due > REVIEW_NOW + timedelta(days=1)


async def test_with_nothing_met_the_menu_says_so_and_due_is_a_message(course, tmp_path,
                                                                     fixed_clock):
    app = quiz_app(course, take="due", data_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, QuizMenuScreen)
        messages = notices(app)
        assert any(m.startswith("Nothing is due for review now") for m in messages), messages
        assert "Due for review (0): none yet; questions you answer come back here when due" \
            in flat(screen_text(app))
        menu = app.screen.query_one(OptionList)
        assert menu.get_option("due").disabled


async def test_the_scores_page_counts_what_is_due(course, tmp_path, fixed_clock):
    met_before(course, tmp_path, {"bank-topology": 2, "golden-set": 1}, right={"golden-set"})
    app = quiz_app(course, start="scores", data_dir=tmp_path)
    async with app.run_test(size=(100, 60)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "Due for review" in text and "Today" in text and "Next 7 days" in text
        assert "In all: 1 due today, 1 more in the next 7 days." in flat(text)


async def test_the_deck_leads_into_the_quiz_and_back(course, tmp_path):
    async with past_the_last_step(course, tmp_path) as (app, pilot):
        assert isinstance(app.screen, QuizMenuScreen)
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, DeckScreen) and app.screen.step == 8
        await pilot.press("right")
        await pilot.pause()
        assert isinstance(app.screen, QuizMenuScreen)


async def test_a_broken_quiz_bank_is_a_message_in_the_deck(course):
    problem = "chapterdeck cannot use the quiz q.yaml:\nq.yaml:3:1: something is wrong"
    app = DeckApp(course.chapter, start_step=8, course=lambda: (None, problem))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("right")
        await pilot.pause()
        assert "q.yaml:3:1: something is wrong" in await shows(pilot, app, "q.yaml")


async def test_an_unwritable_data_folder_warns_and_keeps_answers_for_the_exit(course, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    app = quiz_app(course, take=f"step:{TOPOLOGY}", data_dir=blocker / "data")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press(letter_of(app, 0), "2", "enter")
        await pilot.pause()
        assert "not saved" in screen_text(app)
    (attempt,) = app.unsaved_answers()
    assert attempt["answers"][0]["question"] == "bank-topology"
    assert json.loads(json.dumps(attempt))["status"] == "finished"


def notifications(app: DeckApp, text: str) -> list[str]:
    return [message for message in notices(app) if text in message]


async def test_leaving_says_truly_whether_the_answers_are_saved(course, tmp_path):
    """With an unwritable folder, leaving said 'they are saved'."""
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    app = quiz_app(course, take="chapter", data_dir=blocker / "data", count=4)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, QuizMenuScreen)
        assert not notifications(app, "they are saved")
        assert notifications(app, "not saved in a score file")


async def test_a_full_disk_is_told_once_not_on_every_answer(course, tmp_path):
    """The score file fails under the quiz (a full disk, say): one toast, not one per
    answer; leaving says the answers are not saved."""
    import sqlite3

    app = quiz_app(course, take="chapter", data_dir=tmp_path, count=4, certainty=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        class FullDisk:  # the store's connection, where every write fails from now on
            def __init__(self, conn) -> None:
                self.conn = conn

            def execute(self, sql: str, *args):
                if sql.split()[0].upper() in ("BEGIN", "INSERT", "UPDATE"):
                    raise sqlite3.OperationalError("database or disk is full")
                return self.conn.execute(sql, *args)

            def __getattr__(self, name: str):
                return getattr(self.conn, name)

        app.store.conn = FullDisk(app.store.conn)
        for number in (1, 2, 3):
            screen = question(app)
            q = screen.session.question
            if q.kind == "single":
                await pilot.press(letter_of(app, 0))
            else:
                await pilot.press("a", "a", "a", "enter") if q.kind == "match" else \
                    await pilot.press("a", "enter") if q.kind == "multiple" else \
                    await pilot.press("enter")
            await pilot.pause()
            assert f"Question {number} / 4" in screen_text(app)
            await pilot.press("enter")
            await pilot.pause()
        assert len(notifications(app, "disk is full")) == 1
        await pilot.press("q")
        await pilot.pause()
        assert not notifications(app, "they are saved")
        assert notifications(app, "not saved in a score file")


async def test_a_corrupt_score_file_is_reported_on_screen(course, tmp_path):
    (tmp_path / DB_NAME).write_text("garbage " * 100)
    app = quiz_app(course, data_dir=tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        text = await shows(pilot, app, "moved aside")
        assert "could not be read" in text and "moved aside" in text
    assert app.unsaved_answers() == []


async def test_help_lists_the_quiz_keys(course, tmp_path):
    app = quiz_app(course, take=f"step:{TOPOLOGY}", data_dir=tmp_path)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        text = screen_text(app)
        assert "a-f" in text and "1-6" in text
        assert "open the step that teaches it" in text
        assert "Leave the quiz" in text
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press(letter_of(app, 0), "2")  # answered: the feedback
        await pilot.pause()
        assert "Review: Step" in screen_text(app)
        await pilot.press("question_mark")
        await pilot.pause()
        text = screen_text(app)
        # The answer's own keys do nothing now: not listed; the screen's are.
        assert "a-f" not in text and "Choose an option by its letter" not in text
        assert "open the step that teaches it" in text and "Leave the quiz" in text


async def test_a_terminal_too_small_for_the_quiz_says_so_and_recovers(course, tmp_path):
    app = quiz_app(course, take=f"step:{TOPOLOGY}", data_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.resize_terminal(40, 12)
        await pilot.pause()
        text = flat(screen_text(app))
        assert "too small for the quiz" in text and "it is 40x12 now" in text
        assert "regional bank" not in text
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        text = screen_text(app)
        assert "too small" not in text and "regional bank" in text


def test_answers_that_could_not_be_saved_are_printed_as_json_on_exit(capsys):
    from tui.cli import _run

    class Finished:  # an app that has run and kept answers it could not save
        return_code = 0

        def run(self) -> None:
            pass

        def unsaved_answers(self) -> list:
            return [{"id": 1, "answers": [{"question": "bank-topology", "mark": 3.0}]}]

    assert _run(Finished()) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)[0]["answers"][0]["question"] == "bank-topology"
    assert "could not be saved" in err


@pytest.mark.parametrize("take, keys", [
    (f"step:{SCALING_ORDER}", ["space", "down", "enter", "2"]),
    (f"step:{TWO_RULES}", ["a", "enter", "3"]),
    (f"step:{WHO_TO_ASK}", ["a", "b", "c", "enter", "1"]),
])
async def test_ascii_draws_every_quiz_screen_in_plain_ascii(course, tmp_path, take, keys):
    app = DeckApp(course.chapter, ascii_only=True, course=course, start="quiz", take=take,
                  quiz=QuizOptions(data_dir=tmp_path, seed=3))
    async with app.run_test(size=(80, 30)) as pilot:
        await pilot.pause()
        seen = screen_text(app)
        await pilot.press(*keys)
        await pilot.pause()
        seen += screen_text(app)
        await pilot.press("enter")  # the results
        await pilot.pause()
        seen += screen_text(app)
        assert isinstance(app.screen, ResultsScreen)
        assert {c for c in seen if ord(c) > 127} == set()


async def test_ascii_draws_the_menu_with_a_quiz_to_resume_in_plain_ascii(course, tmp_path):
    offered_an_old_try(course, tmp_path)
    app = DeckApp(course.chapter, ascii_only=True, course=course, start="quiz",
                  quiz=QuizOptions(data_dir=tmp_path, seed=3))
    async with app.run_test(size=(80, 30)) as pilot:
        await pilot.pause()
        await pilot.press("l")  # the offer: later; the menu has a line to resume it
        await pilot.pause()
        seen = screen_text(app)
        assert "Resume: Old try -- 0 of 1 answered" in seen
        assert {c for c in seen if ord(c) > 127} == set()


# -- what the quiz screens say at 80x24 (issue 9, item 21) -----------------------------------


async def test_a_fresh_menu_says_there_is_nothing_to_retake_yet(course, tmp_path):
    app = quiz_app(course, data_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "last time  (0)" not in text and "the 0 I" not in text
        assert "Retake what I missed last time  (no quiz finished yet)" in text
        assert "Error review: the ones I get wrong most  (nothing wrong yet)" in text


async def test_the_match_keys_say_choose_then_answer(course, tmp_path):
    app = quiz_app(course, take=f"step:{WHO_TO_ASK}", data_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        keys = screen_text(app).splitlines()[-1]
        assert "Choose" in keys and keys.count("Answer") == 1, keys


@pytest.mark.parametrize("ticks, expected", [
    ((0, 2), ["Wrong", "1 of 2 right ticks and 1 wrong tick",
              "each wrong tick cancels a right one"]),
    ((0,), ["Partly right (50% credit)", "1 of 2 right ticks, so 50% credit",
            "partial credit earns a mark between"]),
], ids=["right-and-wrong", "half"])
async def test_a_multiple_select_not_wholly_right_says_how_it_was_counted(course, tmp_path,
                                                                         ticks, expected):
    app = quiz_app(course, take=f"step:{TWO_RULES}", data_dir=tmp_path)
    async with app.run_test(size=(80, 40)) as pilot:
        await pilot.pause()
        await pilot.press(*[letter_of(app, tick) for tick in ticks], "enter", "2")
        await pilot.pause()
        text = flat(screen_text(app))
        for words in expected:
            assert words in text, words


async def test_ordering_feedback_starts_on_a_whole_line_and_its_lines_align(course, tmp_path):
    app = quiz_app(course, take=f"step:{SCALING_ORDER}", data_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter", "2")
        await pilot.pause()
        lines = screen_text(app).splitlines()
        below_header = next(line for line in lines[1:] if line.strip())
        assert below_header.strip().startswith(("✔", "✘", "◐")), below_header
        # Every line of the feedback starts at the left margin with a mark or is indented
        # under the text beside its mark: none wraps back under the mark.
        start = next(i for i, line in enumerate(lines) if "The right order:" in line)
        items = lines[start + 1:]
        items = items[:next(i for i, line in enumerate(items) if not line.strip())]
        assert len(items) > 3
        for line in items:
            if not line.strip().startswith(("✔", "✘", "◐")):
                assert line.startswith(" " * 7), line


@pytest.mark.parametrize("width", [76, 60, 50])
def test_the_results_header_breaks_between_figures_never_inside_one(course, width):
    from io import StringIO

    from rich.console import Console

    from tui.quiz.results import Score
    from tui.ui.quizrender import QuizRenderer
    from tui.ui.render import Renderer

    line = QuizRenderer(Renderer(), course).score_line(Score(10, 6.33, -12.67, 30), 47.0)
    out = StringIO()
    Console(file=out, width=width, color_system=None).print(line)
    lines = out.getvalue().splitlines()
    for figure in ("Score 6.33 / 10  (63%)", "Certainty score -12.67 of 30 (-1.3 a question)",
                   "Time 47s"):
        assert any(figure in row for row in lines), (figure, lines)


async def test_a_bank_of_one_question_says_one_scenario_question(tmp_path):
    chapter = load_chapter(default_chapter())
    text = SMALL_BANK.read_text(encoding="utf-8")
    one = tmp_path / "one.yaml"
    one.write_text(text[:text.index("- id: startup-scrapers")], encoding="utf-8")
    course = Course(chapter, load_quiz(one, chapter))
    app = quiz_app(course, data_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "1 scenario question." in screen_text(app)


def test_a_chapter_with_no_id_and_a_folder_for_a_bank_are_said_plainly(tmp_path):
    from tui.quiz.course import find_course
    from tui.content.loader import check_text

    from helpers import SMALL_CHAPTER

    chapter, _ = check_text(SMALL_CHAPTER, "small.yaml")
    assert not chapter.id
    course, reason = find_course(chapter, tmp_path / "small.yaml", None)
    assert course is None and "''" not in reason
    assert "has no id" in reason and "--quiz FILE" in reason
    course, reason = find_course(load_chapter(default_chapter()), default_chapter(), tmp_path)
    assert course is None
    assert "chapter file" not in reason and "folder" in reason


def drawn(answer) -> str:
    """An answer widget's choices as it draws them now, styles and all."""
    from rich.console import Console

    console = Console(width=76, color_system="truecolor", force_terminal=True, record=True,
                      file=StringIO())
    console.print(answer.body())
    return console.export_text(styles=True)


@pytest.mark.parametrize("question_id, step, keys, response", [
    ("two-rules", TWO_RULES, ["a", "c", "enter", "2"], lambda o: sorted([o[0], o[2]])),
    ("scaling-order", SCALING_ORDER, ["space", "down", "space", "enter", "2"],
     lambda o: [o[1], o[0], o[2]]),
    ("who-to-ask", WHO_TO_ASK, ["b", "a", "c", "enter", "2"], lambda o: [o[1], o[0], o[2]]),
], ids=["multiple", "order", "match"])
async def test_the_next_question_of_the_same_type_starts_afresh(tmp_path, question_id, step,
                                                               keys, response):
    """Two questions of one type in a row: the second starts with nothing ticked, paired or
    moved, the cursor on its first row, and the same keys answer it as they did the first."""
    chapter = load_chapter(default_chapter())
    text = SMALL_BANK.read_text(encoding="utf-8")
    start = text.index(f"- id: {question_id}\n")
    end = text.find("\n- id: ", start + 1)
    copy = text[start:end if end >= 0 else len(text)].rstrip("\n") + "\n"
    twice = tmp_path / "twice.yaml"
    twice.write_text(text.rstrip("\n") + "\n" + copy.replace(
        f"- id: {question_id}\n", f"- id: {question_id}-again\n"), encoding="utf-8")
    course = Course(chapter, load_quiz(twice, chapter))
    app = quiz_app(course, take=f"step:{step}", data_dir=tmp_path / "data")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        screen = question(app)
        session, orders = screen.session, [screen.session.order]
        await pilot.press(*keys, "enter")
        await pilot.pause()
        assert "Question 2 / 2" in screen_text(app)
        orders.append(session.order)
        answer = screen.answer
        fresh = type(answer)(session.question, session.order, app.quiz_renderer)
        assert drawn(answer) == drawn(fresh)
        await pilot.press(*keys)
        await pilot.pause()
        assert "Review: Step" in screen_text(app)
        assert [session.results[n][0] for n in (0, 1)] == [response(o) for o in orders]


def any_response(q):
    """An answer that fits question `q`, right or not."""
    return {"single": 0, "multiple": [0, 1], "order": list(range(len(q.options))),
            "match": [0] * len(q.pairs)}[q.kind]


async def test_keys_while_the_next_question_is_mounted_do_not_answer_it(course, tmp_path):
    """Space, Space typed while the next question's widget (of another type) was being
    mounted took the last question's answer, still in the old widget, as the new one's and
    marked it against the new question: BadResponse, and the quiz crashed."""
    app = quiz_app(course, take="chapter", data_dir=tmp_path, count=8)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = question(app)
        session = screen.session
        while True:  # answer until the next question is of another type
            screen.answer.give(any_response(session.question))
            screen.settle()
            screen.give_certainty(2)
            if session.questions[session.position + 1].kind != session.question.kind:
                break
            await screen.next_question()
        answered = dict(session.results)
        loading = asyncio.ensure_future(screen.next_question())
        await asyncio.sleep(0)  # it runs to its first await: the old widget's removal
        assert not loading.done()
        await screen.action_space()  # before the fix: the old answer, taken as given
        await screen.action_space()  # and marked with certainty 2 against the new question
        await loading
        await pilot.pause()
        assert session.results == answered
        assert screen.phase == "answer" and screen.response is None
        assert screen.answer.question is session.question and screen.answer.given is None


async def answer_and_go_on(screen) -> None:
    """Answer the question asked, say how sure, and press Enter."""
    screen.answer.give(any_response(screen.session.question))
    screen.settle()
    screen.give_certainty(2)
    await screen.action_enter()


async def test_keys_typed_twice_before_the_app_acts_open_one_page(course, tmp_path):
    """Enter, Enter after the last answer, and d, d on the results, each post their message
    twice before the app handles the first: one results page, the attempt finished once,
    and the second 'back to the deck' no longer pops the deck itself (ScreenStackError: a
    crash, found by random keys in a pty)."""
    app = quiz_app(course, take="chapter", data_dir=tmp_path, count=1)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = question(app)
        await answer_and_go_on(screen)
        await screen.action_enter()  # before the app has handled the first
        await pilot.pause()
        results = app.screen
        assert isinstance(results, ResultsScreen)
        await pilot.pause()
        assert app.screen is results and len(stored(tmp_path)) == 1
        results.action_deck()
        results.action_deck()
        await pilot.pause()
        assert isinstance(app.screen, DeckScreen) and app.is_running


async def test_keys_typed_after_the_last_enter_before_the_results_do_nothing(course, tmp_path):
    """v (review the step), Esc, Space and the answer keys typed after the last answer's
    Enter, before the results page is up, asked the finished attempt for its question
    (IndexError: a crash, found by random keys in a pty)."""
    app = quiz_app(course, take="chapter", data_dir=tmp_path, count=1)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = question(app)
        await answer_and_go_on(screen)  # the last answer: the results are coming
        assert screen.session.done
        screen.action_review_step()
        screen.settle()
        screen.action_back()
        await screen.action_space()
        await screen.action_enter()
        await pilot.pause()
        assert isinstance(app.screen, ResultsScreen) and app.is_running
        assert len(stored(tmp_path)) == 1


async def test_a_quiz_start_goes_to_the_deck_and_back_to_the_quiz(course, tmp_path):
    """Started at the quiz, d opens the deck and the deck's last step leads back to the
    menu (this crashed: Textual cannot switch back to its default mode)."""
    app = quiz_app(course, data_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, QuizMenuScreen)
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, DeckScreen)
        await pilot.press("end", "right")
        await pilot.pause()
        assert isinstance(app.screen, QuizMenuScreen) and app.is_running
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, DeckScreen)


async def test_enter_pressed_again_on_an_unfinished_answer_warns_once(course, tmp_path):
    """Each Enter with nothing ticked stacked one more copy of the same toast."""
    now = [100.0]
    app = DeckApp(course.chapter, course=course, start="quiz", take=f"step:{TWO_RULES}",
                  quiz=QuizOptions(data_dir=tmp_path, seed=7, clock=lambda: now[0]))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("enter", "enter", "enter")
        await pilot.pause()
        assert len(notifications(app, "Tick at least one option first")) == 1
        now[0] += 5  # the toast has gone: say it again
        await pilot.press("enter")
        await pilot.pause()
        assert len(notifications(app, "Tick at least one option first")) == 2
