"""Inline markup of chapter text: **bold**, *italic* and backslash escapes.

Text is split into paragraphs at blank lines; a single newline is a line break. A paragraph
whose lines all start with BULLET is a bullet list. The deck parses each paragraph, and each
line of a bullet list, on its own, so emphasis must open and close within one of those.
"""

from __future__ import annotations

from dataclasses import dataclass

BULLET = "• "


@dataclass(frozen=True)
class Span:
    """A run of text with its emphasis: **bold**, *italic* or both."""

    text: str
    bold: bool = False
    italic: bool = False


class MarkupError(ValueError):
    """An emphasis marker that is never closed; `offset` is where it opened."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.offset = offset


def parse(text: str, within: str = "") -> list[Span]:
    """Split `text` into runs of plain, bold and italic text. `within` names the piece of a
    longer text that `text` is, for the error message."""
    spans: list[Span] = []
    buf: list[str] = []
    bold = italic = False
    bold_at = italic_at = 0
    i, n = 0, len(text)

    def flush() -> None:
        if buf:
            spans.append(Span("".join(buf), bold, italic))
            buf.clear()

    while i < n:
        ch = text[i]
        if ch == "\\" and i + 1 < n and text[i + 1] in "*\\":
            buf.append(text[i + 1])
            i += 2
            continue
        if text.startswith("**", i):
            flush()
            bold, bold_at = not bold, i
            i += 2
            continue
        if ch == "*":
            flush()
            italic, italic_at = not italic, i
            i += 1
            continue
        buf.append(ch)
        i += 1
    flush()
    if bold:
        raise MarkupError(f"'**' opens bold text that is never closed{within}: add the closing "
                          f"'**' (or write \\* for a literal asterisk)", bold_at)
    if italic:
        raise MarkupError(f"'*' opens italic text that is never closed{within}: add the closing "
                          f"'*' (or write \\* for a literal asterisk)", italic_at)
    return spans


def plain(text: str) -> str:
    """The text with its markup removed."""
    if "*" not in text and "\\" not in text:
        return text  # nothing to remove: most text, and parsing is character by character
    return "".join(span.text for span in parse(text))


def pieces(text: str) -> list[tuple[int, str, str]]:
    """The parts of `text` the deck parses one at a time, as (offset in `text`, part, what it
    is): each paragraph (as `paragraphs` splits them), and each line of a bullet list without
    its bullet."""
    out: list[tuple[int, str, str]] = []
    body = text.strip()
    position = len(text) - len(text.lstrip())
    for part in body.split("\n\n"):
        paragraph = part.strip("\n")
        at = position + len(part) - len(part.lstrip("\n"))
        position += len(part) + 2
        if not paragraph.strip():
            continue
        lines = paragraph.split("\n")
        if all(line.startswith(BULLET) for line in lines):
            for line in lines:
                out.append((at + len(BULLET), line[len(BULLET):], "bullet line"))
                at += len(line) + 1
        else:
            out.append((at, paragraph, "paragraph"))
    return out


def check(text: str) -> None:
    """Raise MarkupError, with its offset in `text`, if any part the deck parses on its own
    (see `pieces`) has emphasis that is never closed."""
    if "*" not in text:
        return  # only an emphasis marker can be left open
    parts = pieces(text)
    for offset, part, what in parts:
        try:
            parse(part, f" in its {what}" if len(parts) > 1 or what != "paragraph" else "")
        except MarkupError as exc:
            raise MarkupError(str(exc), offset + exc.offset) from None


def paragraphs(text: str) -> list[str]:
    """Paragraphs of a text field: separated by blank lines, trimmed."""
    parts = [p.strip("\n") for p in text.strip().split("\n\n")]
    return [p for p in parts if p.strip()]


def paragraph_lines(text: str) -> list[tuple[bool, list[str]]]:
    """Each paragraph of a text field as (is a bullet list, its lines); a bullet list's
    lines come without their bullets."""
    out = []
    for paragraph in paragraphs(text):
        lines = paragraph.split("\n")
        if all(line.startswith(BULLET) for line in lines):
            out.append((True, [line[len(BULLET):] for line in lines]))
        else:
            out.append((False, lines))
    return out


def reflow(text: str) -> str:
    """Quiz text with the authors' line wrapping undone: authors wrap long stems over several
    lines, and those breaks are not meant, so each paragraph becomes one line (a paragraph
    with bullets keeps its lines)."""
    flowed = []
    for paragraph in text.strip().split("\n\n"):
        lines = [line.strip() for line in paragraph.strip().split("\n")]
        if any(line.startswith(BULLET.strip()) for line in lines):
            flowed.append("\n".join(lines))
        else:
            flowed.append(" ".join(line for line in lines if line))
    return "\n\n".join(flowed)


# Typographic characters and their plain-ASCII stand-ins, for --ascii.
ASCII_FOLD = str.maketrans({
    "—": "--", "–": "-", "‘": "'", "’": "'", "“": '"', "”": '"', "•": "*", "…": "...",
    "→": "->", "←": "<-", "×": "x", "≥": ">=", "≤": "<=", "\u00a0": " ",
    # Hints and marks the screens draw: keys, ticks and the quiz's partly-right.
    "↑": "^", "↓": "v", "↕": "=", "·": "-", "✔": "+", "✘": "x", "◐": "~",
    "▼": "v", "▶": ">",
    "⏎": "Enter", "⌫": "Backspace",  # key names (Textual shows these two as symbols)
})


def to_ascii(text: str) -> str:
    """Fold typographic punctuation to ASCII; anything else non-ASCII becomes '?'."""
    folded = text.translate(ASCII_FOLD)
    return folded.encode("ascii", "replace").decode("ascii")
