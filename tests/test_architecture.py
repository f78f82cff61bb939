"""The core stays pure: the content formats, the quiz engine and the score store never
import the UI, Textual or Rich."""

from __future__ import annotations

import subprocess
import sys

import pytest


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
                                    "tui.link.deck_side", "tui.link.notes_side"])
def test_core_imports_no_ui(module):
    loaded = modules_after(f"import {module}")
    assert not {m for m in loaded if m.split(".")[0] in ("textual", "rich")}
    assert not {m for m in loaded if m.startswith("tui.ui")}


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
    """`chapterdeck scores` and `review` into a pipe draw with Rich alone."""
    loaded = modules_after("import tui.ui.quizreport")
    assert "textual" not in loaded
