"""Control characters in content and in the messages that quote it."""

from __future__ import annotations

import re

# C0 and C1 control characters (and DEL), which a terminal acts on rather than shows: an
# escape sequence in a title could clear the screen or fake a message. Tab and newline are
# the only ones text may hold.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
ANY_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def visible(text: str) -> str:
    """`text` with every control character written out as an escape (ESC as \\x1b), for
    a message that quotes the input: what it shows cannot act on the terminal."""
    if not ANY_CONTROL.search(text):
        return text
    return ANY_CONTROL.sub(lambda m: {"\n": "\\n", "\t": "\\t", "\r": "\\r"}.get(
        m.group(), f"\\x{ord(m.group()):02x}"), text)
