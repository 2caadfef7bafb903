"""Schema version 3: the practice gate from one small read (best safety score per lesson)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from foottrainer.core.progress import Progress
from foottrainer.storage import Store, migrations

from .conftest import MINI_RIGHT as RIGHT
from .test_progress import answer_all

SAFETY = ["q-multi", "q-tf"]


def traced(store: Store) -> list[str]:
    statements: list[str] = []
    store._connection().set_trace_callback(statements.append)
    return statements


def test_finishing_keeps_the_best_safety_score(tmp_path: Path) -> None:
    with Store.open(tmp_path) as store:
        me = store.default_profile().id
        first = store.start_attempt(me, "heel")
        store.record_answer(first, "q-multi", "a", 0.5, False, 10)
        store.record_answer(first, "q-tf", "a", 0.0, False, 10)
        store.record_answer(first, "q-tf", "b", 1.0, True, 10)  # the latest answer counts
        store.record_answer(first, "q-other", "a", 1.0, True, 10)  # not a safety question
        store.finish_attempt(first, safety_questions=SAFETY)
        assert store.safety_gates(me) == {"heel": ("heel", 0.75, False)}
        worse = store.start_attempt(me, "heel")
        store.record_answer(worse, "q-multi", "a", 1.0, True, 10)  # q-tf unanswered: 0
        store.finish_attempt(worse, safety_questions=SAFETY)
        assert store.safety_gates(me)["heel"].best_score == 0.75  # never lowered
        with sqlite3.connect(store.path) as conn:
            (best_attempt,) = conn.execute("SELECT best_attempt_id FROM safety_gates").fetchone()
        assert best_attempt == first
        # Finishing again changes nothing; a session across lessons has no gate.
        store.finish_attempt(worse, safety_questions=SAFETY)
        review = store.start_attempt(me, "", kind="review", plan=[("sole", "q-tf")])
        store.record_answer(review, "q-tf", "a", 1.0, True, 10, lesson_id="sole")
        store.finish_attempt(review, safety_questions=["q-tf"])
        # Without safety questions (a quiz without any) nothing is recorded either.
        plain = store.start_attempt(me, "sole")
        store.finish_attempt(plain)
        assert set(store.safety_gates(me)) == {"heel"}
        assert store.safety_gates(store.create_profile("Anna").id) == {}


def test_gates_of_every_lesson_take_one_query(progress, mini_lesson):
    lessons = [mini_lesson, mini_lesson._replace(id="second"), mini_lesson._replace(id="none")]
    answer_all(progress, lessons[0])  # all right
    answer_all(progress, lessons[1], {"q-tf": True})  # a safety question wrong
    study = mini_lesson._replace(id="study", kind="study")
    no_safety = mini_lesson._replace(
        id="plain",
        quiz=mini_lesson.quiz._replace(
            questions=tuple(q for q in mini_lesson.quiz.questions if not q.is_safety)
        ),
    )
    statements = traced(progress.store)
    gates = progress.gates([*lessons, study, no_safety])
    assert gates == {
        "mini-lesson": True,
        "second": False,
        "none": False,
        "study": True,
        "plain": True,
    }
    assert len(statements) == 1 and "safety_gates" in statements[0]
    # A lesson's own pass mark applies at read time.
    lenient = lessons[1]._replace(quiz=lessons[1].quiz._replace(safety_pass_mark=50))
    assert progress.gates([lenient]) == {"second": True}
    assert progress.safety_passed(lessons[0]) and not progress.safety_passed(lessons[1])


def old_answer_all(progress, lesson, overrides=None):
    """A finished quiz as version 2 recorded it (no safety questions given to the store)."""
    session = progress.start_quiz(lesson)
    for question in session.remaining:
        progress.answer(
            session, question, (overrides or {}).get(question.id, RIGHT[question.id]), 9
        )
    progress.store.finish_attempt(session.attempt_id, max_score=len(lesson.quiz.questions))


def test_upgrading_to_version_3_scores_old_quizzes_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mini_lesson
) -> None:
    second = mini_lesson._replace(id="second")
    monkeypatch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:2])
    with Store.open(tmp_path) as old:
        profile = old.default_profile()
        progress = Progress(old, profile)
        old_answer_all(progress, mini_lesson, {"q-multi": ["wound"]})  # safety 1.5 of 2
        old_answer_all(progress, mini_lesson)  # passed
        old_answer_all(progress, second, {"q-tf": True})  # not passed
        session = progress.start_quiz(second)  # unfinished: does not count
        for question in session.remaining:
            progress.answer(session, question, RIGHT[question.id], 10)
        assert "safety_gates" not in {
            r[0] for r in old._connection().execute("SELECT name FROM sqlite_master")
        }
    monkeypatch.undo()
    with Store.open(tmp_path) as store:
        gates = store.safety_gates(profile.id)
        assert gates == {"mini-lesson": ("mini-lesson", 0.0, True), "second": ("second", 0.0, True)}
        progress = Progress(store, profile)
        assert progress.gates([mini_lesson, second]) == {"mini-lesson": True, "second": False}
        settled = store.safety_gates(profile.id)
        assert settled == {
            "mini-lesson": ("mini-lesson", 1.0, False),
            "second": ("second", 0.5, False),
        }
        statements = traced(store)
        assert progress.gates([mini_lesson, second]) == {"mini-lesson": True, "second": False}
        assert len(statements) == 1  # settled: no more answers to read
        store._connection().set_trace_callback(None)
        # The unfinished attempt resumes and, finished now, opens the gate.
        result = progress.finish_quiz(progress.start_quiz(second))
        assert result.safety_passed and progress.safety_passed(second)


def test_settling_validates_and_never_lowers(store) -> None:
    me = store.default_profile().id
    store.settle_safety_gate(me, "heel", 0.8)
    store.settle_safety_gate(me, "heel", 0.4)
    assert store.safety_gates(me) == {"heel": ("heel", 0.8, False)}
    with pytest.raises(ValueError, match="between 0 and 1"):
        store.settle_safety_gate(me, "heel", 1.5)
