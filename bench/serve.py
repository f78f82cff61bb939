"""Load benchmark of `chapterdeck serve --follow`: a class joins at once and follows the
presenter through the chapter's eight steps, all on loopback.

What runs: the presenter's deck (`python -m tui`, on a pty of its own, 80x24), the class
server (`python -m tui serve --follow`, its log read for its pid and events) and N learners,
each an asyncssh client asking for an 80x24 xterm-256color terminal. The bench process only
reads and timestamps what each learner receives; every screen is rebuilt afterwards with
pyte from the timestamped chunks, so the parsing costs the class nothing while it runs.

Measured:
  1. join       all N connect at once; the time until each learner's screen shows the cover
                (p50 and the last learner)
  2. following  the presenter presses Right 8 times (cover -> step 1 ... step 7 -> 8), one
                press once every learner shows the last step and has gone quiet; for every
                learner and press, the key until "Step k / 8" is on that learner's screen
                (p50, p95, max)
  3. memory     USS (private pages: what the learner's deck costs beyond what it shares with
                the fork server and the other decks) per learner deck, and the total of the
                server, the fork server and all decks
  4. CPU        user+system time of the server, the fork server and every deck over the
                eight steps, per learner per step
  5. idle       bytes all learners receive in 5 s with nothing happening, and the CPU of the
                server, fork server and decks meanwhile, as a share of one core
  Beside them, the minimal Textual app (bench/minimal_app.py) on a local pty, in the same run:
  its key-to-screen time and its USS, for the ratios.

Bounded: the whole run stops itself after --timeout seconds (default 300); everything it
started is ended. Loopback only. A benchmark, not a test: it reports and never fails.

    python bench/serve.py [--learners 50] [--write]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import asyncssh
import pyte

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
sys.path.insert(0, str(BENCH_DIR))

from bench import RIGHT, PtySession, git_state, machine  # noqa: E402

RESULTS = BENCH_DIR / "RESULTS.md"
CODE = "bench-code"
COLS, ROWS = 80, 24
QUIET = 0.3          # a learner's output is settled after this long without bytes
STEP_TIMEOUT = 30.0  # a step not on every screen by then is reported as missing
STEPS = 8

TARGETS = {"join": 10.0, "p95": 0.5, "max": 1.0, "idle_cpu": 5.0, "uss": 25.0}


class Learner(asyncssh.SSHClientSession):
    """One learner's terminal: the bytes it received, each chunk with its arrival time."""

    def __init__(self) -> None:
        self.chunks: list[tuple[float, bytes]] = []
        self.closed = False

    def data_received(self, data, datatype) -> None:
        self.chunks.append((time.perf_counter(), data))

    def connection_lost(self, exc) -> None:
        self.closed = True

    def last(self) -> float:
        return self.chunks[-1][0] if self.chunks else 0.0

    def bytes_since(self, moment: float) -> int:
        return sum(len(d) for t, d in self.chunks if t >= moment)


def replay(chunks: list[tuple[float, bytes]], wants: list[tuple[float, str]]) -> list:
    """Feed the chunks into a screen in order; for each (since, text) in `wants`, in turn,
    the time of the first chunk after `since` after which `text` is on the screen."""
    screen = pyte.Screen(COLS, ROWS)
    stream = pyte.ByteStream(screen)
    found: list[float | None] = []
    index = 0
    for since, text in wants:
        hit = None
        while index < len(chunks):
            stamp, data = chunks[index]
            index += 1
            stream.feed(data)
            if stamp >= since and any(text in line for line in screen.display):
                hit = stamp
                break
        found.append(hit)
    return found


# -- processes ----------------------------------------------------------------------------


def uss_mib(pid: int) -> float:
    private = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup") as rollup:
            for line in rollup:
                if line.startswith(("Private_Clean:", "Private_Dirty:")):
                    private += int(line.split()[1])
    except OSError:
        return 0.0
    return private / 1024


def cpu_seconds(pids: list[int]) -> float:
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
        except (OSError, IndexError):
            pass
    return total / ticks


def children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as found:
            return [int(p) for p in found.read().split()]
    except OSError:
        return []


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


# -- the run ------------------------------------------------------------------------------


class ServerLog(threading.Thread):
    def __init__(self, process: subprocess.Popen) -> None:
        super().__init__(daemon=True)
        self.process = process
        self.lines: list[str] = []

    def run(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def has(self, text: str) -> bool:
        return any(text in line for line in list(self.lines))


def wait_until(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise RuntimeError(f"{what} did not happen within {seconds:.0f} s")


async def settle(learners: list[Learner], since: float, timeout: float) -> None:
    """Until every learner has received bytes after `since` and gone quiet."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        now = time.perf_counter()
        if all(l.last() > since and now - l.last() >= QUIET for l in learners):
            return
        await asyncio.sleep(0.05)


async def join_all(port: int, n: int) -> tuple[list, list[Learner], float]:
    async def one(k: int):
        conn = await asyncssh.connect("127.0.0.1", port, username=f"learner{k:02}",
                                      password=CODE, known_hosts=None, client_keys=None,
                                      agent_path=None, preferred_auth="password",
                                      login_timeout=60)
        _, session = await conn.create_session(Learner, term_type="xterm-256color",
                                               term_size=(COLS, ROWS), encoding=None)
        return conn, session

    began = time.perf_counter()
    pairs = await asyncio.gather(*(one(k) for k in range(n)))
    return [p[0] for p in pairs], [p[1] for p in pairs], began


async def follow(presenter: PtySession, learners: list[Learner]) -> list[tuple[float, str]]:
    presses = []
    for step in range(1, STEPS + 1):
        sent, _ = presenter.press(RIGHT)
        presses.append((sent, f"Step {step} / {STEPS}"))
        await settle(learners, sent, STEP_TIMEOUT)
    return presses


def minimal_baseline(cwd: Path) -> tuple[float, float]:
    """The minimal app on a local pty: median key-to-screen (s) over 8 presses, its USS."""
    app = PtySession([sys.executable, str(BENCH_DIR / "minimal_app.py")], cwd, COLS, ROWS)
    try:
        app.wait_for("Step 1", app.t_launch, 0, 60, QUIET)
        times = []
        for k in range(2, 10):
            sent, start = app.press(b" ")
            seconds, _ = app.wait_for(f"Step {k}", sent, start, 30, QUIET)
            times.append(seconds)
        return statistics.median(times), uss_mib(app.pid)
    finally:
        app.close()


def run(args: argparse.Namespace) -> str:
    n = args.learners
    work = Path(tempfile.mkdtemp(prefix="cd-bench-serve-"))
    runtime = Path(tempfile.mkdtemp(prefix="cdbs-"))
    env = {**os.environ, "CHAPTERDECK_RUNTIME_DIR": str(runtime),
           "CHAPTERDECK_DATA_DIR": str(work / "presenter"), "PYTHONUNBUFFERED": "1"}
    port = free_port()
    mini_key, mini_uss = minimal_baseline(work)

    presenter = PtySession([sys.executable, "-m", "tui"], ROOT, COLS, ROWS,
                           env={"CHAPTERDECK_RUNTIME_DIR": str(runtime),
                                "CHAPTERDECK_DATA_DIR": str(work / "presenter")})
    server = subprocess.Popen(
        [sys.executable, "-m", "tui", "serve", "--follow", "--port", str(port), "--code", CODE,
         "--data-dir", str(work / "classroom"), "--max-learners", str(n + 5),
         "--per-address", str(n + 5)],
        cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, text=True, start_new_session=True)
    log = ServerLog(server)
    log.start()
    try:
        presenter.wait_for("Press Space to begin", presenter.t_launch, 0, 60, QUIET)
        wait_until(lambda: log.has("Following the presenter"), 120, "the server following")
        forks = [p for p in children(server.pid)
                 if "forkserver" in Path(f"/proc/{p}/cmdline").read_bytes().decode()]
        fork_pid = forks[0]
        STATE["deck_pids"] = lambda: children(fork_pid)
        STATE["pids"] = lambda: [server.pid, fork_pid, *children(fork_pid)]
        learners, began = asyncio.run(_class(presenter, port, n, args))
        return _report(args, n, learners, began, mini_key, mini_uss)
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
        presenter.close()


STATE: dict = {}


async def _class(presenter: PtySession, port: int, n: int, args):
    conns, learners, began = await join_all(port, n)
    await settle(learners, began, 60)
    server_pids = STATE["pids"]()
    cpu_before, ssh_before = cpu_seconds(server_pids), cpu_seconds(server_pids[:1])
    presses = await follow(presenter, learners)
    STATE["cpu_follow"] = cpu_seconds(server_pids) - cpu_before
    STATE["cpu_ssh"] = cpu_seconds(server_pids[:1]) - ssh_before  # the SSH server alone
    STATE["presses"] = presses
    STATE["uss"] = [uss_mib(p) for p in STATE["deck_pids"]()]
    STATE["uss_total"] = sum(uss_mib(p) for p in STATE["pids"]())
    await asyncio.sleep(1.0)
    idle_from = time.perf_counter()
    cpu_idle_before = cpu_seconds(STATE["pids"]())
    await asyncio.sleep(args.idle)
    STATE["idle_cpu"] = (cpu_seconds(STATE["pids"]()) - cpu_idle_before) / args.idle * 100
    STATE["idle_bytes"] = sum(l.bytes_since(idle_from) for l in learners)
    for conn in conns:
        conn.close()
    return learners, began


def _report(args, n, learners, began, mini_key, mini_uss) -> str:
    joins, latencies, missing = [], [], 0
    per_step: list[list[float]] = [[] for _ in range(STEPS)]
    for learner in learners:
        wants = [(began, "Press Space to begin")] + STATE["presses"]
        found = replay(learner.chunks, wants)
        if found[0] is not None:
            joins.append(found[0] - began)
        for k, ((sent, _), hit) in enumerate(zip(STATE["presses"], found[1:])):
            if hit is None:
                missing += 1
            else:
                latencies.append(hit - sent)
                per_step[k].append(hit - sent)
    uss = STATE["uss"]
    cpu_step_ms = STATE["cpu_follow"] / (n * STEPS) * 1000
    lines = [
        f"## {dt.datetime.now():%Y-%m-%d %H:%M}: serve load, {n} learners; {machine()}",
        "",
        f"Command: `python bench/serve.py --learners {n}{' --write' if args.write else ''}`  ",
        f"{git_state()}  ",
        f"{n} asyncssh clients on loopback, 80x24 xterm-256color; the presenter's deck on a "
        f"local pty; {STEPS} presses of Right (cover → step 8), each once every learner "
        f"had settled ({QUIET * 1000:.0f} ms quiet).",
        "",
        "| Measure | figure | target | | minimal app | ratio |",
        "|---|---:|---|---|---:|---:|",
    ]

    def row(name, value, unit, target, met, mini="", ratio=""):
        verdict = "" if met is None else ("met" if met else "**missed**")
        lines.append(f"| {name} | {value}{unit} | {target} | {verdict} | {mini} | {ratio} |")

    last = max(joins) if joins else float("nan")
    row(f"All {n} on screen after joining at once (s)", f"{last:.2f}", "",
        f"≤ {TARGETS['join']:.0f} s", len(joins) == n and last <= TARGETS["join"])
    row("Join, median learner (s)", f"{statistics.median(joins):.2f}", "", "", None)
    if latencies:
        p50, p95, top = (pct(latencies, 0.5), pct(latencies, 0.95), max(latencies))
        row("Presenter key → learner screen, p50 (ms)", f"{p50 * 1000:.0f}", "", "", None,
            f"{mini_key * 1000:.1f}", f"{p50 / mini_key:.0f}x")
        row("… p95 (ms)", f"{p95 * 1000:.0f}", "", f"≤ {TARGETS['p95'] * 1000:.0f} ms",
            p95 <= TARGETS["p95"])
        row("… max (ms)", f"{top * 1000:.0f}", "", f"≤ {TARGETS['max'] * 1000:.0f} ms",
            top <= TARGETS["max"] and not missing)
    row("Learner screens that never showed the step", str(missing), "", "0", missing == 0)
    row("USS per learner deck, median (MiB)", f"{statistics.median(uss):.1f}", "",
        f"≤ {TARGETS['uss']:.0f} MiB", max(uss) <= TARGETS["uss"], f"{mini_uss:.1f}",
        f"{statistics.median(uss) / mini_uss:.2f}x")
    row("USS per learner deck, max (MiB)", f"{max(uss):.1f}", "", "", None)
    row("USS in total: server, fork server, all decks (MiB)", f"{STATE['uss_total']:.0f}",
        "", "", None)
    row("CPU per learner-step, all processes of the server (ms)", f"{cpu_step_ms:.1f}", "",
        "", None)
    row("… of which the SSH server process: copying and encrypting (ms)",
        f"{STATE['cpu_ssh'] / (n * STEPS) * 1000:.1f}", "", "", None)
    row(f"Idle bytes to all learners in {args.idle:.0f} s", str(STATE["idle_bytes"]), "", "0",
        STATE["idle_bytes"] == 0)
    row("Idle CPU of the server and all decks (% of a core)", f"{STATE['idle_cpu']:.1f}", "",
        f"< {TARGETS['idle_cpu']:.0f}%", STATE["idle_cpu"] < TARGETS["idle_cpu"])
    lines += ["", f"- join seconds per learner, sorted: "
              f"{[round(j, 2) for j in sorted(joins)]}",
              "- presenter key → learner screen per step, ms, p50 / max over the learners: "
              + ", ".join(f"{k + 1}: {pct(times, 0.5) * 1000:.0f} / {max(times) * 1000:.0f}"
                          for k, times in enumerate(per_step) if times),
              f"- USS per deck, MiB, sorted: {[round(u, 1) for u in sorted(uss)]}",
              ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--learners", type=int, default=50)
    parser.add_argument("--idle", type=float, default=5.0, help="seconds of idle measured")
    parser.add_argument("--timeout", type=float, default=300.0,
                        help="the whole run stops itself after this many seconds")
    parser.add_argument("--write", action="store_true", help="append to bench/RESULTS.md")
    args = parser.parse_args(argv)
    signal.signal(signal.SIGALRM, lambda *_: (_ for _ in ()).throw(
        TimeoutError(f"bench/serve.py ran over {args.timeout:.0f} s")))
    signal.alarm(int(args.timeout))
    report = run(args)
    signal.alarm(0)
    print(report)
    if args.write:
        with RESULTS.open("a", encoding="utf-8") as out:
            out.write("\n" + report + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
