"""A terminal pair for the output encoder's tests: the app runs with a driver that feeds
Textual's own stream into one pyte screen and the encoded stream into another, so a test
can compare every cell of the two after every step."""

from __future__ import annotations

import os
import signal
from contextlib import asynccontextmanager

import pyte
from textual import events
from textual.driver import Driver
from textual.geometry import Size

from tui.ui.driver import EncodedOutput

ATTRIBUTES = ("data", "fg", "bg", "bold", "italics", "underscore", "reverse", "strikethrough")


class Screens:
    """The two pyte screens: what Textual wrote, and what the encoder wrote."""

    def __init__(self, width: int, height: int) -> None:
        self.raw = pyte.Screen(width, height)
        self.encoded = pyte.Screen(width, height)
        self.raw_stream = pyte.Stream(self.raw)
        self.encoded_stream = pyte.Stream(self.encoded)
        self.raw_bytes = self.encoded_bytes = 0
        self.encoded_log: list[str] = []
        self.driver = None  # the app's driver, once it has started

    def resize(self, width: int, height: int) -> None:
        for screen in (self.raw, self.encoded):
            screen.resize(height, width)

    def differences(self) -> list[str]:
        """Every cell that differs between the two screens, as `row,col: raw != encoded`."""
        found = []
        for row in range(self.raw.lines):
            raw_line, encoded_line = self.raw.buffer[row], self.encoded.buffer[row]
            for col in range(self.raw.columns):
                a = tuple(getattr(raw_line[col], name) for name in ATTRIBUTES)
                b = tuple(getattr(encoded_line[col], name) for name in ATTRIBUTES)
                if a != b:
                    found.append(f"{row},{col}: {a} != {b}")
        return found

    def text(self) -> str:
        return "\n".join(self.raw.display)


class FakeTerminal(Driver):
    """A driver with no terminal behind it: what is written goes to the encoded screen."""

    screens: Screens  # set on the class by `paired`

    @property
    def is_headless(self) -> bool:
        return False  # Textual draws only for a driver with a terminal

    def output_size(self) -> tuple[int, int]:
        return self.screens.raw.columns, self.screens.raw.lines

    def start_application_mode(self) -> None:
        self.write("\x1b[?1049h\x1b[?25l")  # as Textual's Linux driver does
        self.flush()
        width, height = self.output_size()
        self.send_message(events.Resize(Size(width, height), Size(width, height)))

    def disable_input(self) -> None:
        pass

    def stop_application_mode(self) -> None:
        self.write("\x1b[?1049l\x1b[?25h")
        self.flush()

    def write(self, data: str) -> None:
        self.screens.encoded_log.append(data)
        self.screens.encoded_bytes += len(data.encode())
        self.screens.encoded_stream.feed(data)


class PairedDriver(EncodedOutput, FakeTerminal):
    """Textual's stream goes to the raw screen here, then on through the encoder."""

    def __init__(self, app, **kwargs) -> None:
        super().__init__(app, **kwargs)
        self.screens.driver = self

    def output_size(self) -> tuple[int, int]:
        return FakeTerminal.output_size(self)

    def write(self, data: str) -> None:
        self.screens.raw_bytes += len(data.encode())
        self.screens.raw_stream.feed(data)
        super().write(data)


@asynccontextmanager
async def paired(app, width: int = 80, height: int = 24):
    """Run `app` on a pair of screens: yields (pilot, screens, driver)."""
    screens = Screens(width, height)
    driver = type("Paired", (PairedDriver,), {"screens": screens})
    app.driver_class = driver
    previous = signal.getsignal(signal.SIGWINCH)
    try:
        async with app.run_test(headless=False, size=(width, height)) as pilot:
            await pilot.pause()
            yield pilot, screens
    finally:
        signal.signal(signal.SIGWINCH, previous)


async def resize(pilot, screens: Screens, width: int, height: int) -> None:
    """What a terminal resize does: the screens change size, SIGWINCH, Textual's Resize."""
    screens.resize(width, height)
    os.kill(os.getpid(), signal.SIGWINCH)
    await pilot.resize_terminal(width, height)
    await pilot.pause()
