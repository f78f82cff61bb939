"""Blackout (key b): the projector shows black until any key or a click brings the deck back."""

from __future__ import annotations

from textual import events

from .base import DeckAppScreen
from .once import DismissOnce


class BlackoutScreen(DismissOnce, DeckAppScreen[None]):
    DEFAULT_CSS = """
    BlackoutScreen {
        background: black;
    }
    """

    def on_key(self, event: events.Key) -> None:
        event.stop()
        event.prevent_default()
        self.dismiss()

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.dismiss()
