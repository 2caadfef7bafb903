"""Tests of the progress store (no Qt; every data folder lives under tmp_path)."""

from __future__ import annotations

import itertools
import os
import random
import re
import sqlite3
import threading
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from foottrainer.storage import (
    BackupInvalidError,
    MigrationError,
    NotFoundError,
    Store,
    StoreDamagedError,
    StoreError,
    StoreTooNewError,
    StoreUnavailableError,
    db,
    format_timestamp,
    latest_version,
    merge_ranges,
    migrations,
    parse_timestamp,
)

from .conftest import FakeClock

TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")
TABLES = {
    "profiles",
    "visits",
    "video_ranges",
    "quiz_attempts",
    "answers",
    "lesson_completions",
    "ui_state",
}


def _tables(db: Path) -> set[str]:
    conn = sqlite3.connect(db)
    try:
        rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    finally:
        conn.close()
    return {r[0] for r in rows}


def _user_version(db: Path) -> int:
    conn = sqlite3.connect(db)
    try:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])
    finally:
        conn.close()


def _is_uuid4(text: str) -> bool:
    try:
        parsed = uuid.UUID(text)
    except ValueError:
        return False
    return parsed.version == 4 and str(parsed) == text


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(tmp_path / "data") as opened:
        yield opened


# -- opening and migrations ------------------------------------------------------------------


def test_open_creates_missing_folder_and_migrates(tmp_path: Path) -> None:
    data_dir = tmp_path / "deep" / "data"
    with Store.open(data_dir) as store:
        assert store.path == data_dir / "progress.sqlite3"
        assert store.recovery is None
    assert _user_version(data_dir / "progress.sqlite3") == latest_version() >= 1
    assert _tables(data_dir / "progress.sqlite3") >= TABLES


def test_migration_from_empty_file_sets_latest_version(tmp_path: Path) -> None:
    db = tmp_path / "progress.sqlite3"
    db.write_bytes(b"")
    Store.open(tmp_path).close()
    assert _user_version(db) == latest_version()
    assert _tables(db) >= TABLES


def test_newer_database_raises_and_is_left_untouched(tmp_path: Path) -> None:
    db = tmp_path / "progress.sqlite3"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE from_the_future (x)")
    conn.execute(f"PRAGMA user_version = {latest_version() + 5}")
    conn.commit()
    conn.close()
    before = db.read_bytes()

    with pytest.raises(StoreTooNewError) as caught:
        Store.open(tmp_path)

    assert db.read_bytes() == before
    assert caught.value.found_version == latest_version() + 5
    assert "newer version of FootTrainer" in str(caught.value)
    assert str(db) in str(caught.value)
    assert not list(tmp_path.glob("progress.corrupt-*"))


def _broken_step(conn: sqlite3.Connection) -> None:
    conn.execute("CREATE TABLE half_done (x)")
    conn.execute("INSERT INTO half_done VALUES (1)")
    raise RuntimeError("boom")


def test_failing_migration_from_empty_rolls_back_everything(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, _broken_step])
    with pytest.raises(MigrationError, match="boom"):
        Store.open(tmp_path)
    db = tmp_path / "progress.sqlite3"
    assert _user_version(db) == 0
    assert _tables(db) == set()


def test_failing_migration_keeps_existing_version_and_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Store.open(tmp_path) as store:
        profile = store.create_profile("Ana")
    db = tmp_path / "progress.sqlite3"
    old_version = _user_version(db)
    old_tables = _tables(db)

    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, _broken_step])
    with pytest.raises(MigrationError) as caught:
        Store.open(tmp_path)
    assert caught.value.from_version == old_version
    assert _user_version(db) == old_version
    assert _tables(db) == old_tables

    monkeypatch.undo()
    with Store.open(tmp_path) as store:
        assert store.list_profiles() == [profile]


def test_pending_migrations_run_in_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    Store.open(tmp_path).close()
    released = latest_version()
    seen: list[str] = []

    def step_one(conn: sqlite3.Connection) -> None:
        seen.append("one")
        conn.execute("CREATE TABLE extra (x)")

    def step_two(conn: sqlite3.Connection) -> None:
        seen.append("two")
        conn.execute("INSERT INTO extra VALUES (3)")

    monkeypatch.setattr(migrations, "MIGRATIONS", [*migrations.MIGRATIONS, step_one, step_two])
    Store.open(tmp_path).close()
    assert seen == ["one", "two"]
    assert _user_version(tmp_path / "progress.sqlite3") == released + 2


def test_connection_pragmas(store: Store) -> None:
    conn = store._connection()
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
    assert conn.isolation_level is None


def test_closed_store_raises(tmp_path: Path) -> None:
    store = Store.open(tmp_path)
    store.close()
    store.close()
    assert store.closed
    with pytest.raises(StoreError, match="closed"):
        store.list_profiles()


# -- unavailable data folder -----------------------------------------------------------------


def test_data_dir_under_a_file_is_unavailable(tmp_path: Path) -> None:
    (tmp_path / "afile").write_text("not a folder")
    data_dir = tmp_path / "afile" / "sub"
    with pytest.raises(StoreUnavailableError) as caught:
        Store.open(data_dir)
    assert str(data_dir) in str(caught.value)


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root ignores permissions"
)
def test_read_only_data_dir_is_unavailable(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        with pytest.raises(StoreUnavailableError) as caught:
            Store.open(locked)
        assert str(locked) in str(caught.value)
    finally:
        locked.chmod(0o700)
    Store.open(locked).close()
    db = locked / "progress.sqlite3"
    db.chmod(0o400)
    with pytest.raises(StoreUnavailableError, match=r"progress\.sqlite3"):
        Store.open(locked)
    db.chmod(0o600)


# -- records, ids and timestamps -------------------------------------------------------------


def test_ids_are_uuid4_and_timestamps_iso_z(tmp_path: Path) -> None:
    clock = FakeClock(datetime(2026, 11, 21, 23, 5, 1, 123456, tzinfo=UTC), timedelta(seconds=1.5))
    with Store.open(tmp_path, clock=clock) as store:
        profile = store.create_profile("Ana")
        assert profile.created_at == "2026-11-21T23:05:01.123Z"
        visit_id = store.start_visit(profile.id, "L1")
        store.end_visit(visit_id, 12.5)
        range_id = store.record_watched(profile.id, "L1", "v.mp4", 0, 3)
        attempt_id = store.start_attempt(profile.id, "L1")
        answer = store.record_answer(attempt_id, "q1", {"choice": "b"}, 1.0, True, 900)
        attempt = store.finish_attempt(attempt_id)
        store.mark_completed(profile.id, "L1")
        store.set_state(profile.id, "last_lesson", "L1")

        for record_id in (profile.id, visit_id, range_id, attempt_id, answer.id):
            assert _is_uuid4(record_id), record_id
        (visit,) = store.visits(profile.id)
        stamps = [
            profile.created_at,
            visit.started_at,
            visit.ended_at,
            answer.answered_at,
            attempt.started_at,
            attempt.finished_at,
        ]
        for stamp in stamps:
            assert stamp is not None and TIMESTAMP.match(stamp), stamp
        assert len(set(stamps)) == len(stamps)  # the clock was really used

        conn = sqlite3.connect(store.path)
        rows = conn.execute(
            "SELECT recorded_at FROM video_ranges UNION ALL SELECT completed_at"
            " FROM lesson_completions UNION ALL SELECT updated_at FROM ui_state"
        ).fetchall()
        conn.close()
        assert len(rows) == 3
        assert all(TIMESTAMP.match(r[0]) for r in rows)


def test_timestamp_helpers_convert_to_utc() -> None:
    plus_two = timezone(timedelta(hours=2))
    moment = datetime(2026, 11, 22, 1, 5, 1, 999999, tzinfo=plus_two)
    assert format_timestamp(moment) == "2026-11-21T23:05:01.999Z"
    assert format_timestamp(datetime(2026, 1, 2, 3, 4, 5)) == "2026-01-02T03:04:05.000Z"
    assert parse_timestamp("2026-11-21T23:05:01.123Z") == datetime(
        2026, 11, 21, 23, 5, 1, 123000, tzinfo=UTC
    )


# -- profiles --------------------------------------------------------------------------------


def test_profile_crud(store: Store) -> None:
    assert store.list_profiles() == []
    ana = store.create_profile("  Ana ")
    assert ana.name == "Ana"
    ben = store.create_profile("Ben")
    assert [p.id for p in store.list_profiles()] == [ana.id, ben.id]

    renamed = store.rename_profile(ben.id, "Benjamin")
    assert renamed.name == "Benjamin" and renamed.id == ben.id
    assert store.list_profiles()[1].name == "Benjamin"

    for bad in ("", "   "):
        with pytest.raises(ValueError):
            store.create_profile(bad)
        with pytest.raises(ValueError):
            store.rename_profile(ana.id, bad)
    with pytest.raises(NotFoundError):
        store.rename_profile("nope", "X")

    store.delete_profile(ana.id)
    assert [p.id for p in store.list_profiles()] == [ben.id]
    with pytest.raises(NotFoundError):
        store.delete_profile(ana.id)


def test_default_profile_created_once(store: Store) -> None:
    first = store.default_profile()
    assert first.name == "Student"
    assert store.default_profile() == first
    store.create_profile("Other")
    assert store.default_profile() == first
    assert len(store.list_profiles()) == 2


def test_delete_profile_cascades(store: Store) -> None:
    keep = store.create_profile("Keep")
    gone = store.create_profile("Gone")
    for profile in (keep, gone):
        attempt = store.start_attempt(profile.id, "L1")
        store.record_answer(attempt, "q1", [1, 2], 0.5, False, 10)
        store.end_visit(store.start_visit(profile.id, "L1"), 3)
        store.record_watched(profile.id, "L1", "v", 0, 5)
        store.mark_completed(profile.id, "L1")
        store.set_state(profile.id, "k", {"a": 1})

    store.delete_profile(gone.id)

    conn = sqlite3.connect(store.path)
    for table in TABLES - {"profiles"}:
        profiles = {r[0] for r in conn.execute(f"SELECT profile_id FROM {table}")}
        assert profiles == {keep.id}, table
    conn.close()
    assert store.attempts(gone.id) == []


def test_unknown_profile_is_rejected(store: Store) -> None:
    with pytest.raises(NotFoundError):
        store.start_visit("missing", "L1")
    with pytest.raises(NotFoundError):
        store.start_attempt("missing", "L1")
    with pytest.raises(NotFoundError):
        store.set_state("missing", "k", 1)
    with pytest.raises(NotFoundError):
        store.record_answer("missing-attempt", "q", None, 1.0, True, 1)


# -- visits, video, completion, state --------------------------------------------------------


def test_visits_and_time_on_lesson(store: Store) -> None:
    profile = store.default_profile()
    first = store.start_visit(profile.id, "L1")
    store.end_visit(first, 30.5)
    second = store.start_visit(profile.id, "L1")
    store.start_visit(profile.id, "L2")
    visits = store.visits(profile.id, "L1")
    assert [v.id for v in visits] == [first, second]
    assert visits[1].ended_at is None and visits[1].seconds == 0
    store.end_visit(second, 10)
    assert store.time_on_lesson(profile.id, "L1") == pytest.approx(40.5)
    assert store.time_on_lesson(profile.id, "L3") == 0
    assert len(store.visits(profile.id)) == 3
    with pytest.raises(ValueError):
        store.end_visit(first, -1)
    with pytest.raises(NotFoundError):
        store.end_visit("nope", 1)


def test_watched_ranges_merge(store: Store) -> None:
    profile = store.default_profile()
    for start, end in [(30, 40), (0, 10), (5, 20)]:
        store.record_watched(profile.id, "L1", "video.mp4", start, end)
    store.record_watched(profile.id, "L1", "other.mp4", 0, 100)
    assert store.watched_ranges(profile.id, "L1", "video.mp4") == [(0, 20), (30, 40)]
    # The union is 20 s + 10 s = 30 s (the "25 s" example miscounts [0, 20]).
    assert store.watched_seconds(profile.id, "L1", "video.mp4") == pytest.approx(30)

    store.record_watched(profile.id, "L1", "video.mp4", 20, 30)  # touching both neighbours
    assert store.watched_ranges(profile.id, "L1", "video.mp4") == [(0, 40)]
    assert store.watched_seconds(profile.id, "L2", "video.mp4") == 0

    bad_ranges: list[tuple[float, float]] = [(5, 5), (5, 4), (-1, 3), (0, float("nan"))]
    for bad_start, bad_end in bad_ranges:
        with pytest.raises(ValueError):
            store.record_watched(profile.id, "L1", "video.mp4", bad_start, bad_end)


def test_merge_ranges_random_against_bitmap() -> None:
    rng = random.Random(1234)
    for _ in range(200):
        ranges: list[tuple[float, float]] = []
        for _ in range(rng.randint(0, 8)):
            start = rng.randint(0, 50)
            ranges.append((float(start), float(start + rng.randint(1, 15))))
        covered = {t for s, e in ranges for t in range(int(s), int(e))}
        merged = merge_ranges(ranges)
        assert sum(e - s for s, e in merged) == len(covered)
        assert all(a[1] < b[0] for a, b in itertools.pairwise(merged))


def test_completion_and_ui_state(store: Store) -> None:
    profile = store.default_profile()
    assert store.completed_lessons(profile.id) == set()
    store.mark_completed(profile.id, "L1")
    store.mark_completed(profile.id, "L1")
    store.mark_completed(profile.id, "L2")
    assert store.completed_lessons(profile.id) == {"L1", "L2"}

    assert store.get_state(profile.id, "last_lesson") is None
    assert store.get_state(profile.id, "last_lesson", "intro") == "intro"
    store.set_state(profile.id, "last_lesson", "L2")
    store.set_state(profile.id, "last_lesson", {"id": "L3", "scroll": 0.25})
    assert store.get_state(profile.id, "last_lesson") == {"id": "L3", "scroll": 0.25}
    with pytest.raises(ValueError):
        store.set_state(profile.id, "bad", object())


# -- quizzes ---------------------------------------------------------------------------------


def test_quiz_attempt_lifecycle(store: Store) -> None:
    profile = store.default_profile()
    assert store.unfinished_attempt(profile.id, "L1") is None
    attempt_id = store.start_attempt(profile.id, "L1")
    resumable = store.unfinished_attempt(profile.id, "L1")
    assert resumable is not None and resumable.id == attempt_id and not resumable.finished

    a1 = store.record_answer(attempt_id, "q1", {"picked": ["a", "c"]}, 0.0, False, 1200)
    store.record_answer(attempt_id, "q1", {"picked": ["a"]}, 1.0, True, 800)  # retry counts
    store.record_answer(attempt_id, "q2", "free text", 0.5, False, 5000)
    assert a1.profile_id == profile.id and a1.lesson_id == "L1"
    assert a1.response == {"picked": ["a", "c"]}
    assert [a.question_id for a in store.answers(attempt_id)] == ["q1", "q1", "q2"]
    assert store.answers(attempt_id)[0] == a1

    finished = store.finish_attempt(attempt_id)
    assert finished.finished
    assert finished.score == pytest.approx(1.5)
    assert finished.max_score == 2
    assert finished.fraction == pytest.approx(0.75)
    assert store.finish_attempt(attempt_id) == finished  # idempotent
    assert store.unfinished_attempt(profile.id, "L1") is None
    assert store.attempts(profile.id, "L1") == [finished]
    with pytest.raises(ValueError, match="finished"):
        store.record_answer(attempt_id, "q3", None, 1.0, True, 1)

    other = store.start_attempt(profile.id, "L1")
    store.record_answer(other, "q1", 1, 1.0, True, 1)
    scored = store.finish_attempt(other, max_score=4)
    assert scored.fraction == pytest.approx(0.25)
    empty = store.finish_attempt(store.start_attempt(profile.id, "L2"))
    assert empty.score == 0 and empty.fraction is None
    assert len(store.attempts(profile.id)) == 3


def test_record_answer_validation(store: Store) -> None:
    attempt_id = store.start_attempt(store.default_profile().id, "L1")
    for score in (-0.1, 1.1, float("nan")):
        with pytest.raises(ValueError):
            store.record_answer(attempt_id, "q", None, score, False, 1)
    with pytest.raises(ValueError):
        store.record_answer(attempt_id, "q", None, 1.0, True, -5)
    with pytest.raises(ValueError):
        store.record_answer(attempt_id, "q", {1, 2}, 1.0, True, 5)
    assert store.answers(attempt_id) == []


def test_recorded_answer_is_visible_to_another_connection(store: Store) -> None:
    attempt_id = store.start_attempt(store.default_profile().id, "L1")
    other = sqlite3.connect(store.path)
    try:
        for n in range(3):
            answer = store.record_answer(attempt_id, f"q{n}", {"n": n}, 1.0, True, 100)
            row = other.execute(
                "SELECT question_id, response, correct FROM answers WHERE id = ?", (answer.id,)
            ).fetchone()
            assert row == (f"q{n}", f'{{"n":{n}}}', 1)
            assert not store._connection().in_transaction
    finally:
        other.close()


# -- damaged files ---------------------------------------------------------------------------


def test_garbage_file_is_moved_aside(tmp_path: Path) -> None:
    db = tmp_path / "progress.sqlite3"
    garbage = random.Random(7).randbytes(50_000)
    db.write_bytes(garbage)
    clock = FakeClock(datetime(2026, 11, 21, 23, 5, 1, tzinfo=UTC))

    with Store.open(tmp_path, clock=clock) as store:
        (moved,) = tmp_path.glob("progress.corrupt-*.sqlite3")
        assert moved.name == "progress.corrupt-2026-11-21T23-05-01Z.sqlite3"
        assert moved.read_bytes() == garbage
        notice = store.recovery
        assert notice is not None
        assert notice.moved_to == moved
        assert str(moved) in notice.message
        assert "No backup" in notice.message
        assert notice.latest_backup is None
        assert store.list_profiles() == []
        store.create_profile("Fresh start")
    assert _user_version(db) == latest_version()


def _filled_store(data_dir: Path, answers: int) -> None:
    with Store.open(data_dir) as store:
        attempt = store.start_attempt(store.default_profile().id, "L1")
        for n in range(answers):
            store.record_answer(attempt, f"q{n}", {"text": "x" * 300, "n": n}, 1.0, True, n)


def test_truncated_database_is_moved_aside_and_backup_offered(tmp_path: Path) -> None:
    clock = FakeClock(datetime(2026, 11, 20, 8, 0, tzinfo=UTC), timedelta(hours=1))
    _filled_store(tmp_path, 300)
    with Store.open(tmp_path, clock=clock) as store:
        backup = store.backup_if_due()
    assert backup is not None
    db = tmp_path / "progress.sqlite3"
    assert not (tmp_path / "progress.sqlite3-wal").exists()
    full = db.read_bytes()
    assert len(full) > 40_000
    db.write_bytes(full[: len(full) // 2])
    truncated = db.read_bytes()

    with Store.open(tmp_path, clock=clock) as store:
        notice = store.recovery
        assert notice is not None
        assert notice.moved_to.read_bytes() == truncated
        assert notice.moved_to.name.startswith("progress.corrupt-")
        assert notice.latest_backup == backup
        assert "a backup from 2026-11-20 is available" in notice.message.lower()
        assert notice.moved_to.name in notice.message
        assert store.list_profiles() == []


def test_healthy_database_is_not_flagged(tmp_path: Path) -> None:
    _filled_store(tmp_path, 5)
    with Store.open(tmp_path) as store:
        assert store.recovery is None
        assert len(store.attempts(store.default_profile().id)) == 1
    assert not list(tmp_path.glob("progress.corrupt-*"))


# -- backups ---------------------------------------------------------------------------------


def test_one_backup_per_day_keeps_newest_seven(tmp_path: Path) -> None:
    clock = FakeClock(datetime(2026, 11, 1, 9, 0, tzinfo=UTC), timedelta(minutes=1))
    with Store.open(tmp_path, clock=clock) as store:
        profile = store.default_profile()
        made = []
        for day in range(10):
            now = datetime(2026, 11, 1 + day, 9, 0, tzinfo=UTC)
            store.set_state(profile.id, "day", day)
            taken = store.backup_if_due(now)
            assert taken is not None
            made.append(taken)
            assert store.backup_if_due(now + timedelta(hours=14)) is None  # same UTC day
        backups = store.list_backups()
        assert backups == made[::-1][:7]
        assert backups[0].name == "progress-2026-11-10.sqlite3"
        assert backups[-1].name == "progress-2026-11-04.sqlite3"
        assert not list((tmp_path / "backups").glob(".*"))
        assert {p.name for p in (tmp_path / "backups").iterdir()} == {p.name for p in backups}
        # A backup is a standalone, healthy, current-version file.
        conn = sqlite3.connect(backups[0])
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT value FROM ui_state WHERE key = 'day'").fetchone()[0] == "9"
        conn.close()


def test_backup_uses_clock_when_no_time_given(tmp_path: Path) -> None:
    clock = FakeClock(datetime(2026, 11, 21, 23, 59, 59, tzinfo=UTC), timedelta(seconds=2))
    with Store.open(tmp_path, clock=clock, backups_to_keep=2) as store:
        first = store.backup_if_due()
        assert first is not None and first.name == "progress-2026-11-21.sqlite3"
        second = store.backup_if_due()  # the clock has crossed midnight UTC
        assert second is not None and second.name == "progress-2026-11-22.sqlite3"
    with pytest.raises(ValueError):
        Store.open(tmp_path, backups_to_keep=0)


def test_restore_brings_back_answer_and_keeps_replaced_file(tmp_path: Path) -> None:
    clock = FakeClock(datetime(2026, 11, 20, 10, 0, tzinfo=UTC), timedelta(minutes=5))
    with Store.open(tmp_path, clock=clock) as store:
        profile = store.default_profile()
        attempt = store.start_attempt(profile.id, "L1")
        before = store.record_answer(attempt, "q1", "kept", 1.0, True, 10)
        backup = store.backup_if_due()
        assert backup is not None
        after = store.record_answer(attempt, "q2", "lost", 0.0, False, 10)
        store.delete_profile(profile.id)
        current_bytes = store.path.read_bytes()
        assert store.answers(attempt) == []

        replaced = store.restore_backup(backup)

        assert replaced.name.startswith("progress.replaced-")
        assert replaced.exists()
        assert [a.id for a in store.answers(attempt)] == [before.id]
        assert store.answers(attempt)[0] == before
        # The store keeps working on the restored file.
        store.record_answer(attempt, "q3", "new", 1.0, True, 10)
        assert store.recovery is None
        assert backup.exists()
        assert not (tmp_path / "progress.restoring.sqlite3").exists()

    conn = sqlite3.connect(replaced)
    assert conn.execute("SELECT COUNT(*) FROM answers").fetchone()[0] == 0
    conn.close()
    assert len(current_bytes) > 0
    with Store.open(tmp_path) as store:
        ids = {a.id for a in store.answers(attempt)}
        assert before.id in ids and after.id not in ids and len(ids) == 2


def test_restore_rejects_bad_files_and_changes_nothing(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    garbage = tmp_path / "garbage.sqlite3"
    garbage.write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)
    foreign = tmp_path / "foreign.sqlite3"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    too_new = tmp_path / "new.sqlite3"
    conn = sqlite3.connect(too_new)
    conn.execute(f"PRAGMA user_version = {latest_version() + 1}")
    conn.close()

    with Store.open(data_dir) as store:
        profile = store.create_profile("Ana")
        with pytest.raises(BackupInvalidError):
            store.restore_backup(tmp_path / "missing.sqlite3")
        with pytest.raises(BackupInvalidError):
            store.restore_backup(garbage)
        with pytest.raises(BackupInvalidError, match="not a FootTrainer"):
            store.restore_backup(foreign)
        with pytest.raises(StoreTooNewError):
            store.restore_backup(too_new)
        assert store.list_profiles() == [profile]
    assert sorted(p.name for p in data_dir.iterdir() if p.is_file()) == ["progress.sqlite3"]


# -- large files: probed at open, fully checked before the daily backup ----------------------


def _damage_a_middle_page(db: Path) -> None:
    """Overwrite one page in the middle of the file (the length stays right)."""
    with sqlite3.connect(db) as conn:
        page_size = int(conn.execute("PRAGMA page_size").fetchone()[0])
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(db.read_bytes())
    middle = (len(data) // page_size // 2) * page_size
    data[middle : middle + page_size] = random.Random(3).randbytes(page_size)
    db.write_bytes(bytes(data))


def test_a_large_file_is_probed_at_open_and_checked_before_its_backup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _filled_store(tmp_path, 300)
    _damage_a_middle_page(tmp_path / "progress.sqlite3")
    monkeypatch.setattr(db, "FULL_CHECK_MAX_BYTES", 0)  # every file counts as large
    with Store.open(tmp_path) as store:
        assert store.recovery is None  # the quick probe cannot see a damaged middle page
        with pytest.raises(StoreDamagedError, match=r"damaged.*No backup was taken"):
            store.backup_if_due()
        assert store.list_backups() == []
    monkeypatch.undo()
    with Store.open(tmp_path) as store:  # a small file: the full check at open finds it
        assert store.recovery is not None


def test_a_large_truncated_file_is_caught_by_the_probe(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _filled_store(tmp_path, 300)
    db_file = tmp_path / "progress.sqlite3"
    with sqlite3.connect(db_file) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db_file.write_bytes(db_file.read_bytes()[: db_file.stat().st_size // 2])
    monkeypatch.setattr(db, "FULL_CHECK_MAX_BYTES", 0)
    with Store.open(tmp_path) as store:
        assert store.recovery is not None


def test_a_sound_large_file_is_backed_up_from_another_thread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _filled_store(tmp_path, 50)
    monkeypatch.setattr(db, "FULL_CHECK_MAX_BYTES", 0)
    with Store.open(tmp_path) as store:
        result: list[object] = []
        worker = threading.Thread(target=lambda: result.append(store.backup_if_due()))
        worker.start()
        profile = store.default_profile().id  # the store stays usable meanwhile
        store.mark_completed(profile, "L1")
        worker.join()
        (backup,) = result
        assert isinstance(backup, Path)
        assert backup.exists()
    with sqlite3.connect(backup) as conn:
        assert conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT COUNT(*) FROM answers").fetchone()[0] == 50
