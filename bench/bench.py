"""Benchmark chapterdeck as a user's terminal sees it, beside a minimal Textual app.

Each app runs in a real pseudo-terminal (80x24, TERM=xterm-256color). Everything the app
writes is read from the pty master by a reader thread (so the app never blocks on a full pty
buffer) and fed into a `pyte` screen, which tells what is on screen and when. Measured:

  1. start-up     launch until the first step's text is on screen (median of the runs)
  2. step time    key press until the next step's text is on screen (median and max)
  3. bytes/step   bytes from the key press until output goes quiet; beside it the visible
                  (non-space) characters on the new screen, and bytes per visible character
  4. idle bytes   bytes written in 5 s with no input once the screen has settled
  5. peak memory  the child's max RSS (wait4 ru_maxrss) after quitting with q
  6. the quiz     `chapterdeck quiz` on bench/quiz-bench.yaml (eight single-choice
                  questions): for each question, the answer key until the certainty prompt
                  is on screen, the certainty key until the feedback is, and Enter until the
                  next question is; beside the minimal app's key-to-screen time

chapterdeck (`python -m tui --step 1`, Right from step 1 to 8) and bench/minimal_app.py (one
line, Space changes it) run alternately in the same invocation; the table shows each figure
for both and the ratio chapterdeck / minimal.

Timing method: the reader thread only reads and timestamps chunks. The pyte screen is fed
while output is quiet (no bytes for --quiet-ms), never while the app is drawing, and "on
screen" is the timestamp of the chunk after which the text is first on the pyte screen. So
the parsing costs neither the app CPU time while it draws nor the measurement any latency.

What runs is a copy of tui/ and slides/ taken at the start (`python -m tui` in the copy's
folder), so that edits to the checkout during the run do not mix versions; --live runs the
checkout itself and warns if its files changed meanwhile.

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
except ImportError:  # pragma: no cover - depends on the environment
    sys.exit("bench.py needs pyte to read the screen. Install the test extras from the "
             "project folder: pip install -e '.[test]'")

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
RESULTS = BENCH_DIR / "RESULTS.md"

RIGHT = b"\x1b[C"
SPACE = b" "
QUIT = b"q"

FEED_BATCH = 256 * 1024       # feed the screen at least this often, even with no pause
MAX_BYTES = 32 * 1024 * 1024  # more than this for one start-up or step: the app is flooding

# Targets, printed beside the figures; nothing fails on them.
STARTUP_RATIO_TARGET = 1.3
STEP_TARGET_MS = 16.0   # one frame at 60 Hz
STEP_AIM_MS = 9.0
MEMORY_RATIO_TARGET = 1.3


class BenchError(Exception):
    """A run that could not be measured: the app did not show what it should, or hung."""


# -- one app in a pseudo-terminal -----------------------------------------------------------


def _child_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env["TERM"] = "xterm-256color"
    # Nothing from the caller's terminal may change what the app draws or how big it is.
    for name in ("COLUMNS", "LINES", "COLORTERM", "NO_COLOR", "FORCE_COLOR",
                 "TEXTUAL", "TEXTUAL_DEBUG", "TEXTUAL_DEVTOOLS_PORT", "TEXTUAL_FPS",
                 "TEXTUAL_ANIMATIONS", "TEXTUAL_THEME"):
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
    key: bytes             # advances one step
    steps: list[str]       # on screen after each press
    keys: list[bytes] | None = None  # a key per step, when they differ
    quit_key: bytes = QUIT
    env: dict[str, str] | None = None


@dataclass
class Run:
    startup_ms: float
    step_ms: list[float]
    step_bytes: list[int]
    step_visible: list[int]
    idle_bytes: int
    maxrss_kib: int
    ended: str


@dataclass
class Results:
    runs: list[Run] = field(default_factory=list)

    def all(self, name: str) -> list:
        return [x for run in self.runs for x in getattr(run, name)]


def snapshot(into: Path) -> Path:
    """Copy the app (tui/, slides/, quizzes/) as it is now, so that edits made to the
    checkout while the benchmark runs do not change what it measures halfway."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for folder in ("tui", "slides", "quizzes"):
        shutil.copytree(ROOT / folder, into / folder, ignore=ignore)
    shutil.copy(QUIZ_BANK, into / QUIZ_BANK.name)
    return into


def chapterdeck_subject(app_dir: Path) -> Subject:
    sys.path.insert(0, str(app_dir))
    from tui.content.loader import load_chapter
    from tui.content.paths import default_chapter

    chapter = load_chapter(default_chapter())
    titles = [step.title for step in chapter.steps]
    return Subject("chapterdeck", [sys.executable, "-m", "tui", "--step", "1"], app_dir,
                   titles[0], RIGHT, titles[1:])


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
                    "--seed", "3"], app_dir, f"Question 1 / {questions}", b"", wants,
                   keys=keys, quit_key=b"\x03", env={"CHAPTERDECK_DATA_DIR": str(data_dir)})


def minimal_subject(steps: int) -> Subject:
    return Subject("minimal app", [sys.executable, str(BENCH_DIR / "minimal_app.py")],
                   BENCH_DIR, "Step 1", SPACE, [f"Step {n}" for n in range(2, steps + 2)])


def measure(subject: Subject, args: argparse.Namespace) -> Run:
    quiet = args.quiet_ms / 1000
    if subject.env and "CHAPTERDECK_DATA_DIR" in subject.env:
        shutil.rmtree(subject.env["CHAPTERDECK_DATA_DIR"], ignore_errors=True)  # no resume
    session = PtySession(subject.argv, subject.cwd, args.cols, args.rows, subject.env)
    try:
        startup, _ = session.wait_for(subject.first, session.t_launch, 0, args.timeout, quiet)
        step_ms, step_bytes, step_visible = [], [], []
        for number, want in enumerate(subject.steps):
            if session.on_screen(want):
                raise BenchError(f"{want!r} is on screen before the key press, so its step "
                                 f"cannot be timed; screen:\n{session.dump()}")
            sent, start_chunk = session.press(subject.keys[number] if subject.keys
                                              else subject.key)
            took, nbytes = session.wait_for(want, sent, start_chunk, args.timeout, quiet)
            step_ms.append(took * 1000)
            step_bytes.append(nbytes)
            step_visible.append(session.visible_chars())
        idle = session.idle_bytes(args.idle)
        maxrss, ended = session.quit(subject.quit_key, args.timeout)
    finally:
        session.close()
    return Run(startup * 1000, step_ms, step_bytes, step_visible, idle, maxrss, ended)


# -- report ---------------------------------------------------------------------------------


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def _ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}x" if b else "n/a"


def table(deck: Results, mini: Results, idle_s: float, cols: int, rows: int) -> str:
    d_start = _median([r.startup_ms for r in deck.runs])
    m_start = _median([r.startup_ms for r in mini.runs])
    d_step, m_step = _median(deck.all("step_ms")), _median(mini.all("step_ms"))
    d_max, m_max = max(deck.all("step_ms")), max(mini.all("step_ms"))
    d_bytes, m_bytes = _median(deck.all("step_bytes")), _median(mini.all("step_bytes"))
    d_vis, m_vis = _median(deck.all("step_visible")), _median(mini.all("step_visible"))
    d_bpv, m_bpv = d_bytes / d_vis, m_bytes / m_vis
    d_idle = max(r.idle_bytes for r in deck.runs)
    m_idle = max(r.idle_bytes for r in mini.runs)
    d_rss = _median([r.maxrss_kib for r in deck.runs]) / 1024
    m_rss = _median([r.maxrss_kib for r in mini.runs]) / 1024

    def verdict(ok: bool) -> str:
        return "met" if ok else "**missed**"

    step_verdict = verdict(d_step <= STEP_TARGET_MS)
    if d_step <= STEP_TARGET_MS:
        step_verdict += " (aim met)" if d_step < STEP_AIM_MS else " (aim missed)"
    rows_ = [
        ("Start-up to first step on screen, median (ms)", f"{d_start:.0f}", f"{m_start:.0f}",
         _ratio(d_start, m_start), f"≤ {STARTUP_RATIO_TARGET}x minimal",
         verdict(d_start <= STARTUP_RATIO_TARGET * m_start)),
        ("Step on screen after key press, median (ms)", f"{d_step:.1f}", f"{m_step:.1f}",
         _ratio(d_step, m_step), f"≤ {STEP_TARGET_MS:.0f} ms, aim < {STEP_AIM_MS:.0f} ms",
         step_verdict),
        ("Step on screen after key press, max (ms)", f"{d_max:.1f}", f"{m_max:.1f}",
         _ratio(d_max, m_max), f"≤ {STEP_TARGET_MS:.0f} ms", verdict(d_max <= STEP_TARGET_MS)),
        (f"Bytes per step at {cols}x{rows}, median", f"{d_bytes:.0f}", f"{m_bytes:.0f}",
         _ratio(d_bytes, m_bytes), "", ""),
        ("Visible characters on the new screen, median", f"{d_vis:.0f}", f"{m_vis:.0f}",
         _ratio(d_vis, m_vis), "", ""),
        ("Bytes per visible character", f"{d_bpv:.1f}", f"{m_bpv:.1f}",
         _ratio(d_bpv, m_bpv), "", ""),
        (f"Idle bytes in {idle_s:g} s, max over runs", f"{d_idle}", f"{m_idle}", "",
         "0", verdict(d_idle == 0)),
        ("Peak memory (max RSS), median (MiB)", f"{d_rss:.1f}", f"{m_rss:.1f}",
         _ratio(d_rss, m_rss), f"≤ {MEMORY_RATIO_TARGET}x minimal",
         verdict(d_rss <= MEMORY_RATIO_TARGET * m_rss)),
    ]
    out = ["| Measure | chapterdeck | minimal app | ratio | target | |",
           "|---|---:|---:|---:|---|---|"]
    out += [f"| {' | '.join(row)} |" for row in rows_]
    return "\n".join(out)


def per_step_table(deck: Results, titles: list[str]) -> str:
    out = ["| chapterdeck step | on screen, median (ms) | max (ms) | bytes, median | "
           "visible chars |",
           "|---|---:|---:|---:|---:|"]
    for i, title in enumerate(titles):
        ms = [r.step_ms[i] for r in deck.runs]
        nb = [r.step_bytes[i] for r in deck.runs]
        vis = [r.step_visible[i] for r in deck.runs]
        out.append(f"| {i + 1} → {i + 2} ({title}) | {_median(ms):.1f} | {max(ms):.1f} | "
                   f"{_median(nb):.0f} | {_median(vis):.0f} |")
    return "\n".join(out)


def quiz_table(quiz: Results, mini: Results) -> str:
    """The quiz's key-to-screen times by kind of move, beside the minimal app's step."""
    m_step = _median(mini.all("step_ms"))
    q_start = _median([r.startup_ms for r in quiz.runs])
    m_start = _median([r.startup_ms for r in mini.runs])
    out = ["| chapterdeck quiz | median (ms) | max (ms) | bytes, median | minimal app step, "
           "median (ms) | ratio |",
           "|---|---:|---:|---:|---:|---:|",
           f"| Start-up to question 1 on screen | {q_start:.0f} | "
           f"{max(r.startup_ms for r in quiz.runs):.0f} | | {m_start:.0f} (start-up) | "
           f"{_ratio(q_start, m_start)} |"]
    for kind, name in enumerate(QUIZ_MOVES):
        ms = [x for r in quiz.runs for x in r.step_ms[kind::len(QUIZ_MOVES)]]
        nb = [x for r in quiz.runs for x in r.step_bytes[kind::len(QUIZ_MOVES)]]
        out.append(f"| {name} | {_median(ms):.1f} | {max(ms):.1f} | {_median(nb):.0f} | "
                   f"{m_step:.1f} | {_ratio(_median(ms), m_step)} |")
    idle = max(r.idle_bytes for r in quiz.runs)
    rss = _median([r.maxrss_kib for r in quiz.runs]) / 1024
    m_rss = _median([r.maxrss_kib for r in mini.runs]) / 1024
    out.append(f"| Idle bytes after the results, max | {idle} | | | | |")
    out.append(f"| Peak memory (max RSS), median (MiB) | {rss:.1f} | | | {m_rss:.1f} (RSS) | "
               f"{_ratio(rss, m_rss)} |")
    return "\n".join(out)


def raw_runs(deck: Results, mini: Results) -> str:
    def line(name: str, res: Results) -> str:
        starts = ", ".join(f"{r.startup_ms:.0f}" for r in res.runs)
        steps = ", ".join(f"{_median(r.step_ms):.1f}" for r in res.runs)
        rss = ", ".join(f"{r.maxrss_kib / 1024:.1f}" for r in res.runs)
        ended = ", ".join(sorted({r.ended for r in res.runs}))
        return (f"- {name}: start-up ms [{starts}]; step median ms per run [{steps}]; "
                f"max RSS MiB [{rss}]; ended by {ended}")
    return "\n".join([line("chapterdeck", deck), line("minimal app", mini)])


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
    parser.add_argument("--write", action="store_true",
                        help=f"also append the results to {RESULTS.relative_to(ROOT)}")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs takes 1 or more")

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
    deck, mini, quiz = Results(), Results(), Results()
    total = args.warmup + args.runs
    try:
        for i in range(total):
            warm = i < args.warmup
            # Alternate the order, so neither app always runs on a cooler machine.
            order = [(deck_subject, deck), (mini_subject, mini)]
            if i % 2:
                order.reverse()
            if quiz_subject is not None:
                order.append((quiz_subject, quiz))
            for subject, results in order:
                label = "warm-up" if warm else f"run {i - args.warmup + 1}/{args.runs}"
                run = measure(subject, args)
                print(f"{label} {subject.name}: start-up {run.startup_ms:.0f} ms, step median "
                      f"{_median(run.step_ms):.1f} ms max {max(run.step_ms):.1f} ms, bytes "
                      f"per step {_median(run.step_bytes):.0f}, idle {run.idle_bytes} B, "
                      f"max RSS {run.maxrss_kib / 1024:.1f} MiB ({run.ended})",
                      file=sys.stderr, flush=True)
                if not warm:
                    results.runs.append(run)
    except BenchError as exc:
        print(f"bench.py: {subject.name}: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130

    if args.live and source_hash() != source_before:
        source += (f" at the start, {source_hash()} at the end: **the app's files changed "
                   f"during the run, so these figures mix versions**")
        print("bench.py: warning: chapterdeck's files changed during the run",
              file=sys.stderr)
    report = "\n\n".join([
        f"## {started:%Y-%m-%d %H:%M}: {where}",
        f"Command: `{command}`  \n"
        f"{args.runs} measured runs of each app (after {args.warmup} warm-up), alternating; "
        f"{args.cols}x{args.rows} pty, TERM=xterm-256color; settled = no output for "
        f"{args.quiet_ms:g} ms; step figures over all {len(deck_subject.steps)} steps of "
        f"every run.  \n{source}.",
        table(deck, mini, args.idle, args.cols, args.rows),
        per_step_table(deck, deck_subject.steps),
        *([quiz_table(quiz, mini)] if quiz.runs else []),
        raw_runs(deck, mini),
    ])
    print(report)
    if args.write:
        write_results(report)
        print(f"\n(written to {RESULTS.relative_to(ROOT)})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
