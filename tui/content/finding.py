"""Reading a course from its files: the chapter (from the cache when it can be) and the
question bank found for it. One way for every command, the app and the class server."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ChapterdeckError
from . import cache
from .controls import visible
from .model import Chapter
from .paths import quiz_for_chapter

if TYPE_CHECKING:  # the quiz's model loads with the first bank, not with the deck
    from .quiz import QuestionBank


class QuizError(ChapterdeckError):
    """The chapter's quiz cannot be used: there is none, its file has errors, or it tests
    another chapter. The message says which and what to do."""


def read_chapter(path: Path, doing: str = "play") -> Chapter:
    """The chapter in `path`, from the cache when it can be; ContentError with every problem,
    titled "chapterdeck cannot `doing` PATH", when it cannot be played."""
    chapter = cache.load(path)
    if chapter is None:
        from .checking import ContentError
        from .loader import load_chapter

        try:
            chapter = load_chapter(path)
        except ContentError as exc:
            exc.title = f"chapterdeck cannot {doing} {visible(str(path))}"
            raise
        cache.store(path, chapter)
    return chapter


def bank_path(chapter: Chapter, chapter_path: Path, given: Path | None) -> Path | None:
    """The question bank for a chapter: `given` (--quiz), else the one found by the chapter's
    id (paths.quiz_for_chapter); None when the chapter has no id."""
    if given:
        return given
    return quiz_for_chapter(chapter.id, chapter_path) if chapter.id else None


def read_bank(chapter: Chapter, chapter_path: Path, given: Path | None) -> QuestionBank:
    """The chapter's question bank (from the cache when it can be); QuizError says why there
    is none to use."""
    path = bank_path(chapter, chapter_path, given)
    if path is None:
        found = (f"no question bank names the chapter id '{chapter.id}'" if chapter.id else
                 "the chapter has no id, and a question bank is found by the chapter id it "
                 "names (give the chapter an id:)")
        raise QuizError(f"There is no quiz for {chapter.title}: {found}. Give one with --quiz "
                        f"FILE (see 'Writing a quiz' in docs/content-format.md).", title="")
    bank = cache.load_bank(path, chapter)  # a hit skips PyYAML, as for chapters
    if bank is None:
        from .checking import ContentError
        from .quizload import load_quiz

        try:
            bank = load_quiz(path, chapter)
        except ContentError as exc:
            lines = [str(p) for p in exc.problems[:8]]
            more = len(exc.problems) - len(lines)
            shown = visible(str(path))
            raise QuizError("\n".join(
                lines + ([f"... and {more} more; run 'chapterdeck check {shown}'"]
                         if more > 0 else [])),
                title=f"chapterdeck cannot use the quiz {shown}") from exc
        cache.store_bank(path, chapter, bank)
    if bank.chapter != chapter.id:
        raise QuizError(f"{path} tests the chapter '{bank.chapter}', not '{chapter.id}' "
                        f"({chapter.title}); give the matching chapter or quiz file.", title="")
    return bank
