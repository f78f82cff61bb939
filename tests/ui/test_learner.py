"""Pilot tests of a learner's deck under `chapterdeck serve`: following the presenter, looking
back, catching up, the hint, and where the learner is, as the class server hears it."""

from __future__ import annotations

import pytest

from tui.quiz.course import find_course
from tui.content.model import Chapter
from tui.content.paths import default_chapter
from tui.ui.learner import FollowHint, LearnerApp
from tui.ui.screens.deck import DeckScreen

from helpers import screen_text, until

SIZES = pytest.mark.parametrize("size", [(80, 24), (60, 20)], ids=lambda s: f"{s[0]}x{s[1]}")


class Sent(list):
    """Stands in for the deck's link: what the deck would tell the class server."""

    followers = 1

    def send(self, message: dict) -> None:
        self.append(message)

    async def stop(self) -> None:
        pass


def learner(chapter: Chapter, **options) -> LearnerApp:
    course, _ = find_course(chapter, default_chapter(), None)
    return LearnerApp(chapter, link=False, follow=True, course=course, **options)


async def started(app: LearnerApp, pilot) -> DeckScreen:
    await until(pilot, lambda: app.screen.query(FollowHint))
    app.presenter.link = Sent()
    return app.presenter.deck


def presenter_on(app: LearnerApp, step: int | None) -> None:
    app.link_message({"type": "presenter", "step": step})


def hint(app: LearnerApp) -> str:
    widget = app.screen.query_one(FollowHint)
    return str(widget.render()) if widget.display else ""


@SIZES
async def test_a_following_deck_moves_with_the_presenter(chapter: Chapter, size):
    app = learner(chapter)
    async with app.run_test(size=size) as pilot:
        deck = await started(app, pilot)
        presenter_on(app, 3)
        await pilot.pause()
        assert deck.step == 3 and app.following
        assert "Step 3 / 8" in screen_text(app)
        assert hint(app) == ""


async def test_looking_back_is_not_pulled_away_and_f_catches_up(chapter: Chapter):
    app = learner(chapter)
    async with app.run_test(size=(80, 24)) as pilot:
        deck = await started(app, pilot)
        presenter_on(app, 4)
        await pilot.pause()
        await pilot.press("left")
        await pilot.pause()
        assert deck.step == 3 and not app.following
        assert "Presenter on step 4 — f to catch up" in hint(app)
        presenter_on(app, 5)
        await pilot.pause()
        assert deck.step == 3  # still looking back
        assert "Presenter on step 5 — f to catch up" in screen_text(app)
        await pilot.press("f")
        await pilot.pause()
        assert deck.step == 5 and app.following and hint(app) == ""
        presenter_on(app, 6)
        await pilot.pause()
        assert deck.step == 6


async def test_help_lists_the_catch_up_key(chapter: Chapter):
    app = learner(chapter)
    async with app.run_test(size=(80, 40)) as pilot:
        await started(app, pilot)
        await pilot.press("question_mark")
        await until(pilot, lambda: "Catch up with the presenter" in screen_text(app))


async def test_walking_back_to_the_presenters_step_follows_again(chapter: Chapter):
    app = learner(chapter)
    async with app.run_test(size=(80, 24)) as pilot:
        deck = await started(app, pilot)
        presenter_on(app, 2)
        await pilot.pause()
        await pilot.press("left", "right")
        await pilot.pause()
        assert deck.step == 2 and app.following
        presenter_on(app, 3)
        await pilot.pause()
        assert deck.step == 3


async def test_the_presenter_past_the_last_step_leaves_the_class_on_the_deck(chapter: Chapter):
    app = learner(chapter)
    async with app.run_test(size=(80, 24)) as pilot:
        deck = await started(app, pilot)
        presenter_on(app, chapter.total + 1)
        presenter_on(app, 99)
        await pilot.pause()
        assert app.screen is deck and deck.step == chapter.total


async def test_a_learner_in_the_quiz_is_not_taken_out_of_it(chapter: Chapter):
    app = learner(chapter, start_step=chapter.total)
    async with app.run_test(size=(80, 24)) as pilot:
        await started(app, pilot)
        await pilot.press("right")  # past the last step: the quiz menu
        await until(pilot, lambda: "Whole chapter" in screen_text(app))
        menu = app.screen
        presenter_on(app, 2)
        await pilot.pause()
        assert app.screen is menu


async def test_when_the_presenter_quits_the_learner_stays_and_is_told(chapter: Chapter):
    app = learner(chapter)
    async with app.run_test(size=(80, 24)) as pilot:
        deck = await started(app, pilot)
        presenter_on(app, 4)
        await pilot.pause()
        presenter_on(app, None)
        await pilot.pause()
        assert deck.step == 4
        assert "The presenter's deck has closed" in hint(app)
        await pilot.press("f")  # nobody to catch up with: a bell, nothing moves
        await pilot.pause()
        assert deck.step == 4
        presenter_on(app, 5)  # back: following again
        await pilot.pause()
        assert deck.step == 5 and hint(app) == ""


async def test_without_follow_the_presenter_is_ignored(chapter: Chapter):
    app = LearnerApp(chapter, link=False, follow=False)
    async with app.run_test(size=(80, 24)) as pilot:
        deck = await started(app, pilot)
        presenter_on(app, 4)
        await pilot.pause()
        assert deck.step == 0 and hint(app) == ""


async def test_the_class_server_hears_where_the_learner_is(chapter: Chapter):
    app = learner(chapter, start_step=chapter.total)
    async with app.run_test(size=(80, 24)) as pilot:
        await started(app, pilot)
        sent = app.presenter.link
        await pilot.press("left")
        await until(pilot, lambda: {"type": "place", "place": "step 7 / 8"} in sent)
        await pilot.press("right", "right")
        await until(pilot, lambda: sent and sent[-1]["place"] == "quiz menu")
        await pilot.press("enter")
        await until(pilot, lambda: sent[-1]["place"].startswith("quiz 1 / "))
        count = len(sent)
        await pilot.press("down", "up")  # moving the cursor is not a new place
        await pilot.pause()
        assert len(sent) == count


@SIZES
def test_snapshot_looking_back(snap_compare, chapter: Chapter, size):
    async def look_back(pilot):
        await started(pilot.app, pilot)
        presenter_on(pilot.app, 5)
        await pilot.pause()
        await pilot.press("left")
        await pilot.pause()

    assert snap_compare(learner(chapter), terminal_size=size, run_before=look_back)


def test_snapshot_presenter_gone_without_colour(snap_compare, chapter: Chapter, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")

    async def presenter_quits(pilot):
        await started(pilot.app, pilot)
        presenter_on(pilot.app, 2)
        presenter_on(pilot.app, None)
        await pilot.pause()

    assert snap_compare(learner(chapter), terminal_size=(60, 20), run_before=presenter_quits)
