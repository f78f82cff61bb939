"""The output encoder is exact: Textual's own stream and the encoded stream, each fed into a
pyte screen, give the same cells (character, colours, bold, italic, underline, reverse)
after every step of the deck, every quiz screen and dialog, a resize, each theme, NO_COLOR
and --ascii, and random key sequences; and it writes far fewer bytes."""

from __future__ import annotations

import asyncio

import pyte
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from textual import constants, events

from tui.content.loader import load_chapter
from tui.content.paths import default_chapter
from tui.content.quizload import load_quiz
from tui.quiz.session import Course
from tui.ui.app import DeckApp, QuizOptions
from tui.ui.driver import ChapterdeckDriver, driver_class
from tui.ui.encoder import Encoder, sgr_delta

from conftest import FIXTURES
from wire import ATTRIBUTES, paired, resize

SMALL_BANK = FIXTURES / "quiz" / "ch03-small.yaml"


@pytest.fixture(scope="module")
def course() -> Course:
    chapter = load_chapter(default_chapter())
    return Course(chapter, load_quiz(SMALL_BANK, chapter))


async def press(pilot, screens, *keys: str) -> str:
    """Press keys one by one; after each, the two screens must be the same. Returns the text."""
    for key in keys:
        await pilot.press(key)
        await pilot.pause()
        differences = screens.differences()
        assert not differences, (f"after {key!r}, {len(differences)} cells differ:\n"
                                 + "\n".join(differences[:10]) + "\n" + screens.text())
    return screens.text()


async def same(pilot, screens) -> str:
    await pilot.pause()
    differences = screens.differences()
    assert not differences, "\n".join(differences[:10]) + "\n" + screens.text()
    return screens.text()


# -- the deck ---------------------------------------------------------------------------------


@pytest.mark.parametrize("colours", ["truecolor", "256"])
async def test_every_step_of_chapter_3_is_exact(chapter, colours, monkeypatch):
    monkeypatch.setattr(constants, "COLOR_SYSTEM", colours)
    app = DeckApp(chapter)
    async with paired(app) as (pilot, screens):
        await same(pilot, screens)
        for step in chapter.steps:
            before = screens.raw_bytes, screens.encoded_bytes
            text = await press(pilot, screens, "right")
            assert step.title in text
            raw, encoded = (screens.raw_bytes - before[0], screens.encoded_bytes - before[1])
            # Issue 10's targets for a step, and well under what Textual writes itself
            assert 0 < encoded <= (3500 if colours == "truecolor" else 3000), (raw, encoded)
            assert encoded < raw / 2, (raw, encoded)
        # Back again, and paging through a card with Space.
        await press(pilot, screens, "home", "space", "space", "space", "left", "end")


async def test_every_step_of_a_thirty_step_chapter_is_exact():
    chapter = load_chapter(FIXTURES / "thirty.yaml")
    app = DeckApp(chapter)
    async with paired(app) as (pilot, screens):
        await same(pilot, screens)
        for step in chapter.steps:
            assert step.title in await press(pilot, screens, "right")


async def test_the_deck_dialogs_are_exact(chapter):
    app = DeckApp(chapter, start_step=3)
    async with paired(app) as (pilot, screens):
        await same(pilot, screens)
        await press(pilot, screens, "t", "down", "down", "escape")  # contents
        await press(pilot, screens, "o", "right", "escape")  # overview
        await press(pilot, screens, "question_mark", "escape")  # help
        await press(pilot, screens, "b", "x")  # blackout and back
        await press(pilot, screens, "p", "p", "T", "T", "4", "escape", "1", "enter")


@pytest.mark.parametrize("theme", ["dark", "light", "ansi"])
async def test_each_theme_is_exact(chapter, theme):
    app = DeckApp(chapter, theme=theme, start_step=2)
    async with paired(app) as (pilot, screens):
        await same(pilot, screens)
        await press(pilot, screens, "right", "c", "right", "c", "left")


async def test_no_color_is_exact(chapter, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    app = DeckApp(chapter)
    async with paired(app) as (pilot, screens):
        await same(pilot, screens)
        await press(pilot, screens, "right", "right", "t", "escape", "left")


async def test_ascii_is_exact(chapter):
    app = DeckApp(chapter, ascii_only=True)
    async with paired(app) as (pilot, screens):
        await same(pilot, screens)
        await press(pilot, screens, "right", "right", "o", "escape", "question_mark", "escape")


async def test_a_resize_is_exact_both_ways(chapter):
    app = DeckApp(chapter, start_step=2)
    async with paired(app) as (pilot, screens):
        await same(pilot, screens)
        for width, height in ((120, 40), (60, 20), (200, 60), (80, 24)):
            await resize(pilot, screens, width, height)
            await same(pilot, screens)
            await press(pilot, screens, "right", "left")


async def test_the_notes_view_is_exact(chapter):
    from tui.ui.notes import NotesApp

    began = 1_780_000_000.0
    app = NotesApp(follow=False, now=lambda: began + 17 * 60 + 34)
    async with paired(app) as (pilot, screens):
        app.on_link_status(None, [])
        app.on_deck_message({"type": "chapter", "title": chapter.title, "steps": [
            {"title": s.title, "notes": s.notes, "minutes": s.minutes} for s in chapter.steps]})
        for step in (4, 5, 1):
            app.on_deck_message({"type": "state", "step": step, "started": began})
            assert chapter.step(step).title in await same(pilot, screens)
        await press(pilot, screens, "down", "pagedown", "up", "3")


# -- the quiz ---------------------------------------------------------------------------------


async def test_every_quiz_screen_and_dialog_is_exact(course, tmp_path):
    app = DeckApp(course.chapter, course=course, start="quiz",
                  quiz=QuizOptions(count=3, seed=7, data_dir=tmp_path))
    async with paired(app) as (pilot, screens):
        await same(pilot, screens)  # the menu
        await press(pilot, screens, "question_mark", "escape", "down", "up")
        seen = {type(app.screen).__name__}
        await press(pilot, screens, "enter")  # the whole chapter, three questions
        for _ in range(3):
            seen.add(type(app.screen).__name__)
            # Each kind of question takes a different answer; try them all, then settle.
            await press(pilot, screens, "a", "space", "down", "space", "right", "enter")
            await press(pilot, screens, "escape", "a", "enter")  # back to change, then answer
            await press(pilot, screens, "2")  # certainty: feedback
            await press(pilot, screens, "v", "q")  # the step that teaches it, and back
            await press(pilot, screens, "enter")  # the next question, or the results
        seen.add(type(app.screen).__name__)
        await press(pilot, screens, "escape")
        await press(pilot, screens, "s")  # history
        seen.add(type(app.screen).__name__)
        await press(pilot, screens, "escape", "d")  # the deck
        seen.add(type(app.screen).__name__)
    assert {"QuizMenuScreen", "QuestionScreen", "ResultsScreen", "ScoresScreen",
            "DeckScreen"} <= seen, seen


async def test_the_resume_offer_is_exact(course, tmp_path):
    options = QuizOptions(count=3, seed=7, data_dir=tmp_path)
    app = DeckApp(course.chapter, course=course, start="quiz", quiz=options)
    async with paired(app) as (pilot, screens):
        await press(pilot, screens, "enter", "a", "enter", "2", "q")  # leave half-way
    app = DeckApp(course.chapter, course=course, start="quiz", quiz=options)
    async with paired(app) as (pilot, screens):
        text = await same(pilot, screens)
        assert "Resume" in text
        await press(pilot, screens, "l")


# -- random keys --------------------------------------------------------------------------------

KEYS = ["right", "left", "space", "enter", "home", "end", "pageup", "pagedown", "up", "down",
        "t", "o", "question_mark", "escape", "c", "b", "p", "T", "3", "j", "k", "a", "2", "v"]


@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
@given(keys=st.lists(st.sampled_from(KEYS), min_size=1, max_size=25))
def test_random_keys_stay_exact(keys):
    chapter = load_chapter(default_chapter())

    async def run() -> None:
        app = DeckApp(chapter)
        async with paired(app) as (pilot, screens):
            for key in keys:
                await press(pilot, screens, key)
                if app.screen.__class__.__name__ == "EndScreen":
                    await press(pilot, screens, "escape")

    asyncio.run(run())


# -- when the terminal shows something else -----------------------------------------------------


async def garbled(screens) -> None:
    """Something else wrote on the terminal: the encoded screen no longer matches."""
    screens.encoded_stream.feed("\x1b[5;5H\x1b[31mGARBAGE over the deck\x1b[0m")
    assert screens.differences()


async def test_ctrl_l_repaints_every_cell(chapter):
    app = DeckApp(chapter)
    async with paired(app) as (pilot, screens):
        await same(pilot, screens)
        await garbled(screens)
        await press(pilot, screens, "ctrl+l")


async def test_focus_regained_repaints(chapter):
    app = DeckApp(chapter)
    async with paired(app) as (pilot, screens):
        await same(pilot, screens)
        await garbled(screens)
        screens.driver.process_message(events.AppFocus())
        await same(pilot, screens)


async def test_resuming_after_ctrl_z_repaints(chapter):
    app = DeckApp(chapter)
    async with paired(app) as (pilot, screens):
        await same(pilot, screens)
        screens.driver.stop_application_mode()
        await garbled(screens)  # the shell's screen, meanwhile
        screens.driver.start_application_mode()
        await same(pilot, screens)


async def test_sgr_is_written_as_deltas(chapter):
    """After the first frame, no segment restates its style after a reset."""
    app = DeckApp(chapter)
    async with paired(app) as (pilot, screens):
        await same(pilot, screens)
        start = len(screens.encoded_log)
        await press(pilot, screens, "right", "right")
        later = "".join(screens.encoded_log[start:])
    assert "\x1b[0;" not in later and "\x1b[0m" not in later
    assert "\x1b[?2026h" in later  # each frame is one synchronized update


async def test_the_bell_goes_out_at_once(chapter):
    """Textual writes the bell without a flush: it must not wait for the next frame."""
    app = DeckApp(chapter)
    async with paired(app) as (pilot, screens):
        await same(pilot, screens)
        written = len(screens.encoded_log)
        app.bell()
        assert screens.encoded_log[written:] == ["\x07"]


async def test_a_fault_in_the_encoder_falls_back_to_textuals_own_output(chapter, monkeypatch):
    app = DeckApp(chapter)
    async with paired(app) as (pilot, screens):
        await same(pilot, screens)

        def broken(data: str) -> None:
            raise ValueError("a bug")

        monkeypatch.setattr(screens.driver.encoder, "feed", broken)
        before = len(screens.encoded_log)
        await press(pilot, screens, "right", "right", "t", "escape")
        assert any("\x1b[0m" in chunk for chunk in screens.encoded_log[before:])  # Textual's


def test_raw_output_turns_the_encoder_off(monkeypatch):
    monkeypatch.delenv("CHAPTERDECK_RAW_OUTPUT", raising=False)
    assert driver_class() is ChapterdeckDriver
    monkeypatch.setenv("CHAPTERDECK_RAW_OUTPUT", "1")
    assert driver_class() is None
    assert DeckApp(load_chapter(default_chapter())).driver_class is not ChapterdeckDriver


# -- the encoder on its own ---------------------------------------------------------------------


def cells(screen: pyte.Screen) -> list:
    return [[tuple(getattr(screen.buffer[r][c], a) for a in ATTRIBUTES)
             for c in range(screen.columns)] for r in range(screen.lines)]


def both(chunks: list[str], width: int = 20, height: int = 4, bce: bool = True):
    """Feed chunks (one flush each) to a raw screen and, through the encoder, another."""
    raw, encoded = pyte.Screen(width, height), pyte.Screen(width, height)
    raw_stream, encoded_stream = pyte.Stream(raw), pyte.Stream(encoded)
    for stream in (raw_stream, encoded_stream):
        stream.feed("\x1b[?7l")  # no line wrap, as Textual sets it
    encoder = Encoder(width, height, bce=bce)
    out = []
    for chunk in chunks:
        raw_stream.feed(chunk)
        encoder.feed(chunk)
        out.append(encoder.flush())
        encoded_stream.feed(out[-1])
        assert cells(raw) == cells(encoded), (chunk, out[-1])
    return out


def test_sgr_delta_changes_only_what_differs():
    bold_red = (1, "31", None, None)
    assert sgr_delta(bold_red, (1, "32", None, None)) == "\x1b[32m"
    assert sgr_delta(bold_red, (0, "31", None, None)) == "\x1b[22m"
    assert sgr_delta((0b11, None, None, None), (0b10, None, None, None)) == "\x1b[22;2m"
    assert sgr_delta(bold_red, (0, None, None, None)) == "\x1b[m"
    assert sgr_delta(None, bold_red) == "\x1b[0;1;31m"
    assert sgr_delta(bold_red, bold_red) == ""


def test_blank_runs_are_erased_only_where_the_background_allows():
    line = "\x1b[1;1H\x1b[48;5;17mab" + " " * 18 + "\x1b[0m"
    assert "\x1b[K" in both([line])[0]
    without_bce = both([line], bce=False)[0]
    assert "\x1b[K" not in without_bce and " " * 18 in without_bce
    plain = "\x1b[2;1Hab" + " " * 18
    assert "\x1b[K" in both([plain], bce=False)[0]
    # Reverse video shows on a blank: written, not erased.
    assert "\x1b[K" not in both(["\x1b[1;1H\x1b[7mab" + " " * 18 + "\x1b[0m"])[0]


def test_only_changed_cells_are_written():
    first = "\x1b[1;1H\x1b[1mHello\x1b[0m world, all here"  # 24 of the 40 columns
    out = both([first, "\x1b[1;1H\x1b[1mHello\x1b[0m wOrld, all here"], width=40)
    assert out[1].count("O") == 1 and "Hello" not in out[1] and "here" not in out[1]
    assert both([first, first], width=40)[1] == ""


def test_wide_characters_and_links_survive():
    out = both(["\x1b[1;1H日本語 text", "\x1b[1;3H語日", "\x1b[1;1Hé—",
                "\x1b[2;1H\x1b]8;id=1;https://example.org\x1b\\\x1b[4mlink\x1b[0m\x1b]8;;\x1b\\"])
    assert "語日" in out[1] and "日" not in out[1].replace("語日", "")
    assert "\x1b]8;id=1;https://example.org\x1b\\" in out[3] and "\x1b]8;;\x1b\\" in out[3]


def test_modes_pass_through_in_order_and_the_alternate_screen_resyncs():
    out = both(["\x1b[?1049h\x1b[?25l", "\x1b[1;1Habc", "\x1b[?1049l\x1b[?1049h\x1b[1;1Habc"])
    assert out[0] == "\x1b[?1049h\x1b[?25l"
    # Back on the alternate screen, what Textual drew is written again (not on the way out).
    assert out[2].startswith("\x1b[?1049l\x1b[?1049h") and "abc" in out[2]


# No wide characters: over half of one, pyte keeps the other half, where a terminal (and the
# encoder's model) blanks it; Textual never writes over half of one.
CHARS = st.sampled_from(list("ab  é—│█") + [" " * 12])
STYLES = st.sampled_from(["0", "1", "3", "4", "7", "1;3", "38;5;99", "48;5;17",
                          "38;2;10;20;30;48;2;1;2;3", "22", "2", "31;44", "9"])


@st.composite
def frames(draw):
    """A Textual-like frame: runs of styled text at cursor positions."""
    parts = []
    for _ in range(draw(st.integers(1, 8))):
        row, col = draw(st.integers(1, 5)), draw(st.integers(1, 80))
        parts.append(f"\x1b[{row};{col}H")
        room = 80 - col + 1
        for _ in range(draw(st.integers(1, 4))):
            text = "".join(draw(st.lists(CHARS, min_size=1, max_size=4)))[:room]
            room -= len(text)
            if text:
                parts.append(f"\x1b[{draw(STYLES)}m{text}\x1b[0m")
    return "".join(parts)


@settings(max_examples=200, deadline=None)
@given(chunks=st.lists(frames(), min_size=1, max_size=6), bce=st.booleans())
def test_random_frames_encode_exactly(chunks, bce):
    both(chunks, width=80, height=5, bce=bce)


def test_a_text_drawn_again_from_the_cache_of_cells_lays_out_as_the_first_time():
    # Drawn twice: the first time lays the text out cell by cell, the second from the cache.
    for text, cells in (("日本語", ["日", "", "本", "", "語", ""]),
                        ("e\u0301x", ["e\u0301", "x"]),
                        ("日\u0301a", ["日", "", "a"]),  # after a right half: dropped
                        ("—│█", ["—", "│", "█"])):
        for _ in range(2):
            encoder = Encoder(10, 1)
            encoder.feed(f"\x1b[1;1H\x1b[1m{text}\x1b[0m")
            assert encoder.want.chars[0][:len(cells)] == cells
            assert encoder.want.styles[0][:len(cells)] == [encoder.want.styles[0][0]] * len(cells)
    # Starting with a zero-width character, it joins the cell before it: not cached.
    encoder = Encoder(10, 1)
    encoder.feed("\x1b[1;1Ha\x1b[1;2H\u0301b")
    assert encoder.want.chars[0][:2] == ["a\u0301", "b"]
