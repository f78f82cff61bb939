"""Inline markup of chapter text: **bold**, *italic* and backslash escapes.

Text is split into paragraphs at blank lines; a single newline is a line break.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Span:
    text: str
    bold: bool = False
    italic: bool = False


class MarkupError(ValueError):
    """An emphasis marker that is never closed; `offset` is where it opened."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.offset = offset


def parse(text: str) -> list[Span]:
    """Split `text` into runs of plain, bold and italic text."""
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
        raise MarkupError("'**' opens bold text that is never closed: add the closing '**' "
                          "(or write \\* for a literal asterisk)", bold_at)
    if italic:
        raise MarkupError("'*' opens italic text that is never closed: add the closing '*' "
                          "(or write \\* for a literal asterisk)", italic_at)
    return spans


def plain(text: str) -> str:
    """The text with its markup removed."""
    return "".join(span.text for span in parse(text))


def paragraphs(text: str) -> list[str]:
    """Paragraphs of a text field: separated by blank lines, trimmed."""
    parts = [p.strip("\n") for p in text.strip().split("\n\n")]
    return [p for p in parts if p.strip()]


# Typographic characters and their plain-ASCII stand-ins, for --ascii.
ASCII_FOLD = str.maketrans({
    "—": "--", "–": "-", "‘": "'", "’": "'", "“": '"', "”": '"', "•": "*", "…": "...",
    "→": "->", "←": "<-", "×": "x", "≥": ">=", "≤": "<=", "\u00a0": " ",
})


def to_ascii(text: str) -> str:
    """Fold typographic punctuation to ASCII; anything else non-ASCII becomes '?'."""
    folded = text.translate(ASCII_FOLD)
    return folded.encode("ascii", "replace").decode("ascii")
