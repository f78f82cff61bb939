"""Where the chapters that ship with chapterdeck live."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent


def slides_dir() -> Path:
    """The bundled slides folder: inside the installed package, or the checkout's own."""
    for candidate in (_PACKAGE / "slides", _PACKAGE.parent / "slides"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("the bundled slides folder is missing; reinstall chapterdeck")


def default_chapter() -> Path:
    return slides_dir() / "ch03-ai-product-roles.yaml"


def bundled_files() -> list[Path]:
    return sorted(slides_dir().glob("*.yaml"))
