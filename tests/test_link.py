"""The presenter link: a deck and notes views, in one process and in several."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import stat
import time
from pathlib import Path

import pytest

from tui.content.model import Chapter
from tui.link import protocol
from tui.link.deck_side import SLOW_READER, DeckLink
from tui.link.notes_side import Follower
from tui.link.place import RUNTIME_ENV, LinkError, running_decks, runtime_dir, socket_path
from tui.link.talk import clock, pace, planned_total
from tui.ui.app import DeckApp
from tui.ui.notes import NotesApp
from tui.ui.screens.deck import DeckScreen

from helpers import screen_text, until
from terminal import Terminal, installed_command


def deck_of(app: DeckApp) -> DeckScreen:
    return app.presenter.deck


# -- the pure parts -------------------------------------------------------------------------


def test_the_runtime_folder_is_private(tmp_path, monkeypatch):
    folder = tmp_path / "run"
    monkeypatch.setenv(RUNTIME_ENV, str(folder))
    assert runtime_dir() == folder
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    folder.chmod(0o755)  # loosened by someone: tightened again
    runtime_dir()
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_a_runtime_path_that_is_not_a_folder_is_a_message(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv(RUNTIME_ENV, str(blocker))
    with pytest.raises(LinkError, match="presenter link"):
        runtime_dir()


def test_messages_round_trip_and_bad_lines_are_refused():
    line = protocol.encode(protocol.command("go", 4))
    assert line.endswith(b"\n") and line.count(b"\n") == 1
    assert protocol.parse_command(protocol.decode(line)) == ("go", 4)
    for bad in (b"not json\n", b"[1, 2]\n", b'{"no": "type"}\n', b"\xff\n"):
        with pytest.raises(protocol.BadMessage):
            protocol.decode(bad)
    assert protocol.parse_command({"type": "command", "action": "rm -rf"}) is None
    assert protocol.parse_command({"type": "command", "action": "go", "step": True}) is None


def test_pacing_against_the_planned_minutes():
    minutes = [3, 5, None, 4]
    assert planned_total(minutes) == 12 * 60
    assert pace(minutes, 3, 100) is None  # no plan for step 3
    assert pace(minutes, 2, 0).describe().startswith("3 min ahead")
    assert pace(minutes, 2, 4 * 60).describe().startswith("on time")
    assert pace(minutes, 2, 10 * 60).describe().startswith("2 min behind")
    assert pace(minutes, 1, 3 * 60 + 10).drift == 10
    assert clock(0) == "0:00" and clock(754) == "12:34" and clock(3725) == "1:02:05"


# -- the deck's server ----------------------------------------------------------------------


async def test_the_socket_is_the_users_alone_and_removed_on_stop():
    link = DeckLink(lambda: [], lambda *_: None)
    path = await link.start()
    assert path == socket_path()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_ISSOCK(path.stat().st_mode)
    assert [d.pid for d in running_decks()] == [os.getpid()]
    await link.stop()
    assert not path.exists()


def test_a_deck_still_starting_keeps_its_socket():
    """A deck's socket is bound a moment before it listens; a look in that moment (a notes
    view, the class server, a busy machine) was refused and removed the live deck's socket, so
    it was never found again. Only a socket whose deck is gone is removed."""
    starting = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    starting.bind(str(socket_path()))  # ours, and not listening yet
    try:
        assert running_decks() == []
        assert socket_path().exists()
    finally:
        starting.close()
    dead = socket_path().with_name("deck-999999999.sock")  # no such process
    gone = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    gone.bind(str(dead))
    gone.close()
    assert running_decks() == []
    assert not dead.exists()


async def test_a_reader_that_never_reads_is_cut_off_without_stalling_the_deck():
    link = DeckLink(lambda: [], lambda *_: None)
    path = await link.start()
    reader, writer = await asyncio.open_unix_connection(str(path))  # and never reads
    try:
        for _ in range(50):
            if link.followers:
                break
            await asyncio.sleep(0.01)
        assert link.followers == 1
        big = {"type": "state", "padding": "x" * 8192}
        for _ in range(4 * SLOW_READER // 8192 + 64):  # far more than any socket buffers
            link.send(big)  # returns at once, every time
            await asyncio.sleep(0)
        assert link.followers == 0
    finally:
        writer.close()
        await link.stop()


async def test_commands_reach_the_deck_and_junk_is_ignored():
    got: list[tuple[str, int]] = []
    link = DeckLink(lambda: [{"type": "state", "step": 2}], lambda *c: got.append(c))
    path = await link.start()
    reader, writer = await asyncio.open_unix_connection(str(path))
    assert protocol.decode(await reader.readline()) == {"type": "state", "step": 2}
    writer.write(b"garbage\n" + protocol.encode(protocol.command("next")) +
                 protocol.encode(protocol.command("go", 5)))
    await writer.drain()
    for _ in range(9000):  # up to 90 s: only against a hang
        if len(got) == 2:
            break
        await asyncio.sleep(0.01)
    assert got == [("next", 0), ("go", 5)]
    writer.close()
    await link.stop()


# -- a deck and a notes view in one process -------------------------------------------------


async def test_notes_follow_the_deck_and_drive_it(chapter: Chapter):
    deck_app = DeckApp(chapter)
    notes_app = NotesApp()
    async with deck_app.run_test(size=(80, 24)) as deck_pilot:
        await until(deck_pilot, lambda: deck_app.presenter.link is not None)
        assert deck_app.presenter.link.path.exists()
        async with notes_app.run_test(size=(80, 24)) as notes_pilot:
            await until(notes_pilot, lambda: "The cover" in screen_text(notes_app))
            assert f"deck pid {os.getpid()}" in screen_text(notes_app)

            # The deck moves: the notes follow, Space and a jump alike.
            await deck_pilot.press("space")
            await until(notes_pilot, lambda: "Step 1 / 8" in screen_text(notes_app))
            text = screen_text(notes_app)
            assert "Open with the question for the room" in text  # step 1's notes
            assert "Next: 2. The Core AI Team" in text
            assert "30:00 planned" in text
            await deck_pilot.press("6", "enter")
            await until(notes_pilot, lambda: "Step 6 / 8" in screen_text(notes_app))
            assert "Next: 7. Scaling the AI Team" in screen_text(notes_app)

            # Keys in the notes view drive the deck.
            await notes_pilot.press("left")
            await until(notes_pilot, lambda: deck_of(deck_app).step == 5)
            await notes_pilot.press("right")
            await until(notes_pilot, lambda: deck_of(deck_app).step == 6)
            await notes_pilot.press("2", "enter")
            await until(notes_pilot, lambda: deck_of(deck_app).step == 2)
            await until(notes_pilot, lambda: "Step 2 / 8" in screen_text(notes_app))
            await notes_pilot.press("space")  # step 2's card is tall: Space pages it first
            await until(notes_pilot, lambda: deck_of(deck_app)._scroll.scroll_y > 0)
            assert deck_of(deck_app).step == 2


async def test_notes_say_how_to_start_a_deck_then_wait_for_one(small: Chapter):
    notes_app = NotesApp()
    async with notes_app.run_test(size=(80, 24)) as notes_pilot:
        await until(notes_pilot, lambda: "No deck is running" in screen_text(notes_app))
        assert "chapterdeck" in screen_text(notes_app)
        await notes_pilot.press("space")  # nothing to drive: a bell, no error
        deck_app = DeckApp(small, start_step=2)
        async with deck_app.run_test(size=(80, 24)):
            await until(notes_pilot, lambda: "Second Step" in screen_text(notes_app))


async def test_the_deck_going_away_and_coming_back(small: Chapter):
    notes_app = NotesApp()
    async with notes_app.run_test(size=(80, 24)) as notes_pilot:
        first = DeckApp(small, start_step=1)
        async with first.run_test(size=(80, 24)):
            await until(notes_pilot, lambda: "First Step" in screen_text(notes_app))
        await until(notes_pilot, lambda: "has exited" in screen_text(notes_app))
        assert "Waiting for it to come back" in screen_text(notes_app)
        again = DeckApp(small, start_step=3)
        async with again.run_test(size=(80, 24)):
            await until(notes_pilot, lambda: "Third Step" in screen_text(notes_app))
            assert "has exited" not in screen_text(notes_app)


async def test_a_reload_reaches_the_notes(small: Chapter, tmp_path):
    from helpers import SMALL_CHAPTER

    source = tmp_path / "small.yaml"
    source.write_text(SMALL_CHAPTER, encoding="utf-8")
    from tui.content.loader import load_chapter

    deck_app = DeckApp(load_chapter(source), start_step=1, watch=True)
    notes_app = NotesApp()
    async with deck_app.run_test(size=(80, 24)) as deck_pilot:
        async with notes_app.run_test(size=(80, 24)) as notes_pilot:
            await until(notes_pilot, lambda: "First Step" in screen_text(notes_app))
            source.write_text(SMALL_CHAPTER.replace("title: First Step",
                                                    "title: First Step Renamed"), "utf-8")
            await until(notes_pilot, lambda: "First Step Renamed" in screen_text(notes_app))
            assert "First Step Renamed" in screen_text(deck_app)
            del deck_pilot


# -- decks in processes of their own ---------------------------------------------------------


@pytest.fixture
def deck_process(tmp_path):
    started: list[Terminal] = []

    def start(*args: str) -> Terminal:
        term = Terminal([installed_command(), *args], 80, 24, cwd=str(tmp_path))
        started.append(term)
        return term

    yield start
    for term in started:
        term.close()


def wait_for_decks(count: int) -> list:
    for _ in range(1800):  # up to 90 s: only against a hang
        decks = running_decks()
        if len(decks) == count:
            return decks
        time.sleep(0.05)
    raise AssertionError(f"expected {count} decks, found {running_decks()}")


def test_two_decks_are_told_apart(deck_process):
    first = deck_process("--step", "1")
    first.wait_for("Step 1 / 8")
    wait_for_decks(1)
    time.sleep(0.05)  # a later start time for the second socket
    second = deck_process("--step", "4")
    second.wait_for("Step 4 / 8")
    decks = wait_for_decks(2)
    assert [d.pid for d in decks] == [second.pid, first.pid]  # newest first

    async def follow(pid: int | None) -> dict:
        states: list[dict] = []
        follower = Follower(lambda m: states.append(m) if m["type"] == "state" else None,
                            lambda *_: None, pid=pid)
        task = asyncio.create_task(follower.run())
        for _ in range(4500):  # up to 90 s: only against a hang
            if states:
                break
            await asyncio.sleep(0.02)
        task.cancel()
        return states[0]

    assert asyncio.run(follow(None))["step"] == 4  # the newest
    assert asyncio.run(follow(first.pid))["step"] == 1  # --deck PID


def test_a_killed_decks_socket_is_removed_and_ignored(deck_process):
    deck = deck_process("--step", "2")
    deck.wait_for("Step 2 / 8")
    [found] = wait_for_decks(1)
    os.kill(deck.pid, signal.SIGKILL)
    os.waitpid(deck.pid, 0)
    assert found.path.exists()  # a kill leaves the socket behind
    probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    with pytest.raises(ConnectionRefusedError):
        probe.connect(str(found.path))
    probe.close()
    assert running_decks() == []
    assert not found.path.exists()


def test_notes_in_a_second_terminal_follow_and_drive_a_deck(deck_process, tmp_path):
    deck = deck_process()
    deck.wait_for("Press Space to begin")
    wait_for_decks(1)
    notes = Terminal([installed_command(), "notes"], 80, 24, cwd=str(tmp_path))
    try:
        notes.wait_for(f"deck pid {deck.pid}")
        notes.wait_for("The cover")
        deck.send(b" ")
        notes.wait_for("Step 1 / 8")
        notes.send(b"5\r")
        deck.wait_for("Step 5 / 8")
        notes.wait_for("The PM–ML Relationship")
        deck.send(b"q")
        assert deck.wait_exit() == 0
        notes.wait_for("has exited")
        notes.send(b"q")
        assert notes.wait_exit() == 0
    finally:
        notes.close()


def test_notes_list_names_the_running_decks(deck_process, capsys):
    from tui.cli import main

    assert main(["notes", "--list"]) == 0
    assert "No deck is running" in capsys.readouterr().out
    deck = deck_process("--step", "1")
    deck.wait_for("Step 1 / 8")
    wait_for_decks(1)
    assert main(["notes", "--list"]) == 0
    assert f"pid {deck.pid}" in capsys.readouterr().out


def test_the_runtime_folder_is_not_the_users_real_one():
    assert Path(os.environ[RUNTIME_ENV]) == runtime_dir()
    assert "cd-run-" in str(runtime_dir())


async def test_a_deck_without_a_usable_runtime_folder_plays_on(small: Chapter, tmp_path,
                                                               monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv(RUNTIME_ENV, str(blocker))
    app = DeckApp(small, start_step=1)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: app.presenter.link_problem)
        assert "Speaker notes are off" in app.presenter.link_problem
        assert app.presenter.link is None
        await pilot.press("right")
        assert deck_of(app).step == 2


async def test_long_notes_scroll_in_a_small_notes_view(chapter: Chapter):
    deck_app = DeckApp(chapter, start_step=1)
    notes_app = NotesApp()
    async with deck_app.run_test(size=(80, 24)):
        async with notes_app.run_test(size=(60, 20)) as notes_pilot:
            await until(notes_pilot, lambda: "Step 1 / 8" in screen_text(notes_app))
            scroll = notes_app.query_one("#notes-scroll")
            assert scroll.max_scroll_y > 0  # step 1's notes do not fit in 60x20
            await notes_pilot.press("down", "down", "pagedown")
            assert scroll.scroll_y > 0
            assert deck_of(deck_app).step == 1  # scrolling the notes leaves the deck alone
            assert "q quit" in screen_text(notes_app).replace("  ", " ")


def test_without_xdg_runtime_dir_both_logins_find_the_logind_folder(tmp_path, monkeypatch):
    from tui.link import place

    monkeypatch.delenv(RUNTIME_ENV)
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    monkeypatch.setattr(place, "RUN_USER", tmp_path / "run-user")
    monkeypatch.setattr(place.tempfile, "gettempdir", lambda: str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    assert runtime_dir() == tmp_path / "tmp" / f"chapterdeck-{os.getuid()}"  # no logind
    (tmp_path / "run-user" / str(os.getuid())).mkdir(parents=True)
    assert runtime_dir() == tmp_path / "run-user" / str(os.getuid()) / "chapterdeck"
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path / "xdg"))
    assert runtime_dir() == tmp_path / "xdg" / "chapterdeck"


def test_a_runtime_folder_too_long_for_a_socket_is_a_clear_message(tmp_path, monkeypatch,
                                                                     capsys):
    from tui.cli import main
    from tui.link.place import LinkError, runtime_dir

    deep = tmp_path / ("a-very-long-folder-name-" * 5)
    monkeypatch.setenv("CHAPTERDECK_RUNTIME_DIR", str(deep))
    with pytest.raises(LinkError, match="too long a path for a socket"):
        runtime_dir()
    assert main(["notes", "--list"]) == 2
    assert "set CHAPTERDECK_RUNTIME_DIR to a shorter folder" in capsys.readouterr().err


def test_pacing_rounds_half_a_minute_up():
    from tui.link.talk import Pace

    assert Pace(0, 60, 60 + 150).describe().startswith("3 min behind")  # 2.5 minutes
    assert Pace(0, 60, 60 + 210).describe().startswith("4 min behind")  # 3.5 minutes
    assert Pace(600, 660, 600 - 150).describe().startswith("3 min ahead")


@pytest.mark.parametrize("action", ["next", "forward"])
@pytest.mark.parametrize("with_quiz", [True, False], ids=["quiz", "no-quiz"])
async def test_commands_past_the_last_step_open_the_quiz_once(chapter: Chapter, small: Chapter,
                                                             tmp_path, action, with_quiz):
    """`next` sent 300 times at the last step pushed 300 quiz menus (80 MB; 20,000 froze the
    deck): what is past the end opens once, and further commands change nothing."""
    from tui.content.quizload import load_quiz
    from tui.quiz.session import Course
    from tui.ui.app import QuizOptions

    from conftest import FIXTURES

    if with_quiz:
        course = Course(chapter, load_quiz(FIXTURES / "quiz" / "ch03-small.yaml", chapter))
        app = DeckApp(chapter, start_step=8, course=lambda: (course, ""),
                      quiz=QuizOptions(data_dir=tmp_path))
    else:
        app = DeckApp(small, start_step=3)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for _ in range(60):  # (Space pages through step 8's card first)
            app.presenter._command(action, 0)  # noqa: SLF001 - what the link calls
            await pilot.pause()
        assert len(app.screen_stack) == 2, app.screen_stack
