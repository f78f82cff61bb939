"""The guarded terminal input: junk control sequences taken out before Textual's parser, and
a crash that never exits 0."""

from __future__ import annotations

import os
import threading
import time

import pytest

from tui.ui import terminal_input
from tui.ui.app import DeckApp
from tui.ui.terminal_input import EXIT_CRASHED, GuardedLinuxDriver, TerminalGone, without_junk


@pytest.mark.parametrize(("data", "kept"), [
    (b"\x1b[99999999999u", b""),
    (b"a\x1b[1114112u\x1b[C", b"a\x1b[C"),  # the key after the junk stays
    (b"\x1b[99999999999~q", b"q"),
    (b"\x1b[99999999999999999999A", b""),
    (b"\x1b[1114111u", b"\x1b[1114111u"),  # the last code point is a real key
    (b"\x1b[<0;212;57M", b"\x1b[<0;212;57M"),  # a click on a big screen
    (b"\x1b[5;2~plain text", b"\x1b[5;2~plain text"),
])
def test_junk_sequences_are_taken_out_and_the_rest_kept(data, kept):
    assert without_junk(data) == kept


async def test_a_crash_never_exits_0(small):
    """Textual's panic() (what a failing input thread calls) left the exit status 0."""
    app = DeckApp(small)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.panic("the input thread failed")
    assert app.return_code == EXIT_CRASHED


class Pump:
    """The pump of GuardedLinuxDriver on pipes in place of a terminal, in its own thread."""

    def __init__(self, monkeypatch) -> None:
        self.exit_event = threading.Event()
        self.messages: list = []
        self.waits = 0
        real_select = terminal_input.select.select

        def counted(readable, *args):
            if self.term_out in readable:  # the pump's wait (not another thread's)
                self.waits += 1
            return real_select(readable, *args)

        monkeypatch.setattr(terminal_input.select, "select", counted)
        self.term_out, self.term_in = os.pipe()
        self.pipe_out, self.pipe_in = os.pipe()
        self.wake_out, self.wake_in = os.pipe()
        self.thread = threading.Thread(target=GuardedLinuxDriver.pump_input, daemon=True,
                                       args=(self, self.term_out, self.pipe_in, self.wake_out))
        self.thread.start()

    def process_message(self, message) -> None:
        self.messages.append(message)

    def read(self) -> bytes:
        assert terminal_input.select.select([self.pipe_out], [], [], 10)[0], "no output"
        return os.read(self.pipe_out, 4096)

    def close(self) -> None:
        for fd in (self.term_out, self.term_in, self.pipe_out, self.pipe_in, self.wake_out,
                   self.wake_in):
            try:
                os.close(fd)
            except OSError:
                pass


def test_the_pump_copies_input_without_junk_and_waits_without_waking(monkeypatch):
    """An idle learner's pump sleeps in one wait: it used to wake ten times a second."""
    pump = Pump(monkeypatch)
    try:
        os.write(pump.term_in, b"a\x1b[99999999999ub")
        assert pump.read() == b"ab"
        waits = pump.waits  # the wait after that copy may have begun, or not yet
        time.sleep(1.0)  # idle: no input
        assert pump.waits - waits <= 1  # it was about ten
        os.write(pump.wake_in, b"x")  # the app ends
        pump.thread.join(10)
        assert not pump.thread.is_alive()
        assert pump.messages == []
    finally:
        pump.close()


def test_the_pump_says_when_the_terminal_is_gone(monkeypatch):
    pump = Pump(monkeypatch)
    try:
        os.write(pump.term_in, b"q")
        assert pump.read() == b"q"
        os.close(pump.term_in)  # EOF on the terminal
        pump.thread.join(10)
        assert not pump.thread.is_alive()
        assert [type(m) for m in pump.messages] == [TerminalGone]
    finally:
        pump.close()
