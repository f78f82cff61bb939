"""Screens that close on an event close once, however many events were queued for them."""

from __future__ import annotations

from textual.await_complete import AwaitComplete


class DismissOnce:
    """Two events queued before the first is handled (`xy` typed at once, a key and a click)
    each call dismiss(); Textual's pops whatever screen is on top, so the second would pop
    the screen below as well (the deck itself, a ScreenStackError). A screen that is no
    longer on top has been dismissed already: the later calls do nothing. (A mixin, before
    the Screen class in the bases: as a Screen itself it would change the screens' CSS type
    names.)"""

    def dismiss(self, result=None) -> AwaitComplete:
        if not self.is_active:
            return AwaitComplete()
        return super().dismiss(result)
