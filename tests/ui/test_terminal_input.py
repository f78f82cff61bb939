"""The guarded terminal input: junk control sequences taken out before Textual's parser, and
a crash that never exits 0."""

from __future__ import annotations

import pytest

from tui.ui.app import DeckApp
from tui.ui.terminal_input import EXIT_CRASHED, without_junk


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
