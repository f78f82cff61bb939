"""The Textual app: a thin shell that opens the deck screen."""

from __future__ import annotations

import gc

from textual.app import App
from textual.binding import Binding

from ..content.markup import to_ascii
from ..content.model import Chapter
from .render import Renderer
from .screens.deck import MIN_HEIGHT, MIN_WIDTH, DeckScreen
from .themes import THEMES


class DeckApp(App[None]):
    """Plays one chapter."""

    TITLE = "chapterdeck"
    CSS_PATH = ["screens/deck.tcss"]  # the dialogs bring their own when first opened
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [Binding("ctrl+c", "quit", "Quit", show=False, priority=True)]
    HORIZONTAL_BREAKPOINTS = [(0, "-too-narrow"), (MIN_WIDTH, "-wide-enough")]
    VERTICAL_BREAKPOINTS = [(0, "-too-short"), (MIN_HEIGHT, "-short"), (30, "-tall")]

    def __init__(self, chapter: Chapter, *, start_step: int = 0, autoplay_seconds: float = 6.0,
                 ascii_only: bool = False, theme: str = "dark", watch: bool = False,
                 link: bool = True) -> None:
        super().__init__()
        self.chapter = chapter
        self.renderer = Renderer(ascii_only, colour=not self.no_color)
        self.start_step = start_step
        self.autoplay_seconds = autoplay_seconds
        for each in THEMES.values():
            self.register_theme(each)
        chosen = THEMES[theme]
        self.renderer.ansi = chosen.ansi
        # Set quietly, before the stylesheet is first parsed, so that start-up parses it
        # once rather than twice (assigning self.theme would re-parse all of it).
        self.set_reactive(App.theme, chosen.name)
        self._refresh_truecolor_filter(self.ansi_theme)  # native colours for "ansi"
        self.stylesheet.set_variables(self.get_css_variables())
        self.update_classes({f"-theme-{chosen.name}": True, "-dark-mode": chosen.dark,
                             "-light-mode": not chosen.dark}, update=False)
        from .presenter import Presenter

        self.presenter = Presenter(self, watch=watch, link=link)

    def on_mount(self) -> None:
        self.presenter.start()
        if not self.is_headless:  # tests run many apps in one process: nothing to freeze
            self.set_timer(0.5, self._freeze_start_up_objects)

    async def on_unmount(self) -> None:
        await self.presenter.stop()

    @staticmethod
    def _freeze_start_up_objects() -> None:
        """Once the deck is up, move everything made so far out of the garbage collector's
        view: otherwise a full collection (~10 ms) lands in the middle of a step now and
        then, and the step misses its frame. (The command turns collection off while it
        starts up; it comes back on here.)"""
        gc.collect()
        gc.freeze()
        gc.enable()

    def get_default_screen(self) -> DeckScreen:
        return DeckScreen(self.chapter, self.renderer, self.start_step, self.autoplay_seconds)

    def get_key_display(self, binding: Binding) -> str:
        display = super().get_key_display(binding)
        return to_ascii(display) if self.renderer.ascii_only else display
