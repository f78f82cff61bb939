"""Where decks put their sockets, and finding the decks that are running.

Each deck listens on `deck-<pid>.sock` in a folder only its user can enter (0700), and the
socket itself is 0600. A deck that was killed leaves its socket behind: connecting to it is
refused, and the file is removed.
"""

from __future__ import annotations

import os
import socket
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..errors import ChapterdeckError

RUNTIME_ENV = "CHAPTERDECK_RUNTIME_DIR"
PREFIX, SUFFIX = "deck-", ".sock"


class LinkError(ChapterdeckError):
    """The link cannot be set up; the message says why, for the presenter."""


RUN_USER = Path("/run/user")  # where logind keeps each user's runtime folder


def _base() -> Path:
    """The user's runtime folder. Two logins of one user must agree on it even when only
    one of them has XDG_RUNTIME_DIR set (an SSH login without a session manager), so the
    logind folder is used whenever it exists, before the temporary folder."""
    override = os.environ.get(RUNTIME_ENV)
    if override:
        return Path(override)
    if os.environ.get("XDG_RUNTIME_DIR"):
        return Path(os.environ["XDG_RUNTIME_DIR"]) / "chapterdeck"
    logind = RUN_USER / str(os.getuid())
    try:
        if logind.is_dir() and logind.stat().st_uid == os.getuid():
            return logind / "chapterdeck"
    except OSError:
        pass
    return Path(tempfile.gettempdir()) / f"chapterdeck-{os.getuid()}"


# A Unix socket's path must fit sockaddr_un: 107 bytes on Linux, 103 on macOS and BSDs.
MAX_SOCKET_PATH = 103
LONGEST_NAME = f"{PREFIX}{4194304}{SUFFIX}"  # the largest pid Linux hands out


def runtime_dir() -> Path:
    """The private folder for deck sockets, made if needed and checked to be ours alone."""
    folder = _base()
    longest = len(os.fsencode(folder / LONGEST_NAME))
    if longest > MAX_SOCKET_PATH:
        raise LinkError(f"the folder for the presenter link, {folder}, is too long a path for "
                        f"a socket ({longest} bytes with the socket's name, at most "
                        f"{MAX_SOCKET_PATH}); set {RUNTIME_ENV} to a shorter folder, such as "
                        f"/tmp/chapterdeck-$USER, for both the deck and the notes")
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = folder.lstat()
    except OSError as exc:
        raise LinkError(f"cannot make the folder for the presenter link, {folder}: "
                        f"{exc.strerror}") from exc
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
        raise LinkError(f"{folder} is not a folder of yours, so the presenter link will not "
                        f"use it; set {RUNTIME_ENV} to a private folder")
    if stat.S_IMODE(info.st_mode) != 0o700:
        os.chmod(folder, 0o700)
    return folder


def socket_path(pid: int | None = None, folder: Path | None = None) -> Path:
    return (folder or runtime_dir()) / f"{PREFIX}{pid or os.getpid()}{SUFFIX}"


@dataclass(frozen=True)
class DeckSocket:
    """A running deck, as found in the runtime folder."""

    pid: int
    path: Path
    started: float  # when its socket was made (time.time()), newest first in listings


def _alive(path: Path) -> bool:
    """Whether a deck answers on `path`. A refused connection means its deck is gone."""
    probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    probe.settimeout(0.5)
    try:
        probe.connect(str(path))
        return True
    except (ConnectionRefusedError, FileNotFoundError):
        return False
    except OSError:  # busy or slow to accept: it is there
        return True
    finally:
        probe.close()


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # someone else's process: alive, and not ours to judge
        return True
    return True


def running_decks(folder: Path | None = None) -> list[DeckSocket]:
    """The decks running now, newest first; sockets of decks that died are removed (not
    those of a deck still starting)."""
    folder = folder or runtime_dir()
    found = []
    for path in folder.glob(f"{PREFIX}*{SUFFIX}"):
        number = path.name[len(PREFIX):-len(SUFFIX)]
        if not number.isdigit():
            continue
        if not _alive(path):
            # Refused: its deck is gone, or still starting (bound, not yet listening).
            if not _process_alive(int(number)):
                remove_stale(path)
            continue
        try:
            made = path.lstat().st_mtime
        except OSError:
            continue
        found.append(DeckSocket(int(number), path, made))
    return sorted(found, key=lambda d: (d.started, d.pid), reverse=True)


def remove_stale(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass
