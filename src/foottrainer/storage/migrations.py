"""Numbered schema migrations for ``progress.sqlite3``.

``MIGRATIONS[n - 1]`` brings a database from ``PRAGMA user_version`` ``n - 1`` to ``n``; the
latest schema version is ``len(MIGRATIONS)``. Rules for adding a migration:

* append, never edit or reorder a released step;
* a step receives a connection that is already inside ``BEGIN IMMEDIATE`` and must not commit,
  so use ``conn.execute`` per statement (``executescript`` would COMMIT implicitly);
* ``PRAGMA foreign_keys`` cannot be changed inside a transaction: a step that rebuilds a table
  must keep foreign keys consistent by itself (``PRAGMA defer_foreign_keys = ON`` helps).

All pending steps plus the ``user_version`` stamp run in ONE transaction (see
:func:`apply_migrations`), so a failure leaves the database exactly at its old version.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path

from foottrainer.storage.errors import MigrationError, StoreTooNewError

Migration = Callable[[sqlite3.Connection], None]


def _statements(*sql: str) -> Migration:
    """A migration that executes each SQL statement in order (inside the caller's transaction)."""

    def step(conn: sqlite3.Connection) -> None:
        for statement in sql:
            conn.execute(statement)

    return step


_V1 = _statements(
    """
    CREATE TABLE profiles (
        id          TEXT PRIMARY KEY NOT NULL,
        name        TEXT NOT NULL CHECK (length(trim(name)) > 0),
        created_at  TEXT NOT NULL
    )
    """,
    """
    CREATE TABLE visits (
        id          TEXT PRIMARY KEY NOT NULL,
        profile_id  TEXT NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
        lesson_id   TEXT NOT NULL,
        started_at  TEXT NOT NULL,
        ended_at    TEXT,
        seconds     REAL NOT NULL DEFAULT 0 CHECK (seconds >= 0)
    )
    """,
    "CREATE INDEX visits_by_profile_lesson ON visits(profile_id, lesson_id)",
    """
    CREATE TABLE video_ranges (
        id          TEXT PRIMARY KEY NOT NULL,
        profile_id  TEXT NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
        lesson_id   TEXT NOT NULL,
        media       TEXT NOT NULL,
        start_s     REAL NOT NULL CHECK (start_s >= 0),
        end_s       REAL NOT NULL CHECK (end_s > start_s),
        recorded_at TEXT NOT NULL
    )
    """,
    "CREATE INDEX video_ranges_by_profile_lesson_media"
    " ON video_ranges(profile_id, lesson_id, media)",
    """
    CREATE TABLE quiz_attempts (
        id          TEXT PRIMARY KEY NOT NULL,
        profile_id  TEXT NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
        lesson_id   TEXT NOT NULL,
        started_at  TEXT NOT NULL,
        finished_at TEXT,
        score       REAL,
        max_score   REAL
    )
    """,
    "CREATE INDEX quiz_attempts_by_profile_lesson ON quiz_attempts(profile_id, lesson_id)",
    """
    CREATE TABLE answers (
        id          TEXT PRIMARY KEY NOT NULL,
        attempt_id  TEXT NOT NULL REFERENCES quiz_attempts(id) ON DELETE CASCADE,
        profile_id  TEXT NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
        lesson_id   TEXT NOT NULL,
        question_id TEXT NOT NULL,
        response    TEXT NOT NULL,
        score       REAL NOT NULL CHECK (score >= 0 AND score <= 1),
        correct     INTEGER NOT NULL CHECK (correct IN (0, 1)),
        duration_ms INTEGER NOT NULL CHECK (duration_ms >= 0),
        answered_at TEXT NOT NULL
    )
    """,
    "CREATE INDEX answers_by_attempt ON answers(attempt_id)",
    "CREATE INDEX answers_by_profile_question ON answers(profile_id, question_id)",
    """
    CREATE TABLE lesson_completions (
        profile_id   TEXT NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
        lesson_id    TEXT NOT NULL,
        completed_at TEXT NOT NULL,
        PRIMARY KEY (profile_id, lesson_id)
    )
    """,
    """
    CREATE TABLE ui_state (
        profile_id  TEXT NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
        key         TEXT NOT NULL,
        value       TEXT NOT NULL,
        updated_at  TEXT NOT NULL,
        PRIMARY KEY (profile_id, key)
    )
    """,
)

#: Running totals computed from the answers and visits on record (migration 2's backfill; the
#: dashboard benchmark fills its generated database with the same statements).
QUESTION_STATS_BACKFILL = """
    INSERT INTO question_stats (profile_id, lesson_id, question_id, answered, correct,
                                score_sum, last_correct, last_answered_at)
    SELECT profile_id, lesson_id, question_id, COUNT(*), SUM(correct), SUM(score),
           (SELECT a2.correct FROM answers a2
             WHERE a2.profile_id = a.profile_id AND a2.lesson_id = a.lesson_id
               AND a2.question_id = a.question_id
             ORDER BY a2.answered_at DESC, a2.rowid DESC LIMIT 1),
           MAX(answered_at)
    FROM answers a GROUP BY profile_id, lesson_id, question_id
"""
DAILY_STATS_BACKFILL = """
    INSERT INTO daily_stats (profile_id, day, answered, correct, score_sum, visits)
    SELECT profile_id, day, SUM(n), SUM(c), SUM(s), SUM(v) FROM (
        SELECT profile_id, date(answered_at, 'localtime') AS day,
               1 AS n, correct AS c, score AS s, 0 AS v FROM answers
        UNION ALL
        SELECT profile_id, date(started_at, 'localtime'), 0, 0, 0, 1 FROM visits
    ) GROUP BY profile_id, day
"""

# Version 2: sessions across lessons (review, custom), one spaced-repetition card per question,
# and running totals so the dashboard never has to scan every answer ever given.
_V2 = _statements(
    # 'lesson' attempts are a lesson's quiz (lesson_id set); 'review' and 'custom' sessions span
    # lessons (lesson_id = '') and keep their planned questions as JSON [[lesson, question], ...]
    # so a resumed session asks the same questions.
    "ALTER TABLE quiz_attempts ADD COLUMN kind TEXT NOT NULL DEFAULT 'lesson'"
    " CHECK (kind IN ('lesson', 'review', 'custom'))",
    "ALTER TABLE quiz_attempts ADD COLUMN title TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE quiz_attempts ADD COLUMN plan TEXT",
    "CREATE INDEX quiz_attempts_unfinished ON quiz_attempts(profile_id, kind, finished_at)",
    # The FSRS state of one question for one profile (fsrs.Card as JSON); ``due`` is copied out
    # (ISO UTC, same format as every timestamp) so "how many are due" is an index range count.
    """
    CREATE TABLE review_cards (
        profile_id  TEXT NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
        lesson_id   TEXT NOT NULL,
        question_id TEXT NOT NULL,
        card        TEXT NOT NULL,
        due         TEXT NOT NULL,
        updated_at  TEXT NOT NULL,
        PRIMARY KEY (profile_id, lesson_id, question_id)
    )
    """,
    "CREATE INDEX review_cards_due ON review_cards(profile_id, due)",
    # Per question: every answer ever given counts (re-answers too); ``last_correct`` is the
    # latest answer's verdict ("questions I got wrong").
    """
    CREATE TABLE question_stats (
        profile_id       TEXT NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
        lesson_id        TEXT NOT NULL,
        question_id      TEXT NOT NULL,
        answered         INTEGER NOT NULL DEFAULT 0 CHECK (answered >= 0),
        correct          INTEGER NOT NULL DEFAULT 0 CHECK (correct >= 0),
        score_sum        REAL NOT NULL DEFAULT 0,
        last_correct     INTEGER NOT NULL DEFAULT 0 CHECK (last_correct IN (0, 1)),
        last_answered_at TEXT NOT NULL,
        PRIMARY KEY (profile_id, lesson_id, question_id)
    )
    """,
    # Per local calendar day (the student's day, for streaks): answers and lesson visits.
    """
    CREATE TABLE daily_stats (
        profile_id  TEXT NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
        day         TEXT NOT NULL,
        answered    INTEGER NOT NULL DEFAULT 0 CHECK (answered >= 0),
        correct     INTEGER NOT NULL DEFAULT 0 CHECK (correct >= 0),
        score_sum   REAL NOT NULL DEFAULT 0,
        visits      INTEGER NOT NULL DEFAULT 0 CHECK (visits >= 0),
        PRIMARY KEY (profile_id, day)
    )
    """,
    # Totals for the history recorded before version 2.
    QUESTION_STATS_BACKFILL,
    DAILY_STATS_BACKFILL,
)

# Version 3: the practice gate in one small read. Per profile and lesson, the best safety score
# (0..1: the mean of the latest scores of the lesson's safety questions) of a finished lesson
# quiz, kept up to date by Store.finish_attempt(..., safety_questions=...). The store does not
# know which questions are safety questions, so history from before version 3 cannot be scored
# here: its lessons get a row with ``legacy = 1``, which the core settles once (scoring those
# attempts' answers against the lesson) with Store.settle_safety_gate. Also a covering index
# for reading a profile's watched video ranges in order.
_V3 = _statements(
    """
    CREATE TABLE safety_gates (
        profile_id      TEXT NOT NULL REFERENCES profiles(id) ON DELETE CASCADE,
        lesson_id       TEXT NOT NULL,
        best_score      REAL NOT NULL DEFAULT 0 CHECK (best_score >= 0 AND best_score <= 1),
        best_attempt_id TEXT,
        legacy          INTEGER NOT NULL DEFAULT 0 CHECK (legacy IN (0, 1)),
        updated_at      TEXT NOT NULL,
        PRIMARY KEY (profile_id, lesson_id)
    )
    """,
    """
    INSERT INTO safety_gates (profile_id, lesson_id, best_score, legacy, updated_at)
    SELECT profile_id, lesson_id, 0, 1, MAX(finished_at) FROM quiz_attempts
    WHERE kind = 'lesson' AND finished_at IS NOT NULL AND lesson_id != ''
    GROUP BY profile_id, lesson_id
    """,
    # The dashboard reads every watched range of a profile, sorted, from the index alone.
    "CREATE INDEX video_ranges_by_profile_media_start"
    " ON video_ranges(profile_id, lesson_id, media, start_s, end_s)",
    "DROP INDEX video_ranges_by_profile_lesson_media",
)

#: The schema history. Index ``n - 1`` upgrades version ``n - 1`` to ``n``.
MIGRATIONS: list[Migration] = [_V1, _V2, _V3]


def latest_version(steps: Sequence[Migration] | None = None) -> int:
    """The schema version the code writes (``len(MIGRATIONS)`` unless ``steps`` is given)."""
    return len(MIGRATIONS if steps is None else steps)


def read_version(conn: sqlite3.Connection) -> int:
    """``PRAGMA user_version`` of ``conn``'s main database."""
    row = conn.execute("PRAGMA user_version").fetchone()
    return int(row[0])


def apply_migrations(
    conn: sqlite3.Connection, path: Path, steps: Sequence[Migration] | None = None
) -> int:
    """Bring ``conn`` to the latest version in one ``BEGIN IMMEDIATE`` transaction.

    ``conn`` must be in autocommit mode (``isolation_level=None``). Returns the version the
    database was at before. Raises :class:`StoreTooNewError` (nothing written) if the database
    is newer than the code, and :class:`MigrationError` (everything rolled back) if a step fails.
    ``steps`` defaults to the module-level :data:`MIGRATIONS`, looked up at call time.
    """
    todo = MIGRATIONS if steps is None else steps
    target = len(todo)
    current = read_version(conn)
    if current > target:
        raise StoreTooNewError(path, current, target)
    if current == target:
        return current
    conn.execute("BEGIN IMMEDIATE")
    # Re-read inside the write lock: another process may have migrated meanwhile.
    start = read_version(conn)
    step_number = start + 1
    try:
        if start > target:
            raise StoreTooNewError(path, start, target)
        for step_number in range(start + 1, target + 1):
            todo[step_number - 1](conn)
        conn.execute(f"PRAGMA user_version = {int(target)}")
        conn.execute("COMMIT")
    except StoreTooNewError:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    except BaseException as exc:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        if isinstance(exc, Exception):
            raise MigrationError(path, start, step_number, exc) from exc
        raise
    return start
