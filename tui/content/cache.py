"""A cache of checked chapters, so that starting the deck does not parse YAML again.

Reading and checking a chapter costs more at start-up than anything else chapterdeck does
before Textual draws (importing PyYAML alone is ~18 ms). A chapter that passed the checks
is kept as JSON in the user's cache folder, keyed by the file's path, size and modification
time and by this chapterdeck's version; a hit skips PyYAML entirely. Anything unexpected
(no cache folder, an unwritable one, a damaged entry) falls back to reading the file, so
the cache can only make start-up faster, never wrong.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from .. import __version__
from .model import Block, Callout, Chapter, Stage, Step

CACHE_ENV = "CHAPTERDECK_CACHE_DIR"


def cache_dir() -> Path:
    override = os.environ.get(CACHE_ENV)
    if override:
        return Path(override)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("chapterdeck", appauthor=False)) / "chapters"


def _entry(path: Path) -> tuple[Path, str]:
    """Where `path`'s entry lives, and the stamp that says it is still that file."""
    resolved = path.resolve()
    stat = resolved.stat()
    stamp = f"{__version__}:{resolved}:{stat.st_size}:{stat.st_mtime_ns}"
    name = hashlib.sha1(str(resolved).encode()).hexdigest()[:20] + ".json"
    return cache_dir() / name, stamp


def load(path: Path) -> Chapter | None:
    """The cached chapter for `path`, or None when there is none or it is stale."""
    try:
        entry, stamp = _entry(path)
        data = json.loads(entry.read_text(encoding="utf-8"))
        if data.get("stamp") != stamp:
            return None
        return _chapter(data["chapter"], path)
    except (OSError, ValueError, KeyError, TypeError):
        return None


def store(path: Path, chapter: Chapter) -> None:
    """Keep a checked chapter; quietly does nothing if the cache cannot be written."""
    try:
        entry, stamp = _entry(path)
        entry.parent.mkdir(parents=True, exist_ok=True)
        temporary = entry.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps({"stamp": stamp, "chapter": _plain(chapter)}),
                             encoding="utf-8")
        os.replace(temporary, entry)
    except OSError:
        pass


def _plain(chapter: Chapter) -> dict:
    def entry(item: Block | Callout) -> dict:
        if isinstance(item, Block):
            return {"label": item.label, "text": item.text}
        return {"callout": item.text, "colour": item.colour}

    return {
        "title": chapter.title, "id": chapter.id, "subtitle": chapter.subtitle,
        "tag": chapter.tag, "previous": chapter.previous, "next": chapter.next,
        "pipeline": [[s.id, s.icon, s.label] for s in chapter.pipeline],
        "steps": [{
            "id": s.id, "title": s.title, "icon": s.icon, "colours": list(s.colours),
            "columns": [[entry(e) for e in column] for column in s.columns],
            "subtitle": s.subtitle, "lit": list(s.lit), "narration": s.narration,
            "notes": s.notes, "minutes": s.minutes,
        } for s in chapter.steps],
    }


def _chapter(data: dict, path: Path) -> Chapter:
    def entry(item: dict) -> Block | Callout:
        if "callout" in item:
            return Callout(item["callout"], item["colour"])
        return Block(item["label"], item["text"])

    steps = tuple(Step(
        id=s["id"], title=s["title"], icon=s["icon"], colours=tuple(s["colours"]),
        columns=tuple(tuple(entry(e) for e in column) for column in s["columns"]),
        subtitle=s["subtitle"], lit=tuple(s["lit"]), narration=s["narration"],
        notes=s["notes"], minutes=s["minutes"],
    ) for s in data["steps"])
    return Chapter(
        title=data["title"], steps=steps, id=data["id"], subtitle=data["subtitle"],
        tag=data["tag"], previous=data["previous"], next=data["next"],
        pipeline=tuple(Stage(*stage) for stage in data["pipeline"]), source=path,
    )
