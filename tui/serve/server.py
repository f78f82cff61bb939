"""The class server: learners join with plain ssh, each gets their own deck on a pty.

One asyncssh server. Each connection may open one session, which must ask for a terminal
and a shell: nothing else gets in (commands, subsystems, forwarding and agents are refused).
The learner's deck is forked from the fork server (forkserver.py) onto a fresh pty whose
other side the server copies to and from the SSH channel. With --follow, the server follows
the presenter's deck over the presenter link and tells every learner's deck where it is.
"""

from __future__ import annotations

import asyncio
import fcntl
import hmac
import itertools
import os
import shutil
import struct
import sys
import tempfile
import termios
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import asyncssh

from ..errors import ChapterdeckError, describe
from ..link.protocol import MAX_LINE, BadMessage, decode, encode
from .access import (NAME_RULE, AccessError, host_key, learner_keys, new_code,
                     terminal_type, valid_name)
from .events import ClassEvent, ClassWatcher, JoinInfo
from .forks import DECK_START_TIMEOUT, ForkServer, ForkServerError

MAX_FAILED_LOGINS = 3
LOGIN_TIMEOUT = 30.0
# A learner whose connection silently died is reaped within a minute: 12 s between
# keepalives, cut off after 3 unanswered (the 4th check, 48 s after the last sign of life).
KEEPALIVE_INTERVAL, KEEPALIVE_COUNT_MAX = 12.0, 3
MAX_COLUMNS, MAX_ROWS = 400, 200   # a bigger window is drawn at this size
MAX_INPUT_BACKLOG = 64 * 1024      # typed-ahead bytes waiting for the deck to read them


class ServeError(ChapterdeckError, OSError):
    """The server cannot start; the message says why. An OSError, as a port that is taken
    is, so a watcher reports both alike."""


@dataclass
class ServeOptions:
    chapter: Path
    quiz: Path | None = None
    host: str = "127.0.0.1"
    port: int = 2222
    data_dir: Path = field(default_factory=lambda: Path("classroom"))
    auth: str = "code"              # code | open | keys
    code: str | None = None         # None with auth == "code": a random one is made
    keys: Path | None = None
    follow: bool = False
    deck_pid: int | None = None
    max_learners: int = 60
    per_address: int = 10
    login_timeout: float = LOGIN_TIMEOUT
    keepalive_interval: float = KEEPALIVE_INTERVAL


class Learner:
    """One learner's deck: a process on a pty, bridged to one SSH channel."""

    def __init__(self, server: ClassServer, name: str, address: str,
                 chan: asyncssh.SSHServerChannel) -> None:
        self.server, self.name, self.address, self.chan = server, name, address, chan
        self.id = next(server.ids)
        self.master: int | None = None
        self.pid: int | None = None
        self.runtime: Path = server.runtime / str(self.id)
        self.place = ""
        self.env: dict[str, str] = {}  # the deck's whole environment (forkserver sets it)
        self.joined = False
        self.ended = False
        self._backlog = bytearray()
        self._reading = False
        self._link: asyncio.StreamWriter | None = None
        self._tasks: set[asyncio.Task] = set()

    # -- start ----------------------------------------------------------------------------

    async def start(self, term: str, size: tuple[int, int]) -> None:
        home = self.server.learner_dir(self.name)
        self.runtime.mkdir(mode=0o700)
        master, slave = os.openpty()
        self.master = master
        self.resize(*size)
        os.set_blocking(master, False)
        self.env = env = {
            "TERM": term, "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8",
            "PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": str(home), "USER": self.name,
            "LOGNAME": self.name, "CHAPTERDECK_DATA_DIR": str(home),
            "CHAPTERDECK_RUNTIME_DIR": str(self.runtime)}
        try:
            self.pid = await self.server.forks.spawn(slave, env, str(home),
                                                     self.server.presenter_step or 0)
        finally:
            os.close(slave)
        if self.ended:  # the learner left while their deck was starting
            self.server.forks.reap_later(self.pid)
            return
        self.server.loop.add_reader(master, self._output)
        self._reading = True
        self._task(self._follow_link())

    def _task(self, coro) -> None:
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    # -- the pty <-> the channel ------------------------------------------------------------

    def _output(self) -> None:
        try:
            data = os.read(self.master, 65536)
        except BlockingIOError:
            return
        except OSError:  # EIO: the deck has exited and its side of the pty is closed
            data = b""
        if not data:
            self.end("quit the deck")
            return
        self.chan.write(data)

    def pause(self) -> None:
        """The client reads slower than the deck writes: stop reading the deck's output
        (the deck then waits on its own pty, and nothing piles up here)."""
        if self._reading and self.master is not None:
            self.server.loop.remove_reader(self.master)
            self._reading = False

    def resume(self) -> None:
        if not self._reading and self.master is not None and not self.ended:
            self.server.loop.add_reader(self.master, self._output)
            self._reading = True

    def typed(self, data: bytes) -> None:
        if self.master is None or self.ended:
            return
        if self._backlog:
            self._backlog += data
        else:
            try:
                written = os.write(self.master, data)
            except BlockingIOError:
                written = 0
            except OSError:
                return
            if written < len(data):
                self._backlog += data[written:]
                self.server.loop.add_writer(self.master, self._flush)
        if len(self._backlog) > MAX_INPUT_BACKLOG:
            self.chan.pause_reading()  # the client's window fills, and it waits

    def _flush(self) -> None:
        try:
            written = os.write(self.master, self._backlog)
        except BlockingIOError:
            return
        except OSError:
            written = len(self._backlog)
        del self._backlog[:written]
        if not self._backlog:
            self.server.loop.remove_writer(self.master)
        if len(self._backlog) <= MAX_INPUT_BACKLOG:
            self.chan.resume_reading()

    def resize(self, width: int, height: int) -> None:
        if self.master is None:
            return
        width = max(1, min(width or 80, MAX_COLUMNS))
        height = max(1, min(height or 24, MAX_ROWS))
        try:  # the deck sees SIGWINCH: its terminal is now this size
            fcntl.ioctl(self.master, termios.TIOCSWINSZ, struct.pack("HHHH", height, width,
                                                                    0, 0))
        except OSError:
            pass

    # -- the deck's link: where the learner is, and the presenter's step --------------------

    async def _follow_link(self) -> None:
        path = self.runtime / f"deck-{self.pid}.sock"
        deadline = time.monotonic() + DECK_START_TIMEOUT
        reader = writer = None
        while not self.ended and time.monotonic() < deadline:
            if path.exists():
                try:
                    reader, writer = await asyncio.open_unix_connection(str(path),
                                                                        limit=MAX_LINE)
                    break
                except OSError:
                    pass
            await asyncio.sleep(0.05)
        if reader is None or writer is None:
            if not self.ended:
                self.server.emit("error", self, detail="the learner's deck did not start "
                                 f"within {DECK_START_TIMEOUT:.0f} s")
            return
        self._link = writer
        self.send_presenter(self.server.presenter_step)
        try:
            while not self.ended:
                try:
                    line = await reader.readline()
                except (ValueError, asyncio.LimitOverrunError, OSError):
                    break
                if not line:
                    break
                try:
                    self._link_message(decode(line))
                except BadMessage:
                    continue
        finally:
            self._link = None
            writer.close()

    def _link_message(self, message: dict) -> None:
        kind = message.get("type")
        if kind == "state" and not self.joined:  # the deck's greeting: it is on screen
            step = message.get("step")
            total = self.server.total
            self.place = f"step {step} / {total}" if isinstance(step, int) and step else "cover"
            self.joined = True
            self.server.emit("joined", self, place=self.place,
                             detail=f"{self.name} joined from {self.address}")
        elif kind == "place" and isinstance(message.get("place"), str):
            place = message["place"][:40]
            if place != self.place:
                self.place = place
                self.server.emit("place", self, place=place)

    def send_presenter(self, step: int | None) -> None:
        if self._link is not None and not self._link.is_closing() and self.server.options.follow:
            self._link.write(encode({"type": "presenter", "step": step}))

    # -- the end ----------------------------------------------------------------------------

    def end(self, why: str) -> None:
        """The deck quit or the connection dropped: close both sides, once."""
        if self.ended:
            return
        self.ended = True
        loop = self.server.loop
        if self.master is not None:
            if self._reading:
                loop.remove_reader(self.master)
            if self._backlog:
                loop.remove_writer(self.master)
            os.close(self.master)  # the deck's terminal hangs up: it gets SIGHUP and ends
            self.master = None
        if self.pid is not None:
            self.server.forks.reap_later(self.pid)
        for task in list(self._tasks):
            task.cancel()
        shutil.rmtree(self.runtime, ignore_errors=True)
        try:
            self.chan.exit(0)
        except (OSError, asyncssh.Error):
            pass
        self.server.learner_left(self, why)


class LearnerSession(asyncssh.SSHServerSession):
    """The one session a connection may open: a terminal and a shell, else a message."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.chan: asyncssh.SSHServerChannel | None = None
        self.term: str | None = None
        self.size = (80, 24)
        self.refusal = ""
        self.learner: Learner | None = None

    def connection_made(self, chan) -> None:
        self.chan = chan

    def pty_requested(self, term_type, term_size, term_modes) -> bool:
        self.term = terminal_type(term_type)
        self.size = term_size[0], term_size[1]
        return True

    def shell_requested(self) -> bool:
        return True

    def exec_requested(self, command: str) -> bool:
        server = self.connection.server
        self.refusal = (f"chapterdeck serve runs a deck, not commands. Join with no command: "
                        f"ssh -p {server.options.port} NAME@HOST")
        return True  # accepted only to say so; nothing is ever run

    def subsystem_requested(self, subsystem: str) -> bool:
        self.connection.refuse(f"asked for the {subsystem[:20]!r} subsystem (sftp, scp): "
                               f"there is none")
        return False

    def session_started(self) -> None:
        server = self.connection.server
        if not self.refusal and self.term is None:
            self.refusal = (f"chapterdeck serve needs a terminal: join with "
                            f"ssh -t -p {server.options.port} NAME@HOST (not -T)")
        if not self.refusal and server.full:
            self.refusal = f"{server.full_message()} Ask your teacher."
        if self.refusal:
            self.connection.refuse(self.refusal)
            self.chan.write_stderr((self.refusal + "\r\n").encode())
            self.chan.exit(1)
            return
        self.learner = Learner(server, self.connection.name, self.connection.address,
                               self.chan)
        server.learners.add(self.learner)
        asyncio.ensure_future(self._start())

    async def _start(self) -> None:
        learner = self.learner
        try:
            await learner.start(self.term, self.size)
        except (OSError, ConnectionError, asyncio.TimeoutError) as exc:
            self.chan.write_stderr(b"Your deck could not be started; tell your teacher.\r\n")
            learner.server.emit("error", learner, detail=f"a deck failed to start: {exc}")
            learner.end("the deck could not start")

    def data_received(self, data, datatype) -> None:
        if self.learner is not None:
            self.learner.typed(data)

    def terminal_size_changed(self, width, height, pixwidth, pixheight) -> None:
        self.size = width, height
        if self.learner is not None:
            self.learner.resize(width, height)

    def pause_writing(self) -> None:
        if self.learner is not None:
            self.learner.pause()

    def resume_writing(self) -> None:
        if self.learner is not None:
            self.learner.resume()

    def break_received(self, msec: int) -> bool:
        return False

    def connection_lost(self, exc) -> None:
        if self.learner is not None:
            self.learner.end("the connection closed" if exc is None else
                             f"the connection dropped ({exc})")


class Connection(asyncssh.SSHServer):
    """One SSH connection: who it is, and what it may do (only ask for one deck)."""

    def __init__(self, server: ClassServer) -> None:
        self.server = server
        self.conn: asyncssh.SSHServerConnection | None = None
        self.address = ""
        self.host = ""
        self.name = ""
        self.failures = 0
        self.sessions = 0
        self.counted = False  # counted among its address's connections still logging in

    def connection_made(self, conn) -> None:
        self.conn = conn
        peer = conn.get_extra_info("peername") or ("?", 0)
        self.host = str(peer[0])
        self.address = f"{peer[0]}:{peer[1]}"
        # Connections still logging in count against their address (a learner in the class
        # no longer does: the class's own cap bounds those), so one address cannot hold the
        # server's door with logins that never finish.
        server = self.server
        server.per_address[self.host] += 1
        self.counted = True
        if server.per_address[self.host] > server.options.per_address:
            self._close(asyncssh.DISC_TOO_MANY_CONNECTIONS,
                        f"too many connections logging in from {self.host} at once "
                        f"(at most {server.options.per_address})")

    def _logged_in_or_gone(self) -> None:
        if self.counted:
            self.counted = False
            counts = self.server.per_address
            counts[self.host] -= 1
            if counts[self.host] <= 0:
                del counts[self.host]

    def connection_lost(self, exc) -> None:
        if isinstance(exc, asyncssh.Error) and "login timeout" in str(exc).lower():
            self.refuse(f"did not log in within {self.server.options.login_timeout:g} s")
        self.conn = None
        self._logged_in_or_gone()

    def refuse(self, why: str) -> None:
        self.server.emit("refused", None, learner=self.name, address=self.address, detail=why)

    def _close(self, code: int, why: str) -> None:
        self.refuse(why)
        conn = self.conn
        asyncio.get_running_loop().call_soon(lambda: conn.disconnect(code, why))

    # -- who is it -------------------------------------------------------------------------

    def begin_auth(self, username: str) -> bool:
        options = self.server.options
        if options.auth != "keys":
            if not valid_name(username):
                text = f"{username[:40]!r} cannot join: {NAME_RULE}."
                self.conn.send_auth_banner(text + "\r\n")
                self._close(asyncssh.DISC_ILLEGAL_USER_NAME, text)
                return True
            self.name = username
        if self.server.full:
            text = self.server.full_message()
            self.conn.send_auth_banner(text + "\r\n")
            self._close(asyncssh.DISC_TOO_MANY_CONNECTIONS, text)
            return True
        return options.auth != "open"  # --open: a good name is enough

    def auth_completed(self) -> None:
        self._logged_in_or_gone()
        # A login that opens no deck (ssh -N, a forwarding attempt) does not keep its place.
        asyncio.get_running_loop().call_later(self.server.options.login_timeout,
                                              self._no_session)

    def _no_session(self) -> None:
        if not self.sessions and self.conn is not None:
            self._close(asyncssh.DISC_BY_APPLICATION,
                        "opened no deck: only a terminal session is served")

    def password_auth_supported(self) -> bool:
        return self.server.options.auth == "code"

    def validate_password(self, username: str, password: str) -> bool:
        if hmac.compare_digest(password.strip().encode(), self.server.code.encode()):
            return True
        self.failures += 1
        if self.failures >= MAX_FAILED_LOGINS:
            self._close(asyncssh.DISC_NO_MORE_AUTH_METHODS_AVAILABLE,
                        f"{MAX_FAILED_LOGINS} wrong class codes: connection closed")
        else:
            self.refuse("a wrong class code")
        return False

    def public_key_auth_supported(self) -> bool:
        return self.server.options.auth == "keys"

    def validate_public_key(self, username: str, key) -> bool:
        name = self.server.keys.get(key.public_data)
        if name is None:
            return False
        self.name = name
        return True

    # -- what may it do: one deck, nothing else -----------------------------------------------

    def session_requested(self):
        if self.sessions:
            self.refuse("asked for a second session: one deck per connection")
            return False
        self.sessions += 1
        return LearnerSession(self)

    def connection_requested(self, dest_host, dest_port, orig_host, orig_port):
        self.refuse("asked to forward a port: forwarding is off")
        return False

    def server_requested(self, listen_host, listen_port):
        self.refuse("asked to forward a port: forwarding is off")
        return False

    def unix_connection_requested(self, dest_path):
        self.refuse("asked to forward a socket: forwarding is off")
        return False

    def unix_server_requested(self, listen_path):
        self.refuse("asked to forward a socket: forwarding is off")
        return False


class ClassServer:
    """The class server, as the console and the log drive it (events.ClassServerHandle)."""

    def __init__(self, options: ServeOptions) -> None:
        self.options = options
        self.code = options.code or (new_code() if options.auth == "code" else "")
        self.keys: dict[bytes, str] = {}
        self.learners: set[Learner] = set()
        self.per_address: Counter[str] = Counter()
        self.ids = itertools.count(1)
        self.presenter_step: int | None = None
        self.total, self.title = 0, ""
        self.watcher: ClassWatcher | None = None
        self.forks = ForkServer(options, lambda text: self.emit("error", None, detail=text))
        self.runtime = Path()
        self._ssh: asyncssh.SSHAcceptor | None = None
        self._follower = None
        self._follow_task: asyncio.Task | None = None
        self.loop: asyncio.AbstractEventLoop | None = None
        self.info: JoinInfo | None = None

    @property
    def full(self) -> bool:
        return len(self.learners) >= self.options.max_learners

    def full_message(self) -> str:
        most = self.options.max_learners
        return f"The class is full: it has room for {most} learner{'s' if most != 1 else ''}."

    def learner_dir(self, name: str) -> Path:
        folder = self.options.data_dir / "learners" / name
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        return folder

    async def start(self, watcher: ClassWatcher) -> JoinInfo:
        self.watcher = watcher
        self.loop = asyncio.get_running_loop()
        options = self.options
        from ..content.checking import ContentError
        from ..content.finding import read_chapter

        try:
            chapter = read_chapter(options.chapter)
        except ContentError as exc:
            print(describe(exc), file=sys.stderr)  # as every command tells a chapter's problems
            raise ServeError(f"the chapter {options.chapter} cannot be played") from exc
        self.total, self.title = chapter.total, chapter.title
        data_dir = options.data_dir
        try:
            data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
            (data_dir / "learners").mkdir(mode=0o700, exist_ok=True)
            key = host_key(data_dir)
            if options.auth == "keys":
                self.keys, warnings = learner_keys(options.keys)
                for warning in warnings:
                    self.emit("error", None, detail=warning)
        except AccessError as exc:
            raise ServeError(str(exc)) from exc
        except OSError as exc:
            raise ServeError(f"cannot use the data folder {data_dir}: {exc.strerror}") from exc
        self.runtime = Path(tempfile.mkdtemp(prefix="chapterdeck-serve-"))
        env = {name: os.environ[name] for name in ("PATH", "HOME", "LANG", "LC_ALL",
                                                   "CHAPTERDECK_CACHE_DIR", "PYTHONPATH")
               if name in os.environ}
        try:
            await self.forks.start(env)
        except ForkServerError as exc:
            await self.stop()
            raise ServeError(str(exc)) from exc
        try:
            self._ssh = await asyncssh.create_server(
                lambda: Connection(self), options.host, options.port,
                server_host_keys=[key], encoding=None, line_editor=False,
                allow_pty=True, agent_forwarding=False, x11_forwarding=False,
                allow_scp=False, sftp_factory=None,
                login_timeout=options.login_timeout,
                keepalive_interval=options.keepalive_interval,
                keepalive_count_max=KEEPALIVE_COUNT_MAX,
                reuse_address=True)
        except OSError as exc:
            await self.stop()
            raise ServeError(f"cannot listen on {options.host} port {options.port}: "
                             f"{exc.strerror or exc}") from exc
        port = options.port or self._ssh.sockets[0].getsockname()[1]
        self.info = JoinInfo(host=options.host, port=port, auth=options.auth,
                             code=self.code or None,
                             fingerprint=key.get_fingerprint("sha256"), follow=options.follow,
                             data_dir=str(data_dir), max_learners=options.max_learners)
        if options.follow:
            self._follow_task = asyncio.ensure_future(self._follow())
        watcher.started(self.info)
        return self.info

    async def stop(self) -> None:
        if self._follow_task is not None:
            self._follow_task.cancel()
            self._follow_task = None
        if self._ssh is not None:
            self._ssh.close()
            await self._ssh.wait_closed()
            self._ssh = None
        for learner in list(self.learners):
            try:
                learner.chan.write_stderr(b"\r\nThe class server has stopped. Your answers "
                                          b"are saved.\r\n")
            except OSError:  # this learner's channel is already closing: nobody to tell
                pass
            learner.end("the server stopped")
        await self.forks.stop()
        if self.runtime != Path():
            shutil.rmtree(self.runtime, ignore_errors=True)

    # -- events ------------------------------------------------------------------------------

    def emit(self, kind: str, who: Learner | None, **fields) -> None:
        if who is not None:
            fields.setdefault("learner", who.name)
            fields.setdefault("address", who.address)
        if self.watcher is not None:
            self.watcher.event(ClassEvent(kind, at=time.time(), **fields))

    def learner_left(self, learner: Learner, why: str) -> None:
        if learner in self.learners:
            self.learners.discard(learner)
            self.emit("left", learner, place=learner.place, detail=why)

    # -- following the presenter -------------------------------------------------------------

    async def _follow(self) -> None:
        from ..link.notes_side import Follower

        state = {"lost": None, "waiting_said": False}

        def message(msg: dict) -> None:
            if msg.get("type") == "chapter" and msg.get("title") != self.title:
                self.emit("error", None, detail=f"The presenter's deck plays "
                          f"{str(msg.get('title'))[:80]!r}, not {self.title!r}: learners "
                          f"follow its step numbers.")
            if msg.get("type") != "state" or not isinstance(msg.get("step"), int):
                return
            step = msg["step"]
            if step != self.presenter_step:
                self.presenter_step = step
                where = f"step {step}" if step else "the cover"
                self.emit("presenter", None, place=f"step {step} / {self.total}" if step
                          else "cover", detail=f"The presenter is on {where}.")
                for learner in list(self.learners):
                    learner.send_presenter(step)

        def status(text: str | None, decks) -> None:
            follower = self._follower
            if text is None:
                state["lost"] = follower.following
                self.emit("presenter", None, detail=f"Following the presenter's deck "
                          f"(pid {follower.following.pid}).")
            elif state["lost"] is None and not state["waiting_said"]:
                state["waiting_said"] = True
                which = (f"with pid {self.options.deck_pid} " if self.options.deck_pid
                         else "")
                self.emit("presenter", None, detail=f"No presenter's deck {which}is running "
                          f"yet: start 'chapterdeck' in another terminal of yours; the class "
                          f"follows it once it runs.")
            elif state["lost"] is not None:
                self.emit("presenter", None, detail=f"The presenter's deck (pid "
                          f"{state['lost'].pid}) quit; learners stay where they are.")
                state["lost"] = None
                self.presenter_step = None
                for learner in list(self.learners):
                    learner.send_presenter(None)

        self._follower = Follower(message, status, pid=self.options.deck_pid)
        try:
            await self._follower.run()
        except Exception as exc:  # noqa: BLE001 - told to the teacher, the class goes on
            self.emit("error", None, detail=f"following the presenter stopped: {exc}")
