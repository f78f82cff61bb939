"""The presenter's tools that outlive any one deck screen: the talk's clock, the link to
notes views in other terminals, the colour theme, and reloading a chapter being edited.

The app owns one Presenter; it finds the deck screen in the app's screen stack when it needs
it, rather than holding on to one.
"""

from __future__ import annotations

import os
import stat
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from ..content.controls import visible
from ..content.model import Chapter
from ..link.talk import TalkClock
from .messages import ClassMessage, LinkCommand
from .themes import THEMES, following, name_of

if TYPE_CHECKING:
    from ..link.deck_side import DeckLink
    from .app import DeckApp
    from .screens.deck import DeckScreen

WATCH_SECONDS = 0.5
MISSING_POLLS = 4  # polls (2 s) without the file before --watch says it is gone


class Presenter:
    def __init__(self, app: DeckApp, *, watch: bool = False, link: bool = True) -> None:
        self.app = app
        self.talk = TalkClock()
        self.clock_shown = False
        self.watching = watch
        self.wants_link = link
        self.link: DeckLink | None = None  # opened after the first frame
        self.link_problem = ""
        # The file as it was when the deck read it: any later save counts as a change.
        source = app.chapter.source
        self._stamp = _stamp(source) if watch and source else None
        self._missing = 0  # polls in a row that found no file

    # -- life cycle ---------------------------------------------------------------------

    def start(self) -> None:
        """Called once the app is mounted; the link and the watch start after the first
        frame, so they cost start-up nothing."""
        self.app.call_after_refresh(self._begin)

    def _begin(self) -> None:
        deck = self.deck
        if deck is not None:
            self.attach(deck)
        if self.wants_link:
            self.app.run_worker(self._open_link(), group="link", exit_on_error=False)
        if self.watching and self.app.chapter.source is not None:
            self.app.set_interval(WATCH_SECONDS, self._poll)

    async def _open_link(self) -> None:
        from ..link.deck_side import DeckLink
        from ..link.place import LinkError

        link = DeckLink(self._greeting, self._command, on_message=self._class_message)
        try:
            await link.start()
            self.link = link
        except (OSError, LinkError) as exc:
            # The deck plays on without notes; the presenter is told once, quietly.
            self.link_problem = f"Speaker notes are off: {exc}"
            self.app.notify(self.link_problem, severity="warning", timeout=8)

    async def stop(self) -> None:
        if self.link is not None:
            await self.link.stop()

    def _deck_screens(self) -> list[DeckScreen]:
        """Every deck screen in the stack: the deck, and a step opened from the quiz."""
        # Not loaded, no deck screen exists (a quiz started from the command line has none).
        module = sys.modules.get(f"{__package__}.screens.deck")
        if module is None:
            return []
        return [screen for screen in self.app.screen_stack
                if isinstance(screen, module.DeckScreen)]

    @property
    def deck(self) -> DeckScreen | None:
        screens = self._deck_screens()
        if not screens:
            return None
        review = sys.modules[f"{__package__}.screens.deck"].StepReviewScreen
        for screen in screens:  # the deck itself, not a step open for review
            if not isinstance(screen, review):
                return screen
        return None

    def attach(self, deck: DeckScreen) -> None:
        self.app.watch(deck, "step", self._step_changed, init=True)

    # -- the talk and the link -------------------------------------------------------------

    def _step_changed(self, step: int) -> None:
        if step:  # the talk begins when the deck leaves the cover
            self.talk.start(time.time(), time.monotonic())
        if self.link is not None:
            self.link.send(self._state())

    def _state(self) -> dict:
        deck = self.deck
        return {"type": "state", "step": deck.step if deck else 0,
                "started": self.talk.started_wall}

    def _greeting(self) -> list[dict]:
        chapter = self.app.chapter
        return [{"type": "chapter", "pid": os.getpid(), "title": chapter.title,
                 "steps": [{"title": s.title, "notes": s.notes, "minutes": s.minutes}
                           for s in chapter.steps]},
                self._state()]

    def _class_message(self, data: dict) -> None:
        self.app.post_message(ClassMessage(data))

    def _command(self, action: str, step: int) -> None:
        """A notes view's key: up to the app, which drives the deck."""
        self.app.post_message(LinkCommand(action, step))

    # -- the clock in the footer and the theme ------------------------------------------------

    def toggle_clock(self) -> None:
        self.clock_shown = not self.clock_shown
        for screen in self._deck_screens():
            screen.show_clock(self.clock_shown)

    def elapsed(self) -> float:
        return self.talk.elapsed(time.monotonic())

    @property
    def theme(self) -> str:
        return name_of(self.app.theme)

    def cycle_theme(self) -> None:
        self.app.theme = THEMES[following(self.theme)].name
        self.app.notify(f"Theme: {self.theme}", timeout=2)

    # -- watching the chapter file ----------------------------------------------------------

    def _poll(self) -> None:
        source = self.app.chapter.source
        stamp = _stamp(source) if source else None
        if stamp == _SPECIAL:  # a FIFO or a device: never read (it could block or not end)
            if self._stamp != _SPECIAL:
                self._stamp = _SPECIAL
                self.reloaded(None, [f"{visible(str(source))}: this is not a regular file (a FIFO, a device "
                                     f"or a socket), so the deck does not read it; it shows "
                                     f"the last version it read, and reloads when a chapter "
                                     f"file is back"])
            return
        if stamp is None and source is not None:
            # Gone for a moment is an editor saving; gone for longer, the author should know.
            self._missing += 1
            if self._missing == MISSING_POLLS:
                self._stamp = None  # whatever appears there next is read
                self.reloaded(None, [f"{visible(str(source))}: the chapter file is gone (moved or deleted); "
                                     f"the deck shows the last version it read, and reloads "
                                     f"when the file is back"])
            return
        self._missing = 0
        if stamp == self._stamp:
            return  # unchanged
        self._stamp = stamp
        self.app.run_worker(lambda: self._read(source), thread=True, group="reload",
                            exclusive=True, exit_on_error=False)

    def _read(self, path: Path) -> None:
        from ..content.loader import check_file

        chapter, problems = check_file(path)
        problems.sort(key=lambda p: (p.line or 0, p.column or 0))  # top to bottom, as check
        self.app.call_from_thread(self.reloaded, chapter, [str(p) for p in problems])

    def reloaded(self, chapter: Chapter | None, problems: list[str]) -> None:
        """Show a freshly read chapter, or keep the last good one under its problems."""
        from .widgets.problems import ReloadProblems

        deck = self.deck
        if problems or chapter is None:
            if deck is not None:
                panels = deck.query(ReloadProblems)
                if panels:
                    panels.first().problems = problems
                else:
                    deck.mount(ReloadProblems(problems))
            return
        self._replace(chapter)

    def _replace(self, chapter: Chapter) -> None:
        from .widgets.problems import ReloadProblems

        self.app.chapter = chapter
        deck = self.deck
        if deck is not None:
            deck.query(ReloadProblems).remove()
            deck.replace_chapter(chapter)
        if self.link is not None:
            for message in self._greeting():
                self.link.send(message)


_SPECIAL = (-1, -1)  # the stamp of something at the path that is not a regular file


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode):
        return _SPECIAL
    return info.st_mtime_ns, info.st_size
