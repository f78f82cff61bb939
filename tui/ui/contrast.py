"""Colour contrast as WCAG 2 measures it, and text colours nudged until they reach it.

Pure: hex strings in, hex strings out (no Textual), so the themes' test can compute every
text colour on its background the same way the renderer chooses them.
"""

from __future__ import annotations

from functools import lru_cache

AA = 4.5  # WCAG AA for body text


def rgb(colour: str) -> tuple[int, int, int]:
    colour = colour.lstrip("#")
    return int(colour[0:2], 16), int(colour[2:4], 16), int(colour[4:6], 16)


def hex_of(red: float, green: float, blue: float) -> str:
    return "#" + "".join(f"{round(min(max(v, 0), 255)):02x}" for v in (red, green, blue))


@lru_cache(maxsize=1024)  # a deck asks about the same few colours thousands of times
def luminance(colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    """The contrast ratio of two colours, from 1 (the same) to 21 (black on white)."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@lru_cache(maxsize=1024)
def blend(a: str, b: str, share_of_a: float) -> str:
    """`a` over `b` at `share_of_a` opacity."""
    return hex_of(*(x * share_of_a + y * (1 - share_of_a) for x, y in zip(rgb(a), rgb(b))))


@lru_cache(maxsize=1024)
def readable(colour: str, background: str, ratio: float = AA) -> str:
    """`colour`, or the nearest colour towards white or black (whichever the background
    leaves more room for) that reaches `ratio` against `background`."""
    if contrast(colour, background) >= ratio:
        return colour
    target = "#ffffff" if luminance(background) < 0.18 else "#000000"
    for step in range(1, 21):
        candidate = blend(target, colour, step / 20)
        if contrast(candidate, background) >= ratio:
            return candidate
    return target
