"""Benchmark chapterdeck as a user's terminal sees it, beside a minimal Textual app.

Each app runs in a real pseudo-terminal (80x24, TERM=xterm-256color, and COLORTERM=truecolor
for the truecolor runs). Everything the app writes is read from the pty master by a reader
thread (so the app never blocks on a full pty buffer) and fed into a `pyte` screen, which
tells what is on screen and when. For the deck and for the quiz, in truecolor and in 256
colours, each with the output encoder (the default) and without it
(CHAPTERDECK_RAW_OUTPUT=1, Textual's own output), measured:

  1. start-up     launch until the first step's text is on screen, apart from the runs:
                  --launches rounds, each launching the minimal app, the deck and the quiz
                  once, in turn (the order reversed every other round); the ratio is the
                  median of each round's ratio, so that a machine that is busier for a
                  while slows both sides of a ratio alike (the ratio of the medians is
                  shown too). Start-up is the noisiest figure on a shared machine: one
                  launch per run gave ratios from 1.05x to 1.42x for the same code.
  2. step time    key press until the next step's text is on screen (median and max)
  3. bytes/step   bytes from the key press until output goes quiet; beside it the bound:
                  the cells that changed on the pyte screen, re-encoded from a shadow of the
                  screen before the step by the app's encoder (tui/ui/encoder.py) as one frame
  4. CPU/step     the app's CPU time (all threads, from /proc/<pid>/task/*/schedstat) from
                  the first key press until the last step has settled, over the steps of the
                  run (42 in the deck: Right to step 8 and Left back to step 1, three times)
  5. idle bytes   bytes written in 5 s with no input once the screen has settled
  6. peak memory  the child's max RSS (wait4 ru_maxrss) after quitting
  7. the quiz     `chapterdeck quiz` on bench/quiz-bench.yaml (eight single-choice
                  questions): for each question, the answer key until the certainty prompt
                  is on screen, the certainty key until the feedback is, and Enter until the
                  next question is

bench/minimal_app.py (one line, Space changes it; 42 steps) runs in the same invocation in
both colour modes; every figure is shown beside it and as the ratio chapterdeck / minimal.
The runs alternate their order, so that no app always runs on a cooler machine.

Timing method: the reader thread only reads and timestamps chunks. The pyte screen is fed
while output is quiet (no bytes for --quiet-ms), never while the app is drawing, and "on
screen" is the timestamp of the chunk after which the text is first on the pyte screen. So
the parsing costs neither the app CPU time while it draws nor the measurement any latency.

What runs is a copy of tui/ and slides/ taken at the start (`python -m tui` in the copy's
folder), so that edits to the checkout during the run do not mix versions, byte-compiled as
an install is; --live runs the checkout itself and warns if its files changed meanwhile.

This is a benchmark, not a test: it reports figures beside targets and never fails on them.

    python bench/bench.py [--runs N] [--write]
"""

from __future__ import annotations

import argparse
import datetime as dt
import fcntl
import hashlib
import importlib.metadata
import os
import platform
import pty
import select
import shlex
import shutil
import signal
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

try:
    import pyte
    import pyte.graphics
except ImportError:  # pragma: no cover - depends on the environment
    sys.exit("bench.py needs pyte to read the screen. Install the test extras from the "
             "project folder: pip install -e '.[test]'")

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
RESULTS = BENCH_DIR / "RESULTS.md"

RIGHT = b"\x1b[C"
LEFT = b"\x1b[D"
SPACE = b" "
QUIT = b"q"
DECK_ROUNDS = 3  # Right to the last step and Left back to the first, this many times

FEED_BATCH = 256 * 1024       # feed the screen at least this often, even with no pause
MAX_BYTES = 32 * 1024 * 1024  # more than this for one start-up or step: the app is flooding

# Targets (issue 10), printed beside the figures; nothing fails on them.
DECK_BYTES_TARGET = {"truecolor": 3500, "256": 3000}
QUIZ_BYTES_SHARE = 1 / 3          # of the same move's bytes without the encoder
CPU_RATIO_TARGET = 3.0
STEP_RATIO_TARGET = 2.5           # median
STEP_MAX_RATIO_TARGET = 4.0
STARTUP_RATIO_TARGET = 1.25
QUIZ_STARTUP_RATIO_TARGET = 1.5
MEMORY_RATIO_TARGET = 1.3
COLOURS = ("truecolor", "256")


class BenchError(Exception):
    """A run that could not be measured: the app did not show what it should, or hung."""


# -- one app in a pseudo-terminal -----------------------------------------------------------


def _child_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env["TERM"] = "xterm-256color"
    # Nothing from the caller's terminal may change what the app draws or how big it is.
    for name in ("COLUMNS", "LINES", "COLORTERM", "NO_COLOR", "FORCE_COLOR",
                 "TEXTUAL", "TEXTUAL_DEBUG", "TEXTUAL_DEVTOOLS_PORT", "TEXTUAL_FPS",
                 "TEXTUAL_ANIMATIONS", "TEXTUAL_THEME", "TEXTUAL_COLOR_SYSTEM",
                 "CHAPTERDECK_RAW_OUTPUT"):
        env.pop(name, None)
    env["PYTHONUNBUFFERED"] = "1"
    env.update(extra or {})
    return env


class PtySession:
    """One child process on its own pty, with a reader thread draining the master."""

    def __init__(self, argv: list[str], cwd: Path, cols: int, rows: int,
                 env: dict[str, str] | None = None) -> None:
        self.cols, self.rows = cols, rows
        self.chunks: list[tuple[float, bytes]] = []   # (perf_counter when read, bytes)
        self.cond = threading.Condition()
        self.reader_done = False
        self._stop = False
        self.screen = pyte.Screen(cols, rows)
        self.stream = pyte.ByteStream(self.screen)
        self.fed = 0            # chunks fed into the pyte screen so far
        self.read_bytes = 0     # bytes read, and fed, so far
        self.fed_bytes = 0
        self.status: int | None = None
        self.rusage = None

        env = _child_env(env)
        winsize = struct.pack("HHHH", rows, cols, 0, 0)
        self.t_launch = time.perf_counter()
        pid, fd = pty.fork()
        if pid == 0:  # the child: size the terminal before the app can ask, then become it
            try:
                fcntl.ioctl(0, termios.TIOCSWINSZ, winsize)
                os.chdir(cwd)
                os.execve(argv[0], argv, env)
            except BaseException as exc:  # noqa: BLE001 - report anything, then leave
                os.write(2, f"bench.py: cannot start {argv}: {exc}\r\n".encode())
            finally:
                os._exit(127)
        self.pid, self.fd = pid, fd
        # The parent side too, in case anything reads the size from the master.
        fcntl.ioctl(fd, termios.TIOCSWINSZ, winsize)
        self.reader = threading.Thread(target=self._read, name=f"pty-reader-{pid}", daemon=True)
        self.reader.start()

    # reader thread: read and timestamp, nothing else
    def _read(self) -> None:
        try:
            while not self._stop:
                ready, _, _ = select.select([self.fd], [], [], 0.1)
                if not ready:
                    continue
                try:
                    data = os.read(self.fd, 1 << 16)
                except OSError:  # EIO: the child has gone and closed the slave
                    break
                now = time.perf_counter()
                if not data:
                    break
                with self.cond:
                    self.chunks.append((now, data))
                    self.read_bytes += len(data)
                    self.cond.notify_all()
        finally:
            with self.cond:
                self.reader_done = True
                self.cond.notify_all()

    # -- reading the screen ------------------------------------------------------------

    def screen_text(self) -> list[str]:
        return list(self.screen.display)

    def on_screen(self, text: str) -> bool:
        return any(text in line for line in self.screen.display)

    def visible_chars(self) -> int:
        return sum(1 for line in self.screen.display for ch in line if not ch.isspace())

    def dump(self) -> str:
        return "\n".join(f"  |{line}|" for line in self.screen.display)

    def cpu_ns(self) -> int:
        """The child's CPU time so far, all its threads, in nanoseconds (from /proc)."""
        total = 0
        try:
            tasks = os.listdir(f"/proc/{self.pid}/task")
        except OSError:
            return 0
        for task in tasks:
            try:
                with open(f"/proc/{self.pid}/task/{task}/schedstat") as stat:
                    total += int(stat.read().split()[0])
            except (OSError, ValueError, IndexError):
                pass  # a thread that just ended
        return total

    def _wait_quiet(self, quiet: float, deadline: float) -> None:
        """Wait until there are unfed chunks and no new bytes for `quiet` seconds, or the
        reader has stopped, or the deadline, or FEED_BATCH bytes wait to be fed."""
        with self.cond:
            while True:
                now = time.perf_counter()
                if now >= deadline:
                    return
                if self.read_bytes - self.fed_bytes >= FEED_BATCH:
                    return
                if len(self.chunks) > self.fed:
                    idle_for = now - self.chunks[-1][0]
                    if idle_for >= quiet:
                        return
                    timeout = quiet - idle_for
                elif self.reader_done:
                    return
                else:
                    timeout = deadline - now
                self.cond.wait(min(timeout, deadline - now))

    def _feed(self, want: str, found: float | None) -> float | None:
        """Feed the chunks read so far into the screen, one by one; the timestamp of the first
        chunk after which `want` is on screen, if it was not found before."""
        with self.cond:
            pending = self.chunks[self.fed:]
            self.fed = len(self.chunks)
            self.fed_bytes = self.read_bytes
        for stamp, data in pending:
            self.stream.feed(data)
            if found is None and self.on_screen(want):
                found = stamp
        return found

    def wait_for(self, want: str, since: float, start_chunk: int, timeout: float,
                 quiet: float) -> tuple[float, int]:
        """Wait until `want` is on screen and output has then gone quiet. Returns the
        seconds from `since` until it was on screen and the bytes since chunk `start_chunk`."""
        deadline = time.perf_counter() + timeout
        found: float | None = None
        with self.cond:
            start_bytes = sum(len(data) for _, data in self.chunks[:start_chunk])
        while True:
            self._wait_quiet(quiet, deadline)
            found = self._feed(want, found)
            if self.fed_bytes - start_bytes > MAX_BYTES:
                raise BenchError(f"the app wrote over {MAX_BYTES >> 20} MiB without settling; "
                                 f"screen:\n{self.dump()}")
            with self.cond:
                settled = (len(self.chunks) == self.fed
                           and (not self.chunks
                                or time.perf_counter() - self.chunks[-1][0] >= quiet))
                gone = self.reader_done and len(self.chunks) == self.fed
            if found is not None and (settled or gone):
                break
            if gone:
                raise BenchError(f"the app exited (or closed its terminal) before "
                                 f"{want!r} was on screen; screen:\n{self.dump()}")
            if time.perf_counter() >= deadline:
                what = "did not go quiet" if found is not None else f"never showed {want!r}"
                raise BenchError(f"timed out after {timeout:.0f} s: the app {what}; "
                                 f"screen:\n{self.dump()}")
        with self.cond:
            nbytes = sum(len(data) for _, data in self.chunks[start_chunk:self.fed])
        return found - since, nbytes

    # -- input ---------------------------------------------------------------------------

    def press(self, key: bytes) -> tuple[float, int]:
        """Send a key; the time it was sent and the index of the next chunk to be read."""
        with self.cond:
            start_chunk = len(self.chunks)
        sent = time.perf_counter()
        os.write(self.fd, key)
        return sent, start_chunk

    def idle_bytes(self, seconds: float) -> int:
        with self.cond:
            start = len(self.chunks)
        time.sleep(seconds)
        with self.cond:
            data = self.chunks[start:]
        self._feed("", 0.0)
        return sum(len(d) for _, d in data)

    # -- ending --------------------------------------------------------------------------

    def _reap(self, timeout: float) -> bool:
        deadline = time.perf_counter() + timeout
        while True:
            pid, status, rusage = os.wait4(self.pid, os.WNOHANG)
            if pid == self.pid:
                self.status, self.rusage = status, rusage
                return True
            if time.perf_counter() >= deadline:
                return False
            time.sleep(0.01)

    def wait_end(self, timeout: float) -> bool:
        """Wait up to `timeout` for the child to end by itself, then read the screen it left
        (all it wrote, fed to the pyte screen); False if it did not end."""
        if not self._reap(timeout):
            return False
        self.reader.join(5.0)
        self._feed("", 0.0)
        return True

    def quit(self, key: bytes, timeout: float) -> tuple[int, str]:
        """Quit with `key` (SIGTERM, then SIGKILL, if it will not); max RSS in KiB and how
        the child ended."""
        how = "quit"
        try:
            os.write(self.fd, key)
        except OSError:
            pass
        if not self._reap(timeout):
            how = "SIGTERM"
            os.kill(self.pid, signal.SIGTERM)
            if not self._reap(3.0):
                how = "SIGKILL"
                os.kill(self.pid, signal.SIGKILL)
                self._reap(10.0)
        self.close()
        if self.rusage is None:
            raise BenchError("the child could not be reaped")
        return self.rusage.ru_maxrss, how

    def close(self) -> None:
        """Stop everything; safe to call more than once, and on any error path."""
        if self.status is None:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self._reap(10.0)
        self._stop = True
        self.reader.join(5.0)
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1


# -- what is measured -----------------------------------------------------------------------


@dataclass
class Subject:
    name: str
    argv: list[str]
    cwd: Path              # `python -m tui` runs the tui package found here
    first: str             # on screen once started
    keys: list[bytes]      # one key per step
    steps: list[str]       # on screen after each press
    quit_key: bytes = QUIT
    env: dict[str, str] = field(default_factory=dict)

    def variant(self, colours: str, raw: bool) -> Subject:
        env = dict(self.env)
        if colours == "truecolor":
            env["COLORTERM"] = "truecolor"
        if raw:
            env["CHAPTERDECK_RAW_OUTPUT"] = "1"
        return Subject(self.name, self.argv, self.cwd, self.first, self.keys, self.steps,
                       self.quit_key, env)


@dataclass
class Run:
    startup_ms: float
    step_ms: list[float]
    step_bytes: list[int]
    step_bound: list[int]
    cpu_ms: float          # CPU time over all the steps of the run
    idle_bytes: int
    maxrss_kib: int
    ended: str

    @property
    def cpu_per_step(self) -> float:
        return self.cpu_ms / len(self.step_ms)


@dataclass
class Results:
    runs: list[Run] = field(default_factory=list)

    def all(self, name: str, every: int = 1, first: int = 0) -> list:
        return [x for run in self.runs for x in getattr(run, name)[first::every]]

    def median(self, name: str) -> float:
        return _median([getattr(run, name) for run in self.runs])

    def cpu_per_step(self) -> float:
        """CPU per step over every step of every run."""
        steps = sum(len(run.step_ms) for run in self.runs)
        return sum(run.cpu_ms for run in self.runs) / steps if steps else float("nan")


@dataclass
class Startups:
    """Start-up alone, launch after launch: each round launched every subject once."""

    ms: dict[str, list[float]] = field(default_factory=dict)

    def median(self, name: str) -> float:
        return _median(self.ms.get(name, []))

    def ratio(self, name: str, base: str) -> float:
        """The median of the rounds' ratios of `name` to `base` (each pair launched one
        after the other, on the machine as it was then)."""
        return _median([a / b for a, b in zip(self.ms[name], self.ms[base]) if b])

    def row(self, name: str, base: str) -> tuple[str, str, str]:
        """Its median, the base's and the ratio, as a table shows them."""
        return (f"{self.median(name):.0f}", f"{self.median(base):.0f}",
                f"{self.ratio(name, base):.2f}x (medians: "
                f"{_ratio(self.median(name), self.median(base))})")


def launch(subject: Subject, args: argparse.Namespace) -> PtySession:
    """`subject` started in its own pty, with its data folder (if it has one) emptied first:
    no cut-off quiz attempt to offer, so its first screen is the one it is waited for by."""
    if "CHAPTERDECK_DATA_DIR" in subject.env:
        shutil.rmtree(subject.env["CHAPTERDECK_DATA_DIR"], ignore_errors=True)
    return PtySession(subject.argv, subject.cwd, args.cols, args.rows, subject.env)


def measure_startups(subjects: list[Subject], colours: str, launches: int,
                     args: argparse.Namespace) -> Startups:
    """Each subject launched `launches` times until its first screen is up, then quit; in
    turn, the order reversed every other round."""
    quiet = args.quiet_ms / 1000
    startups = Startups({subject.name: [] for subject in subjects})
    for done in range(launches):
        for subject in subjects if done % 2 == 0 else subjects[::-1]:
            subject = subject.variant(colours, False)
            session = launch(subject, args)
            try:
                took, _ = session.wait_for(subject.first, session.t_launch, 0, args.timeout,
                                           quiet)
                session.quit(subject.quit_key, args.timeout)
            finally:
                session.close()
            startups.ms[subject.name].append(took * 1000)
    return startups


def snapshot(into: Path, source: Path = ROOT) -> Path:
    """Copy the app (tui/, slides/, quizzes/ of `source`, this checkout unless told) as it
    is now, so that edits made to the checkout while the benchmark runs do not change what
    it measures halfway; and
    byte-compile it, as installing it does (Textual's modules were compiled when pip
    installed them: with PYTHONDONTWRITEBYTECODE set, the copy would otherwise be compiled
    from source at every start)."""
    import compileall

    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for folder in ("tui", "slides", "quizzes"):
        shutil.copytree(source / folder, into / folder, ignore=ignore)
    shutil.copy(QUIZ_BANK, into / QUIZ_BANK.name)
    compileall.compile_dir(into / "tui", quiet=1)
    return into


def chapterdeck_subject(app_dir: Path) -> Subject:
    sys.path.insert(0, str(app_dir))
    from tui.content.loader import load_chapter
    from tui.content.paths import default_chapter

    chapter = load_chapter(default_chapter())
    titles = [step.title for step in chapter.steps]
    keys, wants = [], []
    for _ in range(DECK_ROUNDS):
        keys += [RIGHT] * (len(titles) - 1) + [LEFT] * (len(titles) - 1)
        wants += titles[1:] + titles[-2::-1]
    return Subject("chapterdeck", [sys.executable, "-m", "tui", "--step", "1"], app_dir,
                   titles[0], keys, wants)


QUIZ_BANK = BENCH_DIR / "quiz-bench.yaml"
QUIZ_MOVES = ("answer key → certainty prompt", "certainty key → feedback",
              "Enter → next question")


def quiz_subject(app_dir: Path, data_dir: Path) -> Subject:
    """Eight single-choice questions: a, 2 and Enter answer each, say how sure, go on."""
    sys.path.insert(0, str(app_dir))
    from tui.content.quizload import load_quiz

    questions = len(load_quiz(app_dir / QUIZ_BANK.name).questions)
    keys, wants = [], []
    for n in range(1, questions + 1):
        keys += [b"a", b"2", b"\r"]
        wants += ["How sure are you?", "Review: Step",
                  f"Question {n + 1} / {questions}" if n < questions else "Results — "]
    return Subject("chapterdeck quiz",
                   [sys.executable, "-m", "tui", "quiz", "--quiz", QUIZ_BANK.name, "--chapter",
                    "--seed", "3"], app_dir, f"Question 1 / {questions}", keys, wants,
                   quit_key=b"\x03", env={"CHAPTERDECK_DATA_DIR": str(data_dir)})


def minimal_subject(steps: int) -> Subject:
    return Subject("minimal app", [sys.executable, str(BENCH_DIR / "minimal_app.py")],
                   BENCH_DIR, "Step 1", [SPACE] * steps,
                   [f"Step {n}" for n in range(2, steps + 2)])


# -- the bound: the changed cells, re-encoded ---------------------------------------------------

_ANSI_NAMES = {name: code for code, name in {**pyte.graphics.FG_ANSI,
                                               **pyte.graphics.FG_AIXTERM}.items()}
_INDEX_256 = {}
for _index, _hex in enumerate(pyte.graphics.FG_BG_256):
    _INDEX_256.setdefault(_hex, _index)


def _colour(value: str, foreground: bool, colours: str) -> str | None:
    """pyte's colour of a cell as the SGR code that sets it."""
    if value == "default":
        return None
    if value in _ANSI_NAMES:
        code = _ANSI_NAMES[value]
        return str(code if foreground else code + 10)
    base = 38 if foreground else 48
    if colours == "256" and value in _INDEX_256:
        return f"{base};5;{_INDEX_256[value]}"
    return f"{base};2;{int(value[0:2], 16)};{int(value[2:4], 16)};{int(value[4:6], 16)}"


def screen_cells(screen: pyte.Screen, colours: str) -> list[list[tuple[str, tuple]]]:
    """The pyte screen as rows of (character, style) in the encoder's terms."""
    rows = []
    for r in range(screen.lines):
        line = screen.buffer[r]
        row = []
        for c in range(screen.columns):
            ch = line[c]
            attrs = (ch.bold and 1) | (ch.italics and 4) | (ch.underscore and 8) | (
                ch.blink and 16) | (ch.reverse and 64) | (ch.strikethrough and 256)
            row.append((ch.data, (attrs, _colour(ch.fg, True, colours),
                                  _colour(ch.bg, False, colours), None)))
        rows.append(row)
    return rows


def bound_bytes(before, after) -> int:
    from tui.ui.encoder import Encoder

    return len(Encoder(len(after[0]), len(after)).encode_cells(before, after).encode())


def measure(subject: Subject, args: argparse.Namespace, colours: str) -> Run:
    quiet = args.quiet_ms / 1000
    session = launch(subject, args)
    try:
        startup, _ = session.wait_for(subject.first, session.t_launch, 0, args.timeout, quiet)
        step_ms, step_bytes, step_bound = [], [], []
        cpu_start = session.cpu_ns()
        for key, want in zip(subject.keys, subject.steps):
            if session.on_screen(want):
                raise BenchError(f"{want!r} is on screen before the key press, so its step "
                                 f"cannot be timed; screen:\n{session.dump()}")
            before = screen_cells(session.screen, colours)
            sent, start_chunk = session.press(key)
            took, nbytes = session.wait_for(want, sent, start_chunk, args.timeout, quiet)
            step_ms.append(took * 1000)
            step_bytes.append(nbytes)
            step_bound.append(bound_bytes(before, screen_cells(session.screen, colours)))
        cpu_ms = (session.cpu_ns() - cpu_start) / 1e6
        idle = session.idle_bytes(args.idle)
        maxrss, ended = session.quit(subject.quit_key, args.timeout)
    finally:
        session.close()
    return Run(startup * 1000, step_ms, step_bytes, step_bound, cpu_ms, idle, maxrss, ended)


# -- report ---------------------------------------------------------------------------------


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def _ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}x" if b else "n/a"


def _verdict(ok: bool) -> str:
    return "met" if ok else "**missed**"


def _rss(res: Results) -> float:
    return res.median("maxrss_kib") / 1024


def deck_table(enc: Results, raw: Results, mini: Results, colours: str, idle_s: float,
               starts: Startups, deck: str, base: str) -> str:
    """The deck in one colour mode: each figure beside the minimal app's."""
    bytes_enc, bytes_raw = _median(enc.all("step_bytes")), _median(raw.all("step_bytes"))
    bound, m_bytes = _median(enc.all("step_bound")), _median(mini.all("step_bytes"))
    cpu, m_cpu = enc.cpu_per_step(), mini.cpu_per_step()
    cpu_raw = raw.cpu_per_step()
    step, m_step = _median(enc.all("step_ms")), _median(mini.all("step_ms"))
    step_max, m_max = max(enc.all("step_ms")), max(mini.all("step_ms"))
    rss, m_rss = _rss(enc), _rss(mini)
    idle = max(r.idle_bytes for r in enc.runs)
    target = DECK_BYTES_TARGET[colours]
    launches = len(starts.ms[deck])
    rows = [
        ("Bytes per step, median, with the encoder", f"{bytes_enc:.0f}", f"{m_bytes:.0f}",
         _ratio(bytes_enc, m_bytes), f"≤ {target:,}", _verdict(bytes_enc <= target)),
        ("Bytes per step, median, Textual's own output (RAW_OUTPUT=1)", f"{bytes_raw:.0f}",
         "", f"{bytes_enc / bytes_raw:.2f} of it" if bytes_raw else "", "", ""),
        ("Bound: the changed cells re-encoded from a shadow, median", f"{bound:.0f}", "",
         f"encoder {bytes_enc / bound:.2f}x the bound" if bound else "", "", ""),
        (f"CPU per step (/proc, {len(enc.all('step_ms'))} steps), ms", f"{cpu:.1f}",
         f"{m_cpu:.1f}", _ratio(cpu, m_cpu), f"≤ {CPU_RATIO_TARGET:g}x",
         _verdict(cpu <= CPU_RATIO_TARGET * m_cpu)),
        ("CPU per step without the encoder, ms", f"{cpu_raw:.1f}", f"{m_cpu:.1f}",
         _ratio(cpu_raw, m_cpu), "", ""),
        ("Step on screen after key press, median (ms)", f"{step:.1f}", f"{m_step:.1f}",
         _ratio(step, m_step), f"≤ {STEP_RATIO_TARGET:g}x",
         _verdict(step <= STEP_RATIO_TARGET * m_step)),
        ("Step on screen, slowest (ms)", f"{step_max:.1f}", f"{m_max:.1f}",
         _ratio(step_max, m_max), f"≤ {STEP_MAX_RATIO_TARGET:g}x",
         _verdict(step_max <= STEP_MAX_RATIO_TARGET * m_max)),
        (f"Start-up to the first step on screen, median of {launches} launches (ms); "
         "ratio: median of the rounds' ratios", *starts.row(deck, base),
         f"≤ {STARTUP_RATIO_TARGET:g}x",
         _verdict(starts.ratio(deck, base) <= STARTUP_RATIO_TARGET)),
        (f"Idle bytes in {idle_s:g} s, max over runs", f"{idle}",
         f"{max(r.idle_bytes for r in mini.runs)}", "", "0", _verdict(idle == 0)),
        ("Peak memory (max RSS), median (MiB)", f"{rss:.1f}", f"{m_rss:.1f}", _ratio(rss, m_rss),
         f"≤ {MEMORY_RATIO_TARGET:g}x", _verdict(rss <= MEMORY_RATIO_TARGET * m_rss)),
    ]
    out = [f"**Deck, {colours}**", "",
           "| Measure | chapterdeck | minimal app | ratio | target | |",
           "|---|---:|---:|---:|---|---|"]
    out += [f"| {' | '.join(row)} |" for row in rows]
    return "\n".join(out)


def quiz_table(enc: Results, raw: Results, mini: Results, colours: str, starts: Startups,
               quiz: str, base: str) -> str:
    """The quiz in one colour mode, by kind of move."""
    m_step, m_cpu = _median(mini.all("step_ms")), mini.cpu_per_step()
    rss, m_rss = _rss(enc), _rss(mini)
    out = [f"**Quiz, {colours}**", "",
           "| Quiz | with the encoder | Textual's own | share | bound | on screen, median "
           "(ms) | slowest (ms) | ratio to minimal (median) | target | |",
           "|---|---:|---:|---:|---:|---:|---:|---:|---|---|"]
    n = len(QUIZ_MOVES)
    for kind, name in enumerate(QUIZ_MOVES):
        nb = _median(enc.all("step_bytes", n, kind))
        nb_raw = _median(raw.all("step_bytes", n, kind))
        bound = _median(enc.all("step_bound", n, kind))
        ms = enc.all("step_ms", n, kind)
        share = nb / nb_raw if nb_raw else float("nan")
        target, verdict = "", ""
        if kind > 0:  # the feedback and the next question (issue 10)
            target, verdict = "≤ 1/3 of Textual's", _verdict(share <= QUIZ_BYTES_SHARE)
        out.append(f"| {name}, bytes | {nb:.0f} | {nb_raw:.0f} | {share:.2f} | {bound:.0f} | "
                   f"{_median(ms):.1f} | {max(ms):.1f} | {_ratio(_median(ms), m_step)} | "
                   f"{target} | {verdict} |")
    cpu = enc.cpu_per_step()
    out.append(f"| CPU per move (/proc, {len(enc.all('step_ms'))} moves), ms | {cpu:.1f} | "
               f"{raw.cpu_per_step():.1f} | | | | | {_ratio(cpu, m_cpu)} of the minimal "
               f"app's step | aim: the deck's ≤ {CPU_RATIO_TARGET:g}x (issue 10 sets the deck's) | "
               f"{_verdict(cpu <= CPU_RATIO_TARGET * m_cpu)} |")
    start, m_start, ratio = starts.row(quiz, base)
    out.append(f"| Start-up to question 1, median of {len(starts.ms[quiz])} launches (ms), "
               f"the minimal app's {m_start} | {start} | | | | | | {ratio} | "
               f"≤ {QUIZ_STARTUP_RATIO_TARGET:g}x | "
               f"{_verdict(starts.ratio(quiz, base) <= QUIZ_STARTUP_RATIO_TARGET)} |")
    idle = max(r.idle_bytes for r in enc.runs)
    out.append(f"| Idle bytes after the results, max | {idle} | | | | | | | 0 | "
               f"{_verdict(idle == 0)} |")
    out.append(f"| Peak memory (max RSS), median (MiB) | {rss:.1f} | {_rss(raw):.1f} | | | | | "
               f"{_ratio(rss, m_rss)} | ≤ {MEMORY_RATIO_TARGET:g}x | "
               f"{_verdict(rss <= MEMORY_RATIO_TARGET * m_rss)} |")
    return "\n".join(out)


def per_step_table(enc: Results, raw: Results, titles: list[str], steps: int) -> str:
    """Each deck move (forward, the first round), bytes and time."""
    out = ["| chapterdeck step (truecolor) | on screen, median (ms) | slowest (ms) | bytes | "
           "Textual's own | bound |",
           "|---|---:|---:|---:|---:|---:|"]
    for i in range(steps):
        ms = [r.step_ms[i] for r in enc.runs]
        out.append(f"| {i + 1} → {i + 2} ({titles[i]}) | {_median(ms):.1f} | {max(ms):.1f} | "
                   f"{_median([r.step_bytes[i] for r in enc.runs]):.0f} | "
                   f"{_median([r.step_bytes[i] for r in raw.runs]):.0f} | "
                   f"{_median([r.step_bound[i] for r in enc.runs]):.0f} |")
    return "\n".join(out)


def raw_runs(results: dict[tuple[str, str, bool], Results],
             startups: dict[str, Startups]) -> str:
    lines = []
    for colours, starts in startups.items():
        for name, times in starts.ms.items():
            lines.append(f"- start-ups, {name}, {colours}: ms "
                         f"[{', '.join(f'{t:.0f}' for t in times)}]")
    for (name, colours, raw), res in results.items():
        if not res.runs:
            continue
        starts = ", ".join(f"{r.startup_ms:.0f}" for r in res.runs)
        steps = ", ".join(f"{_median(r.step_ms):.1f}" for r in res.runs)
        cpu = ", ".join(f"{r.cpu_per_step:.1f}" for r in res.runs)
        rss = ", ".join(f"{r.maxrss_kib / 1024:.1f}" for r in res.runs)
        ended = ", ".join(sorted({r.ended for r in res.runs}))
        label = f"{name}, {colours}" + (", Textual's own output" if raw else "")
        lines.append(f"- {label}: start-up in the run, ms [{starts}]; step median ms [{steps}]; CPU ms "
                     f"per step [{cpu}]; max RSS MiB [{rss}]; ended by {ended}")
    return "\n".join(lines)


def machine() -> str:
    try:
        textual = importlib.metadata.version("textual")
    except importlib.metadata.PackageNotFoundError:
        textual = "not installed"
    try:
        pyte_version = importlib.metadata.version("pyte")
    except importlib.metadata.PackageNotFoundError:
        pyte_version = "?"
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return (f"nproc {os.cpu_count()}, Python {platform.python_version()}, Textual {textual}, "
            f"pyte {pyte_version}, {platform.system()} {platform.release()}; "
            f"load average at start {load}")


def source_hash(base: Path = ROOT) -> str:
    """A hash of what chapterdeck runs from (code, styles, chapters), to tell if it changed."""
    digest = hashlib.sha256()
    files = [*base.glob("tui/**/*.py"), *base.glob("tui/**/*.tcss"), *base.glob("slides/*.yaml")]
    for path in sorted(files):
        digest.update(path.relative_to(base).as_posix().encode())
        try:
            digest.update(path.read_bytes())
        except OSError:
            pass
    return digest.hexdigest()[:12]


def git_state() -> str:
    """The commit, and whether the app's files differ from it (read-only git calls)."""
    def git(*args: str) -> str | None:
        try:
            done = subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True,
                                  text=True, timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            return None
        return done.stdout.strip() if done.returncode == 0 else None

    commit = git("rev-parse", "--short", "HEAD")
    if commit is None:
        return "not a git checkout"
    dirty = git("status", "--porcelain", "--", "tui", "slides")
    return f"commit {commit}" + (" with uncommitted changes in tui/ or slides/" if dirty else "")


def write_results(report: str) -> None:
    if RESULTS.exists():
        text = RESULTS.read_text(encoding="utf-8").rstrip("\n") + "\n\n"
    else:
        text = ("# chapterdeck benchmark results\n\n"
                "Written by `python bench/bench.py --write`; newest run last. See the "
                "docstring of bench/bench.py for what is measured and how.\n\n")
    RESULTS.write_text(text + report + "\n", encoding="utf-8")


# -- main -----------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Benchmark chapterdeck in a real pty beside a minimal Textual app.")
    parser.add_argument("--runs", type=int, default=5, help="measured runs of each app (5)")
    parser.add_argument("--launches", type=int, default=20,
                        help="rounds of start-ups alone, each launching every app once (20)")
    parser.add_argument("--warmup", type=int, default=1,
                        help="unmeasured runs of each app first, to warm caches (1)")
    parser.add_argument("--idle", type=float, default=5.0,
                        help="seconds with no input for the idle-bytes count (5)")
    parser.add_argument("--quiet-ms", type=float, default=300.0,
                        help="no output for this long counts as settled (300)")
    parser.add_argument("--timeout", type=float, default=30.0,
                        help="seconds to wait for anything before giving up on a run (30)")
    parser.add_argument("--cols", type=int, default=80)
    parser.add_argument("--rows", type=int, default=24)
    parser.add_argument("--live", action="store_true",
                        help="run the checkout's tui/ itself, not a copy taken at the start "
                             "(a copy keeps edits made during the run out of the figures)")
    parser.add_argument("--no-quiz", action="store_true",
                        help="measure the deck only, not the quiz")
    parser.add_argument("--quick", action="store_true",
                        help="while working: only the deck in truecolor with the encoder, and "
                             "the minimal app; prints the runs, writes no tables")
    parser.add_argument("--write", action="store_true",
                        help=f"also append the results to {RESULTS.relative_to(ROOT)}")
    args = parser.parse_args(argv)
    if args.runs < 1 or args.launches < 1:
        parser.error("--runs and --launches take 1 or more")

    command = shlex.join([sys.executable, *sys.argv])
    started = dt.datetime.now()
    where = machine()
    sys.setswitchinterval(0.0005)  # the reader thread gets the GIL back promptly

    workdir = Path(tempfile.mkdtemp(prefix="chapterdeck-bench-"))
    try:
        source = f"App source: {git_state()}"
        app_dir = ROOT if args.live else snapshot(workdir)
        source_before = source_hash(app_dir)
        source += f"; source hash {source_before}"
        if not args.live:
            source += " (a copy of tui/ and slides/ taken at the start was measured)"
        deck_subject = chapterdeck_subject(app_dir)
        quiz = quiz_subject(app_dir, workdir / "quiz-data") if not args.no_quiz else None
        return _bench(args, deck_subject, quiz, command, started, where, source,
                      source_before)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _bench(args: argparse.Namespace, deck_subject: Subject, quiz_subject: Subject | None,
           command: str, started: dt.datetime, where: str, source: str,
           source_before: str) -> int:
    mini_subject = minimal_subject(len(deck_subject.steps))
    plan: list[tuple[Subject, str, bool]] = []
    if args.quick:
        plan = [(mini_subject, "truecolor", False), (deck_subject, "truecolor", False)]
    for colours in COLOURS if not args.quick else ():
        plan.append((mini_subject, colours, False))
        for subject in (deck_subject, quiz_subject):
            if subject is not None:
                plan += [(subject, colours, False), (subject, colours, True)]
    results = {(s.name, c, raw): Results() for s, c, raw in plan}
    total = args.warmup + args.runs
    try:
        for i in range(total):
            warm = i < args.warmup
            # Alternate the order, so no app always runs on a cooler machine.
            order = plan if i % 2 == 0 else plan[::-1]
            for subject, colours, raw in order:
                label = "warm-up" if warm else f"run {i - args.warmup + 1}/{args.runs}"
                run = measure(subject.variant(colours, raw), args, colours)
                print(f"{label} {subject.name} {colours}{' raw' if raw else ''}: start-up "
                      f"{run.startup_ms:.0f} ms, step median {_median(run.step_ms):.1f} ms max "
                      f"{max(run.step_ms):.1f} ms, CPU/step {run.cpu_per_step:.1f} ms, bytes "
                      f"per step {_median(run.step_bytes):.0f} (bound "
                      f"{_median(run.step_bound):.0f}), idle {run.idle_bytes} B, max RSS "
                      f"{run.maxrss_kib / 1024:.1f} MiB ({run.ended})",
                      file=sys.stderr, flush=True)
                if not warm:
                    results[(subject.name, colours, raw)].runs.append(run)
        startups: dict[str, Startups] = {}
        for colours in ("truecolor",) if args.quick else COLOURS:
            subjects = [mini_subject, deck_subject]
            if quiz_subject is not None and not args.quick:
                subjects.append(quiz_subject)
            startups[colours] = starts = measure_startups(subjects, colours, args.launches,
                                                          args)
            print(f"start-ups, {colours}: " + "; ".join(
                f"{name} median {starts.median(name):.0f} ms" for name in starts.ms),
                file=sys.stderr, flush=True)
    except BenchError as exc:
        print(f"bench.py: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    if args.quick:
        deck, mini = (results[(s.name, "truecolor", False)] for s in (deck_subject, mini_subject))
        for name, fn in (("CPU per step", lambda r: r.cpu_per_step()),
                         ("step median", lambda r: _median(r.all("step_ms"))),
                         ("step max", lambda r: max(r.all("step_ms"))),
                         ("RSS", _rss)):
            print(f"{name}: {fn(deck):.1f} vs {fn(mini):.1f} = {_ratio(fn(deck), fn(mini))}")
        start, m_start, ratio = startups["truecolor"].row(deck_subject.name, mini_subject.name)
        print(f"start-up: {start} vs {m_start} = {ratio}")
        return 0

    if args.live and source_hash() != source_before:
        source += (f" at the start, {source_hash()} at the end: **the app's files changed "
                   f"during the run, so these figures mix versions**")
        print("bench.py: warning: chapterdeck's files changed during the run",
              file=sys.stderr)
    moves = len(deck_subject.steps) // (2 * DECK_ROUNDS)
    tables = []
    for colours in COLOURS:
        mini = results[(mini_subject.name, colours, False)]
        starts = startups[colours]
        tables.append(deck_table(results[(deck_subject.name, colours, False)],
                                 results[(deck_subject.name, colours, True)], mini, colours,
                                 args.idle, starts, deck_subject.name, mini_subject.name))
        if quiz_subject is not None:
            tables.append(quiz_table(results[(quiz_subject.name, colours, False)],
                                     results[(quiz_subject.name, colours, True)], mini,
                                     colours, starts, quiz_subject.name, mini_subject.name))
    tables.append(per_step_table(results[(deck_subject.name, "truecolor", False)],
                                 results[(deck_subject.name, "truecolor", True)],
                                 deck_subject.steps, moves))
    report = "\n\n".join([
        f"## {started:%Y-%m-%d %H:%M}: {where}",
        f"Command: `{command}`  \n"
        f"{args.runs} measured runs of each (after {args.warmup} warm-up), alternating, "
        f"then {args.launches} rounds of start-ups alone; "
        f"{args.cols}x{args.rows} pty, TERM=xterm-256color (COLORTERM=truecolor for truecolor); "
        f"settled = no output for {args.quiet_ms:g} ms; {len(deck_subject.steps)} deck steps "
        f"and {len(mini_subject.steps)} minimal-app steps per run.  \n{source}.",
        *tables,
        raw_runs(results, startups),
    ])
    print(report)
    if args.write:
        write_results(report)
        print(f"\n(written to {RESULTS.relative_to(ROOT)})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
