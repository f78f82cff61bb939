"""Snapshot pictures of the class console: the class live at 80x24 and at a projector's
60x20, in --ascii and in the terminal's own colours, the quit question, and the class
report screen. Times are in UTC and the data folder is relative, so every run draws alike."""

from __future__ import annotations

from pathlib import Path

import pytest

from tui.ui.console import ClassConsole

from classdata import sample_class, small_course
from fakeserver import FakeServer, a_class
from helpers import screen_text, until

SIZES = pytest.mark.parametrize("size", [(80, 24), (60, 20)], ids=lambda s: f"{s[0]}x{s[1]}")


pytestmark = pytest.mark.usefixtures("utc")


def live(**options) -> ClassConsole:
    server = FakeServer()
    app = ClassConsole(server, Path("class"), course=small_course(), **options)
    return app


async def with_a_class(pilot) -> None:
    await until(pilot, lambda: pilot.app.serving)
    a_class(pilot.app.server)
    await pilot.pause()


@SIZES
def test_the_class_live(snap_compare, size):
    assert snap_compare(live(), terminal_size=size, run_before=with_a_class)


def test_the_class_live_in_ascii_and_ansi(snap_compare):
    assert snap_compare(live(ascii_only=True, theme="ansi"), terminal_size=(80, 24),
                        run_before=with_a_class)


def test_before_anyone_joins(snap_compare):
    async def started(pilot):
        await until(pilot, lambda: pilot.app.serving)

    assert snap_compare(live(), terminal_size=(80, 24), run_before=started)


def test_the_quit_question(snap_compare):
    async def class_then_q(pilot):
        await with_a_class(pilot)
        await pilot.press("q")

    assert snap_compare(live(), terminal_size=(80, 24), run_before=class_then_q)


@pytest.mark.parametrize("page", [0, 1], ids=["top", "questions"])
def test_the_class_report(snap_compare, tmp_path, monkeypatch, page):
    monkeypatch.chdir(tmp_path)
    sample_class(Path("class"), small_course())

    async def report(pilot):
        await with_a_class(pilot)
        await pilot.press("r")
        await until(pilot, lambda: "7 learners" in screen_text(pilot.app))
        for _ in range(page):
            await pilot.press("pagedown")
        await pilot.pause()

    assert snap_compare(live(), terminal_size=(80, 24), run_before=report)


def test_the_class_live_without_colour(snap_compare, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    assert snap_compare(live(), terminal_size=(80, 24), run_before=with_a_class)
