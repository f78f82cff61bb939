"""`chapterdeck serve` end to end: the stock OpenSSH client joins a class server on
loopback, in a real pty, and what a learner may and may not do is checked from outside."""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
import signal
import stat
import subprocess
import time

import pytest

from tui.store.scores import ScoreStore

from serve_helpers import Classroom, free_port, gone, needs_ssh
from terminal import installed_command

pytestmark = needs_ssh


@pytest.fixture
def classroom(tmp_path):
    rooms: list[Classroom] = []

    def start(**options) -> Classroom:
        room = Classroom(tmp_path, **options)
        rooms.append(room)
        return room

    yield start
    for room in rooms:
        room.close()


def run_ssh(room: Classroom, name: str, *extra: str, command: list[str] = (),
            code: str | None = None, tool: list[str] | None = None) -> subprocess.CompletedProcess:
    """ssh (or sftp) without a terminal, the code given by SSH_ASKPASS as a script would."""
    askpass = room.tmp / "askpass.sh"
    askpass.write_text(f"#!/bin/sh\necho '{code if code is not None else room.code}'\n")
    askpass.chmod(0o700)
    env = {**os.environ, "SSH_ASKPASS": str(askpass), "SSH_ASKPASS_REQUIRE": "force",
           "DISPLAY": ":0"}
    argv = room.ssh_argv(name, *extra) + list(command)
    if tool is not None:  # sftp takes -P for the port and no command
        argv = tool + [a if a != "-p" else "-P" for a in argv[1:]]
    return subprocess.run(argv, env=env, stdin=subprocess.DEVNULL, capture_output=True,
                          text=True, timeout=60)


def answer_the_question(term) -> None:
    """Answer whichever kind of question is shown (the order is random), then say how sure."""
    match = b"a" * 6 + b"\r"  # a letter answers a matching line and moves to the next
    for keys in (b"a", b"b\r", b"\r", match):  # single; multiple (two ticked); order; match
        term.send(keys)
        try:
            term.wait_for("How sure", seconds=3)
            break
        except AssertionError:
            continue
    term.wait_for("How sure")
    term.send(b"1")


def test_a_learner_joins_walks_the_deck_and_an_answer_lands_in_their_store(classroom):
    room = classroom()
    assert room.info.fingerprint.startswith("SHA256:")
    key = room.data_dir / "host_key"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    known = room.tmp / "known_hosts"

    ana = room.join("ana", "-o", "PreferredAuthentications=keyboard-interactive")
    ana.wait_for("Press Space to begin")
    room.wait(lambda: room.watcher.kinds("joined"), what="the joined event")
    # The host key the client saw is the one whose fingerprint the server printed.
    seen = subprocess.run(["ssh-keygen", "-l", "-f", str(known)], capture_output=True,
                          text=True).stdout
    assert room.info.fingerprint in seen
    ana.send(b" ")
    ana.wait_for("Step 1 / 8")
    ana.send(b"l")
    ana.wait_for("Step 2 / 8")
    room.wait(lambda: any(e.place == "step 2 / 8" for e in room.watcher.kinds("place")),
              what="the learner's place reaching the server")
    ana.send(b"G")
    ana.wait_for("Step 8 / 8")
    ana.send(b"l")          # past the last step: the quiz menu
    ana.wait_for("Whole chapter")
    ana.send(b"\r")         # the whole-chapter quiz
    ana.wait_for("Question 1")
    room.wait(lambda: any(e.place.startswith("quiz 1 /") for e in room.watcher.kinds("place")),
              what="the quiz progress reaching the server")
    answer_the_question(ana)
    store = ScoreStore.open(room.data_dir / "learners" / "ana")
    room.wait(lambda: store.answers("ch03-ai-product-roles"), what="the answer being stored")
    [answer] = store.answers("ch03-ai-product-roles")
    store.close()
    # The class report reads it from the server's data folder.
    report = subprocess.run([installed_command(), "report", "--data-dir", str(room.data_dir),
                             "--json"], capture_output=True, text=True, timeout=60)
    data = json.loads(report.stdout)
    [row] = data["learners"]
    assert row["name"] == "ana" and row["answered"] == 1
    [asked] = [q for q in data["questions"] if q["answers"]]
    assert asked["question"] == answer.question_id


def test_password_authentication_works_too(classroom):
    room = classroom()
    ben = room.join("ben", "-o", "PreferredAuthentications=password")
    ben.wait_for("Press Space to begin")


def test_a_window_change_resizes_the_deck(classroom):
    room = classroom()
    term = room.join("cy")
    term.wait_for("Press Space to begin")
    term.screen.resize(30, 120)
    import fcntl
    import struct
    import termios

    fcntl.ioctl(term.fd, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 120, 0, 0))
    os.kill(term.pid, signal.SIGWINCH)  # as a terminal emulator tells ssh
    room.wait(lambda: (term.read(), term.screen.display[0].rstrip().endswith("High Level")
                       and len(term.screen.display[0].rstrip()) > 100)[1],
              what="the deck redrawing at 120 columns")


@pytest.mark.parametrize("extra, command, expected", [
    ((), ["ls"], "not commands"),
    (("-T",), [], "needs a terminal"),
])
def test_commands_and_sessions_without_a_terminal_are_refused(classroom, extra, command,
                                                              expected):
    room = classroom()
    done = run_ssh(room, "ana", *extra, command=command)
    assert done.returncode != 0
    assert expected in done.stderr
    room.wait(lambda: room.watcher.kinds("refused"), what="a refused event")
    assert not room.watcher.kinds("joined")
    assert not room.learner_pids()


def test_a_wrong_code_is_refused_and_three_close_the_connection(classroom):
    room = classroom()
    done = run_ssh(room, "ana", "-o", "NumberOfPasswordPrompts=5", command=["true"],
                   code="not-the-code")
    assert done.returncode == 255
    assert "3 wrong class codes" in done.stderr
    assert len([e for e in room.watcher.kinds("refused") if "wrong" in e.detail]) == 3


@pytest.mark.parametrize("name", ["a b", "x" * 33, "ana+1", "émile", ".."])
def test_a_bad_name_is_refused_with_what_is_allowed(classroom, name):
    room = classroom()
    done = run_ssh(room, name)
    assert done.returncode == 255
    assert "1 to 32 letters, digits" in done.stderr
    assert not (room.data_dir / "learners" / name).exists() or name == ".."
    assert os.listdir(room.data_dir / "learners") == []


def test_sftp_and_scp_get_nothing(classroom, tmp_path):
    room = classroom()
    done = run_ssh(room, "ana", tool=["sftp"])
    assert done.returncode != 0
    assert "subsystem request failed" in done.stderr
    copied = tmp_path / "copied"
    argv = room.ssh_argv("ana")
    done = subprocess.run(["scp", *[a if a != "-p" else "-P" for a in argv[1:-1]],
                           "ana@127.0.0.1:/etc/passwd", str(copied)],
                          capture_output=True, text=True, timeout=60,
                          stdin=subprocess.DEVNULL, env={**os.environ, "SSH_ASKPASS_REQUIRE":
                                                         "never"})
    assert done.returncode != 0 and not copied.exists()


def test_port_forwarding_is_refused(classroom):
    room = classroom()
    import socket

    local = free_port()
    askpass = room.tmp / "askpass.sh"
    askpass.write_text(f"#!/bin/sh\necho '{room.code}'\n")
    askpass.chmod(0o700)
    env = {**os.environ, "SSH_ASKPASS": str(askpass), "SSH_ASKPASS_REQUIRE": "force",
           "DISPLAY": ":0"}
    # A forward to the class server's own port: it would be reachable if forwarding worked.
    client = subprocess.Popen(room.ssh_argv("ana", "-N", "-L",
                                            f"127.0.0.1:{local}:127.0.0.1:{room.port}"),
                              env=env, stdin=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              text=True)
    try:
        deadline = time.monotonic() + 30
        greeting = b""
        while time.monotonic() < deadline and not greeting:
            try:
                with socket.create_connection(("127.0.0.1", local), timeout=5) as probe:
                    greeting = probe.recv(64) or b"closed"
            except OSError:
                time.sleep(0.2)
        assert greeting == b"closed"  # ssh listened, but the server opened nothing
        room.wait(lambda: any("forward" in e.detail for e in room.watcher.kinds("refused")),
                  what="the refused forwarding")
    finally:
        client.kill()
        client.wait()


def test_a_dropped_connection_leaves_no_process(classroom):
    room = classroom()
    ana = room.join("ana")
    ana.wait_for("Press Space to begin")
    room.wait(lambda: room.learner_pids(), what="the learner's deck starting")
    [pid] = room.learner_pids()
    os.kill(ana.pid, signal.SIGKILL)  # the client vanishes mid-lesson
    room.wait(lambda: gone(pid), what="the learner's deck ending")
    room.wait(lambda: room.watcher.kinds("left"), what="the left event")
    assert not room.learner_pids()
    room.wait(lambda: not room.call(lambda: set(room.server.forks.live)),
              what="the fork server reaping the deck")
    assert not room.watcher.kinds("error")  # a hung-up deck is a learner leaving, no error


def test_a_silently_dropped_learner_is_reaped_by_keepalive(classroom):
    room = classroom(keepalive_interval=1)
    ana = room.join("ana")
    ana.wait_for("Press Space to begin")
    room.wait(lambda: room.learner_pids(), what="the learner's deck starting")
    [pid] = room.learner_pids()
    os.kill(ana.pid, signal.SIGSTOP)  # still connected, never answering again
    try:
        room.wait(lambda: gone(pid), seconds=60, what="the keepalive reaping the learner")
    finally:
        os.kill(ana.pid, signal.SIGCONT)
    assert any("keepalive" in e.detail or "dropped" in e.detail
               for e in room.watcher.kinds("left"))


def test_a_rejoin_offers_to_resume_the_quiz(classroom):
    room = classroom()
    ana = room.join("ana")
    ana.wait_for("Press Space to begin")
    for key, shown in ((b"G", "Step 8 / 8"), (b"l", "Whole chapter"), (b"\r", "Question 1")):
        ana.send(key)
        ana.wait_for(shown)
    answer_the_question(ana)
    store = ScoreStore.open(room.data_dir / "learners" / "ana")
    room.wait(lambda: store.answers("ch03-ai-product-roles"), what="the answer being stored")
    store.close()
    [pid] = room.learner_pids()
    os.kill(ana.pid, signal.SIGKILL)
    room.wait(lambda: gone(pid), what="the first deck ending")

    again = room.join("ana")
    again.wait_for("Press Space to begin")
    again.send(b"G")
    again.wait_for("Step 8 / 8")
    again.send(b"l")
    again.wait_for("An unfinished quiz is waiting")
    again.send(b"r")        # resume: the next question of the same attempt
    again.wait_for("Question 2")


def test_the_class_is_full(classroom):
    room = classroom(max_learners=1)
    ana = room.join("ana")
    ana.wait_for("Press Space to begin")
    done = run_ssh(room, "ben")
    assert done.returncode == 255
    assert "The class is full: it has room for 1 learner." in done.stderr


def test_open_needs_only_a_name(classroom):
    room = classroom(auth="open")
    term = room.ssh("dee")
    term.wait_for("Press Space to begin")


def test_follow_mode_moves_learners_and_respects_looking_back(classroom, terminal):
    presenter = terminal("--step", "3")  # the teacher's own deck, found over the link
    presenter.wait_for("Step 3 / 8")
    room = classroom(follow=True)
    room.wait(lambda: room.watcher.kinds("presenter"), what="the server finding the deck")

    ana = room.join("ana")
    ana.wait_for("Step 3 / 8")              # a late joiner starts where the presenter is
    presenter.send(b"l")
    ana.wait_for("Step 4 / 8")              # following
    ana.send(b"h")                          # the learner looks back ...
    ana.wait_for("Presenter on step 4 — f to catch up")
    presenter.send(b"l")
    ana.wait_for("Presenter on step 5 — f to catch up")
    assert "Step 3 / 8" in ana.text()       # ... and is not pulled away
    ana.send(b"f")
    ana.wait_for("Step 5 / 8")
    # The hint's line goes with a layout, which may be the frame after the step's.
    ana.wait_gone("f to catch up")
    assert "Step 5 / 8" in ana.text()
    presenter.send(b"l")
    ana.wait_for("Step 6 / 8")              # following again after catching up

    presenter.send(b"G")
    ana.wait_for("Step 8 / 8")
    presenter.send(b"l")                    # the presenter goes on into the quiz
    presenter.wait_for("Whole chapter")
    presenter.send(b"q")                    # and quits
    assert presenter.wait_exit() == 0
    ana.wait_for("The presenter's deck has closed")
    assert "Step 8 / 8" in ana.text()       # the class stayed on the deck, where it was
    assert not any(e.place.startswith("quiz") for e in room.watcher.kinds("place"))
    assert any("quit" in e.detail for e in room.watcher.kinds("presenter"))


def test_keys_let_in_only_listed_keys_under_the_name_in_their_comment(classroom, tmp_path):
    def key(name: str) -> Path:
        path = tmp_path / f"key-{name}"
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f",
                        str(path)], check=True)
        return path

    kim, stranger = key("kim"), key("stranger")
    listed = tmp_path / "learners.pub"
    listed.write_text(Path(f"{kim}.pub").read_text() + "# a comment line\nnot a key at all\n")
    room = classroom(auth="keys", keys=listed)
    assert any("not a public key" in e.detail for e in room.watcher.kinds("error"))

    term = room.ssh("whoever", "-o", "PubkeyAuthentication=yes", "-o", "IdentitiesOnly=yes",
                    "-i", str(kim))
    term.wait_for("Press Space to begin")
    room.wait(lambda: room.watcher.kinds("joined"), what="kim joining")
    assert room.watcher.kinds("joined")[0].learner == "kim"  # the key's name, not the typed one
    assert (room.data_dir / "learners" / "kim").is_dir()

    done = run_ssh(room, "kim", "-o", "PubkeyAuthentication=yes", "-o", "IdentitiesOnly=yes",
                   "-i", str(stranger), "-o", "BatchMode=yes")
    assert done.returncode == 255 and "Permission denied" in done.stderr


# -- as an attacker ------------------------------------------------------------------------


def environ(pid: int) -> dict[str, str]:
    raw = Path(f"/proc/{pid}/environ").read_bytes()
    return dict(item.split("=", 1) for item in raw.decode().split("\0") if "=" in item)


def test_the_clients_variables_never_reach_the_deck(classroom):
    room = classroom()
    term = room.join("ana", "-o", "SetEnv=EVIL=1 LD_PRELOAD=/tmp/evil.so PYTHONSTARTUP=/x",
                     "-o", "SendEnv=*", env={"LANG": "xx_XX.EVIL", "TERM_PROGRAM": "evil"})
    term.wait_for("Press Space to begin")
    # The environment the deck is given, whole (the fork server replaces its own with it) ...
    given = room.call(lambda: next(iter(room.server.learners)).env)
    assert set(given) == {"TERM", "LANG", "LC_ALL", "PATH", "HOME", "USER", "LOGNAME",
                          "CHAPTERDECK_DATA_DIR", "CHAPTERDECK_RUNTIME_DIR"}
    assert given["TERM"] == "xterm-256color" and given["LANG"] == "C.UTF-8"
    assert given["CHAPTERDECK_DATA_DIR"] == str(room.data_dir / "learners" / "ana")
    # ... and none of the client's variables anywhere in the deck's process.
    [pid] = room.learner_pids()
    seen = environ(pid)
    assert not {"EVIL", "LD_PRELOAD", "PYTHONSTARTUP", "TERM_PROGRAM"} & set(seen)
    assert "EVIL" not in seen.get("LANG", "")


async def connect(room: Classroom, name: str = "ana", **options):
    import asyncssh

    return await asyncssh.connect("127.0.0.1", room.port, username=name, password=room.code,
                                  known_hosts=None, client_keys=None, agent_path=None,
                                  preferred_auth="password", **options)


async def open_deck(conn, term_type: str = "xterm", size=(80, 24)):
    """A terminal session on `conn`, as a learner's ssh asks for one; its channel."""
    import asyncssh

    chan, _ = await conn.create_session(asyncssh.SSHClientSession, term_type=term_type,
                                        term_size=size, encoding=None)
    return chan


async def the_learner(room: Classroom, count: int = 1):
    """The (first) learner once `count` have joined."""
    await until_true(lambda: len(room.watcher.kinds("joined")) >= count, 60)
    return room.call(lambda: next(iter(room.server.learners)))


async def until_true(condition, seconds: float = 30) -> None:
    import asyncio

    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the condition never held"
        await asyncio.sleep(0.05)


async def test_a_bogus_terminal_type_and_a_huge_window_are_tamed(classroom):
    import fcntl
    import struct
    import termios

    room = classroom()
    async with await connect(room) as conn:
        chan = await open_deck(conn, "../../x\x1b[31m", (100000, 100000))
        learner = await the_learner(room)
        assert learner.env["TERM"] == "xterm-256color"
        rows, cols, _, _ = struct.unpack("HHHH", fcntl.ioctl(
            learner.master, termios.TIOCGWINSZ, b"\0" * 8))
        assert (cols, rows) == (400, 200)
        chan.change_terminal_size(0, 0)  # nonsense: a usable size, not a crash
        await until_true(lambda: struct.unpack("HHHH", fcntl.ioctl(
            learner.master, termios.TIOCGWINSZ, b"\0" * 8))[:2] == (24, 80))
        chan.close()


async def test_a_flood_of_keys_is_held_back_not_buffered_without_end(classroom):
    from tui.serve.server import MAX_INPUT_BACKLOG

    room = classroom()
    async with await connect(room) as conn:
        chan = await open_deck(conn)
        learner = await the_learner(room)
        chan.write(b"j" * (4 << 20))  # 4 MiB of keys at once
        await until_true(lambda: chan.get_write_buffer_size() < 4 << 20)
        assert len(learner._backlog) <= MAX_INPUT_BACKLOG + 65536  # noqa: SLF001
        # The class goes on: another learner joins meanwhile.
        async with await connect(room, "ben") as other:
            await open_deck(other)
            await the_learner(room, 2)
        chan.close()


async def test_one_deck_per_connection(classroom):
    import asyncssh

    room = classroom()
    async with await connect(room) as conn:
        await open_deck(conn)
        with pytest.raises(asyncssh.ChannelOpenError):
            await open_deck(conn)
    assert any("second session" in e.detail for e in room.watcher.kinds("refused"))


async def test_too_many_connections_logging_in_from_one_address(classroom):
    import asyncio

    import asyncssh

    room = classroom(per_address=2)
    # Two connections that never log in hold the address's door ...
    held = [await asyncio.open_connection("127.0.0.1", room.port) for _ in range(2)]
    for reader, _ in held:
        await reader.readline()  # the server's banner: the connection is counted
    with pytest.raises(asyncssh.DisconnectError, match="too many connections logging in"):
        await connect(room, "cy")
    for _, writer in held:
        writer.close()
    # ... and once they are gone, learners who are in no longer count against it.
    await until_true(lambda: not room.call(lambda: dict(room.server.per_address)))
    async with await connect(room), await connect(room, "ben"), await connect(room, "cy"):
        assert not room.call(lambda: dict(room.server.per_address))


async def test_a_login_that_never_finishes_is_cut_off(classroom):
    import asyncio

    room = classroom(login_timeout=1)
    reader, writer = await asyncio.open_connection("127.0.0.1", room.port)
    banner = await reader.readline()
    assert banner.startswith(b"SSH-2.0-")
    await asyncio.wait_for(reader.read(), 60)  # returns only when the server closes
    assert reader.at_eof()
    await until_true(lambda: any("did not log in within 1 s" in e.detail
                                 for e in room.watcher.kinds("refused")))
    writer.close()


def test_the_serve_command_without_a_terminal_logs_a_line_per_event(tmp_path):
    port = free_port()
    data = tmp_path / "class"
    server = subprocess.Popen([installed_command(), "serve", "--port", str(port), "--code",
                               "tea-time", "--data-dir", str(data)],
                              stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)
    try:
        lines = []
        for line in server.stdout:  # ends when the server stops, which the test does below
            lines.append(line)
            if "SHA256:" in line:
                break
        log = "".join(lines)
        assert f"127.0.0.1:{port}" in log and "tea-time" in log
        done = run_ssh(Classroom.outside(tmp_path, port, "tea-time"), "ana", "-T")
        assert "needs a terminal" in done.stderr
    finally:
        server.send_signal(signal.SIGTERM)
        rest, _ = server.communicate(timeout=60)
    assert server.returncode == 0
    assert "refused" in rest and "ana" in rest
    assert (data / "host_key").exists()
    leftovers = subprocess.run(["pgrep", "-f", "tui.serve.forkserver"], capture_output=True,
                               text=True).stdout.split()
    assert not [pid for pid in leftovers
                if str(data) in Path(f"/proc/{pid}/cmdline").read_text(errors="replace")]


@pytest.mark.parametrize("argv, message", [
    (["--code", "ab"], "a class code is 4 to 64"),
    (["--port", "0"], "a port is 1 to 65535"),
    (["--max-learners", "0"], "1 or more"),
    (["--keys", "/no/such/file"], "no such file"),
    (["--code", "abcd", "--open"], "not allowed with argument"),
])
def test_serve_options_are_checked(tmp_path, argv, message):
    done = subprocess.run([installed_command(), "serve", "--data-dir", str(tmp_path), *argv],
                          capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert done.returncode == 2
    assert message in done.stderr


def test_a_port_in_use_is_a_plain_message(tmp_path):
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run([installed_command(), "serve", "--port", str(port),
                               "--data-dir", str(tmp_path)], capture_output=True, text=True,
                              timeout=120, stdin=subprocess.DEVNULL)
    assert done.returncode == 2
    assert f"cannot listen on 127.0.0.1 port {port}" in done.stderr
    assert "Traceback" not in done.stderr


def test_following_a_deck_of_another_chapter_warns_the_teacher(classroom, terminal, tmp_path):
    from helpers import SMALL_CHAPTER

    other = tmp_path / "small.yaml"
    other.write_text(SMALL_CHAPTER)
    presenter = terminal(str(other))
    presenter.wait_for("Press Space")
    room = classroom(follow=True)
    room.wait(lambda: any("learners follow its step numbers" in e.detail
                          for e in room.watcher.kinds("error")), what="the warning")


def test_x11_and_agent_forwarding_are_refused(classroom, tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="asyncssh")
    agent_socket = tmp_path / "agent.sock"
    agent = subprocess.Popen(["ssh-agent", "-D", "-a", str(agent_socket)],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        room = classroom()
        room.wait(agent_socket.exists, what="the agent starting")
        term = room.join("ana", "-X", "-A", "-o", f"IdentityAgent={agent_socket}",
                         env={"DISPLAY": ":0", "SSH_AUTH_SOCK": str(agent_socket)})
        term.wait_for("Press Space to begin")  # the deck, but no X11 and no agent
        assert b"X11 forwarding request failed" in term.raw
        # The client gets no word of a refused agent; the SSH library's log says so.
        room.wait(lambda: "Agent forwarding request denied" in caplog.text,
                  what="the agent request being denied")
    finally:
        agent.kill()
        agent.wait()


async def test_a_deck_server_that_cannot_start_says_why(tmp_path):
    from tui.serve.forks import ForkServer, ForkServerError
    from tui.serve.server import ServeOptions

    heard = []
    forks = ForkServer(ServeOptions(chapter=tmp_path / "gone.yaml"), heard.append)
    with pytest.raises(ForkServerError, match="did not start: chapterdeck cannot play"):
        await forks.start(dict(os.environ))
    assert any("gone.yaml" in line for line in heard)  # each line told as an error event


async def test_learners_who_leave_at_once_leave_no_deck_behind(classroom):
    room = classroom()
    fork_server = room.server.forks.process.pid

    def decks() -> list[str]:
        with open(f"/proc/{fork_server}/task/{fork_server}/children") as found:
            return [pid for pid in found.read().split() if not gone(int(pid))]

    for number in range(6):  # each hangs up while (or just after) its deck is started
        conn = await connect(room, f"quick{number}")
        await open_deck(conn)
        conn.close()
    await until_true(lambda: not room.call(lambda: room.server.learners), 30)
    await until_true(lambda: not decks(), 30)


def test_follow_waits_for_the_presenter_and_follows_once_the_deck_runs(classroom, terminal):
    room = classroom(follow=True)
    room.wait(lambda: any("No presenter's deck is running yet" in e.detail
                          for e in room.watcher.kinds("presenter")), what="the waiting notice")
    ana = room.join("ana")
    ana.wait_for("Press Space to begin")
    presenter = terminal("--step", "2")
    presenter.wait_for("Step 2 / 8")
    ana.wait_for("Step 2 / 8")  # the class moves to the presenter as soon as it is found


def test_two_servers_starting_on_one_folder_share_one_host_key(tmp_path):
    import sys

    start = time.time() + 4  # every process makes its key at the same moment
    code = ("import sys, time, asyncssh; from pathlib import Path;"
            "from tui.serve.access import host_key;"
            f"time.sleep(max(0, {start} - time.time()));"
            "print(host_key(Path(sys.argv[1])).get_fingerprint())")
    racers = [subprocess.Popen([sys.executable, "-c", code, str(tmp_path)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
              for _ in range(6)]
    results = [racer.communicate(timeout=60) for racer in racers]
    assert all(racer.returncode == 0 for racer in racers), [err for _, err in results]
    assert len({out for out, _ in results}) == 1
    assert [p.name for p in tmp_path.iterdir()] == ["host_key"]
    assert stat.S_IMODE((tmp_path / "host_key").stat().st_mode) == 0o600


def test_a_deck_that_fails_is_told_to_the_teacher(classroom):
    room = classroom()
    ana = room.join("ana")
    ana.wait_for("Press Space to begin")
    [pid] = room.learner_pids()
    os.kill(pid, signal.SIGABRT)  # as a deck that crashed
    room.wait(lambda: any("ana's deck stopped with an error" in e.detail
                          for e in room.watcher.kinds("error")), what="the error event")
    room.wait(lambda: room.watcher.kinds("left"), what="ana leaving")
    assert len(room.watcher.kinds("error")) == 1


def test_the_serve_command_in_a_terminal_runs_the_class_console(terminal, tmp_path):
    port = free_port()
    console = terminal("serve", "--port", str(port), "--code", "tea-time", "--data-dir",
                       str(tmp_path / "class"), cols=100, rows=30)
    console.wait_for(f"ssh -p {port} NAME@127.0.0.1", seconds=60)
    console.wait_for("tea-time")
    room = Classroom.outside(tmp_path, port, "tea-time")
    try:
        ana = room.join("ana")
        ana.wait_for("Press Space to begin")
        console.wait_for("ana")  # the console lists the learner
        console.send(b"q")
        console.wait_for("Quitting stops the class")
        console.send(b"y")
        assert console.wait_exit(30) == 0
        ana.wait_exit(30)  # the learner's ssh ends with the class (raises if it does not)
    finally:
        room.close()


class _ClosingChannel:
    """An SSH channel as stop() meets it: this one may already be closing."""

    def __init__(self, closing: bool) -> None:
        self.closing, self.told, self.exited = closing, b"", False

    def write_stderr(self, data: bytes) -> None:
        if self.closing:
            raise BrokenPipeError(32, "Broken pipe")
        self.told += data

    def exit(self, status: int) -> None:
        self.exited = True


@pytest.mark.asyncio
async def test_stopping_with_a_learner_whose_channel_is_closing_still_ends_every_learner(
        tmp_path):
    """One learner's channel raising BrokenPipeError while stop() says goodbye (seen once in
    a busy run's teardown) must not leave the others' decks and the fork server running."""
    import asyncio

    from tui.serve.server import ClassServer, Learner, ServeOptions

    server = ClassServer(ServeOptions(chapter=tmp_path / "ch.yaml", data_dir=tmp_path))
    server.loop, server.runtime = asyncio.get_running_loop(), tmp_path / "run"
    channels = [_ClosingChannel(closing=True), _ClosingChannel(closing=False)]
    learners = [Learner(server, name, "127.0.0.1", chan)
                for name, chan in zip(("ana", "ben"), channels)]
    server.learners.update(learners)
    forks_stopped = []

    async def forks_stop() -> None:
        forks_stopped.append(True)

    server.forks.stop = forks_stop
    await server.stop()
    assert all(learner.ended for learner in learners)
    assert all(chan.exited for chan in channels)
    assert b"The class server has stopped" in channels[1].told
    assert server.learners == set()
    assert forks_stopped == [True]
