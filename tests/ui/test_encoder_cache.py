"""The output encoder's fast paths give the same screen model and the same bytes as the plain
way: a line of a region taken whole (and laid out from the cache of lines), against the
same stream read token by token."""

from __future__ import annotations

import pytest

from tui.ui import encoder as encoder_module
from tui.ui.encoder import _TOKEN, Encoder, _move, line_size, row_size


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
    monkeypatch.setattr(encoder_module, "_LINES_MAX", 2000)
    encoder = Encoder(20, 2)
    chrome = "\x1b[2;1H\x1b[7m status \x1b[0m"
    for n in range(200):  # a new line each time, and the same chrome with each
        encoder.feed(f"\x1b[1;1H\x1b[1mline {n}\x1b[0m{chrome}")
        assert encoder._lines_size <= 2000
        assert chrome[6:] in encoder._lines  # drawn in every frame: never the one to go
    assert len(encoder._lines) < 50
    assert encoder._lines_size == sum(line_size(text, cells)
                                      for text, (cells, _sids) in encoder._lines.items())


# -- rows written again as they were written before -------------------------------------------


def never_kept(encoder: Encoder) -> Encoder:
    """An encoder that keeps no row as written: each change is worked out anew."""
    encoder._keep_row = lambda *args: None
    return encoder


def check_same_bytes(steps: list, width: int = 12, height: int = 3) -> tuple[list[str], int]:
    """Feed each step's chunks (a tuple: a resize; "resync": the terminal forgotten) to an
    encoder and to one that keeps no row, then flush: both write the same bytes. Returns
    what the first wrote, and how many rows it wrote as kept."""
    fast, plain = Encoder(width, height), never_kept(Encoder(width, height))
    worked_out = {fast: 0, plain: 0}
    for encoder in worked_out:
        def spans(*args, encoder=encoder, spans=encoder._spans):
            worked_out[encoder] += 1
            return spans(*args)
        encoder._spans = spans
    out = []
    for step in steps:
        for chunk in [step] if isinstance(step, str) else step:
            for encoder in (fast, plain):
                if chunk == "resync":
                    encoder.resync()
                elif isinstance(chunk, tuple):
                    encoder.resize(*chunk)
                else:
                    encoder.feed(chunk)
        out.append(fast.flush())
        assert out[-1] == plain.flush(), repr(step)
    assert fast._rows and not plain._rows
    return out, worked_out[plain] - worked_out[fast]


# Two frames of three whole rows (a row not drawn whole is not known, and is not kept).
FRAME_A = ("\x1b[1;1H\x1b[1mStep one\x1b[0m\x1b[48;5;17m    \x1b[0m"
           "\x1b[2;1H\x1b[31m日本 text\x1b[0m\x1b[7m   \x1b[0m\x1b[3;1H  \x1b[4mab\x1b[0m"
           + " " * 8)
FRAME_B = ("\x1b[1;1H\x1b[1mStep two\x1b[0m\x1b[48;5;17m    \x1b[0m"
           "\x1b[2;1H\x1b[32m本日 text\x1b[0m\x1b[7m   \x1b[0m\x1b[3;1H  \x1b[2mab\x1b[0m"
           + " " * 8)


def test_a_change_made_again_is_written_as_the_first_time():
    out, kept = check_same_bytes([FRAME_A, FRAME_B, FRAME_A, FRAME_B, FRAME_A])
    # Kept: the second B to A, and of the second A to B rows 2 and 3 (row 1 now starts from
    # another pen: the first A to B came after all of A had been written).
    assert kept == 5
    assert out[2].endswith(out[4][out[4].index("\x1b[2H"):])  # rows 2 and 3 from A to B


def test_a_change_made_again_from_another_pen_starts_from_that_pen():
    # Row 2 goes from A to B twice, once after row 1 left the pen red, once plain.
    rows_2_3 = FRAME_B[FRAME_B.index("\x1b[2;1H"):]
    _out, kept = check_same_bytes([FRAME_A, "\x1b[1;1H\x1b[31mX\x1b[0m" + rows_2_3,
                                   FRAME_A, "\x1b[1;1HY" + rows_2_3])
    assert kept == 1  # row 3; row 2 starts from another pen, and is worked out anew


@pytest.mark.parametrize("forget", ["resync", (12, 2), (20, 2)])
def test_after_the_terminal_is_forgotten_every_cell_is_written_again(forget):
    # Row 1 is bold to its end, so row 2 starts from the same pen whether row 1 was written
    # whole or only where it changed; C to D for row 2 (only "green" changes) is kept, and
    # must not be used when the terminal has been forgotten, with C last written and D fed
    # since.
    frame_c = ("\x1b[1;1H\x1b[1mStep one    \x1b[0m"
               "\x1b[2;1H\x1b[31mred \x1b[0m\x1b[32mgreen   \x1b[0m")
    frame_d = ("\x1b[1;1H\x1b[1mStep two    \x1b[0m"
               "\x1b[2;1H\x1b[31mred \x1b[0m\x1b[32mgrey    \x1b[0m")
    out, _kept = check_same_bytes([frame_c, frame_d, frame_c, [frame_d, forget, frame_d]],
                                  height=2)
    assert "Step two" in out[3] and "red " in out[3]  # all of it, not only what changed


def test_the_rows_kept_are_bounded(monkeypatch):
    monkeypatch.setattr(encoder_module, "_ROWS_MAX", 2000)
    encoder = Encoder(20, 2)
    for n in range(200):
        encoder.feed(f"\x1b[1;1H\x1b[1mrow {n:03}{' ' * 13}\x1b[0m\x1b[2;1H{'same' * 5}")
        encoder.flush()
        assert encoder._rows_size <= 2000
    assert 0 < len(encoder._rows) < 150
    assert encoder._rows_size == sum(row_size(key, body)
                                     for key, (_, body, _, _) in encoder._rows.items())


def test_the_cost_of_a_move_over_a_gap_is_what_the_move_would_cost():
    # _spans joins runs across a gap of up to 3 cells, pricing the move over it without
    # making it: ESC[C for one cell, ESC[<n>C for two or three.
    for start in range(1, 300):
        for gap in range(1, min(start, 3) + 1):
            assert len(_move(5, start, 5, start - gap)) == (3 if gap == 1 else 4)
