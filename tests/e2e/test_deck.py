"""End to end: the installed `chapterdeck` command in a real pseudo-terminal."""

from __future__ import annotations

import os
import pty
import re
import select
import signal
import subprocess
import sys
import time

import pytest

from terminal import installed_command


def test_space_through_all_eight_steps_in_a_real_terminal(terminal):
    term = terminal()
    term.wait_for("Press Space to begin")
    assert "Step - / 8" in term.text()
    step = 0
    for _ in range(40):  # Space pages down tall cards before it advances
        term.send(b" ")
        time.sleep(0.15)
        term.read()
        for n in range(8, step, -1):
            if f"Step {n} / 8" in term.text():
                step = n
                break
        if step == 8:
            break
    term.wait_for("Step 8 / 8")
    term.wait_for("The AI PM’s Playbook")
    term.send(b"q")
    assert term.wait_exit() == 0


def test_step_option_and_keys_in_a_real_terminal(terminal):
    # A stale exported size must not override the terminal's own.
    term = terminal("--step", "4", cols=60, rows=20, env={"COLUMNS": "100", "LINES": "40"})
    term.wait_for("Step 4 / 8")
    term.wait_for("Team Topologies")
    term.send(b"\x1b[C")  # Right
    term.wait_for("Step 5 / 8")
    term.send(b"2\r")
    term.wait_for("Step 2 / 8")
    term.send(b"\x03")  # Ctrl+C quits cleanly
    assert term.wait_exit() == 0


TRUECOLOR = re.compile(rb"\x1b\[[0-9;]*[34]8;2;")
COLOURS_256 = re.compile(rb"\x1b\[[0-9;]*[34]8;5;")


@pytest.mark.parametrize(("env", "truecolor", "colours_256"), [
    ({"TERM": "xterm-256color", "COLORTERM": "truecolor"}, True, False),
    ({"TERM": "xterm-256color"}, False, True),  # the usual case over SSH
    ({"TERM": "xterm"}, False, False),  # 16 colours
], ids=["truecolor", "256", "16"])
def test_colour_depth_follows_the_terminal(terminal, env, truecolor, colours_256):
    term = terminal("--step", "3", env=env)
    term.wait_for("Step 3 / 8")
    term.read(0.3)
    assert bool(TRUECOLOR.search(term.raw)) is truecolor
    assert bool(COLOURS_256.search(term.raw)) is colours_256
    term.wait_for("Emerging GenAI Roles")


def test_no_color_still_marks_the_lit_stages(terminal):
    term = terminal("--step", "3", env={"NO_COLOR": "1"})
    term.wait_for("Step 3 / 8")
    term.read(0.3)
    line = next(row for row in range(term.screen.lines)
                if "Core Team" in term.screen.display[row])
    lit = {term.screen.buffer[line][x].data for x in range(term.screen.columns)
           if term.screen.buffer[line][x].reverse}
    assert lit >= set("CoreTamGnAIRls")  # the lit stages are drawn reversed
    assert "Topology" in term.screen.display[line]


def test_nothing_is_written_while_nothing_changes(terminal):
    """Idle, the deck writes not a byte to its terminal (over SSH every byte is paid for),
    and a key still draws. Read from the real pty: Textual has no public hook for the frames
    an app writes."""
    term = terminal("--step", "1")
    term.wait_for("Step 1 / 8")
    for _ in range(120):  # let the start settle, however slow a busy machine makes it
        drawn = len(term.raw)
        term.read(0.5)
        if len(term.raw) == drawn:
            break
    drawn = len(term.raw)
    quiet_until = time.monotonic() + 1.0
    while time.monotonic() < quiet_until:
        term.read(0.1)
    assert len(term.raw) == drawn, bytes(term.raw[drawn:])
    term.send(b"\x1b[C")  # Right: the counter itself works
    term.wait_for("Step 2 / 8")
    assert len(term.raw) > drawn


def test_an_unsized_pty_settles_instead_of_redrawing_forever(tmp_path):
    """A pty whose size was never set reports 0x0; the deck must still go quiet. Once it
    has drawn, it must fall silent (a deck redrawing for ever never does); how soon does
    not matter, so a slow start on a busy machine is no failure."""
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["TERM"] = "xterm-256color"
        os.execv(installed_command(), [installed_command(), "--step", "2"])
    try:
        import pyte

        screen = pyte.Screen(80, 24)
        stream = pyte.ByteStream(screen)
        drawn, quiet_since = False, None
        deadline = time.monotonic() + 90  # only against a deck that never settles
        while time.monotonic() < deadline:
            ready, _, _ = select.select([fd], [], [], 0.1)
            data = b""
            if ready:
                try:
                    data = os.read(fd, 65536)
                except OSError:
                    break
            stream.feed(data)
            drawn = drawn or "Step 2 / 8" in "\n".join(screen.display)
            if not drawn or data:
                quiet_since = None
            elif quiet_since is None:
                quiet_since = time.monotonic()
            elif time.monotonic() - quiet_since >= 3:
                break  # drawn, then three seconds without a byte: it settled
        else:
            raise AssertionError("the deck kept redrawing" if drawn else "the deck never drew")
    finally:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.close(fd)


def test_a_broken_chapter_is_a_message_not_a_traceback(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("title: Broken\nsteps:\n  - id: one\n    titel: One\n", encoding="utf-8")
    result = subprocess.run([installed_command(), str(broken)], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert f"{broken}:4:5: step 1 has an unknown key 'titel'; did you mean 'title'?" \
        in result.stderr


def test_python_m_tui_runs_the_same_command(tmp_path):
    result = subprocess.run([sys.executable, "-m", "tui", "check"], capture_output=True,
                            text=True, timeout=60, cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no problems" in result.stdout


@pytest.mark.parametrize("junk", [b"\x1b[99999999999u", b"\x1b[1114112u", b"\x1b[99999999999~",
                                  b"\x1b[99999999999999999999A"],
                         ids=["huge-key", "beyond-unicode", "huge-tilde", "huge-cursor"])
def test_junk_escape_sequences_are_ignored(terminal, junk):
    """Textual's input parser raised on these and the deck died (and exited 0); the junk is
    dropped and the keys after it still work."""
    term = terminal("--step", "2")
    term.wait_for("Step 2 / 8")
    term.send(junk)
    term.send(b"\x1b[C")  # Right
    term.wait_for("Step 3 / 8")
    term.send(b"q")
    assert term.wait_exit() == 0
    assert b"Traceback" not in term.raw


def test_the_help_names_every_command(capsys):
    """`chapterdeck --help` lists the other commands: each one main() dispatches (its table,
    COMMANDS) must be named there (serve and report were missing once)."""
    from tui import cli

    commands = set(cli.COMMANDS)
    assert {"check", "quiz", "review", "serve", "report", "export"} <= commands
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    text = " ".join(capsys.readouterr().out.split())
    missing = sorted(c for c in commands if f"'chapterdeck {c}" not in text)
    assert missing == []


@pytest.mark.parametrize("argv", [["scores", "--json"], ["scores", "--csv"], ["scores"],
                                  ["--help"]], ids=["json", "csv", "text", "help"])
def test_output_into_a_closed_pipe_stops_quietly(tmp_path, argv):
    """`chapterdeck scores --json | head -1`: the reader leaves early, and chapterdeck stops
    without a traceback (it printed one, BrokenPipeError)."""
    read, write = os.pipe()
    os.close(read)
    try:
        result = subprocess.run([installed_command(), *argv], stdout=write,
                                stderr=subprocess.PIPE, text=True, timeout=60,
                                env={**os.environ, "CHAPTERDECK_DATA_DIR": str(tmp_path)})
    finally:
        os.close(write)
    assert "Traceback" not in result.stderr and "BrokenPipe" not in result.stderr, \
        result.stderr
    assert result.returncode in (0, 1)
