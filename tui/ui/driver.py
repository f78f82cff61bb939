"""The terminal driver: Textual's Linux driver with the output encoder of encoder.py on its
output side, so that the terminal gets only the cells that changed. No screen or widget knows
it is there; `CHAPTERDECK_RAW_OUTPUT=1` takes it out (Textual's own output, for comparing
and for bug reports).

Textual writes through the driver's public `write` and `flush`: a frame is one `write` of the
whole update (between the synchronized-update markers when the terminal has them) and a
`flush`. Here `write` collects and `flush` encodes what was collected. The encoder's shadow
of the terminal is dropped, and the screen repainted from the encoder's model, whenever the
terminal may show something else: at start, on a resize, on resuming after Ctrl+Z, when the
terminal regains focus, and on Ctrl+L (`redraw`).

Only the output side is here (`EncodedOutput`, a mixin), so another driver class (one for
the input side, say) combines with it as `class X(EncodedOutput, ThatDriver)`.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import threading
import weakref

from textual import events
from .encoder import Encoder
from .terminal_input import GuardedLinuxDriver
from .terminfo import has_bce

RAW_OUTPUT_VARIABLE = "CHAPTERDECK_RAW_OUTPUT"

# Each app's encoded output, for Ctrl+L: Textual 8.2.8 has no public way from an app to its
# driver (App._driver), so the driver says where it is when Textual makes it.
_OUTPUTS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def raw_output() -> bool:
    """Is the encoder turned off (CHAPTERDECK_RAW_OUTPUT=1)?"""
    return os.environ.get(RAW_OUTPUT_VARIABLE, "").strip() not in ("", "0")


def terminal_has_bce() -> bool:
    """Does the terminal (terminfo for $TERM) erase in the current background colour? Without
    it, a run of blanks is erased only where its background is the default one. (Read from
    the terminfo file, not with curses: see terminfo.py.)"""
    return has_bce(os.environ.get("TERM") or "dumb")


class EncodedOutput:
    """Output through the encoder: mix in before a Textual driver class."""

    def __init__(self, app, **kwargs) -> None:
        super().__init__(app, **kwargs)
        _OUTPUTS[app] = self
        self.output_loop = asyncio.get_running_loop()
        self.output_thread = threading.get_ident()
        width, height = self.output_size()
        self.encoder = Encoder(width, height, bce=terminal_has_bce())
        self.collected: list[str] = []
        self.new_size: tuple[int, int] | None = None
        self.encoding = False  # a flush under way (a signal handler may write meanwhile)
        self.failed = False  # the encoder failed: Textual's own output goes straight out

    def output_size(self) -> tuple[int, int]:
        """The terminal's size, found as Textual's Linux driver finds it."""
        width, height = shutil.get_terminal_size()
        return width or 80, height or 25

    # -- Textual writes -----------------------------------------------------------------------

    def write(self, data: str) -> None:
        if self.failed:
            super().write(data)
            return
        if threading.get_ident() != self.output_thread or self.encoding:
            # The input thread sets a mode now and then; a signal handler may write while a
            # flush is under way. Neither draws: out it goes, and the shadow is not trusted.
            super().write(data)
            if self.encoding:
                self.encoder.resync()
            return
        if data == "\x07" and not self.collected:  # the bell, which Textual does not flush
            super().write(data)
            return
        self.collected.append(data)

    def flush(self) -> None:
        if self.failed:
            super().flush()
            return
        if threading.get_ident() != self.output_thread or self.encoding:
            return
        self.encoding = True
        collected, self.collected = self.collected, []
        try:
            if self.new_size is not None:
                width, height = self.new_size
                self.new_size = None
                self.encoder.resize(width, height)
            encoder = self.encoder
            for data in collected:
                encoder.feed(data)
            out = encoder.flush()
        except Exception:  # noqa: BLE001 - a fault here must not cost the learner the screen
            # From here on, Textual's own output, starting with what it just wrote.
            self.failed = True
            out = "".join(collected)
        finally:
            self.encoding = False
        if out:
            super().write(out)
        super().flush()

    def redraw(self) -> None:
        """Repaint every cell from the encoder's model of the screen (Ctrl+L, focus back)."""
        if self.failed:
            return
        self.flush()
        self.encoder.resync()
        self.flush()

    # -- when the terminal may differ from the shadow -----------------------------------------

    def start_application_mode(self) -> None:
        self.encoder.resync()
        super().start_application_mode()  # back on the alternate screen: a full repaint
        previous = signal.getsignal(signal.SIGWINCH)

        def on_resize(signum, frame) -> None:
            self.new_size = self.output_size()
            if callable(previous):
                previous(signum, frame)

        signal.signal(signal.SIGWINCH, on_resize)

    def stop_application_mode(self) -> None:
        self.flush()
        super().stop_application_mode()

    def process_message(self, message) -> None:
        # Called on the input thread: only hand over to the app's loop here.
        if isinstance(message, events.Resize):  # an in-band resize report
            self.new_size = (message.size.width, message.size.height)
        elif isinstance(message, events.AppFocus):
            self.output_loop.call_soon_threadsafe(self.redraw)
        super().process_message(message)


class ChapterdeckDriver(EncodedOutput, GuardedLinuxDriver):
    """Textual's Linux driver with the guarded input of terminal_input.py (junk dropped, a
    closed terminal noticed), writing through the encoder."""


def driver_class() -> type | None:
    """The driver for the app: None (Textual's own) when CHAPTERDECK_RAW_OUTPUT is set, or
    on a platform without the Linux driver."""
    if raw_output() or os.name != "posix":
        return None
    return ChapterdeckDriver


def redraw_screen(app) -> None:
    """Ctrl+L in either app: the encoder repaints every cell it knows; with Textual's own
    output, a layout and a full repaint of the screen."""
    output = _OUTPUTS.get(app)
    if output is not None:
        output.redraw()
    else:
        app.screen.refresh(repaint=True, layout=True)
