"""The `chapterdeck` command: play a chapter, take its quiz, see scores, or check files."""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from . import __version__
from .content.paths import bundled_files, bundled_quizzes, default_chapter
from .errors import EXIT_BAD_INPUT, ChapterdeckError, describe
from .ui.theme_names import THEME_NAMES

NEEDS_TERMINAL = ("chapterdeck needs a terminal: run it in a terminal window or over ssh -t, "
                  "not with its input or output redirected. To check a file, use "
                  "'chapterdeck check FILE'; for scores as data, 'chapterdeck scores --json'.")


@dataclass(frozen=True)
class Command:
    """A command of `chapterdeck` (the word after it), as the deck's --help lists it."""

    usage: str  # its name and what it must be given: "export -o DIR"
    summary: str  # what it does, after its usage in that list
    run: Callable[[list[str]], int]  # the function that runs it on the arguments after it

    @property
    def name(self) -> str:
        return self.usage.split()[0]


def _epilog() -> str:
    """The deck's --help names every other command, from COMMANDS."""
    listed = "; ".join(f"'chapterdeck {c.usage}' {c.summary}" for c in COMMANDS.values())
    return f"Other commands: {listed}. Each takes --help. In the deck, press ? for every key."


def _deck_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="chapterdeck",
        description="Play a course chapter as a full-screen, step-by-step terminal deck.",
        epilog=_epilog(),
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
                        help="colors: dark (default), light (for washed-out projectors) or "
                             "ansi (the terminal's own 16 colors); key c cycles them")
    parser.add_argument("--watch", action="store_true",
                        help="reload the chapter when its file changes, staying on the same "
                             "step; a broken edit shows its problems over the last good version")
    _quiz_arguments(parser)
    parser.add_argument("--version", action="version", version=f"chapterdeck {__version__}")
    return parser


def _quiz_arguments(parser: argparse.ArgumentParser) -> None:
    """The options every command that leads into the quiz shares."""
    parser.add_argument("--questions", type=int, default=10, metavar="N",
                        help="questions in a whole-chapter quiz; default 10")
    parser.add_argument("--no-certainty", dest="certainty", action="store_false",
                        help="do not ask how sure you are (certainty-based marking is on by "
                             "default)")
    parser.add_argument("--seed", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--quiz", type=Path, metavar="FILE",
                        help="the question bank (.yaml); default: the one for the chapter")
    parser.add_argument("--data-dir", type=Path, metavar="DIR",
                        help="where scores are kept; default: your user data folder, or "
                             "$CHAPTERDECK_DATA_DIR")


def _quiz_command(name: str, description: str) -> argparse.ArgumentParser:
    """A parser for one of the quiz's commands, with the arguments they all take."""
    parser = argparse.ArgumentParser(prog=f"chapterdeck {name}", description=description)
    parser.add_argument("file", nargs="?", type=Path,
                        help="the chapter file; default: chapter 3")
    parser.add_argument("--ascii", action="store_true", help="draw only ASCII characters")
    parser.add_argument("--theme", choices=THEME_NAMES, default="dark",
                        help="colors: dark (default), light or ansi, as in the deck")
    _quiz_arguments(parser)
    return parser


def _quiz_parser() -> argparse.ArgumentParser:
    parser = _quiz_command(
        "quiz", "Take the chapter's scenario quiz. With no choice given, a menu offers the "
                "whole chapter, one step, a topic, the questions due for review, your misses "
                "or the error review.")
    choice = parser.add_mutually_exclusive_group()
    choice.add_argument("--chapter", dest="take", action="store_const", const="chapter",
                        help="start the whole-chapter quiz at once")
    choice.add_argument("--step", type=int, metavar="N", help="only questions on step N")
    choice.add_argument("--topic", metavar="ID",
                        help="only questions on a topic, such as topologies or mistakes")
    choice.add_argument("--missed", dest="take", action="store_const", const="missed",
                        help="retake what you missed last time")
    choice.add_argument("--review", dest="take", action="store_const", const="review",
                        help="retake the questions you get wrong most often")
    choice.add_argument("--due", dest="take", action="store_const", const="due",
                        help="take the questions due for spaced review, most overdue first")
    return parser


def _scores_parser() -> argparse.ArgumentParser:
    parser = _quiz_command(
        "scores", "Your quiz history: every attempt, mastery per step and the trend.")
    output = parser.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true",
                        help="print the history and mastery as JSON")
    output.add_argument("--csv", action="store_true", help="print the attempts as CSV")
    return parser


def _review_parser() -> argparse.ArgumentParser:
    return _quiz_command(
        "review", "The error review: the (up to) 20 questions you have got wrong most often, "
                  "worst first, each with its explanation; Enter retakes them.")


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


def check(argv: list[str]) -> int:
    """`chapterdeck check [FILE ...]`: every problem of chapter and quiz files."""
    from .content.checking import count, report_lines
    from .content.quizload import check_content_file

    args = _check_parser().parse_args(argv)
    files = args.files or bundled_files() + bundled_quizzes()
    problems = []
    for path in files:
        content, found = check_content_file(path)
        problems += found + _bank_wide_warnings(path, content)
    if problems:
        print("\n".join(report_lines(problems, len(files))))
        return EXIT_BAD_INPUT if any(p.severity == "error" for p in problems) else 0
    print(f"{count(len(files), 'file')} checked, no problems.")
    return 0


def _in_terminal() -> bool:
    """Whether both input and output are a terminal, as a full-screen app needs. When they
    are, its size is settled now, before Textual is imported or an app made (either reads
    it)."""
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        return False
    _settle_terminal_size()
    return True


def _need_terminal(message: str = NEEDS_TERMINAL) -> None:
    """ChapterdeckError with `message` when there is no terminal to draw in."""
    if not _in_terminal():
        raise ChapterdeckError(message, title="")


def _find_course(chapter, chapter_path: Path, given: Path | None):
    """For the app: reads the chapter's quiz when the deck reaches it, not before the first
    frame (the quiz engine and the store are not imported until then)."""
    def find():
        from .quiz.course import find_course

        return find_course(chapter, chapter_path, given)
    return find


def _open_course(chapter, chapter_path: Path, given: Path | None):
    from .quiz.course import open_course

    return open_course(chapter, chapter_path, given)


# How soon (seconds) a thread that waits for the interpreter's lock gets it from a busy one.
# Python's default, 5 ms, is how long a frame Textual has queued waits for its output thread
# while the app goes on with the next thing (the next step, prepared while the learner reads):
# measured at start-up, the first frame reached the terminal 5.5 ms after it was queued, and
# 1.1 ms with this. The app's other threads sleep until there is input or output, so they
# hardly ever ask for the lock, and then only for a moment.
SWITCH_INTERVAL = 0.0005


def _run(app) -> int:
    sys.setswitchinterval(SWITCH_INTERVAL)
    app.run()
    unsaved = app.unsaved_answers()
    if unsaved:
        import json

        print("Your answers could not be saved to the score file. Here they are as JSON; "
              "keep them:", file=sys.stderr)
        print(json.dumps(unsaved, indent=2))
    return app.return_code or 0


def _quiz_options(args):
    from .ui.app import QuizOptions

    return QuizOptions(count=args.questions, certainty=args.certainty, data_dir=args.data_dir,
                       seed=args.seed)


def _bank_wide_warnings(path: Path, content) -> list:
    """For a quiz file that loaded (warnings alone allow that), the rule that needs the quiz
    engine: after shuffling, the correct option lands in each position about equally often."""
    from .content.quiz import QuestionBank

    if not isinstance(content, QuestionBank):
        return []
    from .content.checking import Problem
    from .quiz.sampling import uneven_key_positions

    return [Problem(str(path), None, None, f"{message}; vary where the key is written",
                    severity="warning")
            for message in uneven_key_positions(content)]


def _parse(parser: argparse.ArgumentParser, argv: list[str], doing: str = "play"):
    """The arguments, the chapter file named (or the default) and the chapter in it;
    ContentError, titled "chapterdeck cannot `doing` FILE", when it cannot be played."""
    from .content.finding import read_chapter

    args = parser.parse_args(argv)
    path = args.file or default_chapter()
    return args, path, read_chapter(path, doing)


def play(argv: list[str]) -> int:
    parser = _deck_parser()
    args, path, chapter = _parse(parser, argv)
    if not 0 <= args.step <= chapter.total:
        parser.error(f"--step {args.step}: this chapter has steps 1 to {chapter.total}")
    if args.autoplay <= 0:
        parser.error("--autoplay takes a number of seconds above 0, such as 6")
    if args.questions < 1:
        parser.error("--questions takes a number of questions, 1 or more")
    _need_terminal()

    # Importing Textual and building the deck make hundreds of thousands of objects that all
    # live for the whole run; collecting garbage among them only slows the start. The app
    # collects once, freezes them and turns collection back on when the deck is up.
    gc.disable()

    from .ui.app import DeckApp  # Textual only loads when there is a deck to play.

    # The quiz is read when the deck reaches it, not before the first frame.
    app = DeckApp(chapter, start_step=args.step, autoplay_seconds=args.autoplay,
                  ascii_only=args.ascii, theme=args.theme, watch=args.watch,
                  course=_find_course(chapter, path, args.quiz), quiz=_quiz_options(args))
    return _run(app)


def _young_collections_only() -> None:
    """For the quiz's start: as for the deck's (play), no full collection among the objects
    that live for the whole run, but young collections still free what dies young (with
    gc.disable, as for the deck, the quiz's peak memory was ~0.5 MiB higher). The app
    turns collection back to normal when it is up (DeckApp._freeze_start_up_objects)."""
    gc.set_threshold(*gc.get_threshold()[:2], 10**9)


def quiz(argv: list[str], start: str = "quiz") -> int:
    """`chapterdeck quiz` (and `review`): the quiz menu, one quiz, or the error review."""
    parser = {"quiz": _quiz_parser, "review": _review_parser}[start]()
    args, path, chapter = _parse(parser, argv)
    if args.questions < 1:
        parser.error("--questions takes a number of questions, 1 or more")
    _young_collections_only()
    course = _open_course(chapter, path, args.quiz)
    take = None
    if start == "quiz":
        if args.step is not None and not 1 <= args.step <= chapter.total:
            parser.error(f"--step {args.step}: this chapter has steps 1 to {chapter.total}")
        topics = [t.id for t in course.bank.topics]
        if args.topic is not None and args.topic not in topics:
            parser.error(f"--topic {args.topic}: the topics are {', '.join(topics)}")
        take = args.take or (f"step:{args.step}" if args.step else None) or \
            (f"topic:{args.topic}" if args.topic else None)
    if start == "review" and not _in_terminal():
        from .ui.quizreport import print_review  # output is a file or a pipe: print it

        print_review(course, _open_store(args.data_dir, printing=True), ascii_only=args.ascii)
        return 0
    _need_terminal()
    from .ui.app import DeckApp

    app = DeckApp(chapter, ascii_only=args.ascii, theme=args.theme, course=course,
                  quiz=_quiz_options(args), start=start, take=take)
    return _run(app)


def scores(argv: list[str]) -> int:
    """`chapterdeck scores`: the history, drawn in a terminal, else printed."""
    args, path, chapter = _parse(_scores_parser(), argv)
    course = _open_course(chapter, path, args.quiz)
    from .quiz.report import ATTEMPT_COLUMNS, history

    drawn = not (args.json or args.csv) and _in_terminal()
    store = _open_store(args.data_dir, printing=not drawn)
    if args.json or args.csv:
        data = history(course, store)
        if args.json:
            import json

            print(json.dumps(data, indent=2, ensure_ascii=False))
        else:
            import csv

            writer = csv.DictWriter(sys.stdout, fieldnames=ATTEMPT_COLUMNS)
            writer.writeheader()
            writer.writerows(data["attempts"])
        return 0
    if drawn:
        from .ui.app import DeckApp

        store.close()
        return _run(DeckApp(chapter, ascii_only=args.ascii, theme=args.theme, course=course,
                            quiz=_quiz_options(args), start="scores"))
    from .ui.quizreport import print_history  # output is a file or a pipe: print it

    print_history(course, store, ascii_only=args.ascii)
    return 0


def _open_store(data_dir: Path | None, printing: bool = False):
    """The score store, for a command that prints; what went wrong opening it goes to stderr.
    For `printing` a history, StoreError when no score file could be used: an empty history
    would not be true."""
    from .store.scores import ScoreStore, StoreError

    store = ScoreStore.open(data_dir)
    if printing and store.unusable:
        raise StoreError(f"your history cannot be read from {store.unusable}. Give the folder "
                         f"that holds scores.db with --data-dir or $CHAPTERDECK_DATA_DIR.")
    for notice in store.notices:
        print(notice, file=sys.stderr)
    return store


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
    from .link.place import running_decks

    decks = running_decks()
    if args.list:
        if not decks:
            print("No deck is running. Start one with 'chapterdeck'.")
        for deck in decks:
            print(f"pid {deck.pid}  {deck.path}")
        return 0
    _need_terminal("chapterdeck notes needs a terminal; 'chapterdeck notes --list' lists the "
                   "running decks.")
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
                    "chapter's text as Markdown; or, with --quiz, its quiz as a paper test.")
    parser.add_argument("file", nargs="?", type=Path,
                        help="a chapter file (.yaml); default: chapter 3")
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="DIR",
                        help="the folder to write into (made if needed)")
    parser.add_argument("--size", type=_size, default=(120, 36), metavar="WxH",
                        help="the terminal size of the pictures; default 120x36")
    parser.add_argument("--theme", choices=THEME_NAMES, default="dark",
                        help="the color theme of the pictures; default dark")
    parser.add_argument("--quiz", nargs="?", const=True, metavar="FILE",
                        help="write the chapter's quiz as a paper test instead: quiz.md and "
                             "quiz.html with every question and no answers, and key.md with "
                             "the answers and explanations; FILE: the question bank, default "
                             "the chapter's")
    parser.add_argument("--seed", type=int, metavar="N",
                        help="with --quiz: the number that decides the order of the questions "
                             "and their options (the same seed gives the same test); default: "
                             "a new one each time, named in key.md")
    args, path, chapter = _parse(parser, argv, "export")
    if args.seed is not None and not args.quiz:
        parser.error("--seed only goes with --quiz")
    from .export import write_handout, write_quiz_paper

    if args.quiz:
        course = _open_course(chapter, path, None if args.quiz is True else Path(args.quiz))
        from .quiz.sampling import new_seed

        seed = new_seed() if args.seed is None else args.seed
        written = write_quiz_paper(course, args.output, seed)
    else:
        written = write_handout(chapter, args.output, size=args.size, theme=args.theme)
    print(f"Wrote {len(written)} files to {args.output}: {', '.join(p.name for p in written)}")
    return 0


def _serve_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="chapterdeck serve",
        description="Teach a class over SSH: learners join with 'ssh -p PORT NAME@HOST' (no "
                    "account, no install), each gets their own deck and quiz, and their "
                    "scores are kept under --data-dir. Stop with Ctrl+C (or q in the console).")
    parser.add_argument("file", nargs="?", type=Path,
                        help="the chapter file (.yaml); default: chapter 3")
    parser.add_argument("--host", default="127.0.0.1",
                        help="the address to listen on; default 127.0.0.1 (this machine only); "
                             "0.0.0.0 for every network the machine is on")
    parser.add_argument("--port", type=int, default=2222, help="the port; default 2222")
    parser.add_argument("--data-dir", type=Path, metavar="DIR",
                        help="the server's folder: host key, and each learner's scores under "
                             "learners/NAME; default: 'classroom' in your user data folder")
    who = parser.add_mutually_exclusive_group()
    who.add_argument("--code", metavar="CODE",
                     help="the class code learners type as the password; default: a random "
                          "one, printed at start")
    who.add_argument("--open", action="store_true",
                     help="anyone may join with just a name (no code)")
    who.add_argument("--keys", type=Path, metavar="FILE",
                     help="only these public keys (authorized_keys format; each key's comment "
                          "is the learner's name); for anything graded")
    parser.add_argument("--follow", action="store_true",
                        help="learners' decks follow the presenter's: run 'chapterdeck' as "
                             "usual in another terminal of yours")
    parser.add_argument("--deck", type=int, metavar="PID",
                        help="with --follow, the presenter's deck to follow (default: the "
                             "newest; 'chapterdeck notes --list' lists them)")
    parser.add_argument("--max-learners", type=int, default=60, metavar="N",
                        help="at most N learners at once; default 60")
    parser.add_argument("--per-address", type=int, default=10, metavar="N",
                        help="at most N connections logging in at once from one address; "
                             "default 10 (raise it for a room behind one NAT address)")
    parser.add_argument("--quiz", type=Path, metavar="FILE",
                        help="the question bank (.yaml); default: the one for the chapter")
    return parser


def serve(argv: list[str]) -> int:
    """`chapterdeck serve`: the class server, with the live console in a terminal and a
    line per event otherwise."""
    parser = _serve_parser()
    args, path, chapter = _parse(parser, argv, "serve")
    if not 1 <= args.port <= 65535:
        parser.error(f"--port {args.port}: a port is 1 to 65535")
    if args.max_learners < 1 or args.per_address < 1:
        parser.error("--max-learners and --per-address take a number, 1 or more")
    from .serve.access import valid_code
    from .serve.server import ClassServer, ServeOptions

    if args.code is not None and not valid_code(args.code):
        parser.error("--code: a class code is 4 to 64 printable characters, with no space at "
                     "either end")
    if args.keys is not None and not args.keys.is_file():
        parser.error(f"--keys {args.keys}: no such file")
    if args.data_dir is None:
        from .store.scores import default_data_dir

        args.data_dir = default_data_dir() / "classroom"
    options = ServeOptions(
        chapter=path, quiz=args.quiz, host=args.host, port=args.port, data_dir=args.data_dir,
        auth="keys" if args.keys else "open" if args.open else "code", code=args.code,
        keys=args.keys, follow=args.follow, deck_pid=args.deck,
        max_learners=args.max_learners, per_address=args.per_address)
    server = ClassServer(options)
    if _in_terminal():
        from .ui.console import ClassConsole

        console = ClassConsole(server, options.data_dir,
                               course=_find_course(chapter, path, args.quiz))
        console.run()
        return console.return_code or 0
    import asyncio

    from .classroom.log import LogWatcher

    return asyncio.run(_serve_until_stopped(server, LogWatcher()))


async def _serve_until_stopped(server, watcher) -> int:
    """Serve until SIGINT or SIGTERM, then stop the class (every deck ends; answers are
    already saved)."""
    import asyncio
    import signal

    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for number in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(number, stop.set)
    await server.start(watcher)
    try:
        await stop.wait()
    finally:
        await server.stop()
    return 0


def _report_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="chapterdeck report",
        description="The class report of a class taught with 'chapterdeck serve': per "
                    "learner attempts, last and best score, certainty score and mastery per "
                    "step; per question answers, facility, discrimination, the most chosen "
                    "wrong option and how many were confidently wrong, most missed first. "
                    "The learners' score files are only read.")
    parser.add_argument("file", nargs="?", type=Path,
                        help="the chapter the class took; default: chapter 3")
    parser.add_argument("--data-dir", type=Path, metavar="DIR",
                        help="the class's data folder, as given to 'chapterdeck serve' (its "
                             "learners/ folder holds each learner's scores); default: the "
                             "one serve uses, classroom/ in your user data folder")
    parser.add_argument("--quiz", type=Path, metavar="FILE",
                        help="the question bank (.yaml); default: the one for the chapter")
    parser.add_argument("--ascii", action="store_true", help="draw only ASCII characters")
    output = parser.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true",
                        help="print the whole report as JSON")
    output.add_argument("--csv", nargs="?", const="learners", choices=("learners", "questions"),
                        help="print one table as CSV: the learners (the default) or the "
                             "questions")
    return parser


def report(argv: list[str]) -> int:
    """`chapterdeck report --data-dir DIR`: the class report, as tables, JSON or CSV."""
    args, path, chapter = _parse(_report_parser(), argv, "report on")
    course = _open_course(chapter, path, args.quiz)
    from .classroom.report import class_report, default_class_dir

    found = class_report(args.data_dir or default_class_dir(), course)
    try:
        _print_class_report(found, args)
    except BrokenPipeError:  # the reader stopped early (| head): not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


def _print_class_report(found, args) -> None:
    if args.json:
        import json

        print(json.dumps(found.as_data(), indent=2, ensure_ascii=False))
    elif args.csv:
        import csv

        from .classroom.report import csv_rows

        rows, fields = csv_rows(found, args.csv)
        writer = csv.DictWriter(sys.stdout, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)
    else:
        from .ui.classreport import print_report

        print_report(found, ascii_only=args.ascii)
    sys.stdout.flush()


def review(argv: list[str]) -> int:
    """`chapterdeck review`: the error review, drawn in a terminal, else printed."""
    return quiz(argv, "review")


# Every command but the deck itself, in the order the deck's --help lists them.
COMMANDS: dict[str, Command] = {command.name: command for command in (
    Command("quiz", "goes straight to the chapter's quiz", quiz),
    Command("scores", "shows your history", scores),
    Command("review", "shows the questions you miss most", review),
    Command("notes", "shows the speaker notes of a running deck in another terminal", notes),
    Command("export -o DIR", "writes a handout (with --quiz, a paper test)", export),
    Command("check [FILE ...]", "checks chapter and quiz files", check),
    Command("serve", "runs a class that learners join with ssh", serve),
    Command("report", "shows how the class did", report),
)}


def print_error(error: ChapterdeckError, command: str = "") -> int:
    """Every error a user can put right, printed one way (errors.describe) on stderr; its
    exit code."""
    print(describe(error, command), file=sys.stderr)
    return error.exit_code


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    chosen = COMMANDS.get(argv[0]) if argv else None
    try:
        if chosen is None:
            return play(argv)
        return chosen.run(argv[1:])
    except ChapterdeckError as exc:
        return print_error(exc, chosen.name if chosen else "")
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # Whoever read the output has gone (`chapterdeck scores --json | head`): stop quietly,
        # as cat does, with nothing more sent down the closed pipe when Python exits.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
