"""A cache of checked chapters, so that starting the deck does not parse YAML again.

Reading and checking a chapter costs more at start-up than anything else chapterdeck does
before Textual draws (importing PyYAML alone is ~18 ms). A chapter that passed the checks
is kept as JSON in the user's cache folder, keyed by the file's path, size and modification
time and by this chapterdeck's version; a hit skips PyYAML entirely. Anything unexpected
(no cache folder, an unwritable one, a damaged entry) falls back to reading the file, so
the cache can only make start-up faster, never wrong.
"""

from __future__ import annotations

import json
import os
import zlib
from dataclasses import Field, fields, is_dataclass, replace
from pathlib import Path
from types import UnionType
from typing import TYPE_CHECKING, Union, get_args, get_origin, get_type_hints

from .. import __version__
from .model import Chapter
from .paths import resolved

if TYPE_CHECKING:  # the quiz's model loads with the first bank, not with the deck
    from .quiz import QuestionBank

CACHE_ENV = "CHAPTERDECK_CACHE_DIR"
# The shape entries are kept in; part of every entry's stamp, so a new shape rebuilds them.
# 2: every field of the model by name, read from its dataclasses (1: lists, field by field).
FORMAT = 2


def cache_dir() -> Path:
    override = os.environ.get(CACHE_ENV)
    if override:
        return Path(override)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("chapterdeck", appauthor=False)) / "chapters"


def _entry(path: Path, kind: str = "", also: str = "") -> tuple[Path, str]:
    """Where `path`'s entry lives, and the stamp that says it is still that file (and, with
    `also`, still checked against the same thing)."""
    real = resolved(path)
    stat = real.stat()
    stamp = f"{FORMAT}:{__version__}:{real}:{stat.st_size}:{stat.st_mtime_ns}:{also}"
    # Named by a checksum of the path (zlib's, which Textual has loaded already: hashlib
    # costs ~2 ms and 0.6 MiB at start); two paths with one name only take turns, as the
    # stamp inside names the path.
    key = str(real).encode()
    name = f"{zlib.crc32(key):08x}{zlib.adler32(key):08x}{kind}.json"
    return cache_dir() / name, stamp


def _read(entry: Path, stamp: str, key: str):
    data = json.loads(entry.read_text(encoding="utf-8"))
    return data[key] if data.get("stamp") == stamp else None


def _write(entry: Path, stamp: str, key: str, plain: dict) -> None:
    """Entries hold chapter text, notes and quiz keys: readable by the user alone (0600 in
    a 0700 folder), like the score file, whatever the chapter's own permissions."""
    folder = entry.parent
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    if folder.stat().st_mode & 0o077:  # made by an older chapterdeck, or under a umask
        folder.chmod(0o700)
    temporary = entry.with_suffix(f".{os.getpid()}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(json.dumps({"stamp": stamp, key: plain}))
    os.replace(temporary, entry)


def load(path: Path) -> Chapter | None:
    """The cached chapter for `path`, or None when there is none or it is stale."""
    try:
        data = _read(*_entry(path), "chapter")
        return None if data is None else _chapter(data, path)
    except (OSError, ValueError, KeyError, TypeError):
        return None


def store(path: Path, chapter: Chapter) -> None:
    """Keep a checked chapter; quietly does nothing if the cache cannot be written."""
    try:
        _write(*_entry(path), "chapter", _plain(chapter))
    except OSError:
        pass


# A quiz is checked against its chapter's steps, so its entry is stale when they change.

def _steps_of(chapter: Chapter) -> str:
    return ",".join(step.id for step in chapter.steps)


def load_bank(path: Path, chapter: Chapter) -> QuestionBank | None:
    """The cached question bank for `path` checked against `chapter`, or None."""
    try:
        data = _read(*_entry(path, ".quiz", _steps_of(chapter)), "bank")
        return None if data is None else _bank(data, path)
    except (OSError, ValueError, KeyError, TypeError):
        return None


def store_bank(path: Path, chapter: Chapter, bank: QuestionBank) -> None:
    """Keep a loaded bank; quietly does nothing if the cache cannot be written."""
    try:
        _write(*_entry(path, ".quiz", _steps_of(chapter)), "bank", _plain(bank))
    except OSError:
        pass


# -- the model as JSON and back, read from its dataclasses ------------------------------------
# Every field that takes part in equality is kept (a field added to the model is kept too);
# `source`, which says where the file was found, is set from the entry's path instead.

def _plain(value):
    if is_dataclass(value):
        return {f.name: _plain(getattr(value, f.name)) for f in _kept(type(value))}
    if isinstance(value, tuple):
        return [_plain(item) for item in value]
    return value


def _kept(cls) -> tuple[Field, ...]:
    return tuple(f for f in fields(cls) if f.compare)


_hints: dict[type, dict] = {}


def _rebuild(hint, data):
    """`data` (from _plain) as a value of the type `hint`; TypeError where it does not fit."""
    if is_dataclass(hint):
        if not isinstance(data, dict) or set(data) != {f.name for f in _kept(hint)}:
            raise TypeError(f"not the fields of {hint.__name__}")
        if hint not in _hints:
            _hints[hint] = get_type_hints(hint)
        return hint(**{name: _rebuild(_hints[hint][name], item) for name, item in data.items()})
    origin, args = get_origin(hint), get_args(hint)
    if origin is tuple:
        if not isinstance(data, list):
            raise TypeError("not a list")
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_rebuild(args[0], item) for item in data)
        if len(args) != len(data):
            raise TypeError("not as many items as the tuple has")
        return tuple(_rebuild(arg, item) for arg, item in zip(args, data))
    if origin in (Union, UnionType):
        # A union (a Block or a Callout, a number or None) is whichever one member it fits.
        fits = []
        for arg in args:
            try:
                fits.append(_rebuild(arg, data))
            except TypeError:
                pass
        if len(fits) != 1:
            raise TypeError(f"{data!r} fits {len(fits)} of {hint}")
        return fits[0]
    if hint is float and isinstance(data, int) and not isinstance(data, bool):
        return float(data)
    if hint is type(None) and data is None:
        return None
    if not isinstance(data, hint) or isinstance(data, bool) and hint is not bool:
        raise TypeError(f"{data!r} is not {hint}")
    return data


def _bank(data: dict, path: Path) -> QuestionBank:
    from .quiz import QUESTION_TYPES, QuestionBank

    bank = _rebuild(QuestionBank, data)
    unknown = [q.kind for q in bank.questions if q.kind not in QUESTION_TYPES]
    if unknown:  # not for this chapterdeck: read the file, which says what is wrong
        raise ValueError(f"unknown question types {unknown}")
    return replace(bank, source=path)


def _chapter(data: dict, path: Path) -> Chapter:
    return replace(_rebuild(Chapter, data), source=path)
