"""The Textual app: a thin shell that opens the deck screen."""

from __future__ import annotations

from textual.app import App
from textual.binding import Binding
from textual.theme import Theme

from ..content.markup import to_ascii
from ..content.model import Chapter
from .render import Renderer
from .screens.deck import MIN_HEIGHT, MIN_WIDTH, DeckScreen

# The lesson page's palette on a dark background.
DECK_THEME = Theme(
    name="chapterdeck",
    primary="#7c3aed",
    secondary="#2563eb",
    accent="#0d9488",
    warning="#d97706",
    error="#dc2626",
    success="#16a34a",
    foreground="#e8eaf2",
    background="#10121b",
    surface="#181b28",
    panel="#22263a",
    dark=True,
)


class DeckApp(App[None]):
    """Plays one chapter."""

    TITLE = "chapterdeck"
    CSS_PATH = ["screens/deck.tcss", "screens/dialogs.tcss"]
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [Binding("ctrl+c", "quit", "Quit", show=False, priority=True)]
    HORIZONTAL_BREAKPOINTS = [(0, "-too-narrow"), (MIN_WIDTH, "-wide-enough")]
    VERTICAL_BREAKPOINTS = [(0, "-too-short"), (MIN_HEIGHT, "-short"), (30, "-tall")]

    def __init__(self, chapter: Chapter, *, start_step: int = 0, autoplay_seconds: float = 6.0,
                 ascii_only: bool = False) -> None:
        super().__init__()
        self.chapter = chapter
        self.renderer = Renderer(ascii_only, colour=not self.no_color)
        self.start_step = start_step
        self.autoplay_seconds = autoplay_seconds
        self.register_theme(DECK_THEME)
        self.theme = DECK_THEME.name

    def get_default_screen(self) -> DeckScreen:
        return DeckScreen(self.chapter, self.renderer, self.start_step, self.autoplay_seconds)

    def get_key_display(self, binding: Binding) -> str:
        display = super().get_key_display(binding)
        return to_ascii(display) if self.renderer.ascii_only else display
