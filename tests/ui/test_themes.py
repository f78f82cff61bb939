"""Every text colour on every background it is drawn on reaches WCAG AA (4.5:1), in every
theme, computed from the themes and the renderer's own colour choices."""

from __future__ import annotations

import pytest
from rich.color import Color as RichColor
from textual.color import Color

from tui.content.model import LIT_COLOUR, PALETTE, PROGRESS_GRADIENT
from tui.ui.app import DeckApp
from tui.ui.contrast import AA, contrast, readable
from tui.ui.quizrender import PART, RIGHT, WRONG
from tui.ui.render import Renderer
from tui.ui.themes import THEMES

from helpers import SMALL_CHAPTER

# Colours the screens draw text in, besides the chapter's palette: the quiz's marks, its
# step references and notices, the "not used" verdict.
OTHER_TEXT = [RIGHT, WRONG, PART, "#2563eb", "#888888", "#d97706", LIT_COLOUR,
              *PROGRESS_GRADIENT]


def _hex(colour, terminal) -> str:
    """A rich colour as #rrggbb, ANSI colours as `terminal` (a rich TerminalTheme) draws them."""
    if isinstance(colour, str):
        colour = RichColor.parse(colour)
    return colour.get_truecolor(terminal).hex


def _pairs(name: str) -> list[tuple[str, str, str]]:
    """(what, text colour, background) for everything the theme draws as text."""
    from tui.content.loader import check_text

    chapter, _ = check_text(SMALL_CHAPTER, "small.yaml")
    app = DeckApp(chapter, theme=name)
    theme = THEMES[name]
    terminal = app.ansi_theme_dark
    r = Renderer()
    r.use_theme(theme)
    variables = app.get_css_variables()
    if theme.ansi:  # the terminal's own default background and colours
        surfaces = [terminal.background_color.hex]
        foreground = terminal.foreground_color.hex
    else:
        surfaces = [variables["background"], variables["surface"], variables["panel"]]
        foreground = variables["foreground"]
    pairs = []
    for surface in surfaces:
        under = Color.parse(surface)
        pairs.append(("foreground", foreground, surface))
        muted = r.muted
        muted = under.blend(Color.parse(foreground), 0.5).hex if muted.dim else \
            _hex(muted.color, terminal) if muted.color else foreground  # dim: half way
        pairs.append(("muted", muted, surface))
        for colour in [*PALETTE.values(), *OTHER_TEXT]:
            pairs.append((f"text in {colour}", _hex(r.ink(colour), terminal), surface))
        for css in ("text-muted", "text-primary", "text-accent", "text-warning",
                    "text-error", "text-success"):
            value = variables[css]
            if value.startswith("auto"):
                alpha = float(value.split()[1].rstrip("%")) / 100
                shown = under + under.get_contrast_text(alpha)
            elif value.startswith("ansi_"):
                shown = Color.parse(_hex(value[5:], terminal)) if "default" not in value \
                    else Color.parse(foreground)
            else:
                shown = under + Color.parse(value)
            pairs.append((f"${css}", shown.hex, surface))
    for colour in PALETTE.values():  # tiles and the narration badge
        style = r.on_step(colour)
        pairs.append((f"tile of {colour}", _hex(style.color, terminal),
                      _hex(style.bgcolor, terminal) if style.bgcolor else surfaces[0]))
    return pairs


@pytest.mark.parametrize("name", list(THEMES))
def test_every_text_colour_reads_on_its_background(name):
    low = [(what, fg, bg, round(contrast(fg, bg), 2)) for what, fg, bg in _pairs(name)
           if contrast(fg, bg) < AA]
    assert not low, low


def test_readable_keeps_a_colour_that_reads_and_mends_one_that_does_not():
    assert readable("#000000", "#ffffff") == "#000000"
    mended = readable("#d97706", "#ffffff")  # amber on white: 3.2 to 1
    assert mended != "#d97706" and contrast(mended, "#ffffff") >= AA
    assert contrast(readable("#7c3aed", "#10121b"), "#10121b") >= AA
