"""The class as the server has reported it so far: who is connected, from where and since
when, where each learner is, where the presenter is, and how many were turned away.

ClassState is fed the ClassEvents one by one (`apply`); the console draws it and the log
counts with it. A connection is one learner at one address: the same name joining twice
(two terminals) is two connections until one leaves.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass

from ..serve.events import ClassEvent, JoinInfo

RECENT = 200  # events kept for the console's list of recent events (moves are not kept:
# with the class following the presenter, one move is as many events as learners)

_PLACE = re.compile(r"(step|quiz)\s+(\d+)\s*/\s*(\d+)")


@dataclass
class Connection:
    learner: str
    address: str
    since: float
    place: str = ""


@dataclass(frozen=True)
class Progress:
    """A place such as "step 3 / 8" or "quiz 4 / 10", read: what, how far, out of."""

    what: str  # step | quiz
    number: int
    total: int


def progress(place: str) -> Progress | None:
    """The step or question number in a place, if it names one."""
    found = _PLACE.fullmatch(place.strip())
    if not found:
        return None
    return Progress(found[1], int(found[2]), int(found[3]))


class ClassState:
    def __init__(self) -> None:
        self.info: JoinInfo | None = None
        self.connections: dict[tuple[str, str], Connection] = {}  # in the order they joined
        self.presenter_place = ""  # where the followed presenter is; "" when not on a step
        self.presenter_detail = ""  # the latest presenter event's sentence
        self.refused = 0
        self.errors = 0
        self.joins = 0  # connections ever made
        self.left = 0  # connections ended
        self.recent: deque[ClassEvent] = deque(maxlen=RECENT)

    def started(self, info: JoinInfo) -> None:
        self.info = info

    def apply(self, event: ClassEvent) -> None:
        if event.kind != "place":
            self.recent.append(event)
        key = (event.learner, event.address)
        if event.kind == "joined":
            self.joins += 1
            self.connections[key] = Connection(event.learner, event.address, event.at,
                                               event.place)
        elif event.kind == "left":
            if self.connections.pop(key, None) is None:
                # Left from an address the state never saw join: the learner's only
                # connection is the one that ended.
                mine = [k for k in self.connections if k[0] == event.learner]
                if len(mine) == 1:
                    del self.connections[mine[0]]
            self.left += 1
        elif event.kind == "place":
            connection = self.connections.get(key)
            if connection is None:  # a place before the join was seen (a late watcher)
                connection = self.connections[key] = Connection(event.learner, event.address,
                                                                event.at)
            connection.place = event.place
        elif event.kind == "presenter":
            self.presenter_place = event.place
            self.presenter_detail = event.detail
        elif event.kind == "refused":
            self.refused += 1
        elif event.kind == "error":
            self.errors += 1

    @property
    def connected(self) -> list[Connection]:
        return list(self.connections.values())

    @property
    def learners(self) -> list[str]:
        """The names connected now, each once, in the order they joined."""
        return list(dict.fromkeys(c.learner for c in self.connections.values()))

    def looking_back(self, connection: Connection) -> bool:
        """Whether a following learner is on an earlier step than the presenter."""
        if not (self.info and self.info.follow):
            return False
        mine, theirs = progress(connection.place), progress(self.presenter_place)
        return bool(mine and theirs and mine.what == theirs.what == "step"
                    and mine.number < theirs.number)
