"""One flag of the terminal's terminfo entry, read from the compiled file itself.

The output encoder needs to know one thing of the terminal: whether it erases in the current
background colour (`bce`). curses can say, but importing it loads libncursesw and libtinfo
(~0.5 MiB of memory, ~1.5 ms at every start) for one bit, so the entry is read here as
ncurses reads it (term(5)): the first file found for $TERM under $TERMINFO, ~/.terminfo,
$TERMINFO_DIRS and the system folders, in both the legacy and the extended format.
Anything unreadable says "no", the safe answer.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

LEGACY_MAGIC, EXTENDED_MAGIC = 0o432, 0o1036
HEADER_BYTES = 12  # six little-endian shorts: magic, name bytes, booleans, numbers, strings...
BCE = 28  # the index of `bce` among terminfo's booleans (ncurses' Caps, term.h)
SYSTEM_FOLDERS = ("/etc/terminfo", "/lib/terminfo", "/usr/share/terminfo",
                  "/usr/lib/terminfo", "/usr/share/lib/terminfo")
MAX_ENTRY_BYTES = 1 << 16  # a compiled entry is a few KiB; anything larger is not one


def folders(environ=os.environ) -> list[Path]:
    """Where entries are looked up, in ncurses' order."""
    found: list[str] = []
    if environ.get("TERMINFO"):
        found.append(environ["TERMINFO"])
    home = environ.get("HOME")
    if home:
        found.append(os.path.join(home, ".terminfo"))
    for part in environ.get("TERMINFO_DIRS", "").split(":") if "TERMINFO_DIRS" in environ \
            else ():
        found.extend([part] if part else SYSTEM_FOLDERS)  # an empty part: the system's
    found.extend(SYSTEM_FOLDERS)
    return [Path(folder) for folder in dict.fromkeys(found)]


def entry(term: str, environ=os.environ) -> bytes | None:
    """The compiled entry for `term` (the first file found), or None."""
    if not term or "/" in term or term.startswith("."):
        return None
    for folder in folders(environ):
        # Linux names the subfolder by the first letter, macOS by its code in hex.
        for sub in (term[0], f"{ord(term[0]):x}"):
            data = _read_file(folder / sub / term)
            if data is not None:
                return data if len(data) <= MAX_ENTRY_BYTES else None
    return None


def _read_file(path: Path) -> bytes | None:
    """A regular file's bytes (at most one more than MAX_ENTRY_BYTES), or None: a folder, a
    FIFO or a device is never read (opening a FIFO to read would wait for a writer)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY)
    except (OSError, ValueError):
        return None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        chunks, size = [], 0
        while size <= MAX_ENTRY_BYTES:
            chunk = os.read(fd, MAX_ENTRY_BYTES + 1 - size)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        return b"".join(chunks)
    except OSError:
        return None
    finally:
        os.close(fd)


def boolean(data: bytes, index: int) -> bool:
    """Whether boolean capability `index` is set in a compiled entry; False for anything that
    is not an entry."""
    if len(data) < HEADER_BYTES:
        return False
    magic, names, booleans = (int.from_bytes(data[i:i + 2], "little") for i in (0, 2, 4))
    if magic not in (LEGACY_MAGIC, EXTENDED_MAGIC) or index >= booleans:
        return False
    at = HEADER_BYTES + names + index
    return at < len(data) and data[at] == 1


def has_bce(term: str | None = None, environ=os.environ) -> bool:
    """Does terminal `term` ($TERM by default) erase in the current background colour?"""
    term = environ.get("TERM", "") if term is None else term
    data = entry(term, environ)
    return data is not None and boolean(data, BCE)
