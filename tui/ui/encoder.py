"""The output encoder: what Textual writes, re-encoded as only what changed on the terminal.

Textual redraws a region by writing every cell of it, each segment as `ESC[<full style>m`
text `ESC[0m`, blank runs as spaces. This module reads that stream into a model of the screen
Textual means to show (`want`), keeps a shadow of what the terminal shows (`have`), and on
each flush writes only the cells that differ:

- SGR as deltas from the terminal's current attributes (reset only to reach the plain style);
- runs of blanks as ECH, or EL at the end of a line, where the background allows (the
  terminal has `bce`, or the background is the default one);
- a cursor move only when it is shorter than rewriting the cells in between;
- one synchronized-update frame (DEC mode 2026) per flush that changes the screen.

Anything that is not drawing (modes, queries, clipboard, bell) passes through in order. A
sequence that may change the terminal's screen behind the model's back (switching to the
alternate screen, erasing) makes the shadow unknown, and the next flush repaints every cell.

Most of the work is the same again and again (the chrome of every step, a step shown
again), so two bounded caches keep it: the cells a line of Textual's stream lays out, by the
line's text, and how a row was written, by its cells before and after.

No Textual here (Rich only for the width of a character). The driver in driver.py puts it between Textual and the
terminal; bench/bench.py uses `Encoder.encode_cells` for the bound.
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterable

from rich.cells import get_character_cell_size

SYNC_START = "\x1b[?2026h"
SYNC_END = "\x1b[?2026l"

# Attribute bits, and the SGR codes that set them.
_ON = {1: 0, 2: 1, 3: 2, 4: 3, 5: 4, 6: 5, 7: 6, 8: 7, 9: 8, 21: 9, 51: 10, 52: 11, 53: 12}
_SET_CODE = {bit: str(code) for code, bit in _ON.items()}
# SGR codes that clear attributes: code -> the bits it clears.
_OFF = {22: 0b11, 23: 0b100, 24: 0b1000001000, 25: 0b110000, 27: 0b1000000, 28: 0b10000000,
        29: 0b100000000, 54: 0b110000000000, 55: 0b1000000000000}
# The bits that show on a blank cell (a space): with them, a blank cannot be an erase.
_VISIBLE_ON_BLANK = 0b1111111001000  # underline, reverse, strike, underline2, frame.., overline

# One token of Textual's output stream.
_TOKENS = (
    # Most of a Textual frame: a segment, written as its style, its text and a reset.
    r"\x1b\[(?P<sgr>[0-9;]*)m(?P<segment>[^\x00-\x1f\x7f\x1b]+)\x1b\[0?m",
    r"\x1b\[(?P<row>[0-9]+);(?P<col>[0-9]+)H",
    r"(?P<text>[^\x00-\x1f\x7f\x1b]+)",
    r"\x1b\[(?P<params>[0-9;:?<>=]*)(?P<inter>[ -/]*)(?P<final>[@-~])",
    r"\x1b\](?P<osc>[^\x07\x1b]*)(?:\x07|\x1b\\)",
    r"(?P<other>\x1b[^\[\]]?|[\x00-\x1f\x7f])")
_TOKEN = re.compile("|".join(_TOKENS), re.DOTALL)
# How Textual draws a line of a region: a cursor move, its segments (here a segment may be
# empty: a style and a reset at once, which draws nothing), and often a CR LF. `feed` reads a
# line as one token, and the rest as the tokens of _TOKEN; in a line, _SEGMENTS finds the
# segments that _TOKEN would find there, and they mean the same.
_TOKEN_OR_LINE = re.compile("|".join(_TOKENS[:1] + (
    r"\x1b\[(?P<line_row>[0-9]+);(?P<line_col>[0-9]+)H"
    r"(?P<line>(?:\x1b\[[0-9;]*m[^\x00-\x1f\x7f\x1b]*\x1b\[0?m)*)(?P<line_end>\r\n)?",)
    + _TOKENS[1:]), re.DOTALL)
_SEGMENTS = re.compile(r"\x1b\[([0-9;]*)m([^\x00-\x1f\x7f\x1b]*)\x1b\[0?m")

Style = tuple  # (attribute bits, fg code or None, bg code or None, link or None)
PLAIN: Style = (0, None, None, None)


def char_width(char: str) -> int:
    """Cells a character takes, as Textual lays it out (Rich's table): 0, 1 or 2."""
    return 1 if char.isascii() else get_character_cell_size(char)


_CELLS: dict[str, list[str] | None] = {}  # text -> its cells, as Encoder._draw lays them out
_CELLS_MAX = 4096
# The bytes, about, that an Encoder's caches may take (see line_size and row_size).
_LINES_MAX = 256 << 10
_ROWS_MAX = 512 << 10


def line_size(segments: str, cells) -> int:
    """About the bytes a line in the cache takes: its text, two lists of its cells (a
    pointer each), and what Python adds to the objects."""
    return len(segments) + 16 * len(cells) + 200


def row_size(key: tuple[bytes, bytes, int | None], body: str) -> int:
    """About the bytes a row kept as written takes: what it writes, its cells before and
    after (the key), and what Python adds to the objects."""
    return len(body) + len(key[0]) + len(key[1]) + 300


def text_cells(text: str) -> list[str] | None:
    """The cells `text` takes on a row (a wide character, then "" for its right half; a
    zero-width character joined to the character before it, or dropped after a right half),
    or None when they depend on the row it is drawn on (it starts with a zero-width
    character). Kept by text: each frame draws the same rules, bullets and box characters."""
    cells = _CELLS.get(text, False)
    if cells is not False:
        return cells
    cells = []
    for char in text:
        width = char_width(char)
        if width == 0:
            if not cells:
                cells = None
                break
            if cells[-1]:
                cells[-1] += char
            continue
        cells.append(char)
        if width == 2:
            cells.append("")
    if len(_CELLS) >= _CELLS_MAX:
        _CELLS.clear()
    _CELLS[text] = cells
    return cells


def _parse_sgr(params: str, pen: Style) -> Style:
    """The style after `ESC[<params>m` is applied to `pen`."""
    attrs, fg, bg, link = pen
    codes = [int(p) if p else 0 for p in params.replace(":", ";").split(";")] if params else [0]
    i, n = 0, len(codes)
    while i < n:
        code = codes[i]
        i += 1
        if code == 0:
            attrs, fg, bg = 0, None, None
        elif code in _ON:
            attrs |= 1 << _ON[code]
        elif code in _OFF:
            attrs &= ~_OFF[code]
        elif 30 <= code <= 37 or 90 <= code <= 97:
            fg = str(code)
        elif 40 <= code <= 47 or 100 <= code <= 107:
            bg = str(code)
        elif code == 39:
            fg = None
        elif code == 49:
            bg = None
        elif code in (38, 48, 58):
            if i < n and codes[i] == 5 and i + 1 < n:
                value, i = f"{code};5;{codes[i + 1]}", i + 2
            elif i < n and codes[i] == 2 and i + 3 < n:
                value, i = f"{code};2;{codes[i + 1]};{codes[i + 2]};{codes[i + 3]}", i + 4
            else:
                continue
            if code == 38:
                fg = value
            elif code == 48:
                bg = value
    return (attrs, fg, bg, link)


def sgr_delta(pen: Style | None, style: Style) -> str:
    """The shortest SGR that takes the terminal from `pen` (None: unknown) to `style`, as a
    delta: only what changes; a reset only when the target is the plain style, or when the
    terminal's attributes are unknown."""
    attrs, fg, bg = style[0], style[1], style[2]
    if pen is None or (style[:3] == PLAIN[:3] and pen[:3] != PLAIN[:3]):
        codes = ["0"] if pen is None or style[:3] == PLAIN[:3] else []
        pen_attrs, pen_fg, pen_bg = 0, None, None
    else:
        codes = []
        pen_attrs, pen_fg, pen_bg = pen[0], pen[1], pen[2]
    if attrs != pen_attrs:
        cleared = pen_attrs & ~attrs
        to_set = attrs & ~pen_attrs
        for code, bits in _OFF.items():
            if cleared & bits:
                codes.append(str(code))
                # The code may clear bits that stay set (22 clears bold and dim): set them again.
                to_set |= attrs & bits
        for bit in range(13):
            if to_set & (1 << bit):
                codes.append(_SET_CODE[bit])
    if fg != pen_fg:
        codes.append(fg or "39")
    if bg != pen_bg:
        codes.append(bg or "49")
    if not codes:
        return ""
    if codes == ["0"]:
        return "\x1b[m"
    return f"\x1b[{';'.join(codes)}m"


def _link_change(old: str | None, new: str | None) -> str:
    """The OSC 8 sequence that ends the link `old` and starts `new` (None: no link)."""
    return f"\x1b]8;{new or ';'}\x1b\\" if new else "\x1b]8;;\x1b\\"


def _move(row: int, col: int, cur_row: int | None, cur_col: int | None) -> str:
    """The shortest cursor move to (row, col) from (cur_row, cur_col); None: not known. (Of
    two as short, the relative one.)"""
    if cur_row == row and cur_row is not None:
        if cur_col == col:
            return ""
        if col == 0:
            return "\r"
        column = f"\x1b[{col + 1}G"
        if cur_col is None:
            return column
        if col > cur_col:
            n = col - cur_col
            forward = "\x1b[C" if n == 1 else f"\x1b[{n}C"
        else:
            n = cur_col - col
            forward = "\b" if n == 1 else f"\x1b[{n}D"
        return forward if len(forward) <= len(column) else column
    cup = f"\x1b[{row + 1};{col + 1}H" if col else (f"\x1b[{row + 1}H" if row else "\x1b[H")
    if cur_row is not None and cur_col == col:
        n = row - cur_row
        vertical = ("\x1b[B" if n == 1 else f"\x1b[{n}B") if n > 0 else (
            "\x1b[A" if n == -1 else f"\x1b[{-n}A")
        return vertical if len(vertical) <= len(cup) else cup
    return cup


class Grid:
    """Cells of a screen: per row a list of characters ("" for the right half of a wide
    character, None for not known) and a list of style ids; and per row its cells as
    bytes (see row_key), where it is known."""

    def __init__(self, width: int, height: int, known: bool) -> None:
        self.width, self.height = width, height
        fill = " " if known else None
        self.chars = [[fill] * width for _ in range(height)]
        self.styles = [[0] * width for _ in range(height)]
        self.keys: list[bytes | None] = [None] * height


def row_key(chars: list, styles: list[int]) -> bytes | None:
    """A row's cells as bytes, to know the row by (exactly: two rows that differ never
    share one), or None when a cell is not known."""
    try:
        text = "\x00".join(chars)  # no cell holds a NUL
    except TypeError:  # None: not known
        return None
    cells = array("I", styles)
    cells.append(len(styles))  # with the styles' length, the text starts where they end
    return cells.tobytes() + text.encode("utf-8", "surrogatepass")


class Encoder:
    """Reads Textual's output with `feed`, and `flush` returns what the terminal needs."""

    def __init__(self, width: int, height: int, *, bce: bool = True, sync: bool = True) -> None:
        self.bce = bce  # the terminal erases with the current background colour
        self.sync = sync  # wrap each frame in a synchronized update
        self._style_ids: dict[Style, int] = {PLAIN: 0}
        self.styles: list[Style] = [PLAIN]
        self._sgr_cache: dict[tuple[int, str], int] = {}
        self._plain_sgr: dict[str, int] = {}  # the same for the plain pen, by params alone
        self._delta_cache: dict[tuple[int | None, int], str] = {}
        # A line's segments -> the cells and style ids they lay out (see _draw_line), the
        # line drawn longest ago first; _lines_size counts their bytes (see line_size).
        self._lines: dict[str, tuple[list[str], list[int]]] = {}
        self._lines_size = 0
        # (the cells, as bytes, a row shows and is to show, the terminal's pen) -> how it
        # was written (see _encode_rows), the one written longest ago first; _rows_size
        # counts their bytes (see row_size).
        self._rows: dict[tuple[bytes, bytes, int | None], tuple[int, str, int | None,
                                                                  int | None]] = {}
        self._rows_size = 0
        self._blank_ok: list[bool] = []
        self._pending: list[str] = []
        self.away = False  # out of the alternate screen: the shell's screen is showing
        self.resize(width, height)

    # -- state -------------------------------------------------------------------------------

    def resize(self, width: int, height: int) -> None:
        """A new size: what the terminal shows is not known any more (it may have reflowed)."""
        self.width, self.height = width, height
        self.want = Grid(width, height, known=False)
        self.resync()
        self.pen = 0  # the style Textual's stream is drawing with
        self.row = self.col = 0  # Textual's cursor
        self.link: str | None = None

    def resync(self) -> None:
        """Forget what the terminal shows: the next flush rewrites every cell."""
        self.have = Grid(self.width, self.height, known=False)
        self.dirty = set(range(self.height))
        self.term_pen: int | None = None
        self.term_row: int | None = None
        self.term_col: int | None = None
        self.term_link: str | None = None

    def _style_id(self, style: Style) -> int:
        sid = self._style_ids.get(style)
        if sid is None:
            sid = self._style_ids[style] = len(self.styles)
            self.styles.append(style)
        return sid

    # -- reading Textual's stream ------------------------------------------------------------

    def feed(self, data: str) -> None:
        """Apply what Textual wrote to the model of the screen it means to show."""
        self._read(data, _TOKEN_OR_LINE)

    def _read(self, data: str, tokens: re.Pattern) -> None:
        """Apply `data`, token by token (`tokens`: _TOKEN, or _TOKEN_OR_LINE to take a line
        whole where it can)."""
        want = self.want
        width, height = self.width, self.height
        sgr_cache, plain_sgr = self._sgr_cache, self._plain_sgr
        for match in tokens.finditer(data):
            kind = match.lastgroup
            if kind == "line" or kind == "line_end":  # a line of a region: most of a frame
                if not self._draw_line(*match.group(3, 4, 5)):
                    self._read(match.group(0), _TOKEN)
                elif kind == "line_end":  # CR LF
                    self.row, self.col = min(self.row + 1, height - 1), 0
            elif kind == "segment":  # text in a style, then a reset: most of a frame
                sgr, text = match.group(1, 2)  # the groups sgr and segment
                if self.pen:
                    key = (self.pen, sgr)
                    sid = sgr_cache.get(key)
                    if sid is None:
                        sid = self._sgr_id(key)
                else:  # as almost always: the segment before ended in a reset
                    sid = plain_sgr.get(sgr)
                    if sid is None:
                        sid = plain_sgr[sgr] = self._sgr_id((0, sgr))
                # _draw's own fast path, inline: this is most of a frame that is not read
                # as lines (a call per segment costs a quarter more of the encoder's time).
                row, col = self.row, self.col
                cells = text if text.isascii() else text_cells(text)
                if self.link is not None or cells is not text and (
                        cells is None or col + len(cells) > width):
                    self.pen = sid
                    self._draw(text, want, width, height)
                    self.pen = 0
                    continue
                end = col + len(cells)
                if end > width:  # only a text of one-cell characters is cut
                    end = width
                    cells = cells[:end - col]
                self._splice(row, col, end, cells, [sid] * (end - col))
                self.pen = 0
            elif kind == "col":
                self.row = min(max(int(match.group("row")) - 1, 0), height - 1)
                self.col = min(max(int(match.group("col")) - 1, 0), width - 1)
            elif kind == "text":
                self._draw(match.group("text"), want, width, height)
            elif kind == "final":
                final, params = match.group("final"), match.group("params")
                inter = match.group("inter")
                if inter:
                    self._pass(match.group(0))
                elif final == "m":
                    key = (self.pen, params)
                    sid = sgr_cache.get(key)
                    self.pen = sid if sid is not None else self._sgr_id(key)
                elif final in "Hf" and not params.startswith("?"):
                    parts = params.split(";")
                    self.row = min(max(int(parts[0] or 1) - 1, 0), height - 1)
                    self.col = min(max(int(parts[1] or 1) - 1 if len(parts) > 1 else 0, 0),
                                   width - 1)
                elif final in "hl" and params.startswith("?"):
                    modes = params[1:].split(";")
                    if "2026" in modes:
                        continue  # Textual's own frame markers: this encoder writes its own
                    self._pass(match.group(0))
                    if {"1049", "47", "1047"} & set(modes):
                        self._switch_screen(final == "h")
                elif final in "ABCDGd" and not params.startswith(("?", ">", "<", "=")):
                    n = int(params or 1)
                    if final == "A":
                        self.row = max(self.row - n, 0)
                    elif final == "B":
                        self.row = min(self.row + n, height - 1)
                    elif final == "C":
                        self.col = min(self.col + n, width - 1)
                    elif final == "D":
                        self.col = max(self.col - n, 0)
                    elif final == "G":
                        self.col = min(max(n - 1, 0), width - 1)
                    else:
                        self.row = min(max(n - 1, 0), height - 1)
                elif final in "JKX" and not params.startswith("?"):
                    self._erase(final, int(params or 0))
                else:
                    self._pass(match.group(0))
            elif kind == "osc":
                osc = match.group("osc")
                if osc.startswith("8;"):
                    self.link = osc[2:] if osc[2:] != ";" else None
                else:
                    self._pass(match.group(0))
            else:
                other = match.group("other")
                if other == "\n":
                    self.row = min(self.row + 1, height - 1)
                elif other == "\r":
                    self.col = 0
                elif other == "\b":
                    self.col = max(self.col - 1, 0)
                else:
                    self._pass(other)

    def _draw_line(self, row: str, col: str, segments: str) -> bool:
        """Draw a line (a cursor move to `row`;`col`, then `segments`) as the tokens in it
        would, and say so; or draw nothing and say so (False) where this does not know how:
        the pen or a link is on before it, it does not fit, or a segment starts with a
        zero-width character. The cells a line lays out are kept by its segments' text, so a
        line drawn again (a step shown again, the chrome of every step) costs two slices."""
        if self.pen or self.link is not None:
            return False
        if not segments:  # a cursor move alone
            self.row = min(max(int(row) - 1, 0), self.height - 1)
            self.col = min(max(int(col) - 1, 0), self.width - 1)
            return True
        lines = self._lines
        laid_out = lines.pop(segments, None)
        if laid_out is None:
            laid_out = self._lay_out_line(segments)
            if laid_out is None:
                return False
            self._lines_size += line_size(segments, laid_out[0])
            while self._lines_size > _LINES_MAX and lines:
                # The line drawn longest ago goes first.
                old = next(iter(lines))
                self._lines_size -= line_size(old, lines.pop(old)[0])
        lines[segments] = laid_out  # (again) the newest
        width, height = self.width, self.height
        cells, sids = laid_out
        row = min(max(int(row) - 1, 0), height - 1)
        col = min(max(int(col) - 1, 0), width - 1)
        end = col + len(cells)
        if end > width:
            return False
        self.row = row
        if end == col:  # nothing but empty segments
            self.col = col
            return True
        self._splice(row, col, end, cells, sids)
        return True

    def _splice(self, row: int, col: int, end: int, cells, sids: list[int]) -> None:
        """Put `cells` (as many as `end - col`, that fit on the row) in styles `sids` at
        `col` of `row`, blanking the other half of a wide character cut at either edge, and
        leave Textual's cursor after them."""
        chars = self.want.chars[row]
        if col > 0 and chars[col] == "":  # over the right half of a wide character
            chars[col - 1] = " "
        chars[col:end] = cells
        self.want.styles[row][col:end] = sids
        if end < self.width:
            if chars[end] == "":  # over the left half of one
                chars[end] = " "
            self.col = end
        else:
            self.col = self.width - 1
        self.dirty.add(row)

    def _lay_out_line(self, segments: str) -> tuple[list[str], list[int]] | None:
        """The cells and style ids a line's segments lay out from the plain pen, one after
        the other; None if one starts with a zero-width character (its cells then depend on
        what is on the row)."""
        cells: list[str] = []
        sids: list[int] = []
        plain_sgr = self._plain_sgr
        for sgr, text in _SEGMENTS.findall(segments):
            sid = plain_sgr.get(sgr)
            if sid is None:
                sid = plain_sgr[sgr] = self._sgr_id((0, sgr))
            if text.isascii():
                cells += text
                sids += [sid] * len(text)
                continue
            laid = text_cells(text)
            if laid is None:
                return None
            cells += laid
            sids += [sid] * len(laid)
        return cells, sids

    def _sgr_id(self, key: tuple[int, str]) -> int:
        """The style that `ESC[<params>m` makes of the pen `key[0]` (cached by key)."""
        pen, params = key
        sid = self._sgr_cache[key] = self._style_id(
            _parse_sgr(params, self.styles[pen])[:3] + (None,))
        return sid

    def _draw(self, text: str, want: Grid, width: int, height: int) -> None:
        row, col = self.row, self.col
        sid = self.pen if self.link is None else self._linked(self.pen)
        cells = text if text.isascii() else text_cells(text)
        if cells is text or cells is not None and col + len(cells) <= width:
            end = min(col + len(cells), width)  # only a text of one-cell characters is cut
            self._splice(row, col, end, cells[:end - col], [sid] * (end - col))
            return
        # Wide or combining characters that do not fit, or a zero-width one first: cell by
        # cell, as a terminal would.
        chars, styles = want.chars[row], want.styles[row]
        if col > 0 and chars[col] == "":  # over the right half of a wide character
            chars[col - 1] = " "
        for char in text:
            cells = char_width(char)
            if cells == 0:
                if col > 0 and chars[col - 1]:
                    chars[col - 1] += char
                continue
            if col + cells > width:
                break
            chars[col], styles[col] = char, sid
            if cells == 2:
                chars[col + 1], styles[col + 1] = "", sid
            col += cells
        end = col
        if end < width and chars[end] == "":  # over the left half of a wide character
            chars[end] = " "
        self.col = min(end, width - 1)
        self.dirty.add(row)

    def _linked(self, sid: int) -> int:
        return self._style_id(self.styles[sid][:3] + (self.link,))

    def _erase(self, final: str, mode: int) -> None:
        """ED, EL or ECH in Textual's stream: blanks in the current background."""
        want, row, col = self.want, self.row, self.col
        sid = self.pen
        if final == "X":
            spans = [(row, col, min(col + max(mode, 1), self.width))]
        elif final == "K":
            spans = [(row, *((col, self.width), (0, col + 1), (0, self.width))[min(mode, 2)])]
        else:
            rows = ((range(row + 1, self.height), range(0, row), range(self.height))
                    [min(mode, 2)])
            spans = [(r, 0, self.width) for r in rows]
            if mode in (0, 1):
                spans.append((row, *((col, self.width), (0, col + 1))[mode]))
        for r, a, b in spans:
            want.chars[r][a:b] = [" "] * (b - a)
            want.styles[r][a:b] = [sid] * (b - a)
            self.dirty.add(r)

    def _pass(self, sequence: str) -> None:
        """A sequence that is not drawing: it goes out in order, after what came before it."""
        self._pending.append(self._frame())
        if self.term_pen:  # leave the terminal in plain attributes for whatever it is
            self._pending.append("\x1b[m")
            self.term_pen = 0
        self._pending.append(sequence)

    def _switch_screen(self, alternate: bool) -> None:
        """Into the alternate screen (at start, on resuming after Ctrl+Z): it shows nothing
        known, so every cell Textual drew is written again at the next flush. Out of it (at
        the end, on Ctrl+Z): the terminal shows the shell's screen, and nothing is drawn
        until the app comes back."""
        self.resync()
        self.away = not alternate

    # -- writing the terminal ----------------------------------------------------------------

    def flush(self) -> str:
        """What to write to the terminal for everything fed since the last flush."""
        self._pending.append(self._frame())
        out = "".join(self._pending)
        self._pending = []
        return out

    def _frame(self) -> str:
        if not self.dirty or self.away:
            return ""
        body = self._encode_rows(sorted(self.dirty))
        self.dirty = set()
        if body:
            # Leave the cursor where Textual left it (it matters to input methods).
            body += _move(self.row, self.col, self.term_row, self.term_col)
            self.term_row, self.term_col = self.row, self.col
        if body and self.sync:
            return f"{SYNC_START}{body}{SYNC_END}"
        return body

    def _blank_erasable(self, sid: int) -> bool:
        """Can a blank cell of this style be written as an erase?"""
        while len(self._blank_ok) < len(self.styles):
            attrs, _fg, bg, link = self.styles[len(self._blank_ok)]
            self._blank_ok.append(not attrs & _VISIBLE_ON_BLANK and link is None
                                  and (self.bce or bg is None))
        return self._blank_ok[sid]

    def _sgr(self, sid: int) -> str:
        key = (self.term_pen, sid)
        delta = self._delta_cache.get(key)
        if delta is None:
            pen = None if self.term_pen is None else self.styles[self.term_pen]
            delta = self._delta_cache[key] = sgr_delta(pen, self.styles[sid])
        self.term_pen = sid
        return delta

    def _encode_rows(self, rows: Iterable[int]) -> str:
        """The rows, each from what the terminal shows on it to what Textual means it to.
        How a row was written is kept by its cells before and after, and the
        pen the terminal had: the same change again (a step shown again) is written as the
        first time, with only the cursor move to its first cell made anew."""
        out: list[str] = []
        append = out.append
        want, have, width = self.want, self.have, self.width
        known_rows = self._rows
        for row in rows:
            w_chars, w_styles = want.chars[row], want.styles[row]
            h_chars, h_styles = have.chars[row], have.styles[row]
            if w_chars == h_chars and w_styles == h_styles:
                continue
            cells = row_key(w_chars, w_styles)
            key = None if cells is None or have.keys[row] is None else (
                have.keys[row], cells, self.term_pen)
            known = None if key is None else known_rows.pop(key, None)
            if known is not None:
                known_rows[key] = known  # (again) the newest
                start, body, self.term_pen, term_col = known
                append(_move(row, start, self.term_row, self.term_col))
                append(body)
                self.term_row, self.term_col = row, term_col
            else:
                first = len(out)
                spans = self._spans(w_chars, w_styles, h_chars, h_styles, width)
                for start, end in spans:
                    self._encode_span(row, start, end, w_chars, w_styles, append)
                if key is not None and spans:  # out[first]: the move to the first span
                    self._keep_row(key, spans[0][0], "".join(out[first + 1:]))
            h_chars[:] = w_chars
            h_styles[:] = w_styles
            have.keys[row] = cells
        return "".join(out)

    def _keep_row(self, key: tuple[bytes, bytes, int | None], start: int, body: str) -> None:
        """Keep how a row was written (`body`, after the move to `start`), and where it left
        the terminal's pen and cursor (a span always ends with the link off)."""
        rows = self._rows
        rows[key] = (start, body, self.term_pen, self.term_col)
        self._rows_size += row_size(key, body)
        while self._rows_size > _ROWS_MAX and rows:  # the row written longest ago goes first
            oldest = next(iter(rows))
            self._rows_size -= row_size(oldest, rows.pop(oldest)[1])

    @staticmethod
    def _spans(w_chars: list, w_styles: list, h_chars: list, h_styles: list,
               width: int) -> list[tuple[int, int]]:
        """The runs of cells to write on a row: the cells that differ (and are known),
        joined across a gap of equal cells when rewriting the gap costs no more than a
        cursor move over it. (One loop, without calls: it visits every cell of a row.)"""
        spans: list[list[int]] = []
        col = 0
        while col < width:
            char = w_chars[col]
            if char is None or char == h_chars[col] and w_styles[col] == h_styles[col]:
                col += 1
                continue
            start = col
            col += 1
            while col < width:
                char = w_chars[col]
                if char is None or char == h_chars[col] and w_styles[col] == h_styles[col]:
                    break
                col += 1
            # A wide character is written whole: take in both of its halves.
            end = col
            if start > 0 and (w_chars[start] == "" or h_chars[start] == ""):
                start -= 1
            if end < width and (w_chars[end] == "" or h_chars[end] == ""):
                end += 1
            if spans:
                gap_start = spans[-1][1]
                gap = start - gap_start
                if gap <= 0:  # no gap: one run
                    spans[-1][1] = end
                    continue
                if gap <= 3:
                    # The move over the gap would be ESC[C, or ESC[<gap>C (see _move).
                    cells = w_chars[gap_start:start]
                    if all(cells) and w_styles[gap_start:start].count(w_styles[start]) == gap \
                            and len("".join(cells).encode()) <= (3 if gap == 1 else 4):
                        spans[-1][1] = end  # rewriting the gap costs no more than moving over
                        continue
            spans.append([start, end])
        return [(a, b) for a, b in spans]

    def _encode_span(self, row: int, start: int, end: int, chars: list, styles: list,
                     append) -> None:
        append(_move(row, start, self.term_row, self.term_col))
        self.term_row, self.term_col = row, start
        col = start
        while col < end:
            sid = styles[col]
            run_end = col + 1
            while run_end < end and styles[run_end] == sid:
                run_end += 1
            cells = chars[col:run_end]
            text = "".join(cells)
            if len(text) == run_end - col and "" not in cells:
                self._encode_text(row, col, run_end, end, text, sid, append)
            else:  # wide or combined characters: cell by cell
                self._encode_cells(row, col, run_end, end, chars, sid, append)
            col = run_end
        if self.term_link is not None:
            append(_link_change(self.term_link, None))
            self.term_link = None

    def _encode_text(self, row: int, col: int, run_end: int, end: int, text: str, sid: int,
                     append) -> None:
        """One run of cells in style `sid`, one character a cell (`text`): blanks that can
        be erased are erased, the rest is written. The same bytes as _encode_cells."""
        width, length = self.width, len(text)
        # Where the blanks at the end of the line begin (only a run to the end has them).
        tail = len(text.rstrip(" ")) if run_end == width else None
        at = 0
        while at < length:
            rest = text[at:]
            blank_end = at + len(rest) - len(rest.lstrip(" "))
            blanks = blank_end - at
            to_eol = col + blank_end == width
            if blanks and self._blank_erasable(sid) and (to_eol and blanks > 3 or blanks > 9):
                self._link_to(self.styles[sid][3], append)
                append(self._sgr(sid))
                append("\x1b[K" if to_eol else f"\x1b[{blanks}X")
                at = blank_end
                if col + at < end:
                    append(_move(row, col + at, row, self.term_col))
                    self.term_col = col + at
                continue
            # The text runs to the next run of blanks worth erasing (see _long_blank).
            text_end = text.find(" " * 10, blank_end)
            if text_end < 0:
                text_end = length
            if tail is not None:
                first = max(blank_end, tail)
                if length - first > 3 and first < text_end:
                    text_end = first
            self._link_to(self.styles[sid][3], append)
            append(self._sgr(sid))
            append(text[at:text_end])
            at = text_end
            self.term_col = col + at if col + at < width else None

    def _link_to(self, link: str | None, append) -> None:
        if link != self.term_link:
            append(_link_change(self.term_link, link))
            self.term_link = link

    def _encode_cells(self, row: int, col: int, run_end: int, end: int, chars: list,
                      sid: int, append) -> None:
        """One run of cells in style `sid`, cell by cell."""
        width = self.width
        while col < run_end:
            blank_end = col
            while blank_end < run_end and chars[blank_end] == " ":
                blank_end += 1
            blanks = blank_end - col
            to_eol = blank_end == width and all(c == " " for c in chars[col:width])
            if blanks and self._blank_erasable(sid) and (
                    to_eol and blanks > 3 or blanks > 9):
                self._link_to(self.styles[sid][3], append)
                append(self._sgr(sid))
                if to_eol:
                    append("\x1b[K")
                else:
                    append(f"\x1b[{blanks}X")
                col = blank_end
                if col < end:
                    append(_move(row, col, row, self.term_col))
                    self.term_col = col
                continue
            text_end = blank_end
            while text_end < run_end and not (
                    chars[text_end] == " " and self._long_blank(chars, text_end, run_end)):
                text_end += 1
            self._link_to(self.styles[sid][3], append)
            append(self._sgr(sid))
            append("".join(chars[col:text_end]))
            col = text_end
            self.term_col = col if col < width else None

    def _long_blank(self, chars: list, col: int, end: int) -> bool:
        """Does a run of blanks worth erasing start at `col`?"""
        stop = min(col + 10, end)
        return stop - col >= 10 and all(c == " " for c in chars[col:stop]) or (
            end == self.width and all(c == " " for c in chars[col:end]) and end - col > 3)

    # -- the bound, for the benchmark --------------------------------------------------------

    def encode_cells(self, before: list[list[tuple[str, Style]]] | None,
                     after: list[list[tuple[str, Style]]]) -> str:
        """The bytes this encoder writes to take a terminal from `before` (None: not known)
        to `after`, both given as rows of (character, style) cells."""
        self.resize(len(after[0]), len(after))
        for grid, cells in ((self.have, before), (self.want, after)):
            if cells is None:
                continue
            for row, line in enumerate(cells):
                grid.chars[row] = [char for char, _ in line]
                grid.styles[row] = [self._style_id(style) for _, style in line]
        if before is not None:
            self.term_pen = 0
        self.dirty = set(range(self.height))
        return self.flush()
