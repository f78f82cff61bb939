"""The fork server: one process that has imported the app and read the chapter and its quiz
once, and forks a learner's deck from itself for each learner who joins.

A fresh `chapterdeck` takes ~0.3 s of CPU to import Textual and read the chapter; forked
from here, a deck starts with all of that already done and shares those pages with every
other learner's deck (copy on write), so a room joining at once is on screen in seconds.

It talks to the class server over a Unix socket pair: JSON lines, and the learner's pty
(its terminal side) passed along with each spawn request.

  server -> fork server   {"spawn": ID, "env": {...}, "home": DIR, "step": N}  + the pty fd
                          {"kill": PID, "signal": N}
  fork server -> server   {"spawned": ID, "pid": PID}
                          {"exited": PID, "status": N}
                          {"ready": true}    once everything is imported

Run as `python -m tui.serve.forkserver FD CHAPTER [QUIZ] [--follow]` by tui/serve/server.py.
It is the one module of tui/serve that loads the UI, and only in its own process, when run.
"""

from __future__ import annotations

import fcntl
import gc
import json
import os
import select
import signal
import socket
import sys
import termios
from pathlib import Path

MAX_REQUEST = 64 * 1024


def _preload(chapter_path: Path, quiz_path: Path | None):
    """Import everything a learner's deck and quiz use, and read the chapter and its bank."""
    from .. import cli  # noqa: F401 - what the learner's deck starts with
    from ..content.checking import ContentError
    from ..content.finding import read_chapter
    from ..errors import describe
    from ..quiz.course import find_course
    from ..ui import learner  # noqa: F401 - the deck, the app, Textual
    from ..ui import quizrender  # noqa: F401
    from ..ui.screens import dialogs, quiz, results  # noqa: F401
    from ..link import deck_side  # noqa: F401
    from ..store import scores  # noqa: F401
    import textual.drivers.linux_driver  # noqa: F401
    import sqlite3  # noqa: F401

    try:
        chapter = read_chapter(chapter_path)
    except ContentError as exc:
        print(describe(exc), file=sys.stderr)
        sys.exit(2)
    course, problem = find_course(chapter, chapter_path, quiz_path)
    return chapter, (course if course is not None else (lambda: (None, problem)))


def _run_learner(slave: int, env: dict, home: str, step: int, chapter, course,
                 follow: bool) -> int:
    """In the forked child: make the pty this process's terminal and play the deck on it."""
    os.setsid()
    fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
    for fd in (0, 1, 2):
        os.dup2(slave, fd)
    os.closerange(3, 1024)  # the server's socket and any other learner's fds go
    for number in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGCHLD,
                   signal.SIGPIPE):
        signal.signal(number, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.set_wakeup_fd(-1)
    os.environ.clear()
    os.environ.update(env)
    os.chdir(home)
    sys.stdin = open(0, "r", closefd=False)  # noqa: SIM115 - the new terminal, not the old
    sys.stdout = open(1, "w", closefd=False)  # noqa: SIM115
    sys.stderr = open(2, "w", closefd=False)  # noqa: SIM115

    from .. import cli
    from ..ui.app import QuizOptions
    from ..ui.learner import LearnerApp

    cli._settle_terminal_size()  # noqa: SLF001
    gc.disable()  # as `chapterdeck` does at start; the app turns it back on
    app = LearnerApp(chapter, start_step=max(0, min(step, chapter.total)), course=course,
                     follow=follow,
                     quiz=QuizOptions(data_dir=Path(env["CHAPTERDECK_DATA_DIR"])))
    try:
        return cli._run(app)  # noqa: SLF001
    except KeyboardInterrupt:
        return 130


def serve(sock: socket.socket, chapter, course, follow: bool) -> None:
    children: set[int] = set()
    wake_r, wake_w = os.pipe()
    os.set_blocking(wake_w, False)
    signal.set_wakeup_fd(wake_w)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C reaches the server, which stops us
    buffer = b""

    def send(message: dict) -> None:
        sock.sendall(json.dumps(message).encode() + b"\n")

    def reap() -> None:
        while children:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            children.discard(pid)
            send({"exited": pid, "status": os.waitstatus_to_exitcode(status)})

    # Everything imported at start lives as long as this process and every learner's deck:
    # out of the collector's sight, so that no collection writes to (and copies) its pages.
    gc.collect()
    gc.freeze()
    send({"ready": True})
    try:
        while True:
            readable, _, _ = select.select([sock, wake_r], [], [])
            if wake_r in readable:
                os.read(wake_r, 4096)
                reap()
            if sock not in readable:
                continue
            data, fds, _, _ = socket.recv_fds(sock, MAX_REQUEST, 4)
            if not data:
                return  # the server has gone: so do we
            buffer += data
            while b"\n" in buffer:
                line, buffer = buffer.split(b"\n", 1)
                request = json.loads(line)
                if "spawn" in request:
                    slave = fds.pop(0)
                    pid = os.fork()
                    if pid == 0:
                        sock.close()
                        code = 1
                        try:
                            code = _run_learner(slave, request["env"], request["home"],
                                                int(request.get("step", 0)), chapter, course,
                                                follow)
                        finally:
                            os._exit(code)
                    os.close(slave)
                    children.add(pid)
                    send({"spawned": request["spawn"], "pid": pid})
                elif "kill" in request and request["kill"] in children:
                    try:
                        os.kill(request["kill"], int(request.get("signal", signal.SIGTERM)))
                    except ProcessLookupError:
                        pass
            for fd in fds:  # any fd not claimed by a request
                os.close(fd)
            reap()
    finally:
        for pid in children:
            try:
                os.kill(pid, signal.SIGHUP)
            except ProcessLookupError:
                pass


def main(argv: list[str]) -> int:
    fd = int(argv[0])
    chapter_path = Path(argv[1])
    quiz_path = Path(argv[2]) if len(argv) > 2 and argv[2] != "-" else None
    follow = "--follow" in argv
    sock = socket.socket(fileno=fd)
    chapter, course = _preload(chapter_path, quiz_path)
    try:
        serve(sock, chapter, course, follow)
    except (BrokenPipeError, ConnectionResetError):
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
