"""The messages between a deck and a notes view: one JSON object per line.

Deck to notes:
  {"type": "chapter", "pid": P, "title": T, "steps": [{"title", "notes", "minutes"}, ...]}
      sent on connecting and again when the chapter is reloaded;
  {"type": "state", "step": N, "started": EPOCH or null}
      sent on connecting and on every step change (0 is the cover; `started` is when the
      talk began, by the wall clock both sides share).
Notes to deck:
  {"type": "command", "action": "forward" | "next" | "previous" | "go", "step": N}

A learner's deck under `chapterdeck serve` and the class server, on the same socket:
  {"type": "place", "place": "step 3 / 8" | "cover" | "quiz 4 / 10" | "quiz menu" | "results"}
      deck to server, whenever where the learner is changes;
  {"type": "presenter", "step": N or null}
      server to deck: the followed presenter is on step N (null: the presenter's deck quit).
"""

from __future__ import annotations

import json

MAX_LINE = 256 * 1024  # a chapter of 30 steps with long notes fits many times over
ACTIONS = ("forward", "next", "previous", "go")


class BadMessage(ValueError):
    """A line that is not one of the messages above."""


def encode(message: dict) -> bytes:
    return json.dumps(message, ensure_ascii=False, separators=(",", ":")).encode() + b"\n"


def decode(line: bytes) -> dict:
    try:
        message = json.loads(line)
    except (UnicodeDecodeError, ValueError) as exc:
        raise BadMessage(f"not JSON: {line[:60]!r}") from exc
    if not isinstance(message, dict) or not isinstance(message.get("type"), str):
        raise BadMessage(f"not a message: {line[:60]!r}")
    return message


def command(action: str, step: int = 0) -> dict:
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    return {"type": "command", "action": action, "step": step}


def parse_command(message: dict) -> tuple[str, int] | None:
    """The (action, step) of a command message, or None for anything else."""
    if message.get("type") != "command" or message.get("action") not in ACTIONS:
        return None
    step = message.get("step", 0)
    if not isinstance(step, int) or isinstance(step, bool):
        return None
    return message["action"], step
