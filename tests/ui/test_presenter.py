"""Pilot tests of the presenter's keys in the deck: clock, blackout, overview, themes,
and reloading a chapter that is being edited (--watch)."""

from __future__ import annotations

import pytest

from tui.content.loader import load_chapter
from tui.content.model import Chapter
from tui.ui.app import DeckApp
from tui.ui.screens.blackout import BlackoutScreen
from tui.ui.screens.deck import DeckScreen
from tui.ui.screens.overview import OverviewScreen, SmallCard
from tui.ui.widgets.card import CardView
from tui.ui.widgets.clock import ElapsedClock
from tui.ui.widgets.problems import ReloadProblems

from helpers import SMALL_CHAPTER, screen_text, until

SIZES = [(80, 24), (60, 20)]


def deck(app: DeckApp) -> DeckScreen:
    screen = app.screen
    assert isinstance(screen, DeckScreen), f"expected the deck, got {screen!r}"
    return screen


# -- the clock --------------------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES)
async def test_T_shows_and_hides_the_elapsed_time(chapter: Chapter, size):
    app = DeckApp(chapter, start_step=2)
    async with app.run_test(size=size) as pilot:
        assert not app.screen.query(ElapsedClock)  # mounted only when first shown
        assert "◷" not in screen_text(app)
        await pilot.press("T")
        await pilot.pause()
        clock = app.screen.query_one(ElapsedClock)
        assert clock.display and clock._ticker is not None
        assert "◷ 0:0" in screen_text(app)
        assert "Quit" in screen_text(app)  # the key hints still fit beside it
        app.presenter.elapsed = lambda: 754.0
        clock.refresh()
        await pilot.pause()
        assert "◷ 12:34" in screen_text(app)
        await pilot.press("T")
        await pilot.pause()
        assert not clock.display and clock._ticker is None  # hidden: no timer at all
        assert "◷" not in screen_text(app)
        await pilot.press("T")
        await pilot.pause()
        assert app.screen.query_one(ElapsedClock) is clock and clock.display  # the same one


async def test_the_talk_starts_when_the_deck_leaves_the_cover(small: Chapter):
    app = DeckApp(small)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.presenter.talk.started_wall is None and app.presenter.elapsed() == 0
        await pilot.press("space")
        await pilot.pause()
        assert app.presenter.talk.started_wall is not None


async def test_the_clock_ticks_only_itself(small: Chapter):
    app = DeckApp(small, start_step=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("T")
        await pilot.pause()
        painted: list[str] = []
        for widget in [app.screen, *app.screen.walk_children()]:
            original = widget.refresh

            def spy(*args, _w=widget, _o=original, **kwargs):
                painted.append(type(_w).__name__)
                return _o(*args, **kwargs)

            widget.refresh = spy
        await until(pilot, lambda: painted, tries=150)  # the next tick
        assert set(painted) == {"ElapsedClock"}


# -- blackout ---------------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["x", "space", "escape", "b"])
async def test_b_blacks_out_and_any_key_brings_the_deck_back(chapter: Chapter, key: str):
    app = DeckApp(chapter, start_step=3)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, BlackoutScreen)
        assert screen_text(app).strip() == ""
        await pilot.press(key)
        await pilot.pause()
        assert deck(app).step == 3  # the key only brought the deck back
        assert "Emerging GenAI Roles" in screen_text(app)


async def test_two_events_at_once_leave_blackout_once(chapter: Chapter):
    """Two events queued before the first is handled (`xy` typed at once, or a key and a
    click) bring the deck back, and do not pop the deck as well."""
    from textual import events

    app = DeckApp(chapter, start_step=3)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("b")
        await pilot.pause()
        blackout = app.screen
        assert isinstance(blackout, BlackoutScreen)
        blackout.post_message(events.Key("x", "x"))
        blackout.post_message(events.Key("y", "y"))
        await pilot.pause()
        await pilot.pause()
        assert deck(app).step == 3


# -- overview ---------------------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES)
async def test_o_shows_every_step_with_the_current_one_marked(chapter: Chapter, size):
    app = DeckApp(chapter, start_step=4)
    async with app.run_test(size=size) as pilot:
        await pilot.press("o")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, OverviewScreen)
        cards = list(screen.query(SmallCard))
        assert [c.number for c in cards] == list(range(1, 9))
        assert [c.number for c in cards if c.has_class("-current")] == [4]
        assert "4 ◉ here" in screen_text(app)
        assert screen.selected == 4


async def test_overview_arrows_and_enter_jump(chapter: Chapter):
    app = DeckApp(chapter, start_step=4)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("o")
        await pilot.pause()
        columns = app.screen.columns
        assert columns == 3  # 80 columns fit three small cards
        await pilot.press("right", "down")
        assert app.screen.selected == 5 + columns
        await pilot.press("left", "up", "up")
        assert app.screen.selected == 4 - columns
        await pilot.press("up")  # no row above: stays
        assert app.screen.selected == 4 - columns
        await pilot.press("enter")
        await pilot.pause()
        assert deck(app).step == 1


async def test_overview_closes_with_escape(chapter: Chapter):
    app = DeckApp(chapter, start_step=6)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("o", "right", "escape")
        await pilot.pause()
        assert deck(app).step == 6


async def test_overview_click_jumps(chapter: Chapter):
    app = DeckApp(chapter, start_step=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("o")
        await pilot.pause()
        card = [c for c in app.screen.query(SmallCard) if c.number == 7][0]
        await pilot.click(card)
        await pilot.pause()
        assert deck(app).step == 7


# -- themes -----------------------------------------------------------------------------------


async def test_c_cycles_dark_light_ansi(chapter: Chapter):
    app = DeckApp(chapter, start_step=2)
    async with app.run_test(size=(80, 24)) as pilot:
        seen = [app.presenter.theme]
        for _ in range(3):
            await pilot.press("c")
            await pilot.pause()
            seen.append(app.presenter.theme)
        assert seen == ["dark", "light", "ansi", "dark"]


@pytest.mark.parametrize(("name", "background", "ansi"), [
    ("dark", "#10121b", False), ("light", "#ffffff", False), ("ansi", None, True)])
async def test_theme_option(chapter: Chapter, name, background, ansi):
    app = DeckApp(chapter, start_step=1, theme=name)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.presenter.theme == name
        assert app.renderer.ansi is ansi
        assert app.current_theme.ansi is ansi
        if background:
            assert app.current_theme.background == background


async def test_switching_to_ansi_redraws_the_card_in_terminal_colours(chapter: Chapter):
    app = DeckApp(chapter, start_step=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        card = app.query_one(CardView)

        def colours() -> set[str]:
            return {seg.style.color.name for strip in card._current(card.size.width)
                    for seg in strip if seg.style and seg.style.color}

        violet = app.renderer.ink("violet")  # the page's violet, made to read on the dark
        assert violet in colours()
        await pilot.press("c", "c")  # light, then ansi
        await pilot.pause()
        assert app.presenter.theme == "ansi"
        assert "magenta" in colours() and violet not in colours()


def test_help_lists_the_presenter_keys():
    keys = {b.key: b.action for b in DeckScreen.BINDINGS}
    assert keys["T"] == "clock" and keys["b"] == "blackout"
    assert keys["o"] == "overview" and keys["c"] == "theme"


# -- --watch ---------------------------------------------------------------------------------


@pytest.fixture
def edited(tmp_path):
    source = tmp_path / "edited.yaml"
    source.write_text(SMALL_CHAPTER, encoding="utf-8")
    return source


async def test_watch_reloads_on_change_and_stays_on_the_step(edited):
    app = DeckApp(load_chapter(edited), start_step=2, watch=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "Beta text." in screen_text(app)
        edited.write_text(SMALL_CHAPTER.replace("Beta text.", "Beta text, rewritten."),
                          encoding="utf-8")
        await until(pilot, lambda: "Beta text, rewritten." in screen_text(app))
        assert deck(app).step == 2
        assert "Step 2 / 3" in screen_text(app)


async def test_watch_shows_a_broken_edit_over_the_last_good_version_until_fixed(edited):
    app = DeckApp(load_chapter(edited), start_step=2, watch=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        edited.write_text(SMALL_CHAPTER.replace("colour: teal", "colour: purplish"),
                          encoding="utf-8")
        await until(pilot, lambda: app.screen.query(ReloadProblems))
        await pilot.pause()
        text = screen_text(app)
        assert "'purplish' is not a colour" in text
        assert f"{edited}:" in text  # the check command's file:line:column form
        assert "Second Step" in text  # the last good version is still there
        await pilot.press("right")  # and still plays
        assert deck(app).step == 3
        edited.write_text(SMALL_CHAPTER.replace("colour: teal", "colour: green")
                          .replace("Third Step", "Third Step Fixed"), encoding="utf-8")
        await until(pilot, lambda: not app.screen.query(ReloadProblems))
        await until(pilot, lambda: "Third Step Fixed" in screen_text(app))
        assert deck(app).step == 3


async def test_watch_keeps_a_step_that_the_edit_removed_in_range(edited):
    app = DeckApp(load_chapter(edited), start_step=3, watch=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        two_steps = SMALL_CHAPTER[:SMALL_CHAPTER.index("  - id: third")]
        edited.write_text(two_steps, encoding="utf-8")
        await until(pilot, lambda: "Step 2 / 2" in screen_text(app))
        assert deck(app).step == 2


async def test_without_watch_an_edit_changes_nothing(edited):
    app = DeckApp(load_chapter(edited), start_step=2)
    async with app.run_test(size=(80, 24)) as pilot:
        edited.write_text(SMALL_CHAPTER.replace("Beta text.", "Changed."), encoding="utf-8")
        await pilot.pause(1.2)
        assert "Beta text." in screen_text(app)


async def test_watch_copes_with_a_pipeline_coming_and_going(tmp_path):
    from helpers import ONE_STEP_NO_PIPELINE

    from tui.ui.widgets.chrome import Pipeline

    source = tmp_path / "growing.yaml"
    source.write_text(ONE_STEP_NO_PIPELINE, encoding="utf-8")
    app = DeckApp(load_chapter(source), start_step=1, watch=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert not app.screen.query(Pipeline)
        source.write_text(SMALL_CHAPTER, encoding="utf-8")
        await until(pilot, lambda: "Step 1 / 3" in screen_text(app))
        await until(pilot, lambda: "☺ One" in screen_text(app))  # step 1 lights stage One
        await pilot.press("right")
        await pilot.pause()
        assert app.screen.query_one(Pipeline).step == 2  # the new pipeline follows the steps
        source.write_text(ONE_STEP_NO_PIPELINE, encoding="utf-8")
        await until(pilot, lambda: "Step 1 / 1" in screen_text(app))
        await until(pilot, lambda: not app.screen.query(Pipeline))
        assert "The Only Step" in screen_text(app)


async def test_a_reload_to_fewer_steps_without_a_pipeline_draws_at_once(small: Chapter):
    from helpers import ONE_STEP_NO_PIPELINE

    from tui.content.loader import check_text

    one, problems = check_text(ONE_STEP_NO_PIPELINE, "one.yaml")
    assert not problems
    app = DeckApp(small, start_step=3)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        deck(app).replace_chapter(one)
        screen_text(app)  # the pipeline on its way out must still draw
        await pilot.pause()
        assert "Step 1 / 1" in screen_text(app)


async def test_ascii_mode_keeps_the_presenter_tools_ascii(chapter: Chapter):
    app = DeckApp(chapter, start_step=4, ascii_only=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("T")
        app.presenter.reloaded(None, ["x.yaml:1:1: a problem"])
        await pilot.pause()
        text = screen_text(app)
        assert "t 0:0" in text and "a problem" in text
        assert text.isascii(), sorted({c for c in text if not c.isascii()})
        await pilot.press("o")
        await pilot.pause()
        text = screen_text(app)
        assert "4 @ here" in text
        assert text.isascii(), sorted({c for c in text if not c.isascii()})


async def test_watch_says_when_the_file_is_gone_and_reloads_when_it_is_back(edited):
    app = DeckApp(load_chapter(edited), start_step=2, watch=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        moved = edited.with_suffix(".moved")
        edited.rename(moved)
        await until(pilot, lambda: app.screen.query(ReloadProblems))
        await pilot.pause()
        (problem,) = app.screen.query_one(ReloadProblems).problems
        assert problem.startswith(f"{edited}: the chapter file is gone")
        assert "chapter file is" in screen_text(app) and "Second Step" in screen_text(app)
        moved.write_text(SMALL_CHAPTER.replace("Second Step", "Second Step Back"),
                         encoding="utf-8")
        moved.rename(edited)
        await until(pilot, lambda: not app.screen.query(ReloadProblems))
        await until(pilot, lambda: "Second Step Back" in screen_text(app))


async def test_watch_never_reads_a_device_the_file_is_turned_into(edited):
    """`ln -sf /dev/zero ch.yaml` under --watch: the deck says what is wrong and keeps the
    last good version, instead of reading /dev/zero until memory runs out."""
    app = DeckApp(load_chapter(edited), start_step=2, watch=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        link = edited.with_suffix(".link")
        link.symlink_to("/dev/zero")
        link.rename(edited)
        await until(pilot, lambda: app.screen.query(ReloadProblems))
        (problem,) = app.screen.query_one(ReloadProblems).problems
        # The watcher sees it is not a regular file before anything tries to read it.
        assert problem.startswith(f"{edited}: this is not a regular file (a FIFO, a device "
                                  f"or a socket), so the deck does not read it"), problem
        assert "Second Step" in screen_text(app)


async def test_ascii_reaches_the_overview_and_the_problems_panel(edited):
    app = DeckApp(load_chapter(edited), start_step=2, watch=True, ascii_only=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("o")
        await pilot.pause()
        seen = screen_text(app)
        await pilot.press("escape")
        edited.write_text(SMALL_CHAPTER.replace("colour: teal", "colour: purplish"),
                          encoding="utf-8")
        await until(pilot, lambda: app.screen.query(ReloadProblems))
        await pilot.pause()
        seen += screen_text(app)
        assert "+-" in seen and "purplish" in seen
        assert {c for c in seen if ord(c) > 127} == set()


def _region_text(app, widget) -> str:
    """What the screen shows inside `widget`'s region, its lines joined by spaces."""
    region = widget.content_region
    rows = screen_text(app).splitlines()[region.y:region.bottom]
    return " ".join(" ".join(row[region.x:region.right] for row in rows).split())


@pytest.mark.parametrize("size", [(80, 24), (60, 20)], ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_overview_shows_every_title_whole_and_nothing_of_the_card(chapter, size):
    app = DeckApp(chapter, start_step=4)
    async with app.run_test(size=size) as pilot:
        await pilot.press("o")
        await pilot.pause()
        for card in app.screen.query(SmallCard):
            assert chapter.step(card.number).title in _region_text(app, card), card.number
        assert "Duplication of effort" not in screen_text(app)  # the card under it
        await pilot.press("down", "down")  # on a small window the grid scrolls to it
        await pilot.pause()
        selected = [c for c in app.screen.query(SmallCard) if c.has_class("-selected")][0]
        assert chapter.step(selected.number).title in _region_text(app, selected)


async def test_contents_of_thirty_steps_opens_at_the_current_step():
    from conftest import FIXTURES
    from tui.content.loader import load_chapter
    from tui.ui.screens.dialogs import ContentsScreen

    thirty = load_chapter(FIXTURES / "thirty.yaml")
    app = DeckApp(thirty, start_step=27)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, ContentsScreen)
        assert "(here)" in screen_text(app)
        assert any("(here)" in line and "Step 27" in line
                   for line in screen_text(app).splitlines())


async def test_watch_says_a_fifo_in_place_of_the_file_is_not_a_regular_file(edited):
    import os

    app = DeckApp(load_chapter(edited), start_step=2, watch=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        edited.unlink()
        os.mkfifo(edited)
        await until(pilot, lambda: app.screen.query(ReloadProblems), tries=1000)
        (problem,) = app.screen.query_one(ReloadProblems).problems
        assert "not a regular file" in problem and "gone" not in problem
        assert "Second Step" in screen_text(app)  # the last good version stays
