"""How the command runs an app: the interpreter hands its lock to the output thread promptly
while the app runs, so that a frame Textual has queued is not held back by the next thing
the app does."""

from __future__ import annotations

import sys

from tui import cli


class FakeApp:
    """Runs instantly; notes the switch interval it ran under."""

    return_code = 0

    def run(self) -> None:
        self.interval = sys.getswitchinterval()

    def unsaved_answers(self) -> list:
        return []


def test_an_app_runs_with_a_short_switch_interval():
    before = sys.getswitchinterval()
    app = FakeApp()
    try:
        assert cli._run(app) == 0  # noqa: SLF001
    finally:
        sys.setswitchinterval(before)
    assert app.interval == cli.SWITCH_INTERVAL < 0.005  # Python's default: 5 ms
