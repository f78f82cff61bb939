"""The score store: answers kept at once, never lost, shared by two sessions, bad files set
aside, old files migrated."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import stat
import subprocess
import sys
import textwrap

import pytest

from tui.content.quizload import load_quiz
from tui.content.paths import default_chapter
from tui.content.loader import load_chapter
from tui.quiz.session import Course, QuizSession
from tui.store.scores import (
    DB_NAME, MIGRATIONS, SCHEMA_VERSION, AlreadyAnswered, ScoreStore, StoredAnswer,
)

from conftest import FIXTURES

SMALL_BANK = FIXTURES / "quiz" / "ch03-small.yaml"


@pytest.fixture(scope="module")
def course() -> Course:
    chapter = load_chapter(default_chapter())
    return Course(chapter, load_quiz(SMALL_BANK, chapter))


def answer(position: int, question: str = "q", credit: float = 1.0) -> StoredAnswer:
    return StoredAnswer(position, question, 0, 2, credit, 2.0 if credit else -2.0,
                        "2026-11-26T10:00:00+00:00", 3.5)


def test_answers_are_on_disk_when_recorded(tmp_path):
    store = ScoreStore.open(tmp_path)
    attempt = store.start("ch", "chapter", "Whole chapter", 7, ["q", "r"], True)
    store.record(attempt, answer(0))
    other = ScoreStore.open(tmp_path)  # a second connection sees it at once
    (found,) = other.attempts("ch", statuses=("open",))
    assert [a.question_id for a in found.answers] == ["q"]
    assert found.seed == 7 and found.question_ids == ("q", "r") and found.certainty


def test_the_file_is_readable_by_its_owner_only(tmp_path):
    folder = tmp_path / "new" / "data"
    ScoreStore.open(folder)
    assert stat.S_IMODE((folder / DB_NAME).stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_finish_discard_and_history(tmp_path):
    store = ScoreStore.open(tmp_path)
    one = store.start("ch", "chapter", "One", 1, ["q"], True)
    store.record(one, answer(0))
    store.finish(one)
    two = store.start("ch", "step", "Two", 2, ["q"], False)
    store.record(two, answer(0, credit=0))
    store.discard(two)
    assert [a.label for a in store.attempts("ch")] == ["One"]
    assert store.unfinished("ch") is None
    # A discarded attempt does not count, but its answers stay in the file.
    assert len(store.answers("ch")) == 1
    assert sqlite3.connect(tmp_path / DB_NAME).execute(
        "SELECT count(*) FROM answers").fetchone()[0] == 2


def test_only_one_store_owns_an_attempt_and_no_answer_is_overwritten(tmp_path):
    """Two terminals resuming the same cut-off attempt: the first owns it, the second is
    told it is open elsewhere and cannot discard it; an answer row is never replaced."""
    from tui.store.scores import AttemptTaken

    first = ScoreStore.open(tmp_path)
    attempt = first.start("ch", "chapter", "Cut off", 1, ["q"] * 6, True)
    for n in range(3):
        first.record(attempt, answer(n))
    first.close()  # as the killed process's locks go with it
    one, two = ScoreStore.open(tmp_path), ScoreStore.open(tmp_path)
    seen_one, seen_two = one.unfinished("ch"), two.unfinished("ch")
    assert seen_one.id == seen_two.id == attempt.id
    one.adopt(seen_one)
    with pytest.raises(AttemptTaken, match="open in another chapterdeck"):
        two.adopt(seen_two)
    with pytest.raises(AttemptTaken):
        two.discard(seen_two)
    assert two.unfinished("ch") is None  # no longer offered there
    assert one.unfinished("ch").id == attempt.id  # its owner still sees it
    one.record(seen_one, answer(3, "mine"))
    with pytest.raises(AlreadyAnswered):
        two.record(seen_two, answer(3, "theirs"))
    kept = ScoreStore.open(tmp_path).attempt(attempt.id)
    assert [a.question_id for a in kept.answers] == ["q", "q", "q", "mine"]
    one.finish(seen_one)
    assert not (tmp_path / "open-attempts" / f"attempt-{attempt.id}.lock").exists()


OWNER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from tui.store.scores import ScoreStore
    store = ScoreStore.open(Path(sys.argv[1]))
    store.start("ch", "chapter", "Busy", 1, ["q"], True)
    print("ready", flush=True)
    time.sleep(60)
""")


def test_an_attempt_a_running_process_owns_is_offered_once_it_ends(tmp_path):
    """Ownership is a lock the system drops when the owner ends, however it ends; a pid
    (which another program may take over) no longer decides."""
    owner = subprocess.Popen([sys.executable, "-c", OWNER, str(tmp_path)],
                             stdout=subprocess.PIPE, text=True)
    try:
        assert owner.stdout.readline().strip() == "ready"
        store = ScoreStore.open(tmp_path)
        assert store.unfinished("ch") is None
        store.conn.execute("UPDATE attempts SET pid = ?", (os.getpid() + 10**6,))
        assert store.unfinished("ch") is None  # the pid column does not matter
    finally:
        owner.send_signal(signal.SIGKILL)
        owner.wait(timeout=30)
    assert store.unfinished("ch").label == "Busy"


WRITER = textwrap.dedent("""
    import sys
    from tui.store.scores import ScoreStore, StoredAnswer
    store = ScoreStore.open(__import__("pathlib").Path(sys.argv[1]))
    assert not store.notices, store.notices
    attempt = store.start("ch", "chapter", sys.argv[2], 1, ["q"] * 200, True)
    print("ready", flush=True)
    sys.stdin.readline()  # both start writing together
    for n in range(200):
        store.record(attempt, StoredAnswer(n, "q", n, 1, 1.0, 1.0, "t", 0.1))
    store.finish(attempt)
""")


def test_two_sessions_writing_at_once_lose_nothing(tmp_path):
    ScoreStore.open(tmp_path).close()  # created and migrated first, as a login would
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, str(tmp_path), name],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
               for name in ("first", "second")]
    for w in writers:
        assert w.stdout.readline().strip() == "ready"
    for w in writers:
        w.stdin.write("go\n")
        w.stdin.flush()
    for w in writers:
        assert w.wait(timeout=60) == 0
    store = ScoreStore.open(tmp_path)
    attempts = store.attempts("ch")
    assert sorted(a.label for a in attempts) == ["first", "second"]
    assert [len(a.answers) for a in attempts] == [200, 200]


TAKER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from tui.content.loader import load_chapter
    from tui.content.paths import default_chapter
    from tui.content.quizload import load_quiz
    from tui.quiz.session import Course, QuizSession
    from tui.store.scores import ScoreStore
    chapter = load_chapter(default_chapter())
    course = Course(chapter, load_quiz(Path(sys.argv[2]), chapter))
    store = ScoreStore.open(Path(sys.argv[1]))
    session = QuizSession.begin(course, store, course.whole_chapter(6, seed=11), True, seed=99)
    for _ in range(3):
        q = session.question
        response = {"single": 0, "multiple": [0], "order": list(range(len(q.options))),
                    "match": [0] * len(q.pairs)}[q.kind]
        session.answer(response, 2, 1.0)
        session.advance()
    print(" ".join(q.id for q in session.questions), flush=True)
    time.sleep(60)
""")


def test_a_killed_process_resumes_with_every_answer_kept(tmp_path, course):
    taker = subprocess.Popen([sys.executable, "-c", TAKER, str(tmp_path), str(SMALL_BANK)],
                             stdout=subprocess.PIPE, text=True)
    asked = taker.stdout.readline().split()
    taker.send_signal(signal.SIGKILL)
    taker.wait(timeout=90)
    store = ScoreStore.open(tmp_path)
    attempt = store.unfinished(course.quiz_id)
    assert attempt is not None and len(attempt.answers) == 3
    session = QuizSession.resume(course, store, attempt)
    assert [q.id for q in session.questions] == asked  # the same questions, same order
    assert session.position == 3 and len(session.results) == 3
    fresh = QuizSession(course, store, attempt)
    assert fresh.orders == session.orders  # and the same option order, from the seed
    # Each kept answer has its review card, written with it.
    cards = store.conn.execute("SELECT question FROM cards").fetchall()
    assert sorted(q for (q,) in cards) == sorted(asked[:3])


def test_a_corrupt_file_is_moved_aside_and_a_new_one_started(tmp_path):
    (tmp_path / DB_NAME).write_bytes(b"this is not a database, it is a shopping list\n" * 50)
    store = ScoreStore.open(tmp_path)
    assert store.saving
    (notice,) = store.notices
    moved = [p for p in tmp_path.iterdir() if p.name.startswith(f"{DB_NAME}.corrupt-")]
    assert len(moved) == 1 and moved[0].name in notice
    assert moved[0].read_bytes().startswith(b"this is not a database")
    attempt = store.start("ch", "chapter", "After", 1, ["q"], True)
    store.record(attempt, answer(0))
    assert len(ScoreStore.open(tmp_path).answers("ch")) == 1


def test_migrations_run_on_an_old_schema(tmp_path):
    old = sqlite3.connect(tmp_path / DB_NAME)
    old.executescript(MIGRATIONS[1])
    old.execute("PRAGMA user_version = 1")
    old.execute("INSERT INTO attempts (quiz, kind, label, seed, questions, certainty, "
                "started_at, status) VALUES ('ch', 'chapter', 'Old', 5, '[\"q\"]', 1, "
                "'2026-01-01T00:00:00+00:00', 'finished')")
    old.execute("INSERT INTO answers VALUES (1, 0, 'q', '0', 3, 1.0, 3.0, "
                "'2026-01-01T00:00:00+00:00')")
    old.commit()
    old.close()
    store = ScoreStore.open(tmp_path)
    assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 3
    (attempt,) = store.attempts("ch")
    assert attempt.label == "Old" and attempt.answers[0].mark == 3.0
    assert attempt.answers[0].seconds is None  # the new column, empty for old answers
    store.record(attempt, answer(1))
    assert store.attempt(attempt.id).answers[1].seconds == 3.5


def test_a_newer_schema_is_left_alone(tmp_path):
    newer = sqlite3.connect(tmp_path / DB_NAME)
    newer.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    newer.close()
    store = ScoreStore.open(tmp_path)
    assert not store.saving and "newer chapterdeck" in store.notices[0]
    assert not [p for p in tmp_path.iterdir() if "corrupt" in p.name]


def test_an_unwritable_data_folder_still_runs_in_memory(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    store = ScoreStore.open(blocker / "data")
    assert not store.saving
    assert "cannot be saved" in store.notices[0] and "--data-dir" in store.notices[0]
    attempt = store.start("ch", "chapter", "Memory", 1, ["q"], True)
    store.record(attempt, answer(0))
    dumped = store.dump(store.session_attempts)
    assert json.loads(json.dumps(dumped))[0]["answers"][0]["question"] == "q"


def test_a_write_that_fails_mid_quiz_keeps_the_answer_for_the_exit_report(tmp_path, course):
    store = ScoreStore.open(tmp_path)
    session = QuizSession.begin(course, store, course.whole_chapter(3, seed=4), True, seed=4)
    store.conn.close()  # the file goes away under the quiz (disk gone, say)
    q = session.question
    session.answer(0 if q.kind == "single" else
                   list(range(len(q.options))) if q.kind == "order" else
                   [0] * len(q.pairs) if q.kind == "match" else [0], 1, 2.0)
    assert len(session.unsaved) == 1 and "could not be saved" in session.save_error


def test_default_data_dir_honours_the_environment(tmp_path, monkeypatch):
    from tui.store.scores import default_data_dir

    monkeypatch.setenv("CHAPTERDECK_DATA_DIR", str(tmp_path / "x"))
    assert default_data_dir() == tmp_path / "x"
    monkeypatch.delenv("CHAPTERDECK_DATA_DIR")
    assert default_data_dir().name == "chapterdeck"


def test_an_attempt_cut_off_after_its_last_answer_resumes_as_finished(tmp_path, course):
    store = ScoreStore.open(tmp_path)
    session = QuizSession.begin(course, store, course.one_step(4, seed=2), True, seed=2)
    session.answer(0, 3, 1.0)  # the only question; then the process dies before Enter
    attempt = store.unfinished(course.quiz_id)  # this process's own attempt is offered too
    assert attempt is not None and len(attempt.answers) == 1
    resumed = QuizSession.resume(course, store, attempt)
    assert resumed.done
    assert [a.label for a in store.attempts(course.quiz_id)] == ["Step 4 — Team Topologies"]


# -- damaged, foreign and read-only score files ------------------------------------------------


def a_history(tmp_path) -> None:
    store = ScoreStore.open(tmp_path)
    attempt = store.start("ch", "chapter", "Kept", 1, ["q", "r"], True)
    store.record(attempt, answer(0))
    store.close()


def moved_aside(tmp_path) -> list:
    return sorted(tmp_path.glob(f"{DB_NAME}.corrupt-*[0-9]"))


@pytest.mark.parametrize("damage", ["response", "questions"])
def test_an_answer_that_is_not_json_sets_the_file_aside(tmp_path, damage):
    a_history(tmp_path)
    with sqlite3.connect(tmp_path / DB_NAME) as conn:
        conn.execute("UPDATE answers SET response = '{x'" if damage == "response" else
                     "UPDATE attempts SET questions = '[oops'")
    store = ScoreStore.open(tmp_path)
    assert store.saving and store.attempts("ch", ("open",)) == []  # a new, empty file
    assert "could not be read (1 of its saved answers and question lists cannot be read)" \
        in store.notices[0] and "kept for recovery" in store.notices[0]
    (old,) = moved_aside(tmp_path)
    assert sqlite3.connect(old).execute("SELECT count(*) FROM answers").fetchone()[0] == 1


def test_a_file_missing_columns_its_version_promises_sets_the_file_aside(tmp_path):
    conn = sqlite3.connect(tmp_path / DB_NAME)
    conn.executescript(MIGRATIONS[1])  # the tables of schema 1 ...
    conn.execute("PRAGMA user_version = 2")  # ... labelled schema 2: no answers.seconds
    conn.close()
    store = ScoreStore.open(tmp_path)
    assert "its answers table lacks seconds" in store.notices[0]
    assert len(moved_aside(tmp_path)) == 1
    attempt = store.start("ch", "chapter", "New", 1, ["q"], True)
    store.record(attempt, answer(0))  # the new file works


def test_a_database_that_is_not_chapterdecks_is_left_alone(tmp_path):
    with sqlite3.connect(tmp_path / DB_NAME) as conn:
        conn.execute("CREATE TABLE recipes (name TEXT)")
        conn.execute("INSERT INTO recipes VALUES ('bread')")
    store = ScoreStore.open(tmp_path)
    assert "not a chapterdeck score file: it holds the tables recipes" in store.notices[0]
    (old,) = moved_aside(tmp_path)
    tables = [r[0] for r in sqlite3.connect(old).execute(
        "SELECT name FROM sqlite_master WHERE type = 'table'")]
    assert tables == ["recipes"]  # no chapterdeck tables added to it


def test_a_read_only_file_is_read_but_never_written_or_made_writable(tmp_path, monkeypatch):
    """(The tests run as root, whom permissions do not stop: the check is pretended.)"""
    a_history(tmp_path)
    path = tmp_path / DB_NAME
    path.chmod(0o400)
    before = path.read_bytes()
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode, **kw: False if str(p) == str(path)
                        and mode == os.W_OK else real_access(p, mode, **kw))
    store = ScoreStore.open(tmp_path)
    assert not store.saving and "is read-only: your history shows" in store.notices[0]
    attempt = store.unfinished("ch")
    assert attempt.label == "Kept" and len(attempt.answers) == 1
    store.discard(attempt)  # the crash: x on a read-only file
    assert stat.S_IMODE(path.stat().st_mode) == 0o400 and path.read_bytes() == before


def test_an_existing_files_permissions_are_never_changed_silently(tmp_path):
    a_history(tmp_path)
    path = tmp_path / DB_NAME
    path.chmod(0o644)
    store = ScoreStore.open(tmp_path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    assert f"can be read by other users (mode 0644); to keep your scores private, run " \
           f"chmod 600 {path}" in store.notices[0]


@pytest.mark.parametrize("argv", [["scores", "--json"], ["scores", "--csv"], ["scores"],
                                  ["review"]])
def test_printing_the_history_of_an_unusable_score_folder_fails(tmp_path, capsys, argv):
    """`scores --json` printed an empty history and exited 0 when the score file could not
    be used; now it says why and exits 1 (output is a pipe here, so nothing is drawn)."""
    from tui.cli import main

    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    assert main([*argv, "--data-dir", str(blocker / "data")]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert f"chapterdeck {argv[0]}: your history cannot be read from {blocker / 'data'}" in err
