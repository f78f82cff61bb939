"""What the class server tells whoever watches the class: one event per change.

The server (tui/serve/server.py) calls a ClassWatcher; the live console (tui/ui/console.py)
and the plain log for a server without a terminal (tui/classroom/log.py) are the two watchers.
Both run on the server's own event loop, so a watcher never needs a lock.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Protocol

EventKind = Literal[
    "joined",     # a learner is in: their deck is on screen
    "left",       # a learner's connection ended (detail says why)
    "refused",    # a connection or login was turned away (detail says why)
    "place",      # a learner moved: place says where they are now
    "presenter",  # the followed presenter moved, appeared or quit (detail says which)
    "error",      # something went wrong on the server side (detail is a plain sentence)
]


@dataclass(frozen=True)
class ClassEvent:
    kind: EventKind
    learner: str = ""   # the learner's name; "" for events about the server or the presenter
    address: str = ""   # the learner's address, "host:port"
    place: str = ""     # where the learner is: "cover", "step 3 / 8", "quiz 4 / 10", "results"
    detail: str = ""    # one plain sentence
    at: float = 0.0     # time.time() when it happened


@dataclass(frozen=True)
class JoinInfo:
    """What a learner needs to join, shown by the console and logged at start."""

    host: str
    port: int
    auth: Literal["code", "open", "keys"]
    code: str | None      # the class code when auth == "code"
    fingerprint: str      # the host key's SHA256 fingerprint, as ssh prints it
    follow: bool          # learners follow the presenter's deck
    data_dir: str         # the server's data folder (learners' stores are under learners/)
    max_learners: int


class ClassWatcher(Protocol):
    def started(self, info: JoinInfo) -> None: ...
    def event(self, event: ClassEvent) -> None: ...


class ClassServerHandle(Protocol):
    """The server as the console drives it: start on the console's loop, stop on quit."""

    async def start(self, watcher: ClassWatcher) -> JoinInfo: ...
    async def stop(self) -> None: ...
