"""Snapshot pictures of the presenter's screens: clock, blackout, overview, each theme, a
broken edit under --watch and the notes view, at 80x24 and at projector size 60x20."""

from __future__ import annotations

import pytest

from tui.content.loader import load_chapter
from tui.content.paths import default_chapter
from tui.ui.app import DeckApp

from helpers import SMALL_CHAPTER

SIZES = pytest.mark.parametrize("size", [(80, 24), (60, 20)], ids=lambda s: f"{s[0]}x{s[1]}")


def deck(**options) -> DeckApp:
    return DeckApp(load_chapter(default_chapter()), link=False, **options)


@SIZES
def test_clock(snap_compare, size):
    async def fixed_time_then_T(pilot):
        pilot.app.presenter.elapsed = lambda: 754.0  # 12:34, whatever the machine's speed
        await pilot.press("T")
        await pilot.pause()

    assert snap_compare(deck(start_step=3), terminal_size=size, run_before=fixed_time_then_T)


@SIZES
def test_blackout(snap_compare, size):
    assert snap_compare(deck(start_step=3), press=["b"], terminal_size=size)


@SIZES
def test_overview(snap_compare, size):
    assert snap_compare(deck(start_step=4), press=["o", "right"], terminal_size=size)


@SIZES
@pytest.mark.parametrize("theme", ["dark", "light", "ansi"])
def test_theme(snap_compare, size, theme):
    assert snap_compare(deck(start_step=3, theme=theme), terminal_size=size)


def test_broken_edit_under_watch(snap_compare, tmp_path):
    source = tmp_path / "edited.yaml"
    source.write_text(SMALL_CHAPTER, encoding="utf-8")
    app = DeckApp(load_chapter(source), start_step=2, watch=True, link=False)

    async def break_it(pilot):
        app.presenter.reloaded(None, ["edited.yaml:27:13: step 2's colour 'purplish' is not a "
                                      "colour; use one of violet, blue, teal, amber, pink, "
                                      "red, green, orange or #rrggbb"])
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=break_it)


@SIZES
def test_notes_view(snap_compare, size, monkeypatch):
    import time

    from tui.ui.notes import NotesApp

    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    chapter = load_chapter(default_chapter())
    began = 1_780_000_000.0  # the talk began; "now" is 17:34 later: step 4 runs behind
    app = NotesApp(follow=False, now=lambda: began + 17 * 60 + 34)

    async def as_if_following(pilot):
        app.on_link_status(None, [])
        app.on_deck_message({"type": "chapter", "title": chapter.title, "steps": [
            {"title": s.title, "notes": s.notes, "minutes": s.minutes} for s in chapter.steps]})
        app.on_deck_message({"type": "state", "step": 4, "started": began})
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=as_if_following)
