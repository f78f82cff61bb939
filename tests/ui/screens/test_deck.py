"""Pilot tests of the deck: every key and flow, at the sizes our users have."""

from __future__ import annotations

import pytest
from textual.binding import Binding
from textual.containers import VerticalScroll


from tui.content.model import Chapter
from tui.ui.app import DeckApp
from tui.ui.screens.deck import DeckScreen
from tui.ui.screens.dialogs import ContentsScreen, EndScreen, HelpScreen
from tui.ui.widgets.card import CardView
from tui.ui.widgets.chrome import Pipeline

from helpers import screen_text, until

BIG = (200, 60)


def deck(app: DeckApp) -> DeckScreen:
    screen = app.screen
    assert isinstance(screen, DeckScreen), f"expected the deck, got {screen!r}"
    return screen


async def test_opens_on_the_cover_with_an_invitation(chapter: Chapter):
    app = DeckApp(chapter)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert deck(app).step == 0
        assert "Step - / 8" in text
        assert "Press Space to begin" in text
        assert "○ ○ ○ ○ ○ ○ ○ ○" in text


async def test_space_walks_all_eight_steps_with_the_counter(chapter: Chapter):
    app = DeckApp(chapter)
    async with app.run_test(size=BIG) as pilot:
        for number in range(1, 9):
            # Space pages down a tall card first, so press until the step changes.
            for _ in range(10):
                await pilot.press("space")
                if deck(app).step == number:
                    break
            await pilot.pause()
            text = screen_text(app)
            assert f"Step {number} / 8" in text
            assert chapter.step(number).title in text


@pytest.mark.parametrize("key", ["right", "l", "enter", "pagedown", "space"])
async def test_forward_keys(small: Chapter, key: str):
    app = DeckApp(small, start_step=1)
    async with app.run_test(size=BIG) as pilot:
        await pilot.press(key)
        assert deck(app).step == 2


@pytest.mark.parametrize("key", ["left", "backspace", "pageup", "h"])
async def test_back_keys(small: Chapter, key: str):
    app = DeckApp(small, start_step=3)
    async with app.run_test(size=BIG) as pilot:
        await pilot.press(key)
        assert deck(app).step == 2


@pytest.mark.parametrize(("key", "expected"), [("home", 1), ("g", 1), ("end", 3), ("G", 3)])
async def test_first_and_last(small: Chapter, key: str, expected: int):
    app = DeckApp(small, start_step=2)
    async with app.run_test(size=BIG) as pilot:
        await pilot.press(key)
        assert deck(app).step == expected


async def test_back_from_the_first_step_returns_to_the_cover(small: Chapter):
    app = DeckApp(small, start_step=1)
    async with app.run_test(size=BIG) as pilot:
        await pilot.press("left")
        assert deck(app).step == 0
        await pilot.press("left")
        assert deck(app).step == 0


async def test_number_then_enter_jumps(chapter: Chapter):
    app = DeckApp(chapter)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("6")
        await pilot.pause()
        assert "go to 6_" in screen_text(app)
        assert deck(app).step == 0
        await pilot.press("enter")
        await pilot.pause()
        assert deck(app).step == 6
        assert "go to" not in screen_text(app)


async def test_a_step_number_out_of_range_is_refused_with_a_message(chapter: Chapter):
    app = DeckApp(chapter, start_step=2)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("9", "enter")
        await pilot.pause()
        assert deck(app).step == 2
        assert "no step 9: 1–8" in screen_text(app)  # in the step bar, where it was typed
        await pilot.press("1", "2")
        await pilot.pause()
        text = screen_text(app)
        assert "go to 12_" in text and "no step 9" not in text  # no digit dropped
        await pilot.press("enter")
        await pilot.pause()
        assert deck(app).step == 2
        assert "no step 12: 1–8" in screen_text(app)
        await pilot.press("right")
        await pilot.pause()
        assert deck(app).step == 3 and "no step" not in screen_text(app)


@pytest.mark.parametrize("size", [(60, 20), (44, 14)], ids=lambda s: f"{s[0]}x{s[1]}")
async def test_a_wrong_step_number_is_said_on_a_small_window_too(chapter: Chapter, size):
    app = DeckApp(chapter, start_step=2, ascii_only=size == (44, 14))
    async with app.run_test(size=size) as pilot:
        await pilot.press("0", "enter")
        await pilot.pause()
        assert "no step 0: 1" in screen_text(app)


async def test_escape_forgets_a_typed_number(chapter: Chapter):
    app = DeckApp(chapter, start_step=2)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("5", "escape", "enter")
        assert deck(app).step == 3  # Enter alone goes forward


async def test_two_digit_numbers_on_a_long_chapter(small: Chapter):
    long = Chapter(title="Long", steps=small.steps * 10)  # 30 steps
    app = DeckApp(long)
    async with app.run_test(size=BIG) as pilot:
        await pilot.press("2", "7", "enter")
        await pilot.pause()
        assert deck(app).step == 27
        assert "Step 27 / 30" in screen_text(app)


async def test_autoplay_advances_then_stops_at_the_end(small: Chapter):
    # A second a step, so that the indicator is read before the first move even on a busy
    # machine; the steps are then followed as they come, however long they take.
    app = DeckApp(small, autoplay_seconds=1.0)
    async with app.run_test(size=BIG) as pilot:
        assert deck(app).step == 0
        await pilot.press("p")  # from the cover, autoplay begins with step 1 at once
        assert deck(app)._autoplay is not None
        seen = [deck(app).step]
        await pilot.pause()
        assert "▶ auto" in screen_text(app)

        def at_the_end() -> bool:
            if deck(app).step != seen[-1]:
                seen.append(deck(app).step)
            return deck(app)._autoplay is None

        # Bounded by tries, not by time: a busy machine may take longer than 2 s.
        await until(pilot, at_the_end, tries=1500)
        assert seen == [1, 2, 3]
        await pilot.pause()
        assert "▶ auto" not in screen_text(app)
        assert deck(app)._autoplay is None


async def test_autoplay_pauses_on_p_and_on_manual_navigation(small: Chapter):
    app = DeckApp(small, autoplay_seconds=30)
    async with app.run_test(size=BIG) as pilot:
        await pilot.press("p")
        assert deck(app)._autoplay is not None
        await pilot.press("p")
        assert deck(app)._autoplay is None
        await pilot.press("p", "right")
        assert deck(app)._autoplay is None
        assert deck(app).step == 2


async def test_contents_jumps_to_the_chosen_step(chapter: Chapter):
    app = DeckApp(chapter, start_step=2)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, ContentsScreen)
        text = screen_text(app)
        for step in chapter.steps:
            assert step.title in text
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert deck(app).step == 4


async def test_contents_closes_with_escape(chapter: Chapter):
    app = DeckApp(chapter, start_step=5)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("t", "escape")
        await pilot.pause()
        assert deck(app).step == 5


async def test_help_lists_every_live_binding(chapter: Chapter):
    app = DeckApp(chapter)
    async with app.run_test(size=(120, 50)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        for binding in DeckScreen.BINDINGS:
            if binding.key.isdigit():
                continue
            for key in binding.key.split(","):
                display = app.get_key_display(Binding(key, binding.action))
                shown = binding.key_display or display
                assert shown in text, f"help does not show the key {key!r}"
        assert "0-9" in text
        assert "Focus Next" not in text  # only the deck's own keys
        await pilot.press("escape")
        assert isinstance(app.screen, DeckScreen)


@pytest.mark.parametrize("key", ["q", "ctrl+c"])
async def test_quit_keys(small: Chapter, key: str):
    app = DeckApp(small, start_step=2)
    async with app.run_test(size=BIG) as pilot:
        await pilot.press(key)
        await pilot.pause()
        assert not app.is_running
    assert app.return_code == 0


async def test_clicking_a_pipeline_stage_jumps_to_its_step(chapter: Chapter):
    app = DeckApp(chapter)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        pipeline = app.screen.query_one(Pipeline)
        for start, _end, stage in pipeline._hits:
            await pilot.click(Pipeline, offset=(start + 1, 0))
            await pilot.pause()
            assert deck(app).step == chapter.step_for_stage(stage)
        # "Topology" (stage 3) is first lit at step 4; "Working" (4) at step 7.
        assert [chapter.step_for_stage(i) for i in range(6)] == [1, 2, 3, 4, 7, 7]


async def test_after_the_last_step_of_a_chapter_with_no_quiz_space_says_so(small: Chapter):
    app = DeckApp(small, start_step=3)
    async with app.run_test(size=BIG) as pilot:
        await pilot.press("space")
        await pilot.pause()
        assert isinstance(app.screen, EndScreen)
        assert "This chapter has no quiz" in screen_text(app)
        await pilot.press("escape")
        assert deck(app).step == 3
        await pilot.press("right", "space")
        await pilot.pause()
        assert deck(app).step == 1
        await pilot.press("end", "right", "q")
        await pilot.pause()
        assert not app.is_running


async def test_a_tall_card_pages_with_space_and_shows_more_below(chapter: Chapter):
    app = DeckApp(chapter, start_step=2)  # six roles: far taller than 24 rows
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        scroll = app.screen.query_one(CardView)
        assert scroll.max_scroll_y > 0
        assert "more below" in screen_text(app)
        pages = 0
        while deck(app).step == 2:
            await pilot.press("space")
            await pilot.pause()
            pages += 1
            assert pages < 20
            if deck(app).step == 2:
                assert scroll.scroll_y > 0
        assert pages >= 3
        assert deck(app).step == 3
        assert scroll.scroll_y == 0


async def test_more_below_disappears_at_the_bottom(chapter: Chapter):
    app = DeckApp(chapter, start_step=2)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        scroll = app.screen.query_one(CardView)
        scroll.scroll_end(animate=False, immediate=True)
        await pilot.pause()
        assert "more below" not in screen_text(app)
        assert "Ch 2: The AI Product Landscape" in screen_text(app)


async def test_right_skips_the_rest_of_a_tall_card(chapter: Chapter):
    app = DeckApp(chapter, start_step=2)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("right")
        assert deck(app).step == 3


async def test_pageup_pages_back_up_before_going_back(chapter: Chapter):
    app = DeckApp(chapter, start_step=2)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()  # the narration's height settles in the layout after the first
        await pilot.press("pagedown")
        await pilot.pause()
        scroll = app.screen.query_one(CardView)
        assert scroll.scroll_y > 0
        await pilot.press("pageup")
        await pilot.pause()
        assert (deck(app).step, scroll.scroll_y) == (2, 0)
        await pilot.press("pageup")
        assert deck(app).step == 1


async def test_arrow_keys_scroll_the_card_a_line(chapter: Chapter):
    app = DeckApp(chapter, start_step=2)
    async with app.run_test(size=(80, 24)) as pilot:
        scroll = app.screen.query_one(CardView)
        await pilot.press("down", "down", "j")
        await pilot.pause()
        assert scroll.scroll_y == 3
        await pilot.press("up", "k")
        await pilot.pause()
        assert scroll.scroll_y == 1


async def test_start_step_opens_there(chapter: Chapter):
    app = DeckApp(chapter, start_step=4)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "Step 4 / 8" in text
        assert "Team Topologies" in text


async def test_compact_chrome_at_80x24_and_full_at_120x36(chapter: Chapter):
    app = DeckApp(chapter, start_step=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert screen.query_one("#title").region.height == 1
        assert screen.query_one("#pipeline").region.height == 1
        assert 2 <= screen.query_one("#narration").region.height <= 5  # the card keeps 14
        assert screen.query_one("#stepbar").region.height == 1
        assert screen.query_one("#card-scroll").region.height >= 14
        await pilot.resize_terminal(120, 36)
        await pilot.pause()
        assert screen.query_one("#title").region.height == 2
        assert chapter.subtitle in screen_text(app)
        assert screen.query_one("#stepbar").region.height == 3  # bar, counter, rule


def _row_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines()) if needle in line)


async def test_columns_stack_when_narrow_and_sit_side_by_side_when_wide(chapter: Chapter):
    app = DeckApp(chapter, start_step=1)
    async with app.run_test(size=(80, 50)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert _row_of(text, "What Changes") > _row_of(text, "What Stays the Same") + 5
        await pilot.resize_terminal(120, 36)
        await pilot.pause()
        text = screen_text(app)
        assert _row_of(text, "What Changes") == _row_of(text, "What Stays the Same")


async def test_a_huge_screen_centres_the_deck_at_a_readable_width(chapter: Chapter):
    app = DeckApp(chapter, start_step=3)
    async with app.run_test(size=(240, 70)) as pilot:
        await pilot.pause()
        region = app.screen.query_one("#deck").region
        assert region.width == 160
        assert region.x == (240 - 160) // 2


async def test_too_small_says_how_big_and_recovers(chapter: Chapter):
    app = DeckApp(chapter, start_step=3)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.resize_terminal(40, 12)
        await pilot.pause()
        text = " ".join(screen_text(app).split())
        assert "Make the window at least 44x14" in text
        assert "it is 40x12 now" in text
        assert not app.screen.query_one("#deck").display or \
            app.screen.query_one("#deck").region.height == 0
        await pilot.press("right")  # keys still work while hidden
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        text = screen_text(app)
        assert "too small" not in text
        assert "Step 4 / 8" in text


async def test_60x20_projector_keeps_everything_essential(chapter: Chapter):
    app = DeckApp(chapter, start_step=5)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "Step 5 / 8" in text
        assert "The PM–ML Relationship" in text
        assert "◉" in text
        assert "Space" in text and "Quit" in text


async def test_ascii_mode_draws_only_ascii(chapter: Chapter):
    app = DeckApp(chapter, start_step=8, ascii_only=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for step in (8, 6, 0):
            deck(app).go(step)
            await pilot.pause()
            text = screen_text(app)
            assert text.isascii(), sorted({c for c in text if not c.isascii()})


async def test_no_color_keeps_lit_stages_and_current_dot_distinct(chapter: Chapter, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = DeckApp(chapter, start_step=3)
    assert app.no_color
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        pipeline = app.screen.query_one(Pipeline)
        line = pipeline.render()
        lit = {line.plain[s.start:s.end].strip() for s in line.spans
               if s.style and getattr(s.style, "reverse", False)}
        assert any("Core Team" in part for part in lit)
        assert any("GenAI Roles" in part for part in lit)
        assert not any("Topology" in part for part in lit)
        text = screen_text(app)
        assert "● ● ◉ ○ ○ ○ ○ ○" in text
        assert "▶" in text and "▷" in text  # lit and unlit arrows differ in shape


async def test_a_one_step_chapter_without_a_pipeline_plays():
    from helpers import ONE_STEP_NO_PIPELINE
    from tui.content.loader import check_text

    one, problems = check_text(ONE_STEP_NO_PIPELINE, "one.yaml")
    assert not problems
    app = DeckApp(one)
    async with app.run_test(size=(80, 24)) as pilot:
        assert not app.screen.query(Pipeline)
        assert "Step - / 1" in screen_text(app)
        await pilot.press("space")
        await pilot.pause()
        text = screen_text(app)
        assert "Step 1 / 1" in text
        assert "The Only Step" in text and "★" in text
        await pilot.press("space")
        await pilot.pause()
        assert isinstance(app.screen, EndScreen)


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_a_thirty_step_chapter_counts_its_own_total(size):
    from helpers import chapter_of
    from tui.content.loader import check_text

    thirty, problems = check_text(chapter_of(30), "thirty.yaml")
    assert not problems
    app = DeckApp(thirty)
    async with app.run_test(size=size) as pilot:
        await pilot.press("end")
        await pilot.pause()
        text = screen_text(app)
        assert "Step 30 / 30" in text
        assert "●" * 29 + "◉" in text
        assert "Generated Step 30" in text
        await pilot.press("1", "7", "enter")
        await pilot.pause()
        assert "Step 17 / 30" in screen_text(app)


def _words(text: str) -> list[str]:
    return " ".join(text.split()).split()


async def test_every_word_of_the_narration_is_on_screen_at_80x24(chapter: Chapter):
    app = DeckApp(chapter, start_step=1)
    async with app.run_test(size=(80, 24)) as pilot:
        for number in range(1, chapter.total + 1):
            deck(app).go(number)
            await pilot.pause()
            shown = " ".join(screen_text(app).split())
            plain = " ".join(_words(app.renderer.inline(chapter.step(number).narration).plain))
            if plain not in shown:  # too long for its rows: it says so, and n shows the rest
                assert "n more" in shown, number
                await pilot.press("n")
                await pilot.pause()
                assert plain in " ".join(screen_text(app).split()), number
                await pilot.press("n")
            assert app.screen.query_one("#card-scroll").region.height >= 14


async def test_a_clamped_narration_says_how_to_read_the_rest_and_n_shows_it(chapter: Chapter):
    app = DeckApp(chapter, start_step=1)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        narration = app.screen.query_one("#narration")
        plain = app.renderer.inline(chapter.step(1).narration).plain
        clamped = narration.region.height
        assert " ".join(_words(plain)) not in " ".join(screen_text(app).split())
        assert "n more" in screen_text(app)
        await pilot.press("n")
        await pilot.pause()
        assert narration.region.height > clamped
        assert " ".join(_words(plain)) in " ".join(screen_text(app).split())
        await pilot.press("n")
        await pilot.pause()
        assert narration.region.height == clamped


@pytest.mark.parametrize("size", [(80, 24), (60, 20), (100, 30), BIG])
async def test_the_card_stays_in_its_place_from_step_to_step(chapter: Chapter, size):
    """The narration keeps the height of the chapter's longest (the cover aside): the card
    neither moves up and down with it nor changes height (and a step costs no layout)."""
    app = DeckApp(chapter, start_step=1)
    async with app.run_test(size=size) as pilot:
        places, heights = set(), []
        for number in [*range(1, chapter.total + 1), 1]:
            deck(app).go(number)
            await pilot.pause()
            narration = app.screen.query_one("#narration")
            heights.append(narration.size.height)
            places.add(app.screen.query_one("#card-scroll").region)
            text = screen_text(app)
            # the words shown are this step's (not the longest one's)
            first = _words(app.renderer.inline(chapter.step(number).narration).plain)[:3]
            assert " ".join(first) in " ".join(text.split()), number
        assert len(places) == 1, places
        assert len(set(heights)) == 1 and heights[0] >= 2, heights


async def test_the_narration_wraps_again_after_a_too_small_window(chapter: Chapter):
    app = DeckApp(chapter, start_step=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        narration = app.screen.query_one("#narration")
        before = narration.region.height
        assert before > 1
        await pilot.resize_terminal(30, 10)
        await pilot.pause()
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert narration.region.height == before


def _card_lines(app) -> list[str]:
    region = app.screen.query_one("#card-scroll").region
    rows = screen_text(app).splitlines()[region.y:region.bottom]
    return [row[region.x:region.right - 1].rstrip() for row in rows]  # less the scrollbar


@pytest.mark.parametrize("size", [(60, 20), (80, 24), (90, 40), (100, 30)],
                         ids=lambda s: f"{s[0]}x{s[1]}")
async def test_no_page_but_a_cards_last_starts_on_a_blank_line(chapter: Chapter, size):
    """Space through the whole chapter: every page it turns to, short of the last of a card
    (which ends where the card does), starts on a line that says something."""
    app = DeckApp(chapter, start_step=1)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        card = app.screen.query_one("#card-scroll", CardView)
        blank_starts, pages = [], 0
        while deck(app).step < chapter.total or card.scroll_y < card.max_scroll_y:
            step = deck(app).step
            await pilot.press("space")
            await pilot.pause()
            if deck(app).step == step and card.scroll_y < card.max_scroll_y:
                pages += 1
                if not _card_lines(app)[0].strip():
                    blank_starts.append((step, card.scroll_y))
        assert pages and not blank_starts


@pytest.mark.parametrize("size, kept", [((60, 20), 1), ((80, 24), 1), ((90, 40), 2)],
                         ids=["60x20", "80x24", "90x40"])
async def test_a_page_keeps_the_last_lines_of_the_one_before(chapter: Chapter, size, kept):
    app = DeckApp(chapter, start_step=2)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        before = _card_lines(app)
        await pilot.press("space")
        await pilot.pause()
        after = _card_lines(app)
        assert deck(app).step == 2
        scroll = app.screen.query_one("#card-scroll", CardView)
        assert 0 < scroll.scroll_y < scroll.max_scroll_y  # a page, not the end of the card
        overlap = round(scroll.scrollable_content_region.height - scroll.scroll_y)
        assert kept <= overlap <= 3  # more only where the lines kept would be blank
        assert after[:overlap] == before[-overlap:]
        assert after[0].strip()  # the page starts on a line that says something
        await pilot.press("pageup")
        await pilot.pause()
        assert _card_lines(app) == before


async def test_autoplay_pages_through_a_tall_card_before_moving_on(chapter: Chapter):
    app = DeckApp(chapter, start_step=2, autoplay_seconds=0.2)
    async with app.run_test(size=(60, 20)) as pilot:
        scroll = app.screen.query_one("#card-scroll", CardView)
        seen = []
        await pilot.press("p")
        await until(pilot, lambda: seen.append((deck(app).step, scroll.scroll_y)) or
                    deck(app).step != 2, tries=3000)
        pages = {y for step, y in seen if step == 2}
        assert len(pages) >= 3  # the top, at least one page between, the bottom
        assert deck(app).step == 3


async def test_the_cover_says_which_key_shows_the_rest_of_it(chapter: Chapter):
    app = DeckApp(chapter)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "more below: ↓" in text and "more below: Space" not in text
        await pilot.press("down", "down", "down", "down", "down", "down", "down", "down")
        await pilot.pause()
        text = screen_text(app)
        for step in chapter.steps[5:]:
            assert step.title in text
        assert deck(app).step == 0


async def test_the_last_page_of_the_last_step_says_the_quiz_comes_next(chapter: Chapter):
    from tui.content.quizload import load_quiz
    from tui.quiz.session import Course

    from conftest import FIXTURES

    course = Course(chapter, load_quiz(FIXTURES / "quiz" / "ch03-small.yaml", chapter))
    app = DeckApp(chapter, start_step=7, course=lambda: (course, ""))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "Space  Next" in screen_text(app)
        await pilot.press("right")
        await pilot.pause()
        app.screen.query_one("#card-scroll").scroll_end(animate=False, immediate=True)
        await pilot.pause()
        text = screen_text(app)
        assert "Space  Quiz" in text and "Space  Next" not in text
        assert "next: the quiz" in text


async def test_the_last_step_of_a_chapter_with_no_quiz_says_space_ends(small: Chapter):
    app = DeckApp(small, start_step=3)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "Space  End" in screen_text(app)


async def test_help_fits_80x24_whole_and_j_k_scroll_it_where_it_does_not(chapter: Chapter):
    app = DeckApp(chapter, start_step=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        keys = app.screen.query_one("#help-keys", VerticalScroll)
        assert keys.max_scroll_y == 0
        text = screen_text(app)
        for what in ("Color theme", "This help", "Quit", "A pipeline stage"):
            assert what in text, what
        await pilot.resize_terminal(60, 16)
        await pilot.pause()
        assert keys.max_scroll_y > 0
        await pilot.press("j", "j")
        await pilot.pause()
        assert keys.scroll_y == 2
        await pilot.press("k")
        await pilot.pause()
        assert keys.scroll_y == 1
        assert isinstance(app.screen, HelpScreen)


async def test_help_in_ascii_names_enter_and_backspace_and_draws_only_ascii(chapter: Chapter):
    app = DeckApp(chapter, start_step=1, ascii_only=True)
    async with app.run_test(size=(60, 16)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        text = screen_text(app)
        assert "Enter" in text.split("Next step, or go")[0].splitlines()[-1]
        assert "Backspace" in text
        assert text.isascii(), sorted({c for c in text if not c.isascii()})
        assert app.screen.query_one("#help-keys", VerticalScroll).max_scroll_y > 0


@pytest.mark.parametrize("size", [(30, 10), (43, 13), (20, 6), (12, 4)],
                         ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_too_small_message_is_whole_however_small(chapter: Chapter, size):
    app = DeckApp(chapter, start_step=1)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        text = " ".join(screen_text(app).split())
        assert "44x14" in text
        assert "Ctrl+C" in text
        if size[0] >= 20:
            assert f"{size[0]}x{size[1]}" in text


@pytest.mark.parametrize("size", [(120, 36), (200, 60)], ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_rule_under_the_step_bar_lines_up_with_it(chapter: Chapter, size):
    app = DeckApp(chapter, start_step=4)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        lines = screen_text(app).splitlines()
        counter = next(i for i, line in enumerate(lines) if "Step 4 / 8" in line)
        bar, rule = lines[counter - 1], lines[counter + 1]
        assert set(rule.strip()) == {"─"}, rule

        def span(line: str) -> tuple[int, int]:
            return len(line) - len(line.lstrip()), len(line.rstrip())

        assert span(rule) == span(bar) == span(lines[counter].replace("○", "x"))


async def test_a_step_without_narration_shows_its_title_as_written():
    from tui.content.loader import check_text

    from helpers import SMALL_CHAPTER

    text = SMALL_CHAPTER.replace("title: Third Step", "title: '**Third** Step'")
    small, problems = check_text(text, "small.yaml")
    assert not problems
    app = DeckApp(small, start_step=3)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        narration = screen_text(app).splitlines()[2]
        assert "**Third** Step" in narration, narration


async def test_a_step_redraws_only_the_card_lines_that_change(chapter: Chapter, monkeypatch):
    # Steps 4 and 5 have cards of the same shape at 80x24 (no layout between them): the blank
    # line on top and the blank lines between the card's parts stay where they were.
    app = DeckApp(chapter, start_step=4)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        card = app.screen.query_one(CardView)
        height = card.scrollable_content_region.height
        before = [card.render_line(y) for y in range(height)]
        refreshed = []
        monkeypatch.setattr(card, "refresh", lambda *regions, **kw: refreshed.append(regions))
        deck(app).go(5)
        after = [card.render_line(y) for y in range(height)]
        monkeypatch.undo()
        changed = {y for y in range(height) if before[y] != after[y]}
        assert changed and len(changed) < height
        assert all(len(regions) == 1 for regions in refreshed)  # never the whole card
        assert {region.y for (region,) in refreshed} == changed


async def test_the_next_step_is_prepared_while_reading_and_only_once(chapter: Chapter,
                                                                   monkeypatch):
    app = DeckApp(chapter, start_step=3)
    async with app.run_test(size=(80, 24)) as pilot:
        card = app.screen.query_one(CardView)
        parts = deck(app)._parts
        assert not card.prepared(4)
        await pilot.pause(0.5)  # reading step 3: step 4 is drawn into memory meanwhile
        assert card.prepared(4) and all(part.prepared(4) for part in parts)
        timers = []
        set_timer = deck(app).set_timer
        monkeypatch.setattr(deck(app), "set_timer",
                            lambda delay, callback, **kw: timers.append(callback) or
                            set_timer(delay, callback, **kw))
        deck(app).go(4)  # step 5 is not in memory: prepared in a moment
        await pilot.pause()
        deck(app).go(3)  # step 4 is: nothing to prepare
        await pilot.pause()
        assert [callback.__name__ for callback in timers] == ["_prepare_next"]
