"""Shared fixtures: the real chapter, a small test chapter, and helpers to read the screen."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from tui.content.loader import check_text, load_chapter
from tui.content.model import Chapter
from tui.content.paths import default_chapter

from helpers import SMALL_CHAPTER
from terminal import Terminal, installed_command


@pytest.fixture(autouse=True)
def _quiet_environment(monkeypatch, tmp_path):
    """Tests never depend on the developer's terminal settings or touch the real home."""
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("CHAPTERDECK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("CHAPTERDECK_CACHE_DIR", str(tmp_path / "cache"))
    # The presenter link's sockets: a short private path (a socket path may not be longer
    # than 107 bytes, and pytest's tmp_path can be), never the user's real runtime folder.
    runtime = tempfile.mkdtemp(prefix="cd-run-")
    monkeypatch.setenv("CHAPTERDECK_RUNTIME_DIR", runtime)
    yield
    shutil.rmtree(runtime, ignore_errors=True)


@pytest.fixture(autouse=True)
def _record_notices(monkeypatch):
    """App.notify, recorded for helpers.notices() and then done as ever."""
    from textual.app import App

    import helpers

    notify = App.notify

    def recorded(self, message, *args, **kwargs):
        helpers.NOTICES.setdefault(id(self), []).append(str(message))
        return notify(self, message, *args, **kwargs)

    monkeypatch.setattr(App, "notify", recorded)
    yield
    helpers.NOTICES.clear()


@pytest.fixture
def utc(monkeypatch):
    """Local time is UTC, so that times on screen are the same on every machine."""
    import time

    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture(scope="session")
def chapter() -> Chapter:
    return load_chapter(default_chapter())


@pytest.fixture(scope="session")
def small() -> Chapter:
    small, problems = check_text(SMALL_CHAPTER, "small.yaml")
    assert not problems, problems
    return small


FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).parent.parent  # the repository: tui/, docs/, quizzes/, pyproject.toml
os.environ.setdefault("TEXTUAL_ANIMATIONS", "none")


@pytest.fixture
def terminal(tmp_path):
    """Start the installed chapterdeck in a pty (in tmp_path); every one is killed after."""
    terminals: list[Terminal] = []

    def start(*args: str, cols: int = 80, rows: int = 24,
              env: dict[str, str] | None = None) -> Terminal:
        term = Terminal([installed_command(), *args], cols, rows, cwd=str(tmp_path), env=env)
        terminals.append(term)
        return term

    yield start
    for term in terminals:
        term.close()
