"""The core stays pure: the content formats, the quiz engine, the score store, the presenter
link, the classroom and the class server never import the UI, Textual or Rich."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import ROOT


def modules_after(code: str) -> set[str]:
    probe = f"{code}\nimport sys\nprint('\\n'.join(sys.modules))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            check=True, timeout=60)
    return set(result.stdout.split())


@pytest.mark.parametrize("module", ["tui.content.loader", "tui.content.model",
                                    "tui.content.markup", "tui.content.paths",
                                    "tui.content.quiz", "tui.content.quizload",
                                    "tui.quiz.sampling", "tui.quiz.scoring",
                                    "tui.quiz.results", "tui.quiz.session", "tui.quiz.report",
                                    "tui.quiz.review",
                                    "tui.store.scores",
                                    # the presenter link
                                    "tui.link.place", "tui.link.protocol", "tui.link.talk",
                                    "tui.link.deck_side", "tui.link.notes_side",
                                    # the errors every layer raises
                                    "tui.errors"])
def test_core_imports_no_ui(module):
    loaded = modules_after(f"import {module}")
    assert not {m for m in loaded if m.split(".")[0] in ("textual", "rich")}
    assert not {m for m in loaded if m.startswith("tui.ui")}


# Every module of the pure packages, found on disk, so that a new one is covered as it lands
# (the list above predates it; what it names is found here too).
PURE_PACKAGES = ("content", "quiz", "store", "link", "classroom", "serve")
PURE_MODULES = sorted(
    f"tui.{package}.{path.stem}" if path.stem != "__init__" else f"tui.{package}"
    for package in PURE_PACKAGES
    for path in (ROOT / "tui" / package).glob("*.py"))


def test_the_pure_modules_are_found():
    assert {"tui.quiz.session", "tui.store.scores", "tui.link.place", "tui.classroom.report",
            "tui.classroom.log", "tui.serve.events"} <= set(PURE_MODULES)


@pytest.mark.parametrize("module", PURE_MODULES)
def test_every_pure_module_imports_no_ui(module):
    test_core_imports_no_ui(module)


def test_check_command_does_not_load_textual():
    loaded = modules_after("from tui.cli import main\nmain(['check'])")
    assert "textual" not in loaded


def test_the_deck_does_not_load_the_quiz_or_the_store_to_start():
    """The quiz and SQLite load when the deck reaches the quiz, not before the first frame."""
    loaded = modules_after("import tui.ui.app")
    assert not {m for m in loaded if m.startswith(("tui.quiz", "tui.store", "sqlite3"))}


def test_notes_list_and_the_handout_text_do_not_load_textual():
    loaded = modules_after("from tui.cli import main\nmain(['notes', '--list'])\n"
                           "import tui.export")
    assert "textual" not in loaded


def test_printed_scores_do_not_load_textual():
    """`chapterdeck scores` and `review` into a pipe, and `chapterdeck report`, draw with
    Rich alone."""
    loaded = modules_after("import tui.ui.quizreport\nimport tui.ui.classreport")
    assert "textual" not in loaded
