"""One family of user-facing errors, printed one way (tui/errors.py, cli.print_error)."""

from __future__ import annotations

import pytest

from tui import cli
from tui.classroom.report import NotAClass
from tui.content.checking import ContentError, Problem
from tui.content.finding import QuizError
from tui.errors import ChapterdeckError, describe
from tui.export import ExportError
from tui.link.place import LinkError
from tui.quiz.session import NothingToTake
from tui.serve.server import ServeError
from tui.store.scores import AlreadyAnswered, AttemptTaken, StoreError


@pytest.mark.parametrize("error", [ContentError, QuizError, StoreError, AttemptTaken,
                                   AlreadyAnswered, LinkError, ExportError, ServeError,
                                   NotAClass, NothingToTake])
def test_every_error_a_user_sees_is_of_the_family(error):
    assert issubclass(error, ChapterdeckError)


def test_a_server_error_is_still_an_os_error():
    assert issubclass(ServeError, OSError)  # a watcher reports it as it does a taken port


def test_the_three_ways_an_error_is_worded():
    assert describe(LinkError("no folder"), "notes") == "chapterdeck notes: no folder"
    assert describe(QuizError("There is no quiz.", title="")) == "There is no quiz."
    problems = [Problem("a.yaml", 1, 1, "the chapter is missing 'steps'; add it")]
    assert describe(ContentError(problems, title="chapterdeck cannot play a.yaml")) == (
        "chapterdeck cannot play a.yaml:\n"
        "a.yaml:1:1: the chapter is missing 'steps'; add it\n"
        "1 problem in 1 file; see docs/content-format.md for the format.")


def test_main_prints_any_error_of_the_family_with_its_exit_code(monkeypatch, capsys):
    def broken(argv):
        raise StoreError("the score file is gone")

    monkeypatch.setitem(cli.COMMANDS, "scores", cli.Command("scores", "", broken))
    assert cli.main(["scores"]) == 1  # the store's fault, not the input's
    assert capsys.readouterr().err == "chapterdeck scores: the score file is gone\n"


def test_the_help_lists_the_commands_in_the_table_order(capsys):
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    text = " ".join(capsys.readouterr().out.split())
    places = [text.index(f"'chapterdeck {c.usage}'") for c in cli.COMMANDS.values()]
    assert places == sorted(places)
