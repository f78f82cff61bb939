"""Icons: Material Symbols names mapped to single-width characters, with ASCII stand-ins.

Every glyph here is one cell wide in common terminal fonts (no emoji), so alignment holds.
"""

from __future__ import annotations

import unicodedata

# name: (unicode glyph, ascii stand-in)
ICONS: dict[str, tuple[str, str]] = {
    "person": ("☺", "P"),
    "engineering": ("⚙", "E"),
    "hub": ("✣", "H"),
    "account_tree": ("⌥", "T"),
    "handshake": ("⇄", "W"),
    "group_add": ("✚", "+"),
    "report": ("⚠", "!"),
    "psychology": ("✦", "*"),
    "school": ("✎", "S"),
    "lightbulb": ("✧", "i"),
    "check": ("✓", "v"),
    "star": ("★", "*"),
    "flag": ("⚑", "F"),
    "bolt": ("ϟ", "z"),
    "chart": ("▤", "#"),
    "book": ("▥", "B"),
    "chat": ("✉", "@"),
    "target": ("◎", "o"),
    "shield": ("⛉", "S"),
    "rocket": ("➶", "^"),
    "search": ("⌕", "?"),
    "data": ("⛁", "D"),
    "code": ("⌘", "C"),
    "gavel": ("⚖", "L"),
    "time": ("◷", "t"),
}


def is_single_cell(char: str) -> bool:
    """True for one printable character that takes one terminal cell."""
    if len(char) != 1 or not char.isprintable() or char.isspace():
        return False
    if unicodedata.combining(char):
        return False
    return unicodedata.east_asian_width(char) not in ("W", "F")


def is_known(icon: str) -> bool:
    return icon in ICONS or is_single_cell(icon)


def glyph(icon: str, ascii_only: bool = False) -> str:
    """The character to draw for `icon`: a name from ICONS or a single-cell character."""
    if icon in ICONS:
        fancy, plain = ICONS[icon]
        return plain if ascii_only else fancy
    if ascii_only and not icon.isascii():
        return "*"
    return icon
