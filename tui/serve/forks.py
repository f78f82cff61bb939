"""The class server's side of the fork server (forkserver.py): start it, have it fork a
learner's deck onto a pty, hear when a deck exits, end a deck that does not end by itself.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

DECK_START_TIMEOUT = 30.0
KILL_GRACE = 2.0  # seconds a hung-up deck has to end before SIGTERM, and again before SIGKILL
READY_TIMEOUT = 120.0  # importing the app on a busy machine


class ForkServerError(OSError):
    """The fork server cannot be started; the message says why (with what it printed)."""


class ForkServer:
    """The server's side of forkserver.py: spawn a deck on a pty, learn when one exits."""

    def __init__(self, options, on_error=None) -> None:
        """`options` are the server's ServeOptions; `on_error(text)` hears each problem."""
        self.options = options
        self.on_error = on_error or (lambda text: None)
        self.said: list[str] = []  # what the fork server wrote to stderr, kept short
        self.process: subprocess.Popen | None = None
        self.sock: socket.socket | None = None
        self.live: set[int] = set()
        self.names: dict[int, str] = {}     # each live deck's learner
        self._spawning: dict[int, str] = {}
        self._waiting: dict[int, asyncio.Future] = {}
        self._ids = itertools.count(1)
        self._buffer = b""
        self._ready: asyncio.Future | None = None

    async def start(self, env: dict) -> None:
        loop = asyncio.get_running_loop()
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        args = [sys.executable, "-m", "tui.serve.forkserver", str(theirs.fileno()),
                str(self.options.chapter), str(self.options.quiz or "-")]
        if self.options.follow:
            args.append("--follow")
        root = Path(__file__).resolve().parent.parent.parent
        # Its output never reaches the terminal, where the console is drawn: what it writes
        # to stderr becomes an error event.
        self.process = subprocess.Popen(args, pass_fds=[theirs.fileno()], env=env,
                                        cwd=root, stdin=subprocess.DEVNULL,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        os.set_blocking(self.process.stderr.fileno(), False)
        loop.add_reader(self.process.stderr.fileno(), self._stderr)
        theirs.close()
        ours.setblocking(False)
        self.sock = ours
        self._ready = loop.create_future()
        loop.add_reader(ours, self._readable)
        try:
            await asyncio.wait_for(asyncio.shield(self._ready), READY_TIMEOUT)
        except (asyncio.TimeoutError, ConnectionError) as exc:
            await self.stop()
            said = f": {' '.join(self.said[-3:])}" if self.said else ""
            raise ForkServerError(f"the learners' deck server did not start{said}") from exc

    def _stderr(self) -> None:
        stream = self.process.stderr if self.process is not None else None
        try:
            data = stream.read() if stream is not None else b""
        except (BlockingIOError, OSError, ValueError):
            return
        if not data:
            if stream is not None:
                asyncio.get_running_loop().remove_reader(stream.fileno())
            return
        for line in data.decode(errors="replace").splitlines():
            if line.strip():
                self.said = (self.said + [line.strip()[:300]])[-20:]
                self.on_error(f"deck server: {line.strip()[:300]}")

    def _readable(self) -> None:
        try:
            data = self.sock.recv(65536)
        except BlockingIOError:
            return
        except OSError:
            data = b""
        if not data:
            asyncio.get_running_loop().remove_reader(self.sock)
            if self._ready is not None and not self._ready.done():
                self._ready.set_exception(ConnectionError("fork server ended"))
            for future in self._waiting.values():
                if not future.done():
                    future.set_exception(ConnectionError("fork server ended"))
            return
        self._buffer += data
        while b"\n" in self._buffer:
            line, self._buffer = self._buffer.split(b"\n", 1)
            message = json.loads(line)
            if message.get("ready") and not self._ready.done():
                self._ready.set_result(True)
            elif "spawned" in message:
                self.live.add(message["pid"])
                self.names[message["pid"]] = self._spawning.pop(message["spawned"], "")
                future = self._waiting.pop(message["spawned"], None)
                if future is not None and not future.done():
                    future.set_result(message["pid"])
            elif "exited" in message:
                pid, status = message["exited"], message.get("status", 0)
                self.live.discard(pid)
                name = self.names.pop(pid, "a learner")
                # Ended by a hang-up or by us (negative: the signal) is a learner leaving;
                # anything else is the deck failing, which the teacher should hear of.
                # 129: the deck saw its terminal go (end of input) before the SIGHUP came.
                if status not in (0, 129, -signal.SIGHUP, -signal.SIGTERM, -signal.SIGKILL):
                    self.on_error(f"{name}'s deck stopped with an error (exit status "
                                  f"{status}); they can join again")

    async def spawn(self, slave: int, env: dict, home: str, step: int) -> int:
        number = next(self._ids)
        self._spawning[number] = env.get("USER", "")
        future = asyncio.get_running_loop().create_future()
        self._waiting[number] = future
        request = json.dumps({"spawn": number, "env": env, "home": home,
                              "step": step}).encode() + b"\n"
        await self._send(request, [slave])
        return await asyncio.wait_for(future, DECK_START_TIMEOUT)

    async def _send(self, data: bytes, fds: list[int] = ()) -> None:
        while True:
            if self.sock is None:
                raise ConnectionError("the fork server has stopped")
            try:
                sent = socket.send_fds(self.sock, [data], fds) if fds else self.sock.send(data)
            except BlockingIOError:
                await asyncio.sleep(0.01)
                continue
            if sent >= len(data):
                return
            data, fds = data[sent:], []

    def kill(self, pid: int, number: int = signal.SIGTERM) -> None:
        if pid in self.live and self.sock is not None:
            asyncio.ensure_future(self._send(json.dumps({"kill": pid, "signal": int(number)})
                                             .encode() + b"\n"))

    def reap_later(self, pid: int) -> None:
        """A deck whose terminal hung up ends by itself; one that does not is ended."""
        loop = asyncio.get_running_loop()
        loop.call_later(KILL_GRACE, self.kill, pid, signal.SIGTERM)
        loop.call_later(KILL_GRACE * 2, self.kill, pid, signal.SIGKILL)

    async def stop(self) -> None:
        if self.sock is not None:
            try:
                asyncio.get_running_loop().remove_reader(self.sock)
            except (ValueError, OSError):
                pass
            self.sock.close()  # the fork server sees the end and hangs up every deck
            self.sock = None
        if self.process is not None:
            try:
                await asyncio.wait_for(asyncio.to_thread(self.process.wait), 5)
            except asyncio.TimeoutError:
                self.process.kill()
            try:
                asyncio.get_running_loop().remove_reader(self.process.stderr.fileno())
            except (ValueError, OSError):
                pass
            self.process.stderr.close()
            self.process = None
