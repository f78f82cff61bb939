"""The class as the server reports it: ClassState fed ClassEvents, and the plain log a server
without a terminal writes (one line per event, learners' text escaped)."""

from __future__ import annotations

import io

from tui.classroom.log import LogWatcher
from tui.classroom.state import ClassState, progress
from tui.classroom.text import join_command, join_lines, shown
from tui.serve.events import ClassEvent, JoinInfo

INFO = JoinInfo(host="127.0.0.1", port=2222, auth="code", code="k7q-2mx",
                fingerprint="SHA256:q3V2mXfTg7mQ0fX1Zk8c2hQd6Jw6H1y1pQ7bKp2x9aA", follow=True,
                data_dir="/srv/class", max_learners=60)
AT = 1_780_000_000.0  # 2026-05-28T20:26:40Z


def ev(kind, learner="", address="", place="", detail="", at=AT) -> ClassEvent:
    return ClassEvent(kind, learner, address, place, detail, at)


def test_joins_places_and_leaves():
    state = ClassState()
    state.started(INFO)
    state.apply(ev("joined", "ana", "127.0.0.1:5001", "cover"))
    state.apply(ev("joined", "ben", "127.0.0.1:5002", "cover", at=AT + 5))
    state.apply(ev("place", "ana", "127.0.0.1:5001", "step 3 / 8"))
    assert [(c.learner, c.place, c.since) for c in state.connected] == [
        ("ana", "step 3 / 8", AT), ("ben", "cover", AT + 5)]
    state.apply(ev("left", "ana", "127.0.0.1:5001", detail="the connection was closed"))
    assert state.learners == ["ben"]
    assert (state.joins, state.left) == (2, 1)


def test_the_same_name_twice_is_two_connections():
    state = ClassState()
    state.apply(ev("joined", "ana", "10.0.0.1:1", "cover"))
    state.apply(ev("joined", "ana", "10.0.0.2:2", "cover"))
    state.apply(ev("place", "ana", "10.0.0.2:2", "quiz 2 / 10"))
    assert [c.place for c in state.connected] == ["cover", "quiz 2 / 10"]
    assert state.learners == ["ana"]
    state.apply(ev("left", "ana", "10.0.0.1:1"))
    assert [c.address for c in state.connected] == ["10.0.0.2:2"]


def test_a_place_before_its_join_and_a_leave_without_an_address():
    state = ClassState()
    state.apply(ev("place", "cy", "10.0.0.3:3", "step 1 / 8"))
    assert state.connected[0].place == "step 1 / 8"
    state.apply(ev("left", "cy"))
    assert state.connected == []


def test_presenter_refusals_errors_and_looking_back():
    state = ClassState()
    state.started(INFO)
    state.apply(ev("joined", "ana", "a:1", "step 2 / 8"))
    state.apply(ev("presenter", place="step 5 / 8", detail="the presenter moved"))
    state.apply(ev("refused", address="b:2", detail="wrong class code"))
    state.apply(ev("refused", address="b:2", detail="wrong class code"))
    state.apply(ev("error", detail="a deck could not start"))
    assert (state.presenter_place, state.refused, state.errors) == ("step 5 / 8", 2, 1)
    assert state.looking_back(state.connected[0])
    state.apply(ev("place", "ana", "a:1", "step 5 / 8"))
    assert not state.looking_back(state.connected[0])
    state.apply(ev("presenter", detail="the presenter's deck quit"))
    assert state.presenter_place == "" and "quit" in state.presenter_detail


def test_the_recent_events_are_bounded_and_leave_out_moves():
    state = ClassState()
    state.apply(ev("joined", "ana", "a:1"))
    for n in range(1000):
        state.apply(ev("place", "ana", "a:1", f"step {n % 8 + 1} / 8"))
    assert [e.kind for e in state.recent] == ["joined"]
    for n in range(1000):
        state.apply(ev("refused", address=f"x:{n}"))
    assert len(state.recent) < 1000 and state.recent[-1].address == "x:999"


def test_progress_reads_steps_and_questions():
    assert progress("step 3 / 8").number == 3
    assert progress("quiz 4 / 10").total == 10
    assert progress("cover") is None and progress("results") is None


def test_shown_escapes_what_a_terminal_would_obey():
    assert shown("ana") == "ana"
    assert shown("a\x1b[2Jb") == "a\\x1b[2Jb"
    assert shown("line\r\nnext") == "line\\x0d\\x0anext"
    assert shown("\u202eevil") == "\\u202eevil"  # right-to-left override
    assert shown("back\\slash") == "back\\\\slash"  # so an escape cannot be forged
    assert shown("jörg") == "jörg"


def test_join_instructions():
    assert join_command(INFO) == "ssh -p 2222 NAME@127.0.0.1"
    assert join_command(JoinInfo("class.example", 22, "open", None, "SHA256:x", False, "/d",
                                 5)) == "ssh NAME@class.example"
    lines = "\n".join(join_lines(INFO))
    assert "k7q-2mx" in lines and INFO.fingerprint in lines and "/srv/class" in lines
    everywhere = JoinInfo("0.0.0.0", 2222, "keys", None, "SHA256:x", False, "/d", 5)
    assert "0.0.0.0" not in join_command(everywhere)
    assert "key" in "\n".join(join_lines(everywhere))


def test_the_log_writes_one_line_per_event():
    out = io.StringIO()
    log = LogWatcher(out, clock=lambda: AT)
    log.started(INFO)
    log.event(ev("joined", "ana", "127.0.0.1:5001", "cover"))
    log.event(ev("place", "ana", "127.0.0.1:5001", "step 2 / 8"))
    log.event(ev("refused", address="10.0.0.9:4", detail="wrong class code"))
    log.event(ev("left", "ana", "127.0.0.1:5001", detail="the connection was closed"))
    lines = out.getvalue().splitlines()
    assert "ssh -p 2222 NAME@127.0.0.1" in lines[1] and "k7q-2mx" in lines[1]
    assert INFO.fingerprint in lines[2]
    events = lines[-4:]
    assert events[0] == "2026-05-28T20:26:40Z joined    ana 127.0.0.1:5001 cover (1 connected)"
    assert events[1] == "2026-05-28T20:26:40Z place     ana 127.0.0.1:5001 step 2 / 8 -"
    assert events[2] == "2026-05-28T20:26:40Z refused   - 10.0.0.9:4 - wrong class code"
    assert events[3].endswith("the connection was closed (0 connected)")


def test_the_log_escapes_learners_text_and_stays_one_line():
    out = io.StringIO()
    log = LogWatcher(out)
    log.event(ev("refused", "\x1b]0;pwned\x07", "1.2.3.4:5", detail="bad name\nFAKE LINE"))
    [line] = out.getvalue().splitlines()
    assert "\x1b" not in line and "\\x1b]0;pwned\\x07" in line and "\\x0aFAKE" in line


def test_the_log_survives_a_closed_or_narrow_output():
    closed = io.StringIO()
    closed.close()
    LogWatcher(closed).event(ev("joined", "ana", "a:1"))  # no exception
    narrow = io.TextIOWrapper(io.BytesIO(), encoding="ascii")
    LogWatcher(narrow).event(ev("joined", "jörg", "a:1"))
    narrow.flush()
    assert b"j\\xf6rg" in narrow.buffer.getvalue()
