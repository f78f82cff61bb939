"""The talk's clock and pacing: how long it has run, and how that compares with the plan.

Each step may plan some minutes (`minutes:` in the chapter). The talk starts when the deck
first leaves the cover. At step N the plan says the talk should be between the sum of the
minutes before N and that sum plus N's own: earlier is ahead, later is behind.
"""

from __future__ import annotations

from dataclasses import dataclass


def clock(seconds: float) -> str:
    """Seconds as m:ss, or h:mm:ss from an hour."""
    seconds = max(int(seconds), 0)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02}:{secs:02}" if hours else f"{minutes}:{secs:02}"


@dataclass(frozen=True)
class Pace:
    """Where the talk stands against the plan at one step."""

    planned_from: float  # seconds into the talk the step is planned to start
    planned_to: float    # ... and to end
    elapsed: float

    @property
    def drift(self) -> float:
        """Seconds ahead (negative) or behind (positive); 0 inside the step's slot."""
        if self.elapsed < self.planned_from:
            return self.elapsed - self.planned_from
        if self.elapsed > self.planned_to:
            return self.elapsed - self.planned_to
        return 0.0

    def describe(self) -> str:
        drift = self.drift
        if abs(drift) < 30:
            return f"on time (this step: {clock(self.planned_from)}–{clock(self.planned_to)})"
        minutes = int(abs(drift) / 60 + 0.5) or 1  # half a minute rounds up, always
        word = "ahead" if drift < 0 else "behind"
        return (f"{minutes} min {word} (this step: "
                f"{clock(self.planned_from)}–{clock(self.planned_to)})")


def pace(minutes: list[float | None], step: int, elapsed: float) -> Pace | None:
    """The pace at 1-based `step`, or None when the step has no planned minutes."""
    if not 1 <= step <= len(minutes) or minutes[step - 1] is None:
        return None
    before = sum(m or 0 for m in minutes[: step - 1]) * 60
    return Pace(before, before + minutes[step - 1] * 60, elapsed)


def planned_total(minutes: list[float | None]) -> float:
    """The planned length of the talk in seconds."""
    return sum(m or 0 for m in minutes) * 60


class TalkClock:
    """When the talk began, on the wall clock (both sides of the link read it) and on a
    monotonic one (the deck's own display does not jump when the wall clock is set)."""

    def __init__(self) -> None:
        self.started_wall: float | None = None
        self._started_mono: float | None = None

    def start(self, wall: float, mono: float) -> None:
        if self.started_wall is None:
            self.started_wall, self._started_mono = wall, mono

    def elapsed(self, mono: float) -> float:
        return 0.0 if self._started_mono is None else mono - self._started_mono
