"""A class server for the console's tests: a ClassServerHandle that starts at once and lets
the test emit the events the real server (tui/serve/server.py) would."""

from __future__ import annotations

from tui.serve.events import ClassEvent, ClassWatcher, JoinInfo

INFO = JoinInfo(host="127.0.0.1", port=2222, auth="code", code="k7q-2mx",
                fingerprint="SHA256:q3V2mXfTg7mQ0fX1Zk8c2hQd6Jw6H1y1pQ7bKp2x9aA", follow=True,
                data_dir="/srv/class", max_learners=60)
AT = 1_780_000_000.0  # 2026-05-28 20:26:40 UTC


class FakeServer:
    def __init__(self, info: JoinInfo = INFO, fail: OSError | None = None) -> None:
        self.info = info
        self.fail = fail
        self.watcher: ClassWatcher | None = None
        self.starts = 0
        self.stops = 0

    async def start(self, watcher: ClassWatcher) -> JoinInfo:
        self.starts += 1
        if self.fail:
            raise self.fail
        self.watcher = watcher
        watcher.started(self.info)
        return self.info

    async def stop(self) -> None:
        self.stops += 1
        # As the real server does: every learner still connected leaves.
        self.watcher = None

    def emit(self, kind, learner="", address="", place="", detail="", at=AT) -> None:
        assert self.watcher is not None, "the console has not started the server"
        self.watcher.event(ClassEvent(kind, learner, address, place, detail, at))


def a_class(server: FakeServer) -> None:
    """Four learners, the presenter on step 5, a refusal and a leaver."""
    server.emit("presenter", place="step 5 / 8", detail="the presenter's deck was found",
                at=AT - 60)
    for n, (name, place) in enumerate([("ana", "step 5 / 8"), ("ben", "step 3 / 8"),
                                       ("chidi", "quiz 4 / 10"), ("dana", "cover"),
                                       ("emeka", "step 5 / 8")]):
        server.emit("joined", name, f"127.0.0.1:{50100 + n}", "cover", at=AT + 10 * n)
        server.emit("place", name, f"127.0.0.1:{50100 + n}", place, at=AT + 10 * n + 5)
    server.emit("refused", address="10.0.0.9:40022", detail="wrong class code", at=AT + 70)
    server.emit("left", "emeka", "127.0.0.1:50104", detail="the connection was closed",
                at=AT + 80)
