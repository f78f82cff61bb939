"""Input from the terminal, guarded: junk escape sequences are dropped, and a terminal that is
gone ends the app instead of leaving it spinning with nobody there.

Only the input side of the driver: output is left to Textual's LinuxDriver (or a subclass
that changes it, which this one can sit on)."""

from __future__ import annotations

import os
import re
import select
import threading

from textual.drivers.linux_driver import LinuxDriver
from textual.message import Message

# Textual 8.2.8 offers no public hook between the bytes it reads and its escape-sequence
# parser, and the parser raises on junk such as ESC[99999999999u (OverflowError) or
# ESC[1114112u (ValueError), which ended the input thread and the app. So the driver's
# input thread reads (through its public `fileno`, which names the pipe in that thread
# alone) a pipe that a pump fills from the terminal with such sequences taken out; should
# one slip through all the same (split across two reads), a new read loop drops it.
JUNK_ERRORS = (ValueError, OverflowError)
CSI = re.compile(rb"\x1b\[[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]")
NUMBER = re.compile(rb"[0-9]+")
LARGEST_PARAMETER = 0x10FFFF  # the last Unicode code point: no real key, click or report
READ_SIZE = 4096


def without_junk(data: bytes) -> bytes:
    """`data` without the control sequences (CSI) that carry a number no terminal sends."""
    def keep(match: re.Match) -> bytes:
        numbers = NUMBER.findall(match.group())
        junk = any(len(n) > 7 or int(n) > LARGEST_PARAMETER for n in numbers)
        return b"" if junk else match.group()

    return CSI.sub(keep, data) if b"\x1b[" in data else data


class TerminalGone(Message):
    """The terminal closed under the app (EOF or EIO on its input) and no SIGHUP said so:
    with `setsid` or `su -c`, or a terminal emulator that just closes."""


class GuardedLinuxDriver(LinuxDriver):
    """LinuxDriver whose input survives junk and notices when the terminal is gone."""

    @property
    def fileno(self) -> int:
        """The terminal; in an input thread, the pipe its pump fills instead."""
        return self.input_pipes.get(threading.get_ident(), self.terminal_fd)

    @fileno.setter
    def fileno(self, value: int) -> None:  # LinuxDriver sets it to stdin's
        self.terminal_fd = value
        self.input_pipes: dict[int, int] = {}

    # A terminal that closes sends SIGCONT with its SIGHUP, and LinuxDriver resumes on any
    # SIGCONT: a second input thread started beside the first, which then ran for ever and
    # kept the process from exiting. Only a suspended app (Ctrl+Z) is resumed.
    suspended = False

    def suspend_application_mode(self) -> None:
        self.suspended = True
        super().suspend_application_mode()

    def resume_application_mode(self) -> None:
        if self.suspended:
            self.suspended = False
            super().resume_application_mode()

    def run_input_thread(self) -> None:
        pipe_out, pipe_in = os.pipe()
        wake_out, wake_in = os.pipe()  # a byte here ends the pump's wait: the app is ending
        pump = threading.Thread(target=self.pump_input,
                                args=(self.terminal_fd, pipe_in, wake_out),
                                name="chapterdeck-input", daemon=True)
        pump.start()
        self.input_pipes[threading.get_ident()] = pipe_out
        try:
            while not self.exit_event.is_set():
                try:
                    super().run_input_thread()
                except JUNK_ERRORS:
                    continue
                return
        finally:
            del self.input_pipes[threading.get_ident()]
            os.write(wake_in, b"x")  # the pump waits for input without a timeout
            os.close(pipe_out)  # a write the pump is blocked in fails, and it stops
            pump.join()
            for fd in (pipe_in, wake_out, wake_in):
                os.close(fd)

    def pump_input(self, terminal: int, pipe_in: int, wake: int) -> None:
        """Copy the terminal's input to the pipe, junk taken out, until the app exits (a
        byte on `wake`) or the terminal is gone (read returns nothing, or fails with EIO).
        The pipe stays open after that, so Textual's loop waits on it instead of reading an
        endless EOF. It waits without a timeout: an idle learner costs no CPU here."""
        try:
            while not self.exit_event.is_set():
                ready = select.select([terminal, wake], [], [])[0]
                if wake in ready:
                    return
                try:
                    data = os.read(terminal, READ_SIZE)
                except OSError:
                    data = b""
                if not data:
                    self.process_message(TerminalGone())
                    return
                data = without_junk(data)
                if data:
                    os.write(pipe_in, data)
        except OSError:
            pass  # the pipe closed: the app is ending


EXIT_CRASHED = 1
EXIT_TERMINAL_GONE = 129  # as a shell reports a process that SIGHUP ended


def guarded(driver_class: type) -> type:
    """The guarded driver in place of Textual's own Linux driver (others are kept as they
    are: headless for tests, one named by TEXTUAL_DRIVER, a subclass made elsewhere)."""
    return GuardedLinuxDriver if driver_class is LinuxDriver else driver_class


class GuardedInput:
    """For an App (before App in its bases): the guarded driver, the end of the app when
    the terminal is gone (every answer is already saved as it is given), and a non-zero
    exit status after a crash (Textual's panic() leaves it 0)."""

    def get_driver_class(self):
        return guarded(super().get_driver_class())

    def on_terminal_gone(self, message: TerminalGone) -> None:
        self.exit(return_code=EXIT_TERMINAL_GONE)

    def panic(self, *renderables) -> None:
        super().panic(*renderables)
        self.exit(return_code=EXIT_CRASHED)

