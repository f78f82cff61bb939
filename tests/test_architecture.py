"""The core stays pure: the chapter format never imports the UI, Textual or Rich."""

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
                                    # the presenter link
                                    "tui.link.place", "tui.link.protocol", "tui.link.talk",
                                    "tui.link.deck_side", "tui.link.notes_side"])
def test_content_imports_no_ui(module):
    loaded = modules_after(f"import {module}")
    assert not {m for m in loaded if m.split(".")[0] in ("textual", "rich")}
    assert not {m for m in loaded if m.startswith("tui.ui")}


def test_check_command_does_not_load_textual():
    loaded = modules_after("from tui.cli import main\nmain(['check'])")
    assert "textual" not in loaded


def test_notes_list_and_the_handout_text_do_not_load_textual():
    loaded = modules_after("from tui.cli import main\nmain(['notes', '--list'])\n"
                           "import tui.export")
    assert "textual" not in loaded
