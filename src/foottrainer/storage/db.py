"""The progress store: the one place that reads and writes ``progress.sqlite3``.

Durability contract: every public method that writes runs exactly one ``BEGIN IMMEDIATE`` ...
``COMMIT`` transaction on a connection with ``journal_mode=WAL`` and ``synchronous=FULL``, and the
commit has happened before the method returns. Whatever the UI shows as saved survives a crash
of the process (and, thanks to ``synchronous=FULL``, a power cut on a disk that honours fsync).

Records carry a uuid4 string id (future xAPI statement ids) and UTC timestamps stored as
ISO-8601 text with milliseconds and a trailing ``Z``, e.g. ``2026-11-21T23:05:01.123Z``.

A :class:`Store` uses one sqlite3 connection and must be used from the thread that opened it.
"""

from __future__ import annotations

import json
import logging
import math
import os
import re
import shutil
import sqlite3
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, NamedTuple, Self

from foottrainer.storage import migrations
from foottrainer.storage.errors import (
    BackupInvalidError,
    NotFoundError,
    StoreDamagedError,
    StoreError,
    StoreTooNewError,
    StoreUnavailableError,
)

__all__ = [
    "BACKUP_DIRNAME",
    "DB_FILENAME",
    "DEFAULT_PROFILE_NAME",
    "FULL_CHECK_MAX_BYTES",
    "Answer",
    "Attempt",
    "CardUpdate",
    "Clock",
    "DayStats",
    "Profile",
    "QuestionStats",
    "RecoveryNotice",
    "SafetyGate",
    "Store",
    "Visit",
    "format_timestamp",
    "local_day",
    "merge_ranges",
    "parse_timestamp",
    "utc_now",
]

_log = logging.getLogger(__name__)

DB_FILENAME = "progress.sqlite3"
BACKUP_DIRNAME = "backups"
DEFAULT_PROFILE_NAME = "Student"
BUSY_TIMEOUT_MS = 5000
_SIBLING_SUFFIXES = ("-wal", "-shm", "-journal")
_BACKUP_NAME = re.compile(r"^progress-(\d{4}-\d{2}-\d{2})\.sqlite3$")
_DAMAGE_CODES = frozenset({sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB})
#: Files up to this size get a full ``PRAGMA quick_check`` when opened (it reads every page:
#: ~0.1 s for 40 MB). Larger ones get a quick structural probe at open and the full check
#: before their daily backup (see :meth:`Store.backup_if_due`), so start-up stays fast.
FULL_CHECK_MAX_BYTES = 40 * 1024 * 1024

Clock = Callable[[], datetime]


# --------------------------------------------------------------------------------------------
# Time helpers


def utc_now() -> datetime:
    """The default clock: the current time, timezone-aware, in UTC."""
    return datetime.now(UTC)


def _as_utc(moment: datetime) -> datetime:
    """``moment`` in UTC; a naive datetime is taken to be UTC already."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def format_timestamp(moment: datetime) -> str:
    """ISO-8601 UTC with milliseconds and ``Z``: ``2026-11-21T23:05:01.123Z``."""
    naive = _as_utc(moment).replace(tzinfo=None)
    return naive.isoformat(timespec="milliseconds") + "Z"


def parse_timestamp(text: str) -> datetime:
    """Inverse of :func:`format_timestamp` (returns an aware UTC datetime)."""
    return _as_utc(datetime.fromisoformat(text))


def local_day(moment: datetime) -> str:
    """The student's calendar day (YYYY-MM-DD in the machine's time zone) of a moment."""
    return _as_utc(moment).astimezone().date().isoformat()


def _file_stamp(moment: datetime) -> str:
    """A timestamp usable in file names on every OS: ``2026-11-21T23-05-01Z``."""
    return _as_utc(moment).strftime("%Y-%m-%dT%H-%M-%SZ")


# --------------------------------------------------------------------------------------------
# Records


class Profile(NamedTuple):
    id: str
    name: str
    created_at: str


class Visit(NamedTuple):
    """One stay on a lesson page. ``seconds`` is the time on page (0 until ended)."""

    id: str
    profile_id: str
    lesson_id: str
    started_at: str
    ended_at: str | None
    seconds: float


class Attempt(NamedTuple):
    """One quiz session: a lesson's quiz (``kind`` "lesson"), or a session across lessons
    ("review": spaced repetition; "custom": chosen by the student) with ``lesson_id`` "" and its
    planned questions in ``plan`` as (lesson id, question id) pairs.

    Once finished, ``score`` is the sum of the scores (0..1 each) of the latest answer to each
    question and ``max_score`` the number of questions (by default those answered), so
    :attr:`fraction` is the mean score per question — xAPI ``raw``/``max``/``scaled``.
    """

    id: str
    profile_id: str
    lesson_id: str
    started_at: str
    finished_at: str | None
    score: float | None
    max_score: float | None
    kind: str = "lesson"
    title: str = ""
    plan: tuple[tuple[str, str], ...] = ()

    @property
    def finished(self) -> bool:
        return self.finished_at is not None

    @property
    def fraction(self) -> float | None:
        """``score / max_score`` in 0..1, or None while unfinished or when nothing was asked."""
        if self.score is None or not self.max_score:
            return None
        return self.score / self.max_score


class Answer(NamedTuple):
    """One recorded answer. ``response`` is the decoded JSON value that was stored."""

    id: str
    attempt_id: str
    profile_id: str
    lesson_id: str
    question_id: str
    response: object
    score: float
    correct: bool
    duration_ms: int
    answered_at: str


class CardUpdate(NamedTuple):
    """New spaced-repetition state for the question an answer is about (stored with it)."""

    card: str  # the scheduler's own JSON (fsrs.Card.to_json())
    due: datetime


class QuestionStats(NamedTuple):
    """Running totals of one profile's answers to one question (every answer counts)."""

    lesson_id: str
    question_id: str
    answered: int
    correct: int
    score_sum: float
    last_correct: bool
    last_answered_at: str


class DayStats(NamedTuple):
    """One local calendar day of a profile's study: answers given and lesson pages opened."""

    day: str  # YYYY-MM-DD, the student's local date
    answered: int
    correct: int
    score_sum: float
    visits: int


class SafetyGate(NamedTuple):
    """A profile's best safety score at one lesson's quiz (see migration 3)."""

    lesson_id: str
    best_score: float  # 0..1: the best finished attempt's mean score on the safety questions
    legacy: bool  # lesson attempts from before schema version 3 are still to be scored


class RecoveryNotice(NamedTuple):
    """What :meth:`Store.open` did about a damaged progress file (see ``message``)."""

    moved_to: Path
    reason: str
    latest_backup: Path | None

    @property
    def message(self) -> str:
        text = (
            f"Your progress file was damaged and has been moved to {self.moved_to}. "
            "FootTrainer started a new, empty progress file."
        )
        if self.latest_backup is None:
            return text + " No backup is available."
        match = _BACKUP_NAME.match(self.latest_backup.name)
        when = match.group(1) if match else self.latest_backup.name
        return text + f" A backup from {when} is available: File ▸ Restore backup."


def merge_ranges(ranges: Iterable[tuple[float, float]]) -> list[tuple[float, float]]:
    """Union of half-open intervals: overlapping or touching ranges are merged, sorted."""
    merged: list[tuple[float, float]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


# --------------------------------------------------------------------------------------------
# Opening, checking and moving database files


class _DamagedDatabaseError(Exception):
    """Internal: the file is not a readable SQLite database (corrupt, truncated, garbage)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _classify(path: Path, exc: sqlite3.Error) -> Exception:
    """Damage (SQLITE_CORRUPT/NOTADB) vs. an unusable location (permissions, I/O, locked)."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None and (code & 0xFF) in _DAMAGE_CODES:
        return _DamagedDatabaseError(str(exc))
    return StoreUnavailableError(path, str(exc))


def _connect(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)


def _problems(conn: sqlite3.Connection) -> list[str]:
    """What ``PRAGMA quick_check`` finds wrong (empty when the file is sound)."""
    found = [str(row[0]) for row in conn.execute("PRAGMA quick_check").fetchall()]
    return [] if found == ["ok"] else found


def _probe(conn: sqlite3.Connection, path: Path) -> list[str]:
    """A quick structural check: the schema is readable and the file is as long as its header
    says (a copy cut short is the usual damage)."""
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    pages = int(conn.execute("PRAGMA page_count").fetchone()[0])
    page_size = int(conn.execute("PRAGMA page_size").fetchone()[0])
    wal = path.with_name(path.name + "-wal")
    size = path.stat().st_size + (wal.stat().st_size if wal.exists() else 0)
    if pages * page_size > size:
        return [f"the file is shorter ({size} bytes) than its header says ({pages} pages)"]
    return []


def _open_database(path: Path, *, full_check: bool | None = None) -> sqlite3.Connection:
    """Open, check, configure and migrate ``path``.

    ``full_check``: run ``PRAGMA quick_check`` (True), only :func:`_probe` (False), or decide by
    the file's size (None, see :data:`FULL_CHECK_MAX_BYTES`).

    Raises :class:`StoreTooNewError` before anything is written, ``_DamagedDatabaseError`` for
    a damaged file, :class:`StoreUnavailableError` for other SQLite failures and
    :class:`MigrationError` when a migration fails (rolled back).
    """
    if path.exists() and not os.access(path, os.R_OK | os.W_OK):
        raise StoreUnavailableError(path, "the file cannot be read and written (permissions)")
    try:
        conn = _connect(path)
    except sqlite3.Error as exc:
        raise _classify(path, exc) from exc
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        version = migrations.read_version(conn)
        latest = migrations.latest_version()
        if version > latest:
            raise StoreTooNewError(path, version, latest)
        if full_check is None:
            full_check = not path.exists() or path.stat().st_size <= FULL_CHECK_MAX_BYTES
        problems = _problems(conn) if full_check else _probe(conn, path)
        if problems:
            raise _DamagedDatabaseError("integrity check failed: " + "; ".join(problems[:3]))
        mode = str(conn.execute("PRAGMA journal_mode = WAL").fetchone()[0])
        if mode.lower() != "wal":
            _log.warning("%s: WAL journal not available, using %r", path, mode)
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA synchronous = FULL")
        migrations.apply_migrations(conn, path)
    except BaseException as exc:
        conn.close()
        if isinstance(exc, sqlite3.Error):
            raise _classify(path, exc) from exc
        raise
    return conn


def _siblings(path: Path) -> list[Path]:
    return [path.with_name(path.name + suffix) for suffix in _SIBLING_SUFFIXES]


def _remove_with_siblings(path: Path) -> None:
    for item in [path, *_siblings(path)]:
        item.unlink(missing_ok=True)


def _move_aside(db_path: Path, label: str, moment: datetime) -> Path:
    """Rename ``db_path`` and its -wal/-shm/-journal to ``progress.<label>-<stamp>.sqlite3``."""
    folder = db_path.parent
    base = f"progress.{label}-{_file_stamp(moment)}"
    target = folder / f"{base}.sqlite3"
    counter = 1
    while any(p.exists() for p in [target, *_siblings(target)]):
        target = folder / f"{base}-{counter}.sqlite3"
        counter += 1
    os.replace(db_path, target)
    for source, destination in zip(_siblings(db_path), _siblings(target), strict=True):
        if source.exists():
            os.replace(source, destination)
    return target


def _ensure_writable_dir(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, probe = tempfile.mkstemp(prefix=".write-test-", dir=folder)
        os.close(handle)
        os.unlink(probe)
    except OSError as exc:
        raise StoreUnavailableError(folder, exc.strerror or str(exc)) from exc


def _list_backups(data_dir: Path) -> list[Path]:
    folder = data_dir / BACKUP_DIRNAME
    try:
        names = [entry.name for entry in os.scandir(folder) if entry.is_file()]
    except FileNotFoundError:
        return []
    return [folder / name for name in sorted(names, reverse=True) if _BACKUP_NAME.match(name)]


# --------------------------------------------------------------------------------------------
# Validation helpers


def _clean_name(name: str) -> str:
    if not isinstance(name, str) or not name.strip():
        raise ValueError("A profile name must not be empty.")
    return name.strip()


def _finite(value: float, what: str) -> float:
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"{what} must be a finite number, got {value!r}.")
    return number


def _to_json(value: object) -> str:
    try:
        return json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    except (TypeError, ValueError) as exc:
        raise ValueError(f"Value is not JSON-serialisable: {exc}") from exc


def _new_id() -> str:
    import uuid  # noqa: PLC0415 - not needed to show the first screen

    return str(uuid.uuid4())


_ATTEMPT_COLUMNS = (
    "id, profile_id, lesson_id, started_at, finished_at, score, max_score, kind, title, plan"
)
_ANSWER_COLUMNS = (
    "id, attempt_id, profile_id, lesson_id, question_id, response, score, correct,"
    " duration_ms, answered_at"
)
_VISIT_COLUMNS = "id, profile_id, lesson_id, started_at, ended_at, seconds"
_ATTEMPT_KINDS = ("lesson", "review", "custom")


def _attempt(row: Any) -> Attempt:
    return Attempt(
        id=row[0],
        profile_id=row[1],
        lesson_id=row[2],
        started_at=row[3],
        finished_at=row[4],
        score=None if row[5] is None else float(row[5]),
        max_score=None if row[6] is None else float(row[6]),
        kind=row[7],
        title=row[8],
        plan=tuple((str(p[0]), str(p[1])) for p in json.loads(row[9])) if row[9] else (),
    )


def _answer(row: Any) -> Answer:
    return Answer(
        id=row[0],
        attempt_id=row[1],
        profile_id=row[2],
        lesson_id=row[3],
        question_id=row[4],
        response=json.loads(row[5]),
        score=float(row[6]),
        correct=bool(row[7]),
        duration_ms=int(row[8]),
        answered_at=row[9],
    )


def _visit(row: Any) -> Visit:
    return Visit(
        id=row[0],
        profile_id=row[1],
        lesson_id=row[2],
        started_at=row[3],
        ended_at=row[4],
        seconds=float(row[5]),
    )


# --------------------------------------------------------------------------------------------
# The store


class Store:
    """Progress of all profiles, in ``<data_dir>/progress.sqlite3``. Create with :meth:`open`."""

    def __init__(
        self,
        data_dir: Path,
        conn: sqlite3.Connection,
        *,
        clock: Clock,
        backups_to_keep: int,
        recovery: RecoveryNotice | None,
    ) -> None:
        """Internal: wraps an already opened and migrated connection. Use :meth:`open`."""
        self._data_dir = data_dir
        self._conn: sqlite3.Connection | None = conn
        self._clock = clock
        self._backups_to_keep = backups_to_keep
        self._recovery = recovery
        self._checked = True  # False: only probed at open; fully checked before the backup

    # -- lifecycle ------------------------------------------------------------------------------

    @classmethod
    def open(cls, data_dir: Path, *, clock: Clock = utc_now, backups_to_keep: int = 7) -> Store:
        """Open (creating and migrating as needed) the progress file in ``data_dir``.

        A damaged file is moved aside to ``progress.corrupt-<UTC stamp>.sqlite3`` (never
        deleted) and a fresh database is started; see :attr:`recovery`. Raises
        :class:`StoreUnavailableError` if the folder cannot be created or written or the file
        cannot be opened, :class:`StoreTooNewError` if the file comes from a newer FootTrainer
        (the file is not modified) and :class:`MigrationError` if upgrading it failed (rolled
        back). No backup is taken here: call :meth:`backup_if_due` once the UI is up.
        """
        if backups_to_keep < 1:
            raise ValueError("backups_to_keep must be at least 1.")
        data_dir = Path(data_dir)
        _ensure_writable_dir(data_dir)
        db_path = data_dir / DB_FILENAME
        recovery: RecoveryNotice | None = None
        checked = not db_path.exists() or db_path.stat().st_size <= FULL_CHECK_MAX_BYTES
        try:
            conn = _open_database(db_path, full_check=checked)
        except _DamagedDatabaseError as damaged:
            try:
                moved_to = _move_aside(db_path, "corrupt", clock())
            except OSError as exc:
                raise StoreUnavailableError(
                    db_path, f"the file is damaged and cannot be moved aside ({exc})"
                ) from exc
            _log.warning("%s was damaged (%s); moved to %s", db_path, damaged.reason, moved_to)
            try:
                conn = _open_database(db_path)
            except _DamagedDatabaseError as again:
                raise StoreUnavailableError(db_path, again.reason) from again
            backups = _list_backups(data_dir)
            recovery = RecoveryNotice(
                moved_to=moved_to,
                reason=damaged.reason,
                latest_backup=backups[0] if backups else None,
            )
            checked = True
        store = cls(data_dir, conn, clock=clock, backups_to_keep=backups_to_keep, recovery=recovery)
        store._checked = checked
        return store

    def close(self) -> None:
        """Close the connection (idempotent). Later calls raise :class:`StoreError`."""
        conn, self._conn = self._conn, None
        if conn is None:
            return
        with suppress(sqlite3.Error):
            conn.execute("PRAGMA optimize")
        conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def data_dir(self) -> Path:
        return self._data_dir

    @property
    def path(self) -> Path:
        """The database file, ``<data_dir>/progress.sqlite3``."""
        return self._data_dir / DB_FILENAME

    @property
    def recovery(self) -> RecoveryNotice | None:
        """Set when :meth:`open` replaced a damaged file; None otherwise."""
        return self._recovery

    @property
    def closed(self) -> bool:
        return self._conn is None

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            raise StoreError("The progress store is closed.")
        return self._conn

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One ``BEGIN IMMEDIATE`` ... ``COMMIT`` transaction; rolled back on any error."""
        conn = self._connection()
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise

    def now(self) -> datetime:
        """The store's clock (aware, UTC): the moment an answer recorded now is stamped with."""
        return _as_utc(self._clock())

    def _now(self) -> str:
        return format_timestamp(self._clock())

    @staticmethod
    def _require_profile(conn: sqlite3.Connection, profile_id: str) -> None:
        if conn.execute("SELECT 1 FROM profiles WHERE id = ?", (profile_id,)).fetchone() is None:
            raise NotFoundError(f"No profile with id {profile_id!r}.")

    # -- profiles -------------------------------------------------------------------------------

    def create_profile(self, name: str) -> Profile:
        profile = Profile(id=_new_id(), name=_clean_name(name), created_at=self._now())
        with self._write() as conn:
            conn.execute(
                "INSERT INTO profiles (id, name, created_at) VALUES (?, ?, ?)",
                (profile.id, profile.name, profile.created_at),
            )
        return profile

    def list_profiles(self) -> list[Profile]:
        """All profiles, oldest first."""
        rows = self._connection().execute(
            "SELECT id, name, created_at FROM profiles ORDER BY created_at, rowid"
        )
        return [Profile(id=r[0], name=r[1], created_at=r[2]) for r in rows]

    def rename_profile(self, profile_id: str, name: str) -> Profile:
        clean = _clean_name(name)
        with self._write() as conn:
            conn.execute("UPDATE profiles SET name = ? WHERE id = ?", (clean, profile_id))
            row = conn.execute(
                "SELECT id, name, created_at FROM profiles WHERE id = ?", (profile_id,)
            ).fetchone()
            if row is None:
                raise NotFoundError(f"No profile with id {profile_id!r}.")
        return Profile(id=row[0], name=row[1], created_at=row[2])

    def delete_profile(self, profile_id: str) -> None:
        """Delete a profile and (cascading) all of its visits, attempts, answers and state."""
        with self._write() as conn:
            if conn.execute("DELETE FROM profiles WHERE id = ?", (profile_id,)).rowcount == 0:
                raise NotFoundError(f"No profile with id {profile_id!r}.")

    def default_profile(self) -> Profile:
        """The oldest profile, creating one named "Student" if there is none."""
        with self._write() as conn:
            row = conn.execute(
                "SELECT id, name, created_at FROM profiles ORDER BY created_at, rowid LIMIT 1"
            ).fetchone()
            if row is not None:
                return Profile(id=row[0], name=row[1], created_at=row[2])
            profile = Profile(id=_new_id(), name=DEFAULT_PROFILE_NAME, created_at=self._now())
            conn.execute(
                "INSERT INTO profiles (id, name, created_at) VALUES (?, ?, ?)",
                (profile.id, profile.name, profile.created_at),
            )
        return profile

    # -- visits ---------------------------------------------------------------------------------

    def start_visit(self, profile_id: str, lesson_id: str) -> str:
        """Record that a lesson page was opened; returns the visit id."""
        visit_id = _new_id()
        moment = self._clock()
        with self._write() as conn:
            self._require_profile(conn, profile_id)
            conn.execute(
                "INSERT INTO visits (id, profile_id, lesson_id, started_at) VALUES (?, ?, ?, ?)",
                (visit_id, profile_id, lesson_id, format_timestamp(moment)),
            )
            conn.execute(
                "INSERT INTO daily_stats (profile_id, day, visits) VALUES (?, ?, 1)"
                " ON CONFLICT (profile_id, day) DO UPDATE SET visits = visits + 1",
                (profile_id, local_day(moment)),
            )
        return visit_id

    def end_visit(self, visit_id: str, seconds: float) -> None:
        """Set ``ended_at`` (now) and the time on page. May be called again to update both."""
        secs = _finite(seconds, "seconds")
        if secs < 0:
            raise ValueError(f"seconds must not be negative, got {seconds!r}.")
        with self._write() as conn:
            changed = conn.execute(
                "UPDATE visits SET ended_at = ?, seconds = ? WHERE id = ?",
                (self._now(), secs, visit_id),
            ).rowcount
            if changed == 0:
                raise NotFoundError(f"No visit with id {visit_id!r}.")

    def _rows(
        self, columns: str, table: str, profile_id: str, lesson_id: str | None
    ) -> sqlite3.Cursor:
        """A profile's rows of ``table`` (optionally of one lesson), oldest first."""
        sql = f"SELECT {columns} FROM {table} WHERE profile_id = ?"
        params: tuple[str, ...] = (profile_id,)
        if lesson_id is not None:
            sql += " AND lesson_id = ?"
            params += (lesson_id,)
        return self._connection().execute(sql + " ORDER BY started_at, rowid", params)

    def visits(self, profile_id: str, lesson_id: str | None = None) -> list[Visit]:
        """Visits of a profile (optionally of one lesson), oldest first."""
        return [_visit(r) for r in self._rows(_VISIT_COLUMNS, "visits", profile_id, lesson_id)]

    def lessons_started(self, profile_id: str) -> set[str]:
        """Lessons the profile has opened or started a quiz of (from the indexes alone: no
        row per visit or attempt reaches Python)."""
        found: set[str] = set()
        for table in ("visits", "quiz_attempts"):
            # A loose index scan: one (profile_id, lesson_id) index seek per distinct lesson.
            rows = self._connection().execute(
                "WITH RECURSIVE seen(lesson) AS ("
                f" SELECT MIN(lesson_id) FROM {table} WHERE profile_id = :p AND lesson_id > ''"
                " UNION ALL"
                f" SELECT (SELECT MIN(lesson_id) FROM {table}"
                "  WHERE profile_id = :p AND lesson_id > seen.lesson)"
                " FROM seen WHERE seen.lesson IS NOT NULL"
                ") SELECT lesson FROM seen WHERE lesson IS NOT NULL",
                {"p": profile_id},
            )
            found.update(str(r[0]) for r in rows)
        return found

    def time_on_lesson(self, profile_id: str, lesson_id: str) -> float:
        """Total seconds spent on a lesson page over all visits."""
        cursor = self._connection().execute(
            "SELECT COALESCE(SUM(seconds), 0) FROM visits WHERE profile_id = ? AND lesson_id = ?",
            (profile_id, lesson_id),
        )
        return float(cursor.fetchone()[0])

    # -- video ----------------------------------------------------------------------------------

    def record_watched(
        self, profile_id: str, lesson_id: str, media: str, start_s: float, end_s: float
    ) -> str:
        """Record that ``[start_s, end_s)`` of ``media`` was played. ValueError if end <= start."""
        start = _finite(start_s, "start_s")
        end = _finite(end_s, "end_s")
        if start < 0 or end <= start:
            raise ValueError(f"Invalid watched range {start_s!r}..{end_s!r}.")
        range_id = _new_id()
        with self._write() as conn:
            self._require_profile(conn, profile_id)
            conn.execute(
                "INSERT INTO video_ranges"
                " (id, profile_id, lesson_id, media, start_s, end_s, recorded_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (range_id, profile_id, lesson_id, media, start, end, self._now()),
            )
        return range_id

    def watched_ranges(
        self, profile_id: str, lesson_id: str, media: str
    ) -> list[tuple[float, float]]:
        """The watched parts of ``media``, merged (overlapping/touching ranges unioned)."""
        rows = self._connection().execute(
            "SELECT start_s, end_s FROM video_ranges"
            " WHERE profile_id = ? AND lesson_id = ? AND media = ?",
            (profile_id, lesson_id, media),
        )
        return merge_ranges((float(r[0]), float(r[1])) for r in rows)

    def all_watched_ranges(
        self, profile_id: str
    ) -> dict[tuple[str, str], list[tuple[float, float]]]:
        """Every video's watched parts for a profile, merged: {(lesson id, media): ranges}."""
        rows = self._connection().execute(
            "SELECT lesson_id, media, start_s, end_s FROM video_ranges WHERE profile_id = ?"
            " ORDER BY lesson_id, media, start_s",
            (profile_id,),
        )
        merged: dict[tuple[str, str], list[tuple[float, float]]] = {}
        key: tuple[str, str] | None = None
        ranges: list[tuple[float, float]] = []
        for lesson, media, start, end in rows:  # sorted: merge as merge_ranges does, in one pass
            if (lesson, media) != key:
                key = (lesson, media)
                ranges = merged[key] = []
            if ranges and start <= ranges[-1][1]:
                if end > ranges[-1][1]:
                    ranges[-1] = (ranges[-1][0], end)
            else:
                ranges.append((start, end))
        return merged

    def watched_seconds(self, profile_id: str, lesson_id: str, media: str) -> float:
        """Length of the union of watched ranges (seconds rewatched are counted once)."""
        return sum(end - start for start, end in self.watched_ranges(profile_id, lesson_id, media))

    # -- quizzes --------------------------------------------------------------------------------

    def start_attempt(
        self,
        profile_id: str,
        lesson_id: str,
        *,
        kind: str = "lesson",
        title: str = "",
        plan: Iterable[tuple[str, str]] = (),
    ) -> str:
        """Start a quiz attempt; returns its id.

        ``kind`` "lesson" is a lesson's quiz; "review" and "custom" sessions span lessons: pass
        ``lesson_id`` "" and the questions to ask as (lesson id, question id) pairs in ``plan``.
        """
        if kind not in _ATTEMPT_KINDS:
            raise ValueError(f"Unknown attempt kind {kind!r}.")
        if (kind == "lesson") != bool(lesson_id):
            raise ValueError("A lesson quiz needs its lesson id; a session across lessons none.")
        planned = [[str(lesson), str(question)] for lesson, question in plan]
        attempt_id = _new_id()
        with self._write() as conn:
            self._require_profile(conn, profile_id)
            conn.execute(
                "INSERT INTO quiz_attempts (id, profile_id, lesson_id, started_at, kind, title,"
                " plan) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    attempt_id,
                    profile_id,
                    lesson_id,
                    self._now(),
                    kind,
                    title,
                    _to_json(planned) if planned else None,
                ),
            )
        return attempt_id

    def record_answer(  # noqa: PLR0917 - the positional signature is the agreed API
        self,
        attempt_id: str,
        question_id: str,
        response: object,
        score: float,
        correct: bool,
        duration_ms: int,
        *,
        lesson_id: str = "",
        card: CardUpdate | None = None,
    ) -> Answer:
        """Store one answer; it is committed when this returns.

        ``response`` must be JSON-serialisable, ``score`` in 0..1, ``duration_ms`` >= 0.
        ``lesson_id`` names the question's lesson in a session across lessons (a lesson quiz's
        answers belong to its lesson). ``card``, if given, is the question's new
        spaced-repetition state, saved in the same transaction; the question's and the day's
        running totals are updated there too.
        Raises NotFoundError for an unknown attempt and ValueError for a finished one.
        """
        value = _finite(score, "score")
        if not 0.0 <= value <= 1.0:
            raise ValueError(f"score must be between 0 and 1, got {score!r}.")
        duration = int(duration_ms)
        if duration < 0:
            raise ValueError(f"duration_ms must not be negative, got {duration_ms!r}.")
        response_json = _to_json(response)
        answer_id = _new_id()
        moment = self._clock()
        answered_at = format_timestamp(moment)
        right = 1 if correct else 0
        with self._write() as conn:
            row = conn.execute(
                "SELECT profile_id, lesson_id, finished_at FROM quiz_attempts WHERE id = ?",
                (attempt_id,),
            ).fetchone()
            if row is None:
                raise NotFoundError(f"No quiz attempt with id {attempt_id!r}.")
            if row[2] is not None:
                raise ValueError(f"Quiz attempt {attempt_id!r} is already finished.")
            profile_id, lesson = row[0], row[1] or lesson_id
            if not lesson:
                raise ValueError("An answer in a session across lessons needs its lesson id.")
            conn.execute(
                f"INSERT INTO answers ({_ANSWER_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    answer_id,
                    attempt_id,
                    profile_id,
                    lesson,
                    question_id,
                    response_json,
                    value,
                    right,
                    duration,
                    answered_at,
                ),
            )
            conn.execute(
                "INSERT INTO question_stats (profile_id, lesson_id, question_id, answered,"
                " correct, score_sum, last_correct, last_answered_at)"
                " VALUES (?, ?, ?, 1, ?, ?, ?, ?)"
                " ON CONFLICT (profile_id, lesson_id, question_id) DO UPDATE SET"
                " answered = answered + 1, correct = correct + excluded.correct,"
                " score_sum = score_sum + excluded.score_sum,"
                " last_correct = excluded.last_correct,"
                " last_answered_at = excluded.last_answered_at",
                (profile_id, lesson, question_id, right, value, right, answered_at),
            )
            conn.execute(
                "INSERT INTO daily_stats (profile_id, day, answered, correct, score_sum)"
                " VALUES (?, ?, 1, ?, ?)"
                " ON CONFLICT (profile_id, day) DO UPDATE SET answered = answered + 1,"
                " correct = correct + excluded.correct,"
                " score_sum = score_sum + excluded.score_sum",
                (profile_id, local_day(moment), right, value),
            )
            if card is not None:
                conn.execute(
                    "INSERT INTO review_cards (profile_id, lesson_id, question_id, card, due,"
                    " updated_at) VALUES (?, ?, ?, ?, ?, ?)"
                    " ON CONFLICT (profile_id, lesson_id, question_id) DO UPDATE SET"
                    " card = excluded.card, due = excluded.due, updated_at = excluded.updated_at",
                    (
                        profile_id,
                        lesson,
                        question_id,
                        card.card,
                        format_timestamp(card.due),
                        answered_at,
                    ),
                )
        return Answer(
            id=answer_id,
            attempt_id=attempt_id,
            profile_id=profile_id,
            lesson_id=lesson,
            question_id=question_id,
            response=json.loads(response_json),
            score=value,
            correct=bool(correct),
            duration_ms=duration,
            answered_at=answered_at,
        )

    def finish_attempt(
        self,
        attempt_id: str,
        *,
        max_score: float | None = None,
        safety_questions: Iterable[str] = (),
    ) -> Attempt:
        """Finish and score an attempt (a finished attempt is returned unchanged).

        Only the latest answer to each question counts: ``score`` = sum of those scores,
        ``max_score`` = ``max_score`` if given (the number of questions in the quiz, so skipped
        questions count as 0) else the number of distinct questions answered.
        ``Attempt.fraction`` is then the mean score per question.

        ``safety_questions``: the ids of a lesson quiz's safety questions. Their mean latest
        score (unanswered ones count 0) raises the lesson's best safety score
        (:meth:`safety_gates`) in the same transaction. Ignored for sessions across lessons.
        """
        if max_score is not None and not _finite(max_score, "max_score") > 0:
            raise ValueError(f"max_score must be positive, got {max_score!r}.")
        safety = sorted(set(safety_questions))
        with self._write() as conn:
            row = conn.execute(
                f"SELECT {_ATTEMPT_COLUMNS} FROM quiz_attempts WHERE id = ?", (attempt_id,)
            ).fetchone()
            if row is None:
                raise NotFoundError(f"No quiz attempt with id {attempt_id!r}.")
            if row[4] is not None:
                return _attempt(row)
            # A session across lessons may hold two lessons' questions with the same id.
            count, total = conn.execute(
                "SELECT COUNT(*), COALESCE(SUM(score), 0) FROM ("
                " SELECT score, ROW_NUMBER() OVER ("
                "   PARTITION BY lesson_id, question_id ORDER BY answered_at DESC, rowid DESC)"
                " AS n"
                " FROM answers WHERE attempt_id = ?) WHERE n = 1",
                (attempt_id,),
            ).fetchone()
            maximum = float(count) if max_score is None else float(max_score)
            finished_at = self._now()
            conn.execute(
                "UPDATE quiz_attempts SET finished_at = ?, score = ?, max_score = ? WHERE id = ?",
                (finished_at, float(total), maximum, attempt_id),
            )
            if safety and row[7] == "lesson":
                self._raise_safety_gate(conn, row[1], row[2], attempt_id, safety, finished_at)
        return _attempt(row)._replace(
            finished_at=finished_at, score=float(total), max_score=maximum
        )

    @staticmethod
    def _raise_safety_gate(  # noqa: PLR0917 - internal helper
        conn: sqlite3.Connection,
        profile_id: str,
        lesson_id: str,
        attempt_id: str,
        safety: list[str],
        finished_at: str,
    ) -> None:
        marks = ", ".join("?" * len(safety))
        (total,) = conn.execute(
            "SELECT COALESCE(SUM(score), 0) FROM ("
            " SELECT question_id, score, ROW_NUMBER() OVER ("
            "   PARTITION BY question_id ORDER BY answered_at DESC, rowid DESC) AS n"
            f" FROM answers WHERE attempt_id = ?) WHERE n = 1 AND question_id IN ({marks})",
            (attempt_id, *safety),
        ).fetchone()
        best = min(1.0, float(total) / len(safety))
        conn.execute(
            "INSERT INTO safety_gates (profile_id, lesson_id, best_score, best_attempt_id,"
            " updated_at) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (profile_id, lesson_id) DO UPDATE SET"
            " best_attempt_id = CASE WHEN excluded.best_score > best_score"
            "   THEN excluded.best_attempt_id ELSE best_attempt_id END,"
            " best_score = max(best_score, excluded.best_score),"
            " updated_at = excluded.updated_at",
            (profile_id, lesson_id, best, attempt_id, finished_at),
        )

    def safety_gates(self, profile_id: str) -> dict[str, SafetyGate]:
        """Per lesson: the profile's best safety score at its quiz (lessons never finished are
        missing). One read of a table with a row per lesson."""
        rows = self._connection().execute(
            "SELECT lesson_id, best_score, legacy FROM safety_gates WHERE profile_id = ?",
            (profile_id,),
        )
        return {str(r[0]): SafetyGate(str(r[0]), float(r[1]), bool(r[2])) for r in rows}

    def settle_safety_gate(self, profile_id: str, lesson_id: str, best_score: float) -> None:
        """Record the best safety score of a lesson's attempts from before schema version 3,
        scored by the caller (who knows the safety questions); clears ``legacy``."""
        value = _finite(best_score, "best_score")
        if not 0.0 <= value <= 1.0:
            raise ValueError(f"best_score must be between 0 and 1, got {best_score!r}.")
        with self._write() as conn:
            self._require_profile(conn, profile_id)
            conn.execute(
                "INSERT INTO safety_gates (profile_id, lesson_id, best_score, updated_at)"
                " VALUES (?, ?, ?, ?) ON CONFLICT (profile_id, lesson_id) DO UPDATE SET"
                " best_score = max(best_score, excluded.best_score), legacy = 0,"
                " updated_at = excluded.updated_at",
                (profile_id, lesson_id, value, self._now()),
            )

    def answers(self, attempt_id: str) -> list[Answer]:
        """Answers of an attempt in the order they were recorded."""
        rows = self._connection().execute(
            f"SELECT {_ANSWER_COLUMNS} FROM answers WHERE attempt_id = ?"
            " ORDER BY answered_at, rowid",
            (attempt_id,),
        )
        return [_answer(r) for r in rows]

    def unfinished_attempt(
        self, profile_id: str, lesson_id: str, *, kind: str = "lesson"
    ) -> Attempt | None:
        """The most recent unfinished attempt of ``kind`` (to resume it), if any: at a lesson's
        quiz, or (``lesson_id`` "") the latest unfinished review or custom session."""
        cursor = self._connection().execute(
            f"SELECT {_ATTEMPT_COLUMNS} FROM quiz_attempts"
            " WHERE profile_id = ? AND kind = ? AND lesson_id = ? AND finished_at IS NULL"
            " ORDER BY started_at DESC, rowid DESC LIMIT 1",
            (profile_id, kind, lesson_id),
        )
        row = cursor.fetchone()
        return None if row is None else _attempt(row)

    def attempts(self, profile_id: str, lesson_id: str | None = None) -> list[Attempt]:
        """Attempts of a profile (optionally at one lesson), oldest first."""
        rows = self._rows(_ATTEMPT_COLUMNS, "quiz_attempts", profile_id, lesson_id)
        return [_attempt(r) for r in rows]

    # -- spaced repetition and running totals ---------------------------------------------------

    def review_card(self, profile_id: str, lesson_id: str, question_id: str) -> str | None:
        """The stored scheduler state (JSON) of a question, or None if it was never answered."""
        row = (
            self._connection()
            .execute(
                "SELECT card FROM review_cards"
                " WHERE profile_id = ? AND lesson_id = ? AND question_id = ?",
                (profile_id, lesson_id, question_id),
            )
            .fetchone()
        )
        return None if row is None else str(row[0])

    def due_cards(
        self, profile_id: str, now: datetime, limit: int | None = None
    ) -> list[tuple[str, str, str]]:
        """(lesson id, question id, due) of the cards due at ``now``, most overdue first."""
        sql = (
            "SELECT lesson_id, question_id, due FROM review_cards"
            " WHERE profile_id = ? AND due <= ? ORDER BY due, lesson_id, question_id"
        )
        params: tuple[object, ...] = (profile_id, format_timestamp(now))
        if limit is not None:
            sql += " LIMIT ?"
            params += (int(limit),)
        rows = self._connection().execute(sql, params)
        return [(str(r[0]), str(r[1]), str(r[2])) for r in rows]

    def count_due(self, profile_id: str, now: datetime) -> int:
        """How many cards are due at ``now``."""
        row = (
            self._connection()
            .execute(
                "SELECT COUNT(*) FROM review_cards WHERE profile_id = ? AND due <= ?",
                (profile_id, format_timestamp(now)),
            )
            .fetchone()
        )
        return int(row[0])

    def question_stats(self, profile_id: str) -> list[QuestionStats]:
        """Running totals per question this profile has answered."""
        rows = self._connection().execute(
            "SELECT lesson_id, question_id, answered, correct, score_sum, last_correct,"
            " last_answered_at FROM question_stats WHERE profile_id = ?",
            (profile_id,),
        )
        return [
            QuestionStats(
                str(r[0]), str(r[1]), int(r[2]), int(r[3]), float(r[4]), bool(r[5]), str(r[6])
            )
            for r in rows
        ]

    def day_stats(self, profile_id: str) -> list[DayStats]:
        """The profile's study days (local dates), oldest first."""
        rows = self._connection().execute(
            "SELECT day, answered, correct, score_sum, visits FROM daily_stats"
            " WHERE profile_id = ? ORDER BY day",
            (profile_id,),
        )
        return [DayStats(str(r[0]), int(r[1]), int(r[2]), float(r[3]), int(r[4])) for r in rows]

    # -- completion -----------------------------------------------------------------------------

    def mark_completed(self, profile_id: str, lesson_id: str) -> None:
        """Mark a lesson completed (idempotent: the first completion time is kept)."""
        with self._write() as conn:
            self._require_profile(conn, profile_id)
            conn.execute(
                "INSERT OR IGNORE INTO lesson_completions (profile_id, lesson_id, completed_at)"
                " VALUES (?, ?, ?)",
                (profile_id, lesson_id, self._now()),
            )

    def completed_lessons(self, profile_id: str) -> set[str]:
        rows = self._connection().execute(
            "SELECT lesson_id FROM lesson_completions WHERE profile_id = ?", (profile_id,)
        )
        return {str(r[0]) for r in rows}

    # -- UI state -------------------------------------------------------------------------------

    def set_state(self, profile_id: str, key: str, value: object) -> None:
        """Store a JSON-serialisable value under ``key`` for a profile (e.g. "last_lesson")."""
        encoded = _to_json(value)
        with self._write() as conn:
            self._require_profile(conn, profile_id)
            conn.execute(
                "INSERT INTO ui_state (profile_id, key, value, updated_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT (profile_id, key)"
                " DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
                (profile_id, key, encoded, self._now()),
            )

    def get_state(self, profile_id: str, key: str, default: object = None) -> object:
        cursor = self._connection().execute(
            "SELECT value FROM ui_state WHERE profile_id = ? AND key = ?", (profile_id, key)
        )
        row = cursor.fetchone()
        return default if row is None else json.loads(row[0])

    # -- backups --------------------------------------------------------------------------------

    def list_backups(self) -> list[Path]:
        """Daily backups in ``<data_dir>/backups``, newest first."""
        return _list_backups(self._data_dir)

    def backup_if_due(self, now: datetime | None = None) -> Path | None:
        """Take today's (UTC) backup unless it exists; returns its path, or None if not due.

        Uses SQLite's online backup (a consistent copy), writes to a temporary name and renames,
        so a crash never leaves a half-written backup. Keeps the newest ``backups_to_keep``.
        A large file that was only probed at open gets its full integrity check here first;
        a damaged file is never backed up (:class:`StoreDamagedError`), so it cannot push a good
        backup out of the rotation.

        It reads through a connection of its own, so it may run on another thread while the
        store keeps being used (WAL lets the copy read a consistent snapshot).
        """
        moment = self._clock() if now is None else now
        folder = self._data_dir / BACKUP_DIRNAME
        target = folder / f"progress-{_as_utc(moment).date().isoformat()}.sqlite3"
        if target.exists():
            return None
        self._connection()  # a closed store takes no backup
        staging = folder / f".{target.name}.tmp"
        try:
            folder.mkdir(exist_ok=True)
            _remove_with_siblings(staging)
            source = _connect(self.path)
            try:
                if not self._checked:
                    problems = _problems(source)
                    if problems:
                        raise StoreDamagedError(self.path, "; ".join(problems[:3]))
                    self._checked = True
                dest = sqlite3.connect(staging, isolation_level=None)
                try:
                    source.backup(dest)
                    # A backup is a single self-contained file: no WAL flag in its header.
                    dest.execute("PRAGMA journal_mode = DELETE")
                finally:
                    dest.close()
            finally:
                source.close()
            os.replace(staging, target)
        except sqlite3.DatabaseError as exc:
            _remove_with_siblings(staging)
            code = getattr(exc, "sqlite_errorcode", None)
            if code is not None and (code & 0xFF) in _DAMAGE_CODES:
                raise StoreDamagedError(self.path, str(exc)) from exc
            raise StoreUnavailableError(folder, f"the backup could not be written ({exc})") from exc
        except OSError as exc:
            raise StoreUnavailableError(folder, f"the backup could not be written ({exc})") from exc
        for old in self.list_backups()[self._backups_to_keep :]:
            old.unlink(missing_ok=True)
        return target

    def restore_backup(self, path: Path) -> Path:
        """Replace the progress file with a verified copy of ``path``; returns where the
        replaced file was moved (``progress.replaced-<UTC stamp>.sqlite3``, never deleted).

        Raises :class:`BackupInvalidError` (nothing changed) if ``path`` is missing, damaged or
        not a FootTrainer progress file, and :class:`StoreTooNewError` if it is too new.
        An older backup is migrated. The store stays open on the restored data.
        """
        source = Path(path)
        db_path = self.path
        staging = self._data_dir / "progress.restoring.sqlite3"
        _remove_with_siblings(staging)
        try:
            shutil.copyfile(source, staging)
        except OSError as exc:
            raise BackupInvalidError(source, exc.strerror or str(exc)) from exc
        try:
            self._verify_restorable(source, staging)
        except BaseException:
            _remove_with_siblings(staging)
            raise

        self.close()
        try:
            replaced = _move_aside(db_path, "replaced", self._clock())
        except OSError as exc:
            self._conn = _open_database(db_path)
            raise StoreUnavailableError(db_path, f"it cannot be replaced ({exc})") from exc
        try:
            os.replace(staging, db_path)
        except OSError as exc:
            os.replace(replaced, db_path)
            self._conn = _open_database(db_path)
            raise StoreUnavailableError(db_path, f"it cannot be replaced ({exc})") from exc
        self._conn = _open_database(db_path)
        self._recovery = None
        return replaced

    @staticmethod
    def _verify_restorable(source: Path, staging: Path) -> None:
        """Check (and migrate) the staged copy; leave it as a single closed file."""
        try:
            probe = _connect(staging)
            try:
                version = migrations.read_version(probe)
            finally:
                probe.close()
        except sqlite3.Error as exc:
            raise BackupInvalidError(source, f"it is not a readable database ({exc})") from exc
        if version == 0:
            raise BackupInvalidError(source, "it is not a FootTrainer progress file")
        try:
            conn = _open_database(staging, full_check=True)
        except _DamagedDatabaseError as damaged:
            raise BackupInvalidError(source, f"it is damaged ({damaged.reason})") from damaged
        except StoreTooNewError as too_new:
            raise StoreTooNewError(
                source, too_new.found_version, too_new.supported_version
            ) from too_new
        try:
            conn.execute("PRAGMA journal_mode = DELETE")
        finally:
            conn.close()
