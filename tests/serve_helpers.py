"""A class server on loopback for the end-to-end tests, and the stock OpenSSH client in a
pty to join it.

The server runs on an event loop of its own in a thread, with a watcher that keeps every
event; it stops when the test ends, and by itself after SERVER_LIFETIME at the latest.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import socket
import threading
import time
from pathlib import Path

import pytest

from tui.content.paths import default_chapter
from tui.serve.events import ClassEvent, JoinInfo
from tui.serve.server import ClassServer, ServeOptions

from terminal import Terminal

SERVER_LIFETIME = 300.0  # seconds: a server a test forgot is gone after this
SSH = shutil.which("ssh")
needs_ssh = pytest.mark.skipif(SSH is None, reason="the OpenSSH client is not installed "
                               "(.ci/run installs openssh-client)")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Recorder:
    """A ClassWatcher that keeps what it is told."""

    def __init__(self) -> None:
        self.info: JoinInfo | None = None
        self.events: list[ClassEvent] = []

    def started(self, info: JoinInfo) -> None:
        self.info = info

    def event(self, event: ClassEvent) -> None:
        self.events.append(event)

    def kinds(self, kind: str) -> list[ClassEvent]:
        return [e for e in list(self.events) if e.kind == kind]


class Classroom:
    def __init__(self, tmp: Path, **options) -> None:
        self.tmp = tmp
        self.data_dir = tmp / "classroom"
        self.port = free_port()
        self.options = ServeOptions(chapter=default_chapter(), port=self.port,
                                    data_dir=self.data_dir, **options)
        self.server = ClassServer(self.options)
        self.watcher = Recorder()
        self.loop = asyncio.new_event_loop()
        self.terminals: list[Terminal] = []
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        started = asyncio.run_coroutine_threadsafe(self.server.start(self.watcher), self.loop)
        self.info = started.result(timeout=120)

    @classmethod
    def outside(cls, tmp: Path, port: int, code: str) -> "Classroom":
        """Only the learners' side, for a server started some other way (the command)."""
        room = cls.__new__(cls)
        room.tmp, room.port, room.terminals = tmp, port, []
        room.info = JoinInfo("127.0.0.1", port, "code", code, "", False, "", 0)
        room._done = threading.Event()
        room._done.set()  # no server of ours to stop
        return room

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        self.loop.call_later(SERVER_LIFETIME, self.loop.stop)
        self.loop.run_forever()
        self._done.set()

    @property
    def code(self) -> str:
        return self.info.code or ""

    def call(self, function, *args):
        """Run `function` on the server's loop and return what it returns."""
        async def call():
            return function(*args)
        return asyncio.run_coroutine_threadsafe(call(), self.loop).result(timeout=30)

    def learner_pids(self) -> list[int]:
        return self.call(lambda: [learner.pid for learner in self.server.learners
                                  if learner.pid])

    def ssh_argv(self, name: str, *extra: str) -> list[str]:
        # ssh keeps the first value given for an option: the test's own come first.
        return [SSH, "-F", "/dev/null", *extra, "-p", str(self.port),
                "-o", "StrictHostKeyChecking=accept-new",
                "-o", f"UserKnownHostsFile={self.tmp / 'known_hosts'}",
                "-o", "GlobalKnownHostsFile=/dev/null", "-o", "PubkeyAuthentication=no",
                "-o", "IdentityAgent=none", "-o", "ConnectTimeout=20", f"{name}@127.0.0.1"]

    def ssh(self, name: str, *extra: str, cols: int = 80, rows: int = 24,
            env: dict[str, str] | None = None) -> Terminal:
        term = Terminal(self.ssh_argv(name, *extra), cols, rows, env=env)
        self.terminals.append(term)
        return term

    def join(self, name: str, *extra: str, **kwargs) -> Terminal:
        """Join with the class code typed at the prompt, as a learner does."""
        term = self.ssh(name, *extra, **kwargs)
        term.wait_for("assword")
        term.send(self.code.encode() + b"\r")
        return term

    def wait(self, condition, seconds: float = 30, what: str = "the condition") -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if condition():
                return
            time.sleep(0.05)
        raise AssertionError(f"{what} did not happen within {seconds} s; events: "
                             f"{self.watcher.events}")

    def close(self) -> None:
        for term in self.terminals:
            term.close()
        if not self._done.is_set():
            try:
                asyncio.run_coroutine_threadsafe(self.server.stop(), self.loop).result(30)
            finally:
                self.loop.call_soon_threadsafe(self.loop.stop)
                self._thread.join(30)


def gone(pid: int) -> bool:
    """Whether the process has ended (a zombie not yet reaped counts as ended)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] == "Z"
    except FileNotFoundError:
        return True


def stop_process(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
