"""The score database: every attempt and every answer, kept in SQLite on the learner's machine.

One class, ScoreStore, is the only code that touches the file. Each answer is committed the
moment it is given, so a closed terminal, a dropped SSH connection or a killed process loses
nothing, and the unfinished attempt can be resumed. WAL and a busy timeout let two sessions
of the same learner write at once. A file that is not a database is moved aside, never
deleted; a data folder that cannot be written still lets the quiz run, in memory.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

DB_NAME = "scores.db"
DATA_DIR_ENV = "CHAPTERDECK_DATA_DIR"
BUSY_TIMEOUT_MS = 10_000

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


class StoreError(Exception):
    """The database cannot be used; the message says why and what to do."""


class ScoreStore:
    """All reading and writing of scores. `notices` holds plain sentences for the learner
    about anything that went wrong on the way in (a file moved aside, scores not saved)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path  # None: in memory only
        self.notices: list[str] = []
        self.session_attempts: list[int] = []  # started by this process, for the exit dump
        self.conn = self._connect(path)

    # -- opening ----------------------------------------------------------------------------

    @classmethod
    def open(cls, data_dir: Path | None = None) -> "ScoreStore":
        """The learner's store, whatever state its folder is in."""
        folder = data_dir or default_data_dir()
        path = folder / DB_NAME
        try:
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            _create_private(path)
            return cls(path)
        except _Corrupt as exc:
            moved = _quarantine(path)
            _create_private(path)
            store = cls(path)
            store.notices.append(
                f"The score file {path} could not be read ({exc}). It was moved aside to "
                f"{moved.name} and a new one started; the old file is kept for recovery.")
            return store
        except (OSError, sqlite3.Error, StoreError) as exc:
            store = cls(None)
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            store.notices.append(
                f"Scores cannot be saved in {folder} ({reason}). The quiz still runs; your "
                f"answers are printed as JSON when you quit. To keep them, make the folder "
                f"writable or choose another with --data-dir or {DATA_DIR_ENV}.")
            return store

    def _connect(self, path: Path | None) -> sqlite3.Connection:
        target = str(path) if path else ":memory:"
        conn = sqlite3.connect(target, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                               check_same_thread=False)
        try:
            try:
                conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
                if path:
                    conn.execute("PRAGMA journal_mode = WAL")
                    check = conn.execute("PRAGMA quick_check").fetchone()[0]
                    if check != "ok":
                        raise _Corrupt(check)
                conn.execute("PRAGMA synchronous = NORMAL" if path else "PRAGMA synchronous = OFF")
                self._migrate(conn)
            except sqlite3.DatabaseError as exc:
                if isinstance(exc, sqlite3.OperationalError) and not _looks_corrupt(exc):
                    raise
                raise _Corrupt(str(exc)) from exc
        except BaseException:
            conn.close()
            raise
        if path:
            os.chmod(path, 0o600)
        return conn

    @staticmethod
    def _migrate(conn: sqlite3.Connection) -> None:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(f"the score file was written by a newer chapterdeck (schema "
                             f"{version}, this one reads up to {SCHEMA_VERSION}); upgrade "
                             f"chapterdeck")
        if version == SCHEMA_VERSION:
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Another session may have migrated while this one waited for the lock.
            version = conn.execute("PRAGMA user_version").fetchone()[0]
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
            try:
                version = conn.execute("PRAGMA user_version").fetchone()[0]
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
        self.conn.close()

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

    def start(self, quiz: str, kind: str, label: str, seed: int, question_ids: list[str],
              certainty: bool) -> Attempt:
        started = now()
        cursor = self._write(
            "INSERT INTO attempts (quiz, kind, label, seed, questions, certainty, started_at, "
            "pid) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (quiz, kind, label, seed, json.dumps(question_ids), int(certainty), started,
             os.getpid()))
        self.session_attempts.append(cursor.lastrowid)
        return Attempt(cursor.lastrowid, quiz, kind, label, seed, tuple(question_ids),
                       certainty, started)

    def record(self, attempt: Attempt, answer: StoredAnswer, schedule=None) -> None:
        """Keep one answer; it is on disk when this returns. Answering the same position
        again (after a resume) replaces it.

        `schedule(previous card or None, history)` gives the question's review card after
        this answer, as (card JSON, due); it is written in the same transaction, so the answer
        and its rating are kept together or not at all. `history` is every answer to the
        question, this one included (for a question with no card yet). An answer replacing
        one already kept was rated then, and is not rated again."""
        with self._transaction():
            again = self.conn.execute(
                "SELECT 1 FROM answers WHERE attempt_id = ? AND position = ?",
                (attempt.id, answer.position)).fetchone()
            self.conn.execute(
                "INSERT OR REPLACE INTO answers (attempt_id, position, question, response, "
                "certainty, credit, mark, answered_at, seconds) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (attempt.id, answer.position, answer.question_id, json.dumps(answer.response),
                 answer.certainty, answer.credit, answer.mark, answer.answered_at,
                 answer.seconds))
            if schedule is not None and not again:
                row = self.conn.execute("SELECT card FROM cards WHERE quiz = ? AND question = ?",
                                        (attempt.quiz, answer.question_id)).fetchone()
                card, due = schedule(row[0] if row else None,
                                     self.answers_to(attempt.quiz, answer.question_id))
                self.conn.execute("INSERT OR REPLACE INTO cards (quiz, question, card, due) "
                                  "VALUES (?, ?, ?, ?)",
                                  (attempt.quiz, answer.question_id, card, due))
        attempt.answers = [a for a in attempt.answers if a.position != answer.position]
        attempt.answers.append(answer)

    def finish(self, attempt: Attempt) -> None:
        attempt.finished_at, attempt.status = now(), "finished"
        self._write("UPDATE attempts SET finished_at = ?, status = 'finished' WHERE id = ?",
                    (attempt.finished_at, attempt.id))

    def discard(self, attempt: Attempt) -> None:
        """Set an unfinished attempt aside: it no longer counts, but its answers stay."""
        attempt.status = "discarded"
        self._write("UPDATE attempts SET status = 'discarded', pid = NULL WHERE id = ?",
                    (attempt.id,))

    def adopt(self, attempt: Attempt) -> None:
        """This process takes over an unfinished attempt (to resume it)."""
        self._write("UPDATE attempts SET pid = ? WHERE id = ?", (os.getpid(), attempt.id))
        self.session_attempts.append(attempt.id)

    def unfinished(self, quiz: str) -> Attempt | None:
        """The latest open attempt that no running chapterdeck is still taking."""
        rows = self.conn.execute(
            "SELECT * FROM attempts WHERE quiz = ? AND status = 'open' ORDER BY id DESC",
            (quiz,)).fetchall()
        for row in rows:
            pid = row[10]
            if pid and pid != os.getpid() and _alive(pid):
                continue  # another session's attempt in progress
            return self._attempt(row)
        return None

    def attempts(self, quiz: str | None = None, statuses=("finished",)) -> list[Attempt]:
        marks = ",".join("?" * len(statuses))
        sql = f"SELECT * FROM attempts WHERE status IN ({marks})"
        args: list = list(statuses)
        if quiz:
            sql += " AND quiz = ?"
            args.append(quiz)
        return [self._attempt(row) for row in self.conn.execute(sql + " ORDER BY id", args)]

    def attempt(self, attempt_id: int) -> Attempt | None:
        row = self.conn.execute("SELECT * FROM attempts WHERE id = ?", (attempt_id,)).fetchone()
        return self._attempt(row) if row else None

    def answers(self, quiz: str) -> list[StoredAnswer]:
        """Every answer to this quiz that counts (not in discarded attempts), oldest first."""
        rows = self.conn.execute(
            "SELECT a.* FROM answers a JOIN attempts t ON t.id = a.attempt_id "
            "WHERE t.quiz = ? AND t.status != 'discarded' ORDER BY a.answered_at, "
            "a.attempt_id, a.position", (quiz,)).fetchall()
        return [_answer(row) for row in rows]

    def answers_to(self, quiz: str, question: str) -> list[StoredAnswer]:
        """Every answer to one question, discarded attempts' too (the learner did answer),
        oldest first."""
        rows = self.conn.execute(
            "SELECT a.* FROM answers a JOIN attempts t ON t.id = a.attempt_id "
            "WHERE t.quiz = ? AND a.question = ? ORDER BY a.answered_at, a.attempt_id, "
            "a.position", (quiz, question)).fetchall()
        return [_answer(row) for row in rows]

    # -- spaced review ----------------------------------------------------------------------

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
                for (question,) in self.conn.execute(unscheduled, (quiz,)).fetchall():
                    card, due = build(question, self.answers_to(quiz, question))
                    self.conn.execute("INSERT INTO cards (quiz, question, card, due) "
                                      "VALUES (?, ?, ?, ?)", (quiz, question, card, due))
        return dict(self.conn.execute("SELECT question, due FROM cards WHERE quiz = ?",
                                      (quiz,)).fetchall())

    def _attempt(self, row: tuple) -> Attempt:
        attempt = Attempt(row[0], row[1], row[2], row[3], row[4], tuple(json.loads(row[5])),
                          bool(row[6]), row[7], row[8], row[9])
        attempt.answers = [_answer(r) for r in self.conn.execute(
            "SELECT * FROM answers WHERE attempt_id = ? ORDER BY position", (attempt.id,))]
        return attempt

    # -- export -----------------------------------------------------------------------------

    def dump(self, attempt_ids: list[int] | None = None) -> list[dict]:
        """Attempts with their answers as plain data, for JSON."""
        ids = attempt_ids if attempt_ids is not None else [
            r[0] for r in self.conn.execute("SELECT id FROM attempts ORDER BY id")]
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


def _looks_corrupt(exc: sqlite3.Error) -> bool:
    text = str(exc).lower()
    return any(s in text for s in ("not a database", "malformed", "corrupt", "no such table",
                                   "no such column"))


def _answer(row: tuple) -> StoredAnswer:
    return StoredAnswer(row[1], row[2], json.loads(row[3]), row[4], row[5], row[6], row[7],
                        row[8] if len(row) > 8 else None)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


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
