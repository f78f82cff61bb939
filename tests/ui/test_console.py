"""The class console as a teacher uses it, against a fake server: it starts and stops the
server, shows the join instructions and the class live, opens the class report, and asks
before quitting while learners are connected."""

from __future__ import annotations

from contextlib import asynccontextmanager
from pathlib import Path

import pytest

from tui.ui.console import ClassConsole, ClassReportScreen, ClassScreen, QuitClassScreen

from classdata import sample_class, small_course, take
from fakeserver import INFO, FakeServer, a_class
from helpers import flat, screen_text, until

SIZE = (80, 24)


pytestmark = pytest.mark.usefixtures("utc")


@pytest.fixture(scope="module")
def course():
    return small_course()


@asynccontextmanager
async def running(data_dir: Path, course=None, server: FakeServer | None = None,
                  with_class: bool = False):
    """The console on a fake server, started; with `with_class`, four learners are in."""
    server = server or FakeServer()
    app = ClassConsole(server, data_dir, course=course)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: app.serving or not app.is_running)
        if with_class:
            a_class(server)
            await pilot.pause()
        yield app, server, pilot


async def test_it_starts_the_server_and_shows_how_to_join(tmp_path, course):
    async with running(tmp_path, course) as (app, server, pilot):
        assert server.starts == 1 and server.watcher is app
        text = screen_text(app)
        assert "ssh -p 2222 NAME@127.0.0.1" in text
        assert INFO.code in text and INFO.fingerprint in text
        assert "No learner has joined yet" in text
        assert "0 connected of 60" in text


async def test_after_the_last_learner_leaves_it_says_none_is_connected(tmp_path, course):
    """Not "No learner has joined yet": five did, and have left."""
    async with running(tmp_path, course, with_class=True) as (app, server, pilot):
        for n, name in enumerate(("ana", "ben", "chidi", "dana")):
            server.emit("left", name, f"127.0.0.1:{50100 + n}", detail="quit the deck")
        await pilot.pause()
        text = flat(screen_text(app))
        assert "No learner has joined yet" not in text
        assert "No learner is connected now (5 connections so far)" in text


async def test_the_class_live(tmp_path, course):
    async with running(tmp_path, course, with_class=True) as (app, server, pilot):
        text = screen_text(app)
        assert "4 connected" in text and "presenter: step 5 / 8" in text
        assert "1 refused" in text
        for name in ("ana", "ben", "chidi", "dana"):
            assert name in text
        assert "quiz 4 / 10" in text
        assert "looking back" in text  # ben, on step 3 while the presenter is on 5
        assert "emeka left: the connection was closed" in text
        server.emit("place", "dana", "127.0.0.1:50103", "step 6 / 8")
        server.emit("left", "ana", "127.0.0.1:50100", detail="the connection dropped")
        await pilot.pause()
        text = screen_text(app)
        assert "3 connected" in text and "step 6 / 8" in text
        assert "ana left: the connection dropped" in text


async def test_a_flood_of_moves_redraws_once(tmp_path, course, monkeypatch):
    async with running(tmp_path, course) as (app, server, pilot):
        for n in range(50):
            server.emit("joined", f"l{n}", f"127.0.0.1:{n}", "cover")
        await pilot.pause()
        redraws = []
        monkeypatch.setattr(ClassScreen, "show", lambda self, state: redraws.append(1))
        for step in range(1, 9):  # the presenter walks the deck; fifty learners follow
            for n in range(50):
                server.emit("place", f"l{n}", f"127.0.0.1:{n}", f"step {step} / 8")
        await pilot.pause()
        assert 1 <= len(redraws) < 10  # one per batch the loop got to, not 400
        assert all(c.place == "step 8 / 8" for c in app.state.connected)


async def test_learners_text_is_escaped_on_screen(tmp_path, course):
    async with running(tmp_path, course) as (app, server, pilot):
        server.emit("refused", "\x1b[2Jevil", "10.0.0.1:1", detail="bad name\x07")
        await pilot.pause()
        text = screen_text(app)
        assert "\\x1b[2Jevil" in text and "\\x07" in text and "\x1b" not in text


async def test_r_shows_the_class_report_and_u_reads_it_again(tmp_path, course):
    sample_class(tmp_path, course)
    async with running(tmp_path, course) as (app, server, pilot):
        await pilot.press("r")
        assert isinstance(app.screen, ClassReportScreen)
        await until(pilot, lambda: "7 learners" in screen_text(app))
        text = screen_text(app)
        assert "Learners" in text and "ana" in text and "gus" in text
        take(tmp_path, "zoe", course, {"pm-shift": 0})
        await pilot.press("u")
        await until(pilot, lambda: "8 learners" in screen_text(app))
        await pilot.press("pagedown")
        await until(pilot, lambda: "Questions, most missed first" in screen_text(app)
                    or "bank-topology" in screen_text(app))
        await pilot.press("escape")
        assert isinstance(app.screen, ClassScreen)
        await pilot.press("r", "question_mark")
        assert "Read again" in screen_text(app)
        await pilot.press("escape", "escape")
        assert isinstance(app.screen, ClassScreen)
        assert server.stops == 0  # the class ran on throughout


async def test_the_report_says_when_there_is_no_class_yet(tmp_path, course):
    async with running(tmp_path, course) as (app, server, pilot):
        await pilot.press("r")
        await until(pilot, lambda: "no learners/ folder" in screen_text(app))


async def test_the_report_loads_chapter_3_when_given_no_course(tmp_path):
    (tmp_path / "learners" / "ana").mkdir(parents=True)
    async with running(tmp_path) as (app, server, pilot):
        await pilot.press("r")
        await until(pilot, lambda: "1 learner," in screen_text(app))
        assert "AI Product Roles" in screen_text(app)


async def test_q_with_nobody_connected_stops_the_server_and_quits(tmp_path, course):
    async with running(tmp_path, course) as (app, server, pilot):
        await pilot.press("q")
        await until(pilot, lambda: not app.is_running)
    assert server.stops == 1


async def test_q_with_learners_asks_first(tmp_path, course):
    async with running(tmp_path, course, with_class=True) as (app, server, pilot):
        await pilot.press("q")
        assert isinstance(app.screen, QuitClassScreen)
        assert "4 learners are connected" in screen_text(app)
        await pilot.press("n")
        assert isinstance(app.screen, ClassScreen) and app.is_running
        assert server.stops == 0
        await pilot.press("r")  # from the report too
        await pilot.press("q")
        assert isinstance(app.screen, QuitClassScreen)
        await pilot.press("y")
        await until(pilot, lambda: not app.is_running)
    assert server.stops == 1


async def test_ctrl_c_stops_the_server_at_once(tmp_path, course):
    async with running(tmp_path, course) as (app, server, pilot):
        a_class(server)
        await pilot.press("ctrl+c")
        await until(pilot, lambda: not app.is_running)
    assert server.stops == 1


async def test_the_server_is_stopped_however_the_app_ends(tmp_path, course):
    async with running(tmp_path, course) as (app, server, pilot):
        app.exit()  # the terminal went away, say
        await until(pilot, lambda: not app.is_running)
    assert server.stops == 1


async def test_a_server_that_cannot_start_is_a_message(tmp_path, course):
    server = FakeServer(fail=OSError(98, "Address already in use"))
    async with running(tmp_path, course, server) as (app, _, pilot):
        await until(pilot, lambda: not app.is_running)
    assert app.return_code == 2
    assert server.stops == 0


async def test_help_lists_the_keys(tmp_path, course):
    async with running(tmp_path, course) as (app, server, pilot):
        await pilot.press("question_mark")
        text = screen_text(app)
        assert "Class report" in text and "Scroll the learners down" in text
        await pilot.press("escape")
        assert isinstance(app.screen, ClassScreen)
        await pilot.press("r", "question_mark")
        assert "Read again" in screen_text(app)
        await pilot.press("escape", "escape")
        assert isinstance(app.screen, ClassScreen)


async def test_a_full_room_scrolls(tmp_path, course):
    def rows(app):  # the learners' rows on screen (not the recent events)
        return {line.split()[1] for line in screen_text(app).splitlines()
                if line.startswith("│ learner") and "cover" in line}

    async with running(tmp_path, course) as (app, server, pilot):
        for n in range(40):
            server.emit("joined", f"learner{n:02d}", f"127.0.0.1:{6000 + n}", "cover")
        await pilot.pause()
        assert "learner00" in rows(app) and "learner39" not in rows(app)
        for _ in range(5):
            await pilot.press("pagedown")
        assert "learner39" in rows(app) and "learner00" not in rows(app)
        for _ in range(5):
            await pilot.press("pageup")
        assert "learner00" in rows(app)
        await pilot.press("j", "j")
        assert "learner00" not in rows(app)
        await pilot.press("k", "up")
        assert "learner00" in rows(app)


async def test_a_small_terminal_keeps_the_join_command_and_the_learners(tmp_path, course):
    async with running(tmp_path, course, with_class=True) as (app, server, pilot):
        await pilot.resize_terminal(44, 14)
        await pilot.pause()
        text = screen_text(app)
        assert "ssh -p 2222 NAME@127.0.0.1" in text and "k7q-2mx" in text
        assert "Learners (4)" in text and "ana" in text
        assert "Recent" not in text  # what gives way first
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        text = screen_text(app)
        assert "Recent" in text and "emeka left" in text and "dana" in text
