"""The `chapterdeck` command: play a chapter, or check content files."""

from __future__ import annotations

import argparse
import gc
import os
import sys
from pathlib import Path

from . import __version__
from .content import cache
from .content.paths import bundled_files, default_chapter

EXIT_BAD_INPUT = 2
THEME_NAMES = ("dark", "light", "ansi")  # tui.ui.themes.THEMES, named here without Textual


def _deck_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="chapterdeck",
        description="Play a course chapter as a full-screen, step-by-step terminal deck.",
        epilog="Other commands: 'chapterdeck check [FILE ...]' checks chapter files; "
               "'chapterdeck notes' shows the speaker notes of a running deck in another "
               "terminal; 'chapterdeck export -o DIR' writes a handout. "
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
    parser.add_argument("--theme", choices=THEME_NAMES, default="dark",
                        help="colours: dark (default), light (for washed-out projectors) or "
                             "ansi (the terminal's own 16 colours); key c cycles them")
    parser.add_argument("--watch", action="store_true",
                        help="reload the chapter when its file changes, staying on the same "
                             "step; a broken edit shows its problems over the last good version")
    parser.add_argument("--version", action="version", version=f"chapterdeck {__version__}")
    return parser


def _check_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="chapterdeck check",
        description="Check chapter files and report every problem as file:line:column. "
                    "Exits 0 when all are clean, 2 otherwise.",
    )
    parser.add_argument("files", nargs="*", type=Path,
                        help="files to check; default: the chapters that ship with chapterdeck")
    return parser


def _report(problems: list, out=None) -> None:
    out = out or sys.stderr  # looked up now, not at import, so redirection is honoured
    files = list(dict.fromkeys(p.path for p in problems))
    # File by file in the order given, and top to bottom within a file.
    for problem in sorted(problems, key=lambda p: (files.index(p.path), p.line or 0,
                                                    p.column or 0)):
        print(problem, file=out)
    files = len({p.path for p in problems})
    print(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in {files} "
          f"file{'s' if files != 1 else ''}; see docs/content-format.md for the format.", file=out)


def check(argv: list[str]) -> int:
    from .content.loader import check_file

    args = _check_parser().parse_args(argv)
    files = args.files or bundled_files()
    problems = []
    for path in files:
        problems += check_file(path)[1]
    if problems:
        _report(problems, sys.stdout)
        return EXIT_BAD_INPUT
    print(f"{len(files)} file{'s' if len(files) != 1 else ''} checked, no problems.")
    return 0


def _load(path: Path, doing: str):
    """The chapter in `path` (from the cache when it can), or None after printing why not."""
    chapter = cache.load(path)
    if chapter is None:
        from .content.loader import ContentError, load_chapter

        try:
            chapter = load_chapter(path)
        except ContentError as exc:
            print(f"chapterdeck cannot {doing} {path}:", file=sys.stderr)
            _report(exc.problems)
            return None
        cache.store(path, chapter)
    return chapter


def play(argv: list[str]) -> int:
    parser = _deck_parser()
    args = parser.parse_args(argv)
    path = args.file or default_chapter()
    chapter = _load(path, "play")
    if chapter is None:
        return EXIT_BAD_INPUT
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
                  ascii_only=args.ascii, theme=args.theme, watch=args.watch)
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
        if argv[:1] == ["notes"]:
            return notes(argv[1:])
        if argv[:1] == ["export"]:
            return export(argv[1:])
        return play(argv)
    except KeyboardInterrupt:
        return 130


def notes(argv: list[str]) -> int:
    """`chapterdeck notes`: follow a running deck's speaker notes from another terminal."""
    parser = argparse.ArgumentParser(
        prog="chapterdeck notes",
        description="Show the speaker notes of the deck running in another terminal of yours: "
                    "the current step's notes, the next step, the time and the pacing. Keys "
                    "here drive the deck: Space, Left, Right, a number then Enter.")
    parser.add_argument("--deck", type=int, metavar="PID",
                        help="follow the deck with this process id (default: the newest)")
    parser.add_argument("--list", action="store_true",
                        help="list the decks running now and exit")
    args = parser.parse_args(argv)
    from .link.place import LinkError, running_decks

    try:
        decks = running_decks()
    except LinkError as exc:
        print(f"chapterdeck notes: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if args.list:
        if not decks:
            print("No deck is running. Start one with 'chapterdeck'.")
        for deck in decks:
            print(f"pid {deck.pid}  {deck.path}")
        return 0
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        print("chapterdeck notes needs a terminal; 'chapterdeck notes --list' lists the "
              "running decks.", file=sys.stderr)
        return EXIT_BAD_INPUT
    _settle_terminal_size()
    from .ui.notes import NotesApp

    app = NotesApp(deck_pid=args.deck)
    app.run()
    return app.return_code or 0


def _size(text: str) -> tuple[int, int]:
    width, _, height = text.lower().partition("x")
    if not (width.isdigit() and height.isdigit()):
        raise argparse.ArgumentTypeError(f"{text!r} is not a size; write it as WIDTHxHEIGHT, "
                                         "such as 120x36")
    size = int(width), int(height)
    if not (44 <= size[0] <= 400 and 14 <= size[1] <= 200):
        raise argparse.ArgumentTypeError(f"{text}: the size must be from 44x14 to 400x200")
    return size


def export(argv: list[str]) -> int:
    """`chapterdeck export -o DIR`: the chapter as a handout (SVG per step, HTML, Markdown)."""
    parser = argparse.ArgumentParser(
        prog="chapterdeck export",
        description="Write a chapter as a handout: each step as an SVG picture, one "
                    "self-contained HTML page with every step and its narration, and the "
                    "chapter's text as Markdown.")
    parser.add_argument("file", nargs="?", type=Path,
                        help="a chapter file (.yaml); default: chapter 3")
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="DIR",
                        help="the folder to write into (made if needed)")
    parser.add_argument("--size", type=_size, default=(120, 36), metavar="WxH",
                        help="the terminal size of the pictures; default 120x36")
    parser.add_argument("--theme", choices=THEME_NAMES, default="dark",
                        help="the colour theme of the pictures; default dark")
    args = parser.parse_args(argv)
    path = args.file or default_chapter()
    chapter = _load(path, "export")
    if chapter is None:
        return EXIT_BAD_INPUT
    from .export import ExportError, write_handout

    try:
        written = write_handout(chapter, args.output, size=args.size, theme=args.theme)
    except ExportError as exc:
        print(f"chapterdeck export: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    print(f"Wrote {len(written)} files to {args.output}: {', '.join(p.name for p in written)}")
    return 0
