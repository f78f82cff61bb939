"""`chapterdeck report --data-dir DIR`: the class report as tables that fit 80 columns, as
JSON and as CSV; a folder that is not a class is a plain message and exit 2."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest

from tui.cli import main

from classdata import SMALL_BANK, sample_class, small_course


@pytest.fixture
def class_dir(tmp_path):
    return sample_class(tmp_path / "class", small_course())


def report(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["report", "--quiz", str(SMALL_BANK), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_report_as_tables_fits_80_columns(capsys, class_dir, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    code, out, err = report(capsys, "--data-dir", str(class_dir))
    assert code == 0, err
    assert max(len(line) for line in out.splitlines()) <= 80
    for needle in ("Learners", "ana", "100%", "cannot be read", "gus:",
                   "Questions, most missed first", "bank-topology", "Embedded model",
                   "no answers yet"):
        assert needle in out
    # Most missed first: the bank topology question (one learner in five right) leads.
    assert out.index("bank-topology") < out.index("golden-set")


def test_ascii_draws_only_ascii(capsys, class_dir):
    code, out, _ = report(capsys, "--data-dir", str(class_dir), "--ascii")
    assert code == 0 and out.isascii()


def test_the_report_as_json(capsys, class_dir):
    code, out, _ = report(capsys, "--data-dir", str(class_dir), "--json")
    data = json.loads(out)
    assert code == 0
    names = [x["name"] for x in data["learners"]]
    assert names == ["ana", "ben", "chidi", "dana", "emeka", "farah", "gus"]
    ben = data["learners"][1]
    # Ben's retake of his two misses is counted apart from his whole-chapter quiz (75%).
    assert (ben["attempts"], ben["other_attempts"], ben["best_percent"]) == (1, 1, 75.0)
    assert "not a database" in data["learners"][-1]["problem"]
    first = data["questions"][0]
    assert first["question"] == "bank-topology" and first["facility"] == 0.2
    assert first["most_chosen_wrong"] == "Embedded model"
    assert first["method"] == "thirds" and first["confidently_wrong"] == 4


def test_the_report_as_csv(capsys, class_dir):
    code, out, _ = report(capsys, "--data-dir", str(class_dir), "--csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and rows[0]["name"] == "ana" and rows[0]["step 8"] == "1.0"
    code, out, _ = report(capsys, "--data-dir", str(class_dir), "--csv", "questions")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [r["question"] for r in rows][0] == "bank-topology"
    assert rows[0]["most_chosen_wrong_count"] == "4"


@pytest.mark.parametrize("make", ["missing", "plain", "empty"])
def test_not_a_class_folder_is_a_message_and_exit_2(capsys, tmp_path, make):
    folder = tmp_path / "x"
    if make != "missing":
        folder.mkdir()
    if make == "empty":
        (folder / "learners").mkdir()
    code, out, err = report(capsys, "--data-dir", str(folder))
    assert code == 2 and out == ""
    assert err.startswith("chapterdeck report: ") and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_without_data_dir_it_reads_the_class_serve_keeps_by_default(capsys, tmp_path):
    # conftest points the user data folder at tmp_path/data; serve's class is classroom/.
    code, out, err = report(capsys)
    assert code == 2 and str(tmp_path / "data" / "classroom") in err
    sample_class(tmp_path / "data" / "classroom", small_course())
    code, out, err = report(capsys)
    assert code == 0 and "7 learners" in out


def test_the_installed_command_reads_without_textual(class_dir):
    """The report prints with Rich alone and never writes to the learners' files."""
    def files():  # SQLite may add the -wal and -shm files it reads through
        return {p: p.stat().st_mtime_ns for p in class_dir.rglob("*")
                if p.is_file() and not p.name.endswith(("-wal", "-shm"))}

    before = files()
    probe = ("import sys\nfrom tui.cli import main\n"
             f"code = main(['report', '--quiz', {str(SMALL_BANK)!r}, '--data-dir', "
             f"{str(class_dir)!r}, '--json'])\n"
             "assert code == 0, code\n"
             "assert 'textual' not in sys.modules, 'textual was loaded'\n")
    subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True, timeout=60)
    assert files() == before  # nothing moved aside, made or written


def test_in_a_real_terminal_of_80_columns(terminal, class_dir):
    term = terminal("report", "--quiz", str(SMALL_BANK), "--data-dir", str(class_dir),
                    cols=80, rows=120)
    assert term.wait_exit() == 0
    text = term.text()
    assert "Learners" in text and "Questions, most missed first" in text
    assert "Most chosen wrong (4): Embedded model" in text
    assert b"\x1b[" in term.raw  # in colour, as a terminal can show it
    lines = [line.rstrip() for line in text.splitlines()]
    # Nothing was cut at the edge: each row of the learners' table is whole.
    assert any(line.startswith(" ana") and line.endswith("████████") for line in lines)


def test_a_reader_that_stops_early_is_no_error(tmp_path):
    """`chapterdeck report --json | head`: the closed pipe ends the report quietly."""
    from terminal import installed_command

    from classdata import take

    course = small_course()
    for n in range(150):  # JSON well beyond a pipe's buffer
        take(tmp_path, f"learner{n:03d}", course, {"pm-shift": 0, "golden-set": 1})
    process = subprocess.Popen([installed_command(), "report", "--quiz", str(SMALL_BANK),
                                "--data-dir", str(tmp_path), "--json"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout.read(1) == b"{"
    process.stdout.close()
    assert process.wait(timeout=60) == 0
    assert b"Traceback" not in process.stderr.read()
