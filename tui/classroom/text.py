"""Text from learners made safe to show: a name or a detail is typed by someone else, so its
control characters (an escape sequence, a carriage return, a bidi override) are written out
as escapes instead of reaching the teacher's terminal."""

from __future__ import annotations

import socket
import unicodedata

from ..serve.events import JoinInfo

# Other (Cc control, Cf format such as U+202E, Cs surrogate, Co private, Cn unassigned) and
# the line and paragraph separators.
_UNSAFE = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}


def shown(text: str) -> str:
    """`text` with every unsafe character escaped (\\x1b, \\u202e) and backslashes doubled,
    so what is shown always says exactly what was typed."""
    out = []
    for ch in text:
        if ch == "\\":
            out.append("\\\\")
        elif unicodedata.category(ch) in _UNSAFE:
            code = ord(ch)
            out.append(f"\\x{code:02x}" if code < 0x100 else
                       f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
        else:
            out.append(ch)
    return "".join(out)


ANY_ADDRESS = ("", "0.0.0.0", "::", "[::]")


def join_host(info: JoinInfo) -> str:
    """The host name learners type: the machine's own name when the server listens on every
    address (0.0.0.0 is not something to connect to)."""
    if info.host in ANY_ADDRESS:
        return socket.gethostname() or "HOST"
    return info.host  # ssh takes an IPv6 address as it is: NAME@::1


def join_command(info: JoinInfo) -> str:
    """What a learner types to join, such as `ssh -p 2222 NAME@classroom.example`."""
    port = "" if info.port == 22 else f"-p {info.port} "
    return f"ssh {port}NAME@{join_host(info)}"


def how_to_log_in(info: JoinInfo) -> str:
    """The second half of the join instructions: what to give when ssh asks."""
    if info.auth == "code":
        return f"NAME is your name; the password is the class code {info.code}"
    if info.auth == "open":
        return "NAME is your name; no password is asked"
    return "with your SSH key (the teacher's keys file names you)"


def join_lines(info: JoinInfo) -> list[str]:
    """The join instructions as plain lines, for the log and the console alike."""
    return [
        f"Join: {join_command(info)}  ({how_to_log_in(info)})",
        f"Host key: {info.fingerprint}",
        f"Follow the presenter: {'on' if info.follow else 'off'}; up to {info.max_learners} "
        f"learners; scores in {info.data_dir}",
    ]
