"""The deck's end of the link: a Unix socket server that tells notes views what is shown
and takes their commands.

Nothing here ever waits on a notes view: messages are written without draining, and a
reader that falls behind by more than SLOW_READER bytes is cut off (it reconnects and gets
the current state afresh). It runs inside the deck's own asyncio loop.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable
from pathlib import Path

from .place import remove_stale, socket_path
from .protocol import MAX_LINE, BadMessage, decode, encode, parse_command

SLOW_READER = 64 * 1024


class DeckLink:
    """Serves one deck. `greeting()` gives the messages a new notes view needs first;
    `on_command(action, step)` is called for each command a notes view sends, and
    `on_message(message)`, when given, for every other message (the class server's)."""

    def __init__(self, greeting: Callable[[], list[dict]],
                 on_command: Callable[[str, int], None], path: Path | None = None,
                 on_message: Callable[[dict], None] | None = None) -> None:
        self.greeting = greeting
        self.on_command = on_command
        self.on_message = on_message
        self.path = path
        self._server: asyncio.AbstractServer | None = None
        self._writers: set[asyncio.StreamWriter] = set()

    async def start(self) -> Path:
        """Listen; raises OSError (or place.LinkError) when the socket cannot be made."""
        self.path = self.path or socket_path()
        remove_stale(self.path)  # our own pid's name: a dead deck's leftover
        mask = os.umask(0o177)   # the socket is born 0600
        try:
            self._server = await asyncio.start_unix_server(self._serve, path=str(self.path),
                                                           limit=MAX_LINE)
        finally:
            os.umask(mask)
        os.chmod(self.path, 0o600)
        return self.path

    @property
    def followers(self) -> int:
        return len(self._writers)

    def send(self, message: dict) -> None:
        """Send to every notes view, without waiting for any."""
        if not self._writers:
            return
        data = encode(message)
        for writer in list(self._writers):
            self._write(writer, data)

    def _write(self, writer: asyncio.StreamWriter, data: bytes) -> None:
        if writer.is_closing() or writer.transport.get_write_buffer_size() > SLOW_READER:
            self._drop(writer)
            return
        writer.write(data)

    def _drop(self, writer: asyncio.StreamWriter) -> None:
        self._writers.discard(writer)
        writer.transport.abort()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._writers.add(writer)
        try:
            for message in self.greeting():
                self._write(writer, encode(message))
            while not reader.at_eof():
                try:
                    line = await reader.readline()
                except (ValueError, asyncio.LimitOverrunError):  # a line far too long
                    break
                if not line:
                    break
                try:
                    message = decode(line)
                except BadMessage:
                    continue
                parsed = parse_command(message)
                if parsed is not None:
                    self.on_command(*parsed)
                elif self.on_message is not None:
                    self.on_message(message)
        except (ConnectionError, OSError):
            pass
        finally:
            self._writers.discard(writer)
            writer.transport.abort()

    async def stop(self) -> None:
        for writer in list(self._writers):
            self._drop(writer)
        if self._server is not None:
            self._server.close()
            self._server = None
        if self.path is not None:
            remove_stale(self.path)
