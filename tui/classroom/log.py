"""The class as a plain log, for a server without a terminal (run as a service, its output
in a file or the journal): the join instructions at start, then one line per event.

    2026-12-01T09:41:07Z joined    ana 127.0.0.1:50122 cover (1 connected)
    2026-12-01T09:41:30Z place     ana 127.0.0.1:50122 step 2 / 8
    2026-12-01T09:42:02Z refused   - 10.0.0.9:40022 - wrong class code

Fields are separated by one space; a field with nothing to say is "-". Whatever a learner
typed is escaped (tui/classroom/text.py), so a line is always one line.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

from ..serve.events import ClassEvent, JoinInfo
from .state import ClassState
from .text import join_lines, shown


def timestamp(at: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(at))


class LogWatcher:
    """A ClassWatcher that writes lines to `out` (standard output unless told), flushed as
    each is written so a service manager's log is never behind."""

    def __init__(self, out: TextIO | None = None, clock=time.time) -> None:
        self.out = out
        self.clock = clock
        self.state = ClassState()

    def _write(self, line: str) -> None:
        out = self.out or sys.stdout  # looked up now, so redirection is honoured
        try:
            try:
                out.write(line + "\n")
            except UnicodeEncodeError:  # a log in a narrower encoding than the text
                out.write(line.encode("ascii", "backslashreplace").decode("ascii") + "\n")
            out.flush()
        except (OSError, ValueError):
            pass  # a closed or full log must not stop the class

    def started(self, info: JoinInfo) -> None:
        self.state.started(info)
        stamp = timestamp(self.clock())
        where = f"{info.host}:{info.port}"
        self._write(f"{stamp} started   - {where} - chapterdeck serve is listening")
        for line in join_lines(info):
            self._write(f"{stamp} info      - {where} - {shown(line)}")

    def event(self, event: ClassEvent) -> None:
        self.state.apply(event)
        self._write(self.line(event))

    def line(self, event: ClassEvent) -> str:
        detail = event.detail
        if event.kind in ("joined", "left"):
            count = len(self.state.connections)
            detail = f"{detail} ({count} connected)".strip()
        fields = [timestamp(event.at or self.clock()), f"{event.kind:<9}",
                  shown(event.learner) or "-", shown(event.address) or "-",
                  shown(event.place) or "-", shown(detail) or "-"]
        return " ".join(fields)
