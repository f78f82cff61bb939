"""The screens' typed way to the app: every screen of DeckApp derives from one of these, so
`self.app.…` is a DeckApp to a reader and a type checker (as spiel's `screens/screen.py`).

The annotation costs nothing at run time: `app` stays Textual's own property.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.screen import ModalScreen, Screen, ScreenResultType

if TYPE_CHECKING:
    from ..app import DeckApp


class DeckAppScreen(Screen[ScreenResultType]):
    """A full screen of DeckApp (the deck, the quiz and its pages)."""

    app: DeckApp


class DeckAppModal(ModalScreen[ScreenResultType]):
    """A dialog over a screen of DeckApp."""

    app: DeckApp
