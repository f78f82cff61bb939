"""The `chapterdeck` command: play a chapter, or check content files."""

from __future__ import annotations

import argparse
import gc
import os
import sys
from pathlib import Path

from . import __version__
from .content import cache
from .content.paths import bundled_files, bundled_quizzes, default_chapter

EXIT_BAD_INPUT = 2


def _deck_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="chapterdeck",
        description="Play a course chapter as a full-screen, step-by-step terminal deck.",
        epilog="Other commands: 'chapterdeck check [FILE ...]' checks chapter and quiz files. "
               "In the deck, press ? for every key.",
    )
    parser.add_argument("file", nargs="?", type=Path,
                        help="a chapter file (.yaml) to play; default: chapter 3, which ships "
                             "with chapterdeck")
    parser.add_argument("--step", type=int, default=0, metavar="N",
                        help="open at step N instead of the cover")
    parser.add_argument("--autoplay", type=float, default=6.0, metavar="SECONDS",
                        help="seconds per step when autoplay is on (key p); default 6")
    parser.add_argument("--ascii", action="store_true",
                        help="draw everything in plain ASCII, for fonts that lack the symbols")
    parser.add_argument("--version", action="version", version=f"chapterdeck {__version__}")
    return parser


def _check_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="chapterdeck check",
        description="Check chapter and quiz files and report every problem as "
                    "file:line:column. Exits 0 when all are clean or have only warnings, "
                    "2 when any has an error.",
    )
    parser.add_argument("files", nargs="*", type=Path,
                        help="files to check; default: the chapters and quizzes that ship with "
                             "chapterdeck")
    return parser


def _report(problems: list, out=None, checked: int = 0) -> None:
    """Print problems file by file, then a summary. Warnings (the quiz's item-writing rules)
    are counted apart from errors; `checked` is how many files were checked."""
    out = out or sys.stderr  # looked up now, not at import, so redirection is honoured
    files = list(dict.fromkeys(p.path for p in problems))
    # File by file in the order given, and top to bottom within a file.
    for problem in sorted(problems, key=lambda p: (files.index(p.path), p.line or 0,
                                                    p.column or 0)):
        print(problem, file=out)
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    where = f"in {_count(len(files), 'file')}"
    if errors and warnings:
        print(f"{_count(errors, 'problem')} and {_count(warnings, 'warning')} {where}; see "
              f"docs/content-format.md for the format.", file=out)
    elif errors:
        print(f"{_count(errors, 'problem')} {where}; see docs/content-format.md for the "
              f"format.", file=out)
    else:
        print(f"{_count(checked, 'file')} checked, no errors; {_count(warnings, 'warning')} "
              f"{where}; see 'Writing a quiz' in docs/content-format.md.", file=out)


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n != 1 else ''}"


def check(argv: list[str]) -> int:
    from .content.quizload import check_content_file

    args = _check_parser().parse_args(argv)
    files = args.files or bundled_files() + bundled_quizzes()
    problems = []
    for path in files:
        problems += check_content_file(path)
    if problems:
        _report(problems, sys.stdout, len(files))
        return EXIT_BAD_INPUT if any(p.severity == "error" for p in problems) else 0
    print(f"{_count(len(files), 'file')} checked, no problems.")
    return 0


def play(argv: list[str]) -> int:
    parser = _deck_parser()
    args = parser.parse_args(argv)
    path = args.file or default_chapter()
    chapter = cache.load(path)
    if chapter is None:
        from .content.loader import ContentError, load_chapter

        try:
            chapter = load_chapter(path)
        except ContentError as exc:
            print(f"chapterdeck cannot play {path}:", file=sys.stderr)
            _report(exc.problems)
            return EXIT_BAD_INPUT
        cache.store(path, chapter)
    if not 0 <= args.step <= chapter.total:
        parser.error(f"--step {args.step}: this chapter has steps 1 to {chapter.total}")
    if args.autoplay <= 0:
        parser.error("--autoplay takes a number of seconds above 0, such as 6")
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        print("chapterdeck needs a terminal: run it in a terminal window or over ssh -t, "
              "not with its input or output redirected. To check a file, use "
              "'chapterdeck check FILE'.", file=sys.stderr)
        return EXIT_BAD_INPUT

    _settle_terminal_size()
    # Importing Textual and building the deck make hundreds of thousands of objects that all
    # live for the whole run; collecting garbage among them only slows the start. The app
    # collects once, freezes them and turns collection back on when the deck is up.
    gc.disable()

    from .ui.app import DeckApp  # Textual only loads when there is a deck to play.

    app = DeckApp(chapter, start_step=args.step, autoplay_seconds=args.autoplay,
                  ascii_only=args.ascii)
    app.run()
    return app.return_code or 0


def _settle_terminal_size() -> None:
    """Make the terminal itself the one source of its size.

    COLUMNS and LINES in the environment (exported by some shells and tools) would
    override the real size and hide every later resize, so they go. A pty that never had
    its size set reports 0x0, where Textual and Rich guess different sizes (80x24 and 80x25)
    and redraw forever; it is given 80x24, which a later resize still replaces."""
    import fcntl
    import struct
    import termios

    os.environ.pop("COLUMNS", None)
    os.environ.pop("LINES", None)
    try:
        fd = sys.stdout.fileno()
        size = os.get_terminal_size(fd)
        if not (size.columns and size.lines):
            fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    except (OSError, ValueError):
        pass


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    try:
        if argv[:1] == ["check"]:
            return check(argv[1:])
        return play(argv)
    except KeyboardInterrupt:
        return 130
