"""Schema version 2: sessions across lessons, spaced-repetition cards and running totals."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from foottrainer.storage import CardUpdate, Store, local_day, migrations

from .conftest import FakeClock

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def test_answers_keep_running_totals_per_question_and_day(tmp_path: Path) -> None:
    clock = FakeClock(T0)
    with Store.open(tmp_path, clock=clock) as store:
        profile = store.default_profile().id
        attempt = store.start_attempt(profile, "heel")
        store.record_answer(attempt, "q1", "a", 1.0, True, 900)
        clock.advance(minutes=1)
        store.record_answer(attempt, "q1", "b", 0.0, False, 1200)  # changed their mind
        store.record_answer(attempt, "q2", ["x"], 0.5, False, 800)
        store.start_visit(profile, "heel")
        clock.advance(days=1)
        store.record_answer(store.start_attempt(profile, "heel"), "q2", ["x", "y"], 1.0, True, 5)

        stats = {s.question_id: s for s in store.question_stats(profile)}
        q1, q2 = stats["q1"], stats["q2"]
        assert (q1.answered, q1.correct, q1.last_correct) == (2, 1, False)
        assert (q2.answered, q2.correct, q2.score_sum, q2.last_correct) == (2, 1, 1.5, True)
        days = store.day_stats(profile)
        assert [(d.day, d.answered, d.correct, d.visits) for d in days] == [
            (local_day(T0), 3, 1, 1),
            (local_day(T0 + timedelta(days=1)), 1, 1, 0),
        ]
        other = store.create_profile("Anna").id
        assert store.question_stats(other) == []
        assert store.day_stats(other) == []


def test_a_card_is_saved_with_its_answer_and_due_cards_are_counted(tmp_path: Path) -> None:
    clock = FakeClock(T0)
    with Store.open(tmp_path, clock=clock) as store:
        profile = store.default_profile().id
        attempt = store.start_attempt(profile, "heel")
        store.record_answer(
            attempt, "q1", "a", 1.0, True, 900, card=CardUpdate('{"s": 1}', T0 + timedelta(days=3))
        )
        store.record_answer(
            attempt, "q2", "a", 0.0, False, 900, card=CardUpdate('{"s": 2}', T0 + timedelta(days=1))
        )
        assert store.review_card(profile, "heel", "q1") == '{"s": 1}'
        assert store.review_card(profile, "heel", "q3") is None
        assert store.count_due(profile, T0) == 0
        assert store.count_due(profile, T0 + timedelta(days=2)) == 1
        due = store.due_cards(profile, T0 + timedelta(days=5))
        assert [(lesson, q) for lesson, q, _ in due] == [("heel", "q2"), ("heel", "q1")]
        assert store.due_cards(profile, T0 + timedelta(days=5), limit=1)[0][1] == "q2"
        # A later answer replaces the card.
        store.record_answer(
            attempt, "q2", "b", 1.0, True, 900, card=CardUpdate('{"s": 3}', T0 + timedelta(days=9))
        )
        assert store.review_card(profile, "heel", "q2") == '{"s": 3}'
        assert store.count_due(profile, T0 + timedelta(days=5)) == 1


def test_a_failed_answer_write_leaves_card_and_totals_unchanged(tmp_path: Path) -> None:
    with Store.open(tmp_path) as store:
        profile = store.default_profile().id
        attempt = store.start_attempt(profile, "heel")
        store.finish_attempt(attempt)
        with pytest.raises(ValueError, match="already finished"):
            store.record_answer(attempt, "q1", "a", 1.0, True, 1, card=CardUpdate("{}", T0))
        assert store.review_card(profile, "heel", "q1") is None
        assert store.question_stats(profile) == []
        assert store.day_stats(profile) == []


def test_a_review_session_spans_lessons_and_keeps_its_plan(tmp_path: Path) -> None:
    with Store.open(tmp_path) as store:
        profile = store.default_profile().id
        plan = [("heel", "q1"), ("sole", "q4")]
        session = store.start_attempt(profile, "", kind="review", title="Review", plan=plan)
        with pytest.raises(ValueError, match="needs its lesson id"):
            store.record_answer(session, "q1", "a", 1.0, True, 10)
        answer = store.record_answer(session, "q4", "a", 1.0, True, 10, lesson_id="sole")
        assert answer.lesson_id == "sole"
        resumed = store.unfinished_attempt(profile, "", kind="review")
        assert resumed is not None
        assert (resumed.id, resumed.kind, resumed.title, resumed.plan) == (
            session,
            "review",
            "Review",
            tuple(plan),
        )
        assert store.unfinished_attempt(profile, "", kind="custom") is None
        assert store.finish_attempt(session, max_score=2).plan == tuple(plan)
        with pytest.raises(ValueError, match="kind"):
            store.start_attempt(profile, "", kind="exam")
        with pytest.raises(ValueError, match="lesson"):
            store.start_attempt(profile, "heel", kind="review")


def test_upgrading_a_version_1_file_totals_its_history(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:1])
    with Store.open(tmp_path) as old:
        profile = old.default_profile().id
    # History written by version 1 (its own columns only).
    with sqlite3.connect(tmp_path / "progress.sqlite3") as conn:
        conn.execute(
            "INSERT INTO quiz_attempts (id, profile_id, lesson_id, started_at, finished_at)"
            " VALUES ('a1', ?, 'heel', '2026-03-02T09:00:00.000Z', '2026-03-02T09:01:00.000Z')",
            (profile,),
        )
        for n, (correct, at) in enumerate([(0, "09:00:10"), (1, "09:00:20")]):
            conn.execute(
                "INSERT INTO answers VALUES (?, 'a1', ?, 'heel', 'q1', '\"a\"', ?, ?, 10, ?)",
                (f"n{n}", profile, float(correct), correct, f"2026-03-02T{at}.000Z"),
            )
        conn.execute(
            "INSERT INTO visits (id, profile_id, lesson_id, started_at)"
            " VALUES ('v1', ?, 'heel', '2026-03-02T09:00:00.000Z')",
            (profile,),
        )
    monkeypatch.undo()
    with Store.open(tmp_path) as store:
        (stats,) = store.question_stats(profile)
        assert (stats.answered, stats.correct, stats.last_correct) == (2, 1, True)
        (day,) = store.day_stats(profile)
        assert (day.day, day.answered, day.correct, day.visits) == (local_day(T0), 2, 1, 1)
        (attempt_row,) = store.attempts(profile)
        assert (attempt_row.kind, attempt_row.plan, attempt_row.finished) == ("lesson", (), True)
