"""The deck's colour themes: dark and light in the lesson page's palette, and one in the
terminal's own 16 colours (for projectors and terminals with a palette of their own)."""

from __future__ import annotations

from textual.theme import Theme

from .theme_names import THEME_NAMES

# The lesson page's step colours, shared by the dark and the light theme.
PAGE_COLOURS = dict(primary="#7c3aed", secondary="#2563eb", accent="#0d9488",
                    warning="#d97706", error="#dc2626", success="#16a34a")

# The lesson page's palette on a dark background.
DARK = Theme(name="chapterdeck", foreground="#e8eaf2", background="#10121b",
             surface="#181b28", panel="#22263a", dark=True, **PAGE_COLOURS)

# The page as it was: dark ink (#1b2035) on white, for washed-out projectors.
LIGHT = Theme(name="chapterdeck-light", foreground="#1b2035", background="#ffffff",
              surface="#f4f5f9", panel="#e6e8f0", dark=False, **PAGE_COLOURS)

# The terminal's own colours: nothing but the 16 ANSI colours and its default background.
ANSI = Theme(
    name="chapterdeck-ansi",
    ansi=True,
    primary="ansi_magenta",
    secondary="ansi_blue",
    accent="ansi_cyan",
    warning="ansi_yellow",
    error="ansi_red",
    success="ansi_green",
    foreground="ansi_default",
    background="ansi_default",
    surface="ansi_default",
    panel="ansi_default",
    boost="ansi_default",
    dark=True,
    variables={"ansi-background": "ansi_black", "ansi-foreground": "ansi_white",
               "border-blurred": "ansi_bright_black",
               # Bright black text reads at 3:1 on black; the terminal's own text it is.
               "text-muted": "ansi_default"},
)

# What --theme and the theme key call them, in the order the key cycles through.
THEMES: dict[str, Theme] = dict(zip(THEME_NAMES, (DARK, LIGHT, ANSI), strict=True))


def name_of(theme: Theme | str) -> str:
    """The short name (dark, light, ansi) of a registered theme."""
    wanted = theme if isinstance(theme, str) else theme.name
    for short, candidate in THEMES.items():
        if candidate.name == wanted:
            return short
    return wanted


def following(short: str) -> str:
    """The theme after `short`, round the cycle."""
    names = list(THEMES)
    return names[(names.index(short) + 1) % len(names)] if short in names else names[0]
