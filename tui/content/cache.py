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
from .paths import resolved
from .quiz import Option, Pair, Question, QuestionBank, Topic

CACHE_ENV = "CHAPTERDECK_CACHE_DIR"


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
    stamp = f"{__version__}:{real}:{stat.st_size}:{stat.st_mtime_ns}:{also}"
    name = hashlib.sha1(str(real).encode()).hexdigest()[:20] + kind + ".json"
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
        _write(*_entry(path, ".quiz", _steps_of(chapter)), "bank", _plain_bank(bank))
    except OSError:
        pass


def _plain_bank(bank: QuestionBank) -> dict:
    return {
        "chapter": bank.chapter, "title": bank.title,
        "topics": [[t.id, t.title] for t in bank.topics],
        "questions": [{
            "id": q.id, "kind": q.kind, "steps": list(q.steps), "stem": q.stem,
            "options": [[o.text, o.why, o.correct, o.misconception] for o in q.options],
            "pairs": [[p.prompt, p.answer, p.why] for p in q.pairs],
            "distractors": list(q.distractors), "explanation": q.explanation,
            "topics": list(q.topics), "negative": q.negative, "line": q.line,
        } for q in bank.questions],
    }


def _bank(data: dict, path: Path) -> QuestionBank:
    return QuestionBank(
        chapter=data["chapter"], title=data["title"],
        topics=tuple(Topic(*t) for t in data["topics"]),
        questions=tuple(Question(
            id=q["id"], kind=q["kind"], steps=tuple(q["steps"]), stem=q["stem"],
            options=tuple(Option(*o) for o in q["options"]),
            pairs=tuple(Pair(*p) for p in q["pairs"]),
            distractors=tuple(q["distractors"]), explanation=q["explanation"],
            topics=tuple(q["topics"]), negative=q["negative"], line=q["line"],
        ) for q in data["questions"]),
        source=path,
    )


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
