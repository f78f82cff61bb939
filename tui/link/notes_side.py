"""The notes view's end of the link: find a deck, follow it, send it commands, and keep
looking when there is none or it goes away.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from .place import DeckSocket, running_decks
from .protocol import MAX_LINE, BadMessage, decode, encode

RETRY_SECONDS = 0.5


class Follower:
    """Follows the newest running deck (or the one with `pid`), for as long as it runs.

    `on_status(text, decks)` reports what it is doing in words (None once following);
    `on_message(message)` gets each message from the deck."""

    def __init__(self, on_message: Callable[[dict], None],
                 on_status: Callable[[str | None, list[DeckSocket]], None],
                 pid: int | None = None) -> None:
        self.on_message = on_message
        self.on_status = on_status
        self.pid = pid
        self.following: DeckSocket | None = None
        self._writer: asyncio.StreamWriter | None = None

    def send(self, message: dict) -> bool:
        """Send to the deck, without waiting; False when there is no deck to send to."""
        writer = self._writer
        if writer is None or writer.is_closing():
            return False
        writer.write(encode(message))
        return True

    async def run(self) -> None:
        lost: DeckSocket | None = None
        while True:
            decks = await asyncio.to_thread(running_decks)
            wanted = [d for d in decks if self.pid is None or d.pid == self.pid]
            if not wanted:
                self.on_status(self._waiting(lost, decks), decks)
                await asyncio.sleep(RETRY_SECONDS)
                continue
            deck = wanted[0]
            try:
                reader, writer = await asyncio.open_unix_connection(str(deck.path),
                                                                    limit=MAX_LINE)
            except OSError:
                await asyncio.sleep(RETRY_SECONDS)
                continue
            self.following, self._writer, lost = deck, writer, deck
            self.on_status(None, decks)
            try:
                await self._read(reader)
            finally:
                self.following, self._writer = None, None
                writer.close()

    async def _read(self, reader: asyncio.StreamReader) -> None:
        while True:
            try:
                line = await reader.readline()
            except (ValueError, asyncio.LimitOverrunError, ConnectionError, OSError):
                return
            if not line:
                return
            try:
                self.on_message(decode(line))
            except BadMessage:
                continue

    def _waiting(self, lost: DeckSocket | None, decks: list[DeckSocket]) -> str:
        if lost is not None:
            return (f"The deck (pid {lost.pid}) has exited. Waiting for it to come back: "
                    "start it again with 'chapterdeck' and these notes follow it.")
        if self.pid is not None:
            others = ", ".join(str(d.pid) for d in decks)
            extra = f" Decks running now: pid {others}." if others else ""
            return (f"No deck with pid {self.pid} is running. Waiting for it.{extra} "
                    "Run 'chapterdeck notes' without --deck to follow the newest.")
        return ("No deck is running. Start one in another terminal with 'chapterdeck' "
                "(or 'chapterdeck FILE.yaml'); these notes find it and follow it.")
