"""The progress dashboard's figures (no Qt): every number checked against a hand-built history."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from foottrainer.core.catalog import Catalog
from foottrainer.core.dashboard import (
    DayAccuracy,
    GateStatus,
    accuracy_by_day,
    dashboard,
    streak,
    weakest_steps,
)
from foottrainer.core.progress import Progress
from foottrainer.storage import CardUpdate, DayStats, Store, local_day

from .conftest import FakeClock

T0 = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)  # noon UTC: the same calendar day nearly everywhere
SAFETY = ["q-multi", "q-tf"]


def day(n: int) -> date:
    return date.fromisoformat(local_day(T0 + timedelta(days=n)))


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(T0)


@pytest.fixture
def store(tmp_path: Path, clock: FakeClock) -> Iterator[Store]:
    with Store.open(tmp_path, clock=clock) as s:
        yield s


@pytest.fixture
def catalog(mini_lesson) -> Catalog:
    """The mini technique lesson, a copy of it ("Second") and a study lesson."""
    second = mini_lesson._replace(id="second", title="Second")
    study = mini_lesson._replace(id="study", title="Study", kind="study", videos=())
    return Catalog([mini_lesson, second, study])


def answers(store: Store, attempt: str, *given: tuple[str, bool]) -> None:
    for question, right in given:
        store.record_answer(attempt, question, "x", 1.0 if right else 0.0, right, 1000)


def test_per_lesson_mastery_gate_completion_and_video(store, clock, catalog):
    me = Progress(store, store.default_profile())
    attempt = store.start_attempt(me.profile_id, "mini-lesson")
    answers(
        store,
        attempt,
        ("q-single", True),
        ("q-multi", False),
        ("q-tf", True),
        ("q-order", True),
        ("q-multi", True),  # answered again, right at last
        ("q-tap", False),
    )
    store.finish_attempt(attempt, max_score=7, safety_questions=SAFETY)
    # The second lesson: a finished quiz that misses a safety question stays locked.
    attempt = store.start_attempt(me.profile_id, "second")
    answers(store, attempt, ("q-multi", True), ("q-tf", False))
    store.finish_attempt(attempt, max_score=7, safety_questions=SAFETY)
    store.mark_completed(me.profile_id, "mini-lesson")
    store.mark_completed(me.profile_id, "study")
    for start, end in [(0, 2), (1, 3), (5, 9)]:  # union [0, 3] + [5, 6] of a 6 s video
        store.record_watched(me.profile_id, "mini-lesson", "demo", start, end)
    store.record_watched(me.profile_id, "second", "other-media", 0, 5)  # not a lesson video
    # Someone else's answers, completions and viewing are not mixed in.
    anna = store.create_profile("Anna").id
    attempt = store.start_attempt(anna, "mini-lesson")
    answers(store, attempt, ("q-single", False), ("q-order", False), ("q-match", True))
    store.finish_attempt(attempt, safety_questions=SAFETY)
    store.mark_completed(anna, "second")
    store.record_watched(anna, "second", "demo", 0, 6)

    board = dashboard(catalog, me, clock.now)
    mini, second, study = board.lessons
    assert (mini.questions, mini.answered, mini.mastered) == (7, 5, 4)
    assert mini.mastery == pytest.approx(4 / 7)
    assert mini.accuracy == pytest.approx(4 / 6)
    assert (mini.gate, mini.done) == (GateStatus.UNLOCKED, True)
    assert mini.watched == pytest.approx(4 / 6)
    assert (second.answered, second.mastered) == (2, 1)
    assert second.mastery == pytest.approx(1 / 7)
    assert (second.gate, second.done, second.watched) == (GateStatus.LOCKED, False, 0.0)
    assert (study.gate, study.done, study.watched, study.accuracy) == (
        GateStatus.NONE,
        True,
        None,  # no video
        None,  # no answer
    )
    assert study.mastery == 0.0 and not study.is_technique
    assert [lesson.lesson_id for lesson in board.techniques] == ["mini-lesson", "second"]
    assert (board.lessons_done, board.lessons_total) == (2, 3)
    assert (board.answers, board.correct) == (8, 5)
    assert board.accuracy == pytest.approx(5 / 8)
    assert not board.empty

    theirs = dashboard(catalog, Progress(store, store.list_profiles()[1]), clock.now)
    assert theirs.profile_id == anna
    assert [(x.answered, x.mastered, x.done) for x in theirs.lessons] == [
        (3, 1, False),
        (0, 0, True),
        (0, 0, False),
    ]
    assert theirs.lessons[1].watched == 1.0
    assert theirs.lessons[0].gate is GateStatus.LOCKED  # no safety question answered
    assert (theirs.answers, theirs.correct) == (3, 1)


def test_accuracy_per_day_with_a_seven_day_rolling_value(store, clock, catalog):
    me = Progress(store, store.default_profile())
    attempt = store.start_attempt(me.profile_id, "mini-lesson")
    answers(store, attempt, ("q-single", True), ("q-tf", True), ("q-tap", True), ("q-tf", False))
    clock.at_day(1)
    answers(store, attempt, ("q-single", False), ("q-match", False))
    clock.at_day(2)
    me.open_lesson("mini-lesson")  # a visit, no answers: no accuracy point that day
    clock.at_day(4)
    answers(store, attempt, *[("q-order", True)] * 5)
    clock.at_day(8)  # day 1 is exactly 7 days back: out of the window
    answers(store, attempt, ("q-tap-seq", False))

    board = dashboard(catalog, me, clock.now)
    assert board.accuracy_by_day == (
        DayAccuracy(day(0), 4, 3, 3 / 4),
        DayAccuracy(day(1), 2, 0, 3 / 6),
        DayAccuracy(day(4), 5, 5, 8 / 11),
        DayAccuracy(day(8), 1, 0, 5 / 6),
    )
    assert [round(d.accuracy, 3) for d in board.accuracy_by_day] == [0.75, 0.0, 1.0, 0.0]
    assert (board.answers, board.correct) == (12, 8)


def test_streak_counts_days_with_answers_or_visits(store, clock, catalog):
    me = Progress(store, store.default_profile())
    attempt = store.start_attempt(me.profile_id, "mini-lesson")
    for n in (0, 1):
        clock.at_day(n)
        answers(store, attempt, ("q-single", True))
    clock.at_day(2)
    me.open_lesson("mini-lesson")  # opening a lesson counts as study
    clock.at_day(4, minutes=30)  # day 3: a gap
    answers(store, attempt, ("q-single", False))

    at = dashboard(catalog, me, clock.now).streak
    assert (at.current, at.longest, at.studied_today, at.at_risk) == (1, 3, True, False)
    # Tomorrow, before studying: the streak still counts, but only if they study today.
    at = dashboard(catalog, me, T0 + timedelta(days=5)).streak
    assert (at.current, at.longest, at.studied_today, at.at_risk) == (1, 3, False, True)
    # The day after: broken.
    at = dashboard(catalog, me, T0 + timedelta(days=6)).streak
    assert (at.current, at.longest, at.at_risk) == (0, 3, False)
    # Studying on days 5, 6 and 7 makes a new, longer streak.
    for n in (5, 6, 7):
        clock.at_day(n)
        answers(store, attempt, ("q-tf", True))
    at = dashboard(catalog, me, clock.now).streak
    assert (at.current, at.longest) == (4, 4)
    # Another profile has no streak at all.
    other = Progress(store, store.create_profile("Anna"))
    assert dashboard(catalog, other, clock.now).streak == (0, 0, False)


def test_streak_from_day_rows():
    rows = [
        DayStats("2026-03-01", 3, 1, 1.0, 0),
        DayStats("2026-03-02", 0, 0, 0.0, 2),
        DayStats("2026-03-03", 0, 0, 0.0, 0),  # a row without study does not count
        DayStats("2026-03-04", 1, 1, 1.0, 0),
        DayStats("2026-03-09", 1, 0, 0.0, 0),  # after "today" (a clock set back): ignored
    ]
    assert streak(rows, date(2026, 3, 2)) == (2, 2, True)
    assert streak(rows, date(2026, 3, 3)) == (2, 2, False)
    assert streak(rows, date(2026, 3, 4)) == (1, 2, True)
    assert streak([], date(2026, 3, 4)) == (0, 0, False)
    assert accuracy_by_day(rows[1:3]) == ()


def test_weakest_steps_rank_missed_why_questions(store, clock, catalog):
    me = Progress(store, store.default_profile())
    attempt = store.start_attempt(me.profile_id, "mini-lesson")
    answers(
        store,
        attempt,
        # Step "circles": q-single missed 2 of 3, q-match missed 1 of 1 → 3 of 4.
        ("q-single", False),
        ("q-single", True),
        ("q-single", False),
        ("q-match", False),
        # Step "arch": q-tf missed 2 of 2, q-tap-seq right → 2 of 3.
        ("q-tf", False),
        ("q-tf", False),
        ("q-tap-seq", True),
        # Step "hold" has no why question: its misses never make it a weak step.
        *[("q-order", False)] * 6,
    )
    attempt = store.start_attempt(me.profile_id, "second")
    # "Second", step "arch": missed 2 of 2 (the same misses as above, at a higher rate);
    # step "circles": answered, never missed → not weak.
    answers(store, attempt, ("q-tf", False), ("q-tf", False), ("q-single", True))
    attempt = store.start_attempt(me.profile_id, "gone")  # a lesson no longer in the catalog
    answers(store, attempt, *[("q-tf", False)] * 9)
    # Another profile's misses do not count.
    anna = store.create_profile("Anna").id
    answers(store, store.start_attempt(anna, "second"), *[("q-match", False)] * 9)

    weak = dashboard(catalog, me, clock.now).weakest_steps
    assert [(w.lesson_id, w.step_id, w.missed, w.answered) for w in weak] == [
        ("mini-lesson", "circles", 3, 4),
        ("second", "arch", 2, 2),
        ("mini-lesson", "arch", 2, 3),
    ]
    first = weak[0]
    assert (first.lesson_title, first.step_number, first.step_title) == (
        "Mini lesson",
        2,
        "Circles below the ankle",
    )
    assert first.question_id == "q-single"  # the step's most missed why question
    assert first.prompt == catalog.get("mini-lesson").question("q-single").prompt
    assert first.miss_rate == pytest.approx(3 / 4)
    assert weak[2].question_id == "q-tf"
    stats = store.question_stats(me.profile_id)
    assert len(weakest_steps(catalog, stats, limit=2)) == 2


def test_at_most_five_weakest_steps(store, clock, mini_lesson):
    lessons = [mini_lesson._replace(id=f"l{n}", title=f"L{n}") for n in range(3)]
    me = Progress(store, store.default_profile())
    for n, lesson in enumerate(lessons):
        attempt = store.start_attempt(me.profile_id, lesson.id)
        answers(store, attempt, *[("q-single", False)] * (n + 1), ("q-tf", False))
    weak = dashboard(Catalog(lessons), me, clock.now).weakest_steps
    assert len(weak) == 5
    assert [(w.lesson_id, w.step_id, w.missed) for w in weak[:2]] == [
        ("l2", "circles", 3),
        ("l1", "circles", 2),
    ]
    # Ties (one miss each, all at 100 %) keep lesson order, then step order.
    assert [(w.lesson_id, w.step_id) for w in weak[2:]] == [
        ("l0", "circles"),
        ("l0", "arch"),
        ("l1", "arch"),
    ]


def test_a_new_profile_has_an_empty_dashboard(store, clock, catalog):
    board = dashboard(catalog, Progress(store, store.default_profile()), clock.now)
    assert board.empty and board.answers == 0 and board.accuracy is None
    assert board.accuracy_by_day == () and board.weakest_steps == ()
    assert board.streak == (0, 0, False) and board.due_reviews == 0
    assert [(x.mastery, x.gate, x.watched) for x in board.lessons] == [
        (0.0, GateStatus.LOCKED, 0.0),
        (0.0, GateStatus.LOCKED, 0.0),
        (0.0, GateStatus.NONE, None),
    ]
    assert (board.lessons_done, board.lessons_total, board.today) == (0, 3, day(0))


def test_due_reviews_are_counted_at_now(store, clock, catalog):
    me = Progress(store, store.default_profile())
    attempt = store.start_attempt(me.profile_id, "mini-lesson")
    for question, due_in in [("q-single", 1), ("q-tf", 3), ("q-tap", 3)]:
        store.record_answer(
            attempt,
            question,
            "x",
            1.0,
            True,
            10,
            card=CardUpdate("{}", T0 + timedelta(days=due_in)),
        )
    assert dashboard(catalog, me, T0).due_reviews == 0
    assert dashboard(catalog, me, T0 + timedelta(days=2)).due_reviews == 1
    assert dashboard(catalog, me, T0 + timedelta(days=3)).due_reviews == 3


def test_the_dashboard_never_reads_answers(store, clock, catalog):
    me = Progress(store, store.default_profile())
    attempt = store.start_attempt(me.profile_id, "mini-lesson")
    answers(store, attempt, *[(q, True) for q in ["q-single", *SAFETY]])
    store.finish_attempt(attempt, safety_questions=SAFETY)
    me.open_lesson("mini-lesson")
    statements: list[str] = []
    store._connection().set_trace_callback(statements.append)
    try:
        board = dashboard(catalog, me, clock.now)
    finally:
        store._connection().set_trace_callback(None)
    assert board.lessons[0].gate is GateStatus.UNLOCKED
    assert statements and all(s.lstrip().upper().startswith("SELECT") for s in statements)
    tables = {t for s in statements for t in re.findall(r"\b(?:FROM|JOIN)\s+(\w+)", s)}
    # Small tables (rows per question, day or lesson) and index ranges; never the history.
    assert tables <= {
        "question_stats",
        "daily_stats",
        "lesson_completions",
        "safety_gates",
        "video_ranges",
        "review_cards",
    }, tables


def test_lessons_started_come_from_visits_and_lesson_quizzes(store, clock, catalog):
    me = Progress(store, store.default_profile())
    assert store.lessons_started(me.profile_id) == set()
    me.open_lesson("b-lesson")
    me.open_lesson("b-lesson")
    store.start_attempt(me.profile_id, "a-lesson")
    store.start_attempt(me.profile_id, "", kind="review", plan=[("c-lesson", "q")])
    store.record_watched(me.profile_id, "d-lesson", "demo", 0, 1)  # watching alone is no start
    anna = store.create_profile("Anna").id
    store.start_visit(anna, "z-lesson")
    assert store.lessons_started(me.profile_id) == {"a-lesson", "b-lesson"}
    assert store.lessons_started(anna) == {"z-lesson"}
    store.mark_completed(me.profile_id, "a-lesson")
    assert me.statuses(["a-lesson", "b-lesson", "c-lesson"]) == {
        "a-lesson": "done",
        "b-lesson": "in progress",
        "c-lesson": "new",
    }
