"""A chapter and the question bank found for it, as the Course the quiz is taken on."""

from __future__ import annotations

from pathlib import Path

from ..content.finding import read_bank
from ..content.model import Chapter
from ..errors import ChapterdeckError, describe
from .session import Course


def open_course(chapter: Chapter, chapter_path: Path, given: Path | None) -> Course:
    """The chapter and its bank (`given`, or the one found for it); QuizError says why not."""
    return Course(chapter, read_bank(chapter, chapter_path, given))


def find_course(chapter: Chapter, chapter_path: Path,
                given: Path | None) -> tuple[Course | None, str]:
    """The Course, or None and the reason in plain words (for an app to show)."""
    try:
        return open_course(chapter, chapter_path, given), ""
    except ChapterdeckError as exc:
        return None, describe(exc)
