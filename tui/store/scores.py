"""The score database: every attempt and every answer, kept in SQLite on the learner's machine.

One class, ScoreStore, is the only code that touches the file. Each answer is committed the
moment it is given, so a closed terminal, a dropped SSH connection or a killed process loses
nothing, and the unfinished attempt can be resumed. WAL and a busy timeout let two sessions
of the same learner write at once. A file that is not a database is moved aside, never
deleted; a data folder that cannot be written still lets the quiz run, in memory.
"""

from __future__ import annotations

import fcntl
import functools
import json
import os
import sqlite3
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from ..errors import EXIT_FAILED, ChapterdeckError

DB_NAME = "scores.db"
DATA_DIR_ENV = "CHAPTERDECK_DATA_DIR"
BUSY_TIMEOUT_MS = 10_000
OWNERS_DIR = "open-attempts"  # beside the database: one lock file per attempt being taken

# Each entry takes the schema from the version before it to its own number. Never edit one
# that has shipped: add the next.
MIGRATIONS: dict[int, str] = {
    1: """
        CREATE TABLE attempts (
            id INTEGER PRIMARY KEY,
            quiz TEXT NOT NULL,          -- the chapter id the bank tests
            kind TEXT NOT NULL,          -- chapter | step | topic | missed | review
            label TEXT NOT NULL,
            seed INTEGER NOT NULL,
            questions TEXT NOT NULL,     -- JSON list of question ids, in the order asked
            certainty INTEGER NOT NULL,  -- 1 when certainty-based marking was on
            started_at TEXT NOT NULL,
            finished_at TEXT,
            status TEXT NOT NULL DEFAULT 'open',  -- open | finished | discarded
            pid INTEGER
        );
        CREATE TABLE answers (
            attempt_id INTEGER NOT NULL REFERENCES attempts(id),
            position INTEGER NOT NULL,   -- 0-based place in the attempt's question list
            question TEXT NOT NULL,
            response TEXT NOT NULL,      -- JSON, see tui/quiz/scoring.py
            certainty INTEGER,
            credit REAL NOT NULL,
            mark REAL NOT NULL,
            answered_at TEXT NOT NULL,
            PRIMARY KEY (attempt_id, position)
        );
    """,
    # Time spent on each answer: an attempt resumed a day later has a misleading wall-clock
    # span, so "time taken" adds up the answers instead. The index serves the error review.
    2: """
        ALTER TABLE answers ADD COLUMN seconds REAL;
        CREATE INDEX answers_by_question ON answers(question);
    """,
    # Spaced review: one card per question met, written with each answer. A store migrated
    # from 2 has answers and no cards; `schedule` builds those from the answers on first read.
    3: """
        CREATE TABLE cards (
            quiz TEXT NOT NULL,
            question TEXT NOT NULL,
            card TEXT NOT NULL,          -- the review card as JSON, see tui/quiz/review.py
            due TEXT NOT NULL,           -- when it is next due: UTC, ISO 8601
            PRIMARY KEY (quiz, question)
        );
    """,
}
SCHEMA_VERSION = max(MIGRATIONS)


def default_data_dir() -> Path:
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("chapterdeck", appauthor=False))


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@dataclass(frozen=True)
class StoredAnswer:
    """One answer as the store keeps it: to which question, how sure, and its marks."""

    position: int
    question_id: str
    response: object
    certainty: int | None
    credit: float
    mark: float
    answered_at: str
    seconds: float | None = None


@dataclass
class Attempt:
    """One attempt at a quiz as the store keeps it: what was asked, and when."""

    id: int
    quiz: str
    kind: str
    label: str
    seed: int
    question_ids: tuple[str, ...]
    certainty: bool
    started_at: str
    finished_at: str | None = None
    status: str = "open"
    answers: list[StoredAnswer] = field(default_factory=list)

    @property
    def seconds(self) -> float:
        return sum(a.seconds or 0 for a in self.answers)


class StoreError(ChapterdeckError):
    """The database cannot be used; the message says why and what to do. SQLite's own errors
    are told as this (in SQLite's words), so nothing above the store imports sqlite3."""

    exit_code = EXIT_FAILED  # not the input's fault


class AlreadyAnswered(StoreError):
    """A second answer for a position of an attempt: refused, the first is kept."""


def _told(method):
    """`method` with SQLite's errors raised as StoreError, its message the same."""
    @functools.wraps(method)
    def told(*args, **kwargs):
        try:
            return method(*args, **kwargs)
        except sqlite3.Error as exc:
            raise StoreError(str(exc)) from exc
    return told


class AttemptTaken(StoreError):
    """Another running chapterdeck owns the attempt (it is open in another terminal)."""

    def __init__(self) -> None:
        super().__init__("This quiz is open in another chapterdeck (another terminal or "
                         "login): go on with it there, or leave it there (q) to resume it "
                         "here.")


class ScoreStore:
    """All reading and writing of scores. `notices` holds plain sentences for the learner
    about anything that went wrong on the way in (a file moved aside, scores not saved)."""

    @_told
    def __init__(self, path: Path | None) -> None:
        self.path = path  # None: in memory only
        self.notices: list[str] = []
        self.unusable = ""  # why no score file could be used at all (then nothing is kept)
        self.session_attempts: list[int] = []  # started by this process, for the exit dump
        self._owned: dict[int, int] = {}  # attempt id -> the open, locked file that owns it
        self.conn = self._connect(path)

    # -- opening ----------------------------------------------------------------------------

    @classmethod
    def open(cls, data_dir: Path | None = None) -> "ScoreStore":
        """The learner's store, whatever state its folder is in."""
        folder = data_dir or default_data_dir()
        path = folder / DB_NAME
        try:
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            if path.exists() and not os.access(path, os.W_OK):
                return cls._read_only_copy(path)
            _create_private(path)
            store = cls(path)
            store._check_mode()
            return store
        except _Corrupt as exc:
            try:
                moved = _quarantine(path)
                _create_private(path)
                store = cls(path)
            except (OSError, sqlite3.Error, StoreError, _Corrupt) as again:
                return cls._unsaved(folder, again)
            store.notices.append(
                f"The score file {path} could not be read ({exc}). It was moved aside to "
                f"{moved.name} and a new one started; the old file is kept for recovery.")
            return store
        except (OSError, sqlite3.Error, StoreError) as exc:
            return cls._unsaved(folder, exc)

    @classmethod
    def _unsaved(cls, folder: Path, exc: Exception) -> "ScoreStore":
        store = cls(None)
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        store.unusable = f"{folder} ({reason})"
        store.notices.append(
            f"Scores cannot be saved in {folder} ({reason}). The quiz still runs; your "
            f"answers are printed as JSON when you quit. To keep them, make the folder "
            f"writable or choose another with --data-dir or {DATA_DIR_ENV}.")
        return store

    @classmethod
    def _read_only_copy(cls, path: Path) -> "ScoreStore":
        """A score file this user may not write: its history is read into memory, and what
        is answered now is printed as JSON at the end (the file itself is left as it is)."""
        source = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
        try:
            store = cls(None)
            source.backup(store.conn)
            store._migrate(store.conn)
            store._check_schema(store.conn)
        except (sqlite3.DatabaseError, _Corrupt) as exc:
            raise StoreError(f"the score file is read-only and cannot be read: {exc}") from exc
        finally:
            source.close()
        store.notices.append(
            f"The score file {path} is read-only: your history shows, but new answers are "
            f"not saved in it; they are printed as JSON when you quit. To save them, make it "
            f"writable (chmod u+w {path}).")
        return store

    def _check_mode(self) -> None:
        """Say so (never change it silently) when others may read the score file."""
        mode = self.path.stat().st_mode & 0o777
        if mode & 0o077:
            self.notices.append(
                f"The score file {self.path} can be read by other users (mode {mode:04o}); "
                f"to keep your scores private, run chmod 600 {self.path}.")

    def _connect(self, path: Path | None) -> sqlite3.Connection:
        target = str(path) if path else ":memory:"
        conn = sqlite3.connect(target, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                               check_same_thread=False)
        conn.row_factory = sqlite3.Row  # every row is read by its columns' names
        try:
            try:
                conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
                if path:
                    conn.execute("PRAGMA journal_mode = WAL")
                    check = conn.execute("PRAGMA quick_check").fetchone()["quick_check"]
                    if check != "ok":
                        raise _Corrupt(check)
                conn.execute("PRAGMA synchronous = NORMAL" if path else "PRAGMA synchronous = OFF")
                self._migrate(conn)
                if path:
                    self._check_schema(conn)
            except sqlite3.DatabaseError as exc:
                if isinstance(exc, sqlite3.OperationalError) and not _looks_corrupt(exc):
                    raise
                raise _Corrupt(str(exc)) from exc
        except BaseException:
            conn.close()
            raise
        return conn

    @staticmethod
    def _check_schema(conn: sqlite3.Connection) -> None:
        """_Corrupt unless every table and column the migrations make is there and every
        saved answer and question list can be read back (the file was not edited by hand)."""
        for table, columns in _expected_columns().items():
            have = {row["name"] for row in conn.execute(f"PRAGMA table_info({table})")}
            missing = sorted(columns - have)
            if missing:
                raise _Corrupt(f"its {table} table lacks {', '.join(missing)}" if have else
                               f"it has no {table} table")
        try:
            bad = conn.execute(
                "SELECT (SELECT count(*) FROM answers WHERE NOT json_valid(response)) + "
                "(SELECT count(*) FROM attempts WHERE NOT json_valid(questions)) AS bad"
            ).fetchone()["bad"]
        except sqlite3.OperationalError:  # an SQLite without JSON functions: not checked
            return
        if bad:
            raise _Corrupt(f"{bad} of its saved answers and question lists cannot be read")

    @staticmethod
    def _migrate(conn: sqlite3.Connection) -> None:
        version = _user_version(conn)
        if version > SCHEMA_VERSION:
            raise StoreError(f"the score file was written by a newer chapterdeck (schema "
                             f"{version}, this one reads up to {SCHEMA_VERSION}); upgrade "
                             f"chapterdeck")
        if version == SCHEMA_VERSION:
            return
        if version == 0:
            tables = [row["name"] for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
            if tables:  # a database, but not one chapterdeck made: leave its tables alone
                raise _Corrupt(f"it is not a chapterdeck score file: it holds the tables "
                               f"{', '.join(tables[:5])}")
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Another session may have migrated while this one waited for the lock.
            version = _user_version(conn)
            for number in range(version + 1, SCHEMA_VERSION + 1):
                for statement in MIGRATIONS[number].split(";"):
                    if statement.strip():
                        conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {number}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    @classmethod
    def read_only(cls, data_dir: Path) -> "ScoreStore":
        """Someone else's store, to read (the class report reads every learner's): nothing
        is created, migrated, moved aside or written. StoreError says why it cannot be read:
        there is none, it is not a database, or a newer chapterdeck wrote it."""
        path = data_dir / DB_NAME
        if not path.is_file():
            raise StoreError("no score file yet" if not path.exists() else
                             f"{DB_NAME} is not a regular file")
        try:
            conn = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True,
                                   timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)
            conn.row_factory = sqlite3.Row
            try:
                version = _user_version(conn)
                if version > SCHEMA_VERSION:
                    raise StoreError(f"written by a newer chapterdeck (schema {version}, this "
                                     f"one reads up to {SCHEMA_VERSION}); upgrade chapterdeck")
                conn.execute("SELECT 1 FROM attempts, answers LIMIT 1").fetchall()
            except BaseException:
                conn.close()
                raise
        except sqlite3.Error as exc:
            raise StoreError(f"the score file cannot be read ({exc})") from exc
        # Made as every store is (so it has all that one has), then pointed at the file.
        store = cls(None)
        store.conn.close()
        store.path, store.conn = path, conn
        return store

    @property
    def saving(self) -> bool:
        return self.path is not None

    def close(self) -> None:
        self.release()
        self.conn.close()

    def release(self) -> None:
        """Let other processes take this one's unfinished attempts (the app is ending)."""
        for attempt_id in list(self._owned):
            self._release(attempt_id)

    # -- owning an attempt ------------------------------------------------------------------
    # One process at a time takes an attempt: it holds an exclusive flock on the attempt's
    # file in OWNERS_DIR for as long as it runs, which the system drops when the process
    # ends however it ends (a pid could be reused by another program; a lock cannot).

    def _owner_file(self, attempt_id: int) -> Path:
        return self.path.parent / OWNERS_DIR / f"attempt-{attempt_id}.lock"

    def _claim(self, attempt_id: int) -> bool:
        """Own the attempt from now on; False when another process owns it."""
        if self.path is None or attempt_id in self._owned:
            return True
        owner = self._owner_file(attempt_id)
        owner.parent.mkdir(mode=0o700, exist_ok=True)
        fd = os.open(owner, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return False
        self._owned[attempt_id] = fd
        return True

    def _owned_elsewhere(self, attempt_id: int) -> bool:
        if self.path is None or attempt_id in self._owned:
            return False
        try:
            fd = os.open(self._owner_file(attempt_id), os.O_RDONLY | os.O_CLOEXEC)
        except OSError:
            return False  # never owned since locks were kept, or its owner finished
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
            return False
        except BlockingIOError:
            return True
        finally:
            os.close(fd)

    def _release(self, attempt_id: int) -> None:
        fd = self._owned.pop(attempt_id, None)
        if fd is not None:
            try:
                self._owner_file(attempt_id).unlink()
            except OSError:
                pass
            os.close(fd)

    def _write(self, sql: str, args: tuple) -> sqlite3.Cursor:
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            cursor = self.conn.execute(sql, args)
            self.conn.execute("COMMIT")
            return cursor
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise

    @contextmanager
    def _transaction(self):
        """Several statements as one write: all kept, or (on any error) none."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
            self.conn.execute("COMMIT")
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise

    # -- attempts ---------------------------------------------------------------------------

    @_told
    def start(self, quiz: str, kind: str, label: str, seed: int, question_ids: list[str],
              certainty: bool) -> Attempt:
        started = now()
        cursor = self._write(
            "INSERT INTO attempts (quiz, kind, label, seed, questions, certainty, started_at, "
            "pid) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (quiz, kind, label, seed, json.dumps(question_ids), int(certainty), started,
             os.getpid()))
        self.session_attempts.append(cursor.lastrowid)
        try:
            self._claim(cursor.lastrowid)  # new: nobody else can own it yet
        except OSError:
            pass  # the answers are still kept; only a second resume is not kept out
        return Attempt(cursor.lastrowid, quiz, kind, label, seed, tuple(question_ids),
                       certainty, started)

    @_told
    def record(self, attempt: Attempt, answer: StoredAnswer, schedule=None) -> None:
        """Keep one answer; it is on disk when this returns. An answer is never replaced:
        a second one for the same position raises AlreadyAnswered and the first stays.

        `schedule(previous card or None, history)` gives the question's review card after
        this answer, as (card JSON, due); it is written in the same transaction, so the answer
        and its rating are kept together or not at all. `history` is every answer to the
        question, this one included (for a question with no card yet)."""
        with self._transaction():
            try:
                self.conn.execute(
                    "INSERT INTO answers (attempt_id, position, question, response, "
                    "certainty, credit, mark, answered_at, seconds) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (attempt.id, answer.position, answer.question_id,
                     json.dumps(answer.response), answer.certainty, answer.credit, answer.mark,
                     answer.answered_at, answer.seconds))
            except sqlite3.IntegrityError as exc:
                raise AlreadyAnswered(str(exc)) from exc
            if schedule is not None:
                row = self.conn.execute("SELECT card FROM cards WHERE quiz = ? AND question = ?",
                                        (attempt.quiz, answer.question_id)).fetchone()
                card, due = schedule(row["card"] if row else None,
                                     self.answers_to(attempt.quiz, answer.question_id))
                self.conn.execute("INSERT OR REPLACE INTO cards (quiz, question, card, due) "
                                  "VALUES (?, ?, ?, ?)",
                                  (attempt.quiz, answer.question_id, card, due))
        attempt.answers = [a for a in attempt.answers if a.position != answer.position]
        attempt.answers.append(answer)

    @_told
    def finish(self, attempt: Attempt) -> None:
        attempt.finished_at, attempt.status = now(), "finished"
        self._write("UPDATE attempts SET finished_at = ?, status = 'finished' WHERE id = ?",
                    (attempt.finished_at, attempt.id))
        self._release(attempt.id)

    @_told
    def discard(self, attempt: Attempt) -> None:
        """Set an unfinished attempt aside: it no longer counts, but its answers stay."""
        if self._owned_elsewhere(attempt.id):
            raise AttemptTaken()
        attempt.status = "discarded"
        self._write("UPDATE attempts SET status = 'discarded', pid = NULL WHERE id = ?",
                    (attempt.id,))
        self._release(attempt.id)

    @_told
    def adopt(self, attempt: Attempt) -> None:
        """This process takes over an unfinished attempt (to resume it); AttemptTaken when
        another running chapterdeck has it."""
        try:
            claimed = self._claim(attempt.id)
        except OSError:
            claimed = True  # the folder cannot be written: as before locks were kept
        if not claimed:
            raise AttemptTaken()
        self._write("UPDATE attempts SET pid = ? WHERE id = ?", (os.getpid(), attempt.id))
        self.session_attempts.append(attempt.id)

    @_told
    def unfinished(self, quiz: str) -> Attempt | None:
        """The latest open attempt that no other running chapterdeck is taking."""
        rows = self.conn.execute(
            "SELECT * FROM attempts WHERE quiz = ? AND status = 'open' ORDER BY id DESC",
            (quiz,)).fetchall()
        for row in rows:
            if not self._owned_elsewhere(row["id"]):
                return self._attempt(row)
        return None

    @_told
    def attempts(self, quiz: str | None = None, statuses=("finished",)) -> list[Attempt]:
        marks = ",".join("?" * len(statuses))
        sql = f"SELECT * FROM attempts WHERE status IN ({marks})"
        args: list = list(statuses)
        if quiz:
            sql += " AND quiz = ?"
            args.append(quiz)
        return [self._attempt(row) for row in self.conn.execute(sql + " ORDER BY id", args)]

    @_told
    def attempt(self, attempt_id: int) -> Attempt | None:
        row = self.conn.execute("SELECT * FROM attempts WHERE id = ?", (attempt_id,)).fetchone()
        return self._attempt(row) if row else None

    @_told
    def answers(self, quiz: str) -> list[StoredAnswer]:
        """Every answer to this quiz that counts (not in discarded attempts), oldest first."""
        rows = self.conn.execute(
            "SELECT a.* FROM answers a JOIN attempts t ON t.id = a.attempt_id "
            "WHERE t.quiz = ? AND t.status != 'discarded' ORDER BY a.answered_at, "
            "a.attempt_id, a.position", (quiz,)).fetchall()
        return [_answer(row) for row in rows]

    @_told
    def answers_to(self, quiz: str, question: str) -> list[StoredAnswer]:
        """Every answer to one question, discarded attempts' too (the learner did answer),
        oldest first."""
        rows = self.conn.execute(
            "SELECT a.* FROM answers a JOIN attempts t ON t.id = a.attempt_id "
            "WHERE t.quiz = ? AND a.question = ? ORDER BY a.answered_at, a.attempt_id, "
            "a.position", (quiz, question)).fetchall()
        return [_answer(row) for row in rows]

    # -- spaced review ----------------------------------------------------------------------

    @_told
    def schedule(self, quiz: str, build) -> dict[str, str]:
        """When each question of this quiz with a review card is next due: {question: due}.
        Questions answered before the schedule existed (a store migrated from schema 2) get
        their card first, `build(question, its answers)` giving (card JSON, due), in one
        transaction."""
        unscheduled = "SELECT DISTINCT a.question FROM answers a " \
                      "JOIN attempts t ON t.id = a.attempt_id WHERE t.quiz = ? AND NOT EXISTS " \
                      "(SELECT 1 FROM cards c WHERE c.quiz = t.quiz AND c.question = a.question)"
        if self.conn.execute(unscheduled + " LIMIT 1", (quiz,)).fetchone():
            with self._transaction():
                for row in self.conn.execute(unscheduled, (quiz,)).fetchall():
                    question = row["question"]
                    card, due = build(question, self.answers_to(quiz, question))
                    self.conn.execute("INSERT INTO cards (quiz, question, card, due) "
                                      "VALUES (?, ?, ?, ?)", (quiz, question, card, due))
        return {row["question"]: row["due"] for row in self.conn.execute(
            "SELECT question, due FROM cards WHERE quiz = ?", (quiz,))}

    def _attempt(self, row: sqlite3.Row) -> Attempt:
        attempt = Attempt(row["id"], row["quiz"], row["kind"], row["label"], row["seed"],
                          tuple(json.loads(row["questions"])), bool(row["certainty"]),
                          row["started_at"], row["finished_at"], row["status"])
        attempt.answers = [_answer(r) for r in self.conn.execute(
            "SELECT * FROM answers WHERE attempt_id = ? ORDER BY position", (attempt.id,))]
        return attempt

    # -- export -----------------------------------------------------------------------------

    @_told
    def dump(self, attempt_ids: list[int] | None = None) -> list[dict]:
        """Attempts with their answers as plain data, for JSON."""
        ids = attempt_ids if attempt_ids is not None else [
            row["id"] for row in self.conn.execute("SELECT id FROM attempts ORDER BY id")]
        out = []
        for attempt_id in ids:
            a = self.attempt(attempt_id)
            if a is None:
                continue
            out.append({
                "id": a.id, "quiz": a.quiz, "kind": a.kind, "label": a.label, "seed": a.seed,
                "questions": list(a.question_ids), "certainty": a.certainty,
                "started_at": a.started_at, "finished_at": a.finished_at, "status": a.status,
                "answers": [{"position": x.position, "question": x.question_id,
                             "response": x.response, "certainty": x.certainty,
                             "credit": x.credit, "mark": x.mark, "seconds": x.seconds,
                             "answered_at": x.answered_at} for x in a.answers],
            })
        return out


class _Corrupt(Exception):
    pass


_EXPECTED: dict[str, set[str]] = {}


def _expected_columns() -> dict[str, set[str]]:
    """Every table the migrations make, with its columns (worked out once, in memory)."""
    if not _EXPECTED:
        conn = sqlite3.connect(":memory:")
        conn.row_factory = sqlite3.Row
        for number in sorted(MIGRATIONS):
            conn.executescript(MIGRATIONS[number])
        for table in [row["name"] for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")]:
            _EXPECTED[table] = {row["name"] for row in conn.execute(f"PRAGMA table_info({table})")}
        conn.close()
    return _EXPECTED


def _user_version(conn: sqlite3.Connection) -> int:
    return conn.execute("PRAGMA user_version").fetchone()["user_version"]


def _looks_corrupt(exc: sqlite3.Error) -> bool:
    text = str(exc).lower()
    return any(s in text for s in ("not a database", "malformed", "corrupt", "no such table",
                                   "no such column"))


def _answer(row: sqlite3.Row) -> StoredAnswer:
    return StoredAnswer(row["position"], row["question"], json.loads(row["response"]),
                        row["certainty"], row["credit"], row["mark"], row["answered_at"],
                        row["seconds"] if "seconds" in row.keys() else None)  # schema 1: none


def _create_private(path: Path) -> None:
    """Create the file readable by its owner only before SQLite opens it (SQLite would use
    the umask, typically world-readable). Its WAL files take the same mode."""
    if not path.exists():
        os.close(os.open(path, os.O_CREAT | os.O_RDWR, 0o600))


def _quarantine(path: Path) -> Path:
    """Move a bad database (and its WAL files) aside under a timestamped name."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
    os.replace(path, target)
    for suffix in ("-wal", "-shm"):
        extra = Path(str(path) + suffix)
        if extra.exists():
            os.replace(extra, Path(str(target) + suffix))
    return target
