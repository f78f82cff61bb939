"""The one family of errors a user sees: each says in plain words what went wrong and what to
do, and every command prints it the same way (`describe`, printed by `tui.cli`); a running app
shows it as a notice. Pure: no Textual, no Rich, nothing else of chapterdeck.

The core's own errors derive from ChapterdeckError (a content file's problems, a quiz that
cannot be used, the score store, the presenter link, the class server, the handout), so the
command line catches one class, not one per module.
"""

from __future__ import annotations

EXIT_FAILED = 1  # something other than the input went wrong (the score file, say)
EXIT_BAD_INPUT = 2


class ChapterdeckError(Exception):
    """Something the user can put right, said in plain words.

    `title`, when given, is a heading printed on a line of its own above the message (a file's
    problems under "chapterdeck cannot play FILE"; "" for none: the message says everything).
    Without one, the message follows the command's name: "chapterdeck notes: ..."."""

    exit_code = EXIT_BAD_INPUT

    def __init__(self, message: str = "", title: str | None = None) -> None:
        super().__init__(message)
        self.title = title

    def lines(self) -> list[str]:
        """The message as the lines it is printed in."""
        return str(self).splitlines()


def describe(error: ChapterdeckError, command: str = "") -> str:
    """The error as it is printed, for `command` (the word after chapterdeck, if any)."""
    text = "\n".join(error.lines())
    if error.title is None:
        return f"{' '.join(word for word in ('chapterdeck', command) if word)}: {text}"
    return f"{error.title}:\n{text}" if error.title else text
