"""A real pseudo-terminal for the end-to-end tests: the installed command, read back
through pyte as a terminal would show it."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import shutil
import signal
import struct
import sys
import termios
import time
from pathlib import Path

import pyte
import pytest


def installed_command() -> str:
    """The console script installed beside this Python, as a user would run it."""
    beside = Path(sys.executable).parent / "chapterdeck"
    found = str(beside) if beside.exists() else shutil.which("chapterdeck")
    if not found:
        pytest.fail("the chapterdeck command is not installed: pip install -e '.[test]'")
    return found


class Terminal:
    """A pty running a command, read through a pyte screen."""

    def __init__(self, argv: list[str], cols: int = 80, rows: int = 24, cwd: str | None = None,
                 env: dict[str, str] | None = None):
        self.raw = bytearray()
        self.screen = pyte.Screen(cols, rows)
        self.stream = pyte.ByteStream(self.screen)
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child: become the command
            # As a terminal's shell starts a program: signals at their defaults. Ignored ones
            # stay ignored across exec, so a suite started under nohup would otherwise run
            # the app deaf to SIGHUP, and a test that hangs it up would wait for nothing.
            for number in (signal.SIGHUP, signal.SIGINT, signal.SIGQUIT, signal.SIGTERM,
                           signal.SIGTSTP):
                signal.signal(number, signal.SIG_DFL)
            os.environ["TERM"] = "xterm-256color"
            os.environ.pop("NO_COLOR", None)
            os.environ.pop("COLORTERM", None)
            os.environ.update(env or {})
            fcntl.ioctl(1, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
            if cwd:
                os.chdir(cwd)
            os.execv(argv[0], argv)
        fcntl.ioctl(self.fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))

    def read(self, timeout: float = 0.1) -> None:
        while True:
            ready, _, _ = select.select([self.fd], [], [], timeout)
            if not ready:
                return
            try:
                data = os.read(self.fd, 65536)
            except OSError:
                return
            if not data:
                return
            self.raw += data
            self.stream.feed(data)
            timeout = 0.02

    def text(self) -> str:
        return "\n".join(self.screen.display)

    # Generous timeouts, only against hangs: on a busy two-core machine a start can take
    # many seconds, and a test must not fail for it.
    def wait_for(self, needle: str, seconds: float = 90) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            self.read()
            if needle in self.text():
                return
        raise AssertionError(f"{needle!r} never appeared; the screen shows:\n{self.text()}")

    def wait_gone(self, needle: str, seconds: float = 90) -> None:
        """Until `needle` is off the screen (a part that changes size may come a frame
        after the rest)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            self.read()
            if needle not in self.text():
                return
        raise AssertionError(f"{needle!r} never went; the screen shows:\n{self.text()}")

    def send(self, data: bytes) -> None:
        os.write(self.fd, data)

    def wait_exit(self, seconds: float = 90) -> int:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            self.read(0.05)
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                return os.waitstatus_to_exitcode(status)
        os.kill(self.pid, signal.SIGKILL)
        raise AssertionError("chapterdeck did not exit")

    def close(self) -> None:
        try:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        os.close(self.fd)
