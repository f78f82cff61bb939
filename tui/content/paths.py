"""Where the chapters and quizzes that ship with chapterdeck live."""

from __future__ import annotations

import re
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent


def _bundled(folder: str) -> Path:
    """A bundled content folder: inside the installed package, or the checkout's own."""
    for candidate in (_PACKAGE / folder, _PACKAGE.parent / folder):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"the bundled {folder} folder is missing; reinstall chapterdeck")


def resolved(path: Path) -> Path:
    """`path` made absolute with its symbolic links followed; a link loop (which Python 3.11
    reports as RuntimeError, later ones as OSError) leaves the loop's own absolute path, for
    reading it to report the loop plainly."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path.absolute()


def slides_dir() -> Path:
    """The bundled slides folder: inside the installed package, or the checkout's own."""
    return _bundled("slides")


def quizzes_dir() -> Path:
    """The bundled quizzes folder: inside the installed package, or the checkout's own."""
    return _bundled("quizzes")


def beside(path: Path, folder: str) -> Path:
    """The `folder` (slides or quizzes) beside the one that holds `path`: a course laid out as
    chapterdeck's own, its chapters in slides/ and their quizzes in quizzes/."""
    return path.parent.parent / folder


def default_chapter() -> Path:
    return slides_dir() / "ch03-ai-product-roles.yaml"


def bundled_files() -> list[Path]:
    return sorted(slides_dir().glob("*.yaml"))


def bundled_quizzes() -> list[Path]:
    return sorted(quizzes_dir().glob("*.yaml"))


_CHAPTER_KEY = re.compile(r"""^chapter[ \t]*:[ \t]*["']?([\w-]+)""", re.M)


def quiz_for_chapter(chapter_id: str, chapter_path: Path | None = None) -> Path | None:
    """The quiz that tests chapter `chapter_id`: quizzes/<id>.yaml beside the chapter file's
    own folder (given `chapter_path`), else the bundled file named after the chapter, or else
    the bundled one whose top-level `chapter:` names it; None if there is none."""
    if chapter_path is not None:
        local = beside(resolved(chapter_path), "quizzes") / f"{chapter_id}.yaml"
        if local.is_file():
            return local
    try:
        folder = quizzes_dir()
    except FileNotFoundError:
        return None
    named = folder / f"{chapter_id}.yaml"
    if named.is_file():
        return named
    for path in bundled_quizzes():
        try:
            match = _CHAPTER_KEY.search(path.read_text(encoding="utf-8", errors="replace"))
        except OSError:
            continue
        if match and match.group(1) == chapter_id:
            return path
    return None
