"""The terminfo reader says what curses says of `bce`, for every entry the machine has, and
no for anything that is not a readable entry; the driver's start no longer loads curses."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tui.ui import terminfo

CURSES_BCE = """
import curses, os, sys
fd = os.open(os.devnull, os.O_WRONLY)
for term in sys.argv[1:2]:  # setupterm sets up one terminal per process
    try:
        curses.setupterm(term, fd)
        print(curses.tigetflag("bce") == 1)
    except curses.error:
        print(False)
"""


def installed_terms() -> list[str]:
    names = {path.name for folder in terminfo.SYSTEM_FOLDERS
             for path in Path(folder).glob("*/*")}
    return sorted(names)


def curses_says(term: str, env: dict[str, str] | None = None) -> bool:
    result = subprocess.run([sys.executable, "-c", CURSES_BCE, term], capture_output=True,
                            text=True, check=True, timeout=60, env=env)
    return result.stdout.strip() == "True"


def test_some_entries_are_installed():
    assert {"xterm-256color", "dumb"} <= set(installed_terms())


@pytest.mark.parametrize("term", ["xterm-256color", "xterm", "screen-256color",
                                  "tmux-256color", "linux", "vt100", "dumb", "ansi",
                                  "rxvt", "no-such-terminal"])
def test_bce_as_curses_says(term):
    assert terminfo.has_bce(term) == curses_says(term)


def test_every_installed_entry_as_curses_says():
    terms = installed_terms()
    wrong = [term for term in terms if terminfo.has_bce(term) != curses_says(term)]
    assert not wrong
    assert 0 < sum(terminfo.has_bce(term) for term in terms) < len(terms)


def test_terminfo_in_the_environment_comes_first(tmp_path):
    """$TERMINFO is searched before the system's folders, as ncurses does: an entry copied
    there with bce turned off is the one read."""
    source = terminfo.entry("xterm-256color")
    assert source is not None and terminfo.boolean(source, terminfo.BCE)
    names = int.from_bytes(source[2:4], "little")
    changed = bytearray(source)
    changed[terminfo.HEADER_BYTES + names + terminfo.BCE] = 0
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "xterm-256color").write_bytes(bytes(changed))
    env = {**os.environ, "TERMINFO": str(tmp_path)}
    assert not terminfo.has_bce("xterm-256color", env)
    assert not curses_says("xterm-256color", env)


@pytest.mark.parametrize("data", [b"", b"\x1a\x01", b"not a terminfo entry at all",
                                  b"\x1a\x01\xff\xff\xff\x7f" + bytes(6)])
def test_what_is_not_an_entry_says_no(data):
    assert not terminfo.boolean(data, terminfo.BCE)


@pytest.mark.parametrize("term", ["", "../../etc/passwd", ".hidden", "a/b"])
def test_a_term_that_names_no_entry_says_no(term):
    assert terminfo.entry(term) is None and not terminfo.has_bce(term)


def test_a_special_file_is_not_read_as_an_entry(tmp_path):
    (tmp_path / "z").mkdir()
    os.mkfifo(tmp_path / "z" / "zz-fifo")  # would block an open() that waits for a writer
    (tmp_path / "z" / "zz-dir").mkdir()
    env = {**os.environ, "TERMINFO": str(tmp_path)}
    assert not terminfo.has_bce("zz-dir", env)
    # A FIFO is not opened at all: the reader must not hang on it.
    assert not terminfo.has_bce("zz-fifo", env)


def test_the_driver_does_not_load_curses():
    probe = ("import sys\nfrom tui.ui.driver import terminal_has_bce\nterminal_has_bce()\n"
             "print('curses' in sys.modules, '_curses' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            check=True, timeout=60,
                            env={**os.environ, "TERM": "xterm-256color"})
    assert result.stdout.split() == ["False", "False"]
