"""The output encoder's fast paths give the same screen model and the same bytes as the plain
way: a line of a region taken whole (and laid out from the cache of lines), against the
same stream read token by token."""

from __future__ import annotations

import pytest

from tui.ui import encoder as encoder_module
from tui.ui.encoder import _TOKEN, Encoder


def model(encoder: Encoder) -> tuple:
    """What the encoder means the screen to show, with styles as styles (not as ids), and
    where Textual's cursor and pen are."""
    grid = encoder.want
    return (grid.chars, [[encoder.styles[sid] for sid in row] for row in grid.styles],
            encoder.row, encoder.col, encoder.styles[encoder.pen], encoder.link)


def token_by_token(encoder: Encoder, data: str) -> None:
    encoder._read(data, _TOKEN)  # the plain way: no line is taken whole


def check_same(chunks: list[str], width: int = 12, height: int = 3) -> Encoder:
    """Feed `chunks` to an encoder and, token by token, to another: after each chunk both
    model the same screen and write the same bytes. Returns the first."""
    fast, plain = Encoder(width, height), Encoder(width, height)
    for chunk in chunks:
        fast.feed(chunk)
        token_by_token(plain, chunk)
        assert model(fast) == model(plain), repr(chunk)
        assert fast.flush() == plain.flush(), repr(chunk)
    return fast


WIDE = "\x1b[1;1H\x1b[1m日本語日本語\x1b[0m"  # six wide characters: a full row of 12 cells
LINES = {
    "plain": "\x1b[1;1H\x1b[31mab\x1b[0m\x1b[1m cd\x1b[0m",
    "over the right half of a wide character": "\x1b[1;2H\x1b[32mxy\x1b[0m",
    "over the left half of one": "\x1b[1;4H\x1b[32mxy\x1b[0m",
    "wide characters of its own": "\x1b[1;5H\x1b[4m—é語\x1b[0m\x1b[7m日\x1b[0m",
    "combining characters": "\x1b[1;1H\x1b[1me\u0301x\x1b[0m\x1b[2m日\u0301a\x1b[0m",
    "to the last column": "\x1b[2;7H\x1b[31mabc\x1b[0m\x1b[32mdef\x1b[0m",
    "past the last column": "\x1b[2;9H\x1b[31mabc\x1b[0m\x1b[32mdef\x1b[0m",
    "a wide character past the last column": "\x1b[2;10H\x1b[31mab\x1b[0m\x1b[32m日\x1b[0m",
    "a zero-width character first": "\x1b[1;3H\x1b[31m\u0301b\x1b[0m",
    "empty segments": "\x1b[3;2H\x1b[31m\x1b[0m\x1b[1m\x1b[m",
    "empty segments over half of a wide character": "\x1b[1;2H\x1b[31m\x1b[0m",
    "empty segments among others": "\x1b[3;2H\x1b[31m\x1b[0m\x1b[1mab\x1b[m\x1b[2m\x1b[0m",
    "a CR LF after it": "\x1b[1;3H\x1b[31mab\x1b[0m\r\nxy",
    "a cursor move alone": "\x1b[2;5H\r\nxy\x1b[3;3H",
    "a pen on before it": "\x1b[1m\x1b[2;2H\x1b[31mab\x1b[0m",
    "a link on before it": "\x1b]8;id=1;https://example.org\x1b\\\x1b[2;2H\x1b[4mab\x1b[0m"
                           "\x1b]8;;\x1b\\",
}


@pytest.mark.parametrize("line", LINES.values(), ids=LINES.keys())
def test_a_line_taken_whole_is_drawn_as_its_tokens_the_first_time_and_again(line):
    # Drawn over wide characters, then again (from the cache), then over them again.
    check_same([WIDE, line, WIDE, line, "\x1b[1;1H\x1b[1mab\x1b[0m" + line, line])


def test_a_line_drawn_again_from_the_cache_after_a_resize_is_cut_at_the_new_width():
    line = "\x1b[1;3H\x1b[31mabcd\x1b[0m\x1b[32mefgh\x1b[0m"
    fast = check_same([line, line], width=12)
    for encoder in (fast, plain := Encoder(12, 3)):
        encoder.resize(8, 3)
    for chunk in (line, "\x1b[1;1H\x1b[31mabcd\x1b[0m\x1b[32mefgh\x1b[0m"):  # now a full row
        fast.feed(chunk)
        token_by_token(plain, chunk)
        assert model(fast) == model(plain)
        assert all(len(row) == 8 for row in fast.want.chars)
    assert fast.want.chars[0] == list("abcdefgh")


def test_a_line_drawn_after_a_pen_is_set_is_drawn_in_that_pen():
    fast = check_same([LINES["plain"], "\x1b[1m" + LINES["plain"]])
    assert fast.styles[fast.want.styles[0][0]][:3] == (1, "31", None)  # bold, and red


def test_the_cache_of_lines_is_bounded_and_keeps_the_lines_drawn_lately(monkeypatch):
    monkeypatch.setattr(encoder_module, "_LINES_MAX", 400)
    encoder = Encoder(20, 2)
    chrome = "\x1b[2;1H\x1b[7m status \x1b[0m"
    for n in range(200):  # a new line each time, and the same chrome with each
        encoder.feed(f"\x1b[1;1H\x1b[1mline {n}\x1b[0m{chrome}")
        assert encoder._lines_size <= 400
        assert chrome[6:] in encoder._lines  # drawn in every frame: never the one to go
    assert len(encoder._lines) < 50
    assert encoder._lines_size == sum(len(text) + len(cells)
                                      for text, (cells, _sids) in encoder._lines.items())
