"""Who may join a class: learners' names, the class code, the host key and the keys file.

No SSH session here, only the rules: tui/serve/server.py asks them.
"""

from __future__ import annotations

import os
import re
import secrets
from pathlib import Path

NAME = re.compile(r"[A-Za-z0-9._-]{1,32}")
NAME_RULE = ("a learner's name is 1 to 32 letters, digits, '.', '_' or '-' (no spaces), "
             "such as ana or li.wei")
CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread off a screen
CODE_LENGTH = 6
TERM = re.compile(r"[A-Za-z0-9][A-Za-z0-9.+_-]{0,39}")
DEFAULT_TERM = "xterm-256color"


class AccessError(Exception):
    """A file the server needs (host key, keys file) cannot be used; the message says why."""


def valid_name(name: str) -> bool:
    # "." and ".." would name the learners' folder itself or its parent.
    return bool(NAME.fullmatch(name)) and name not in (".", "..")


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def valid_code(code: str) -> bool:
    """A class code a learner can type at a password prompt."""
    return 4 <= len(code) <= 64 and code.isprintable() and code.strip() == code


def terminal_type(term: str | None) -> str:
    """The learner's TERM if it is a plain terminal name, else xterm-256color."""
    return term if term and TERM.fullmatch(term) else DEFAULT_TERM


def host_key(data_dir: Path):
    """The server's ed25519 host key in DATA_DIR/host_key, made (0600) on first start."""
    import asyncssh

    path = data_dir / "host_key"
    if path.exists():
        try:
            return asyncssh.read_private_key(str(path))
        except (OSError, ValueError, asyncssh.KeyImportError) as exc:
            raise AccessError(f"cannot read the host key {path}: {exc}; move it aside and "
                              f"a new one is made (learners will see a changed "
                              f"fingerprint)") from exc
    key = asyncssh.generate_private_key("ssh-ed25519", comment="chapterdeck serve")
    data = key.export_private_key()
    # Written whole under another name, then linked into place: a second server starting on
    # the same folder at the same moment reads either no key or a whole one, never half.
    draft = path.with_name(f"host_key.new-{os.getpid()}-{secrets.token_hex(4)}")
    try:
        fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.link(draft, path)
    except FileExistsError:  # the other server made it first: use theirs
        return asyncssh.read_private_key(str(path))
    except OSError as exc:
        raise AccessError(f"cannot write the host key {path}: {exc.strerror}") from exc
    finally:
        draft.unlink(missing_ok=True)
    return key


def learner_keys(path: Path) -> tuple[dict[bytes, str], list[str]]:
    """The public keys in an authorized_keys file, each with the learner's name (its
    comment), and a warning for each line that cannot be used."""
    import asyncssh

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise AccessError(f"cannot read the keys file {path}: {exc}") from exc
    keys: dict[bytes, str] = {}
    warnings = []
    for number, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        try:
            key = asyncssh.import_public_key(line)
        except (ValueError, asyncssh.KeyImportError) as exc:
            warnings.append(f"{path}:{number}: not a public key ({exc}); line skipped")
            continue
        name = (key.get_comment() or "").strip()
        if not valid_name(name):
            warnings.append(f"{path}:{number}: the key's comment {name!r} is not a learner's "
                            f"name ({NAME_RULE}); line skipped")
            continue
        keys[key.public_data] = name
    if not keys:
        raise AccessError(f"{path} holds no usable key: each line is a public key "
                          f"(authorized_keys format) whose comment is the learner's name")
    return keys, warnings
