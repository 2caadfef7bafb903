"""The progress API (no Qt): answers saved as given, resume, the safety gate, lesson places."""

from __future__ import annotations

from .conftest import MINI_RIGHT as RIGHT


def answer_all(progress, lesson, overrides=None):
    session = progress.start_quiz(lesson)
    for question in session.remaining:
        response = (overrides or {}).get(question.id, RIGHT[question.id])
        progress.answer(session, question, response, 1500)
    return progress.finish_quiz(session)


def test_safety_gate_opens_only_with_full_marks_on_safety_questions(progress, mini_lesson):
    assert not progress.safety_passed(mini_lesson)  # no attempt yet
    result = answer_all(progress, mini_lesson, {"q-multi": ["wound"]})  # safety: 1.5 of 2
    assert result.passed and not result.safety_passed
    assert not progress.safety_passed(mini_lesson)
    result = answer_all(progress, mini_lesson)
    assert result.safety_passed
    assert progress.safety_passed(mini_lesson)


def test_an_unfinished_attempt_does_not_open_the_gate(progress, mini_lesson):
    session = progress.start_quiz(mini_lesson)
    for question in session.remaining:
        progress.answer(session, question, RIGHT[question.id], 900)
    assert not progress.safety_passed(mini_lesson)  # answered, but never finished


def test_lesson_place_is_remembered_per_lesson(progress):
    assert progress.lesson_place("a") == (0, 0.0)
    progress.save_lesson_place("a", 420, 17.5)
    progress.save_lesson_place("b", 10, 2.0)
    assert progress.lesson_place("a") == (420, 17.5)
    assert progress.lesson_place("b").video == 2.0


def test_last_lesson_is_forgotten_when_back_in_the_library(progress):
    progress.open_lesson("mini-lesson")
    assert progress.last_lesson() == "mini-lesson"
    progress.forget_last_lesson()
    assert progress.last_lesson() is None


def test_study_lessons_have_no_practice_gate(progress, mini_lesson):
    study = mini_lesson._replace(kind="study")
    assert not study.is_technique
    assert progress.safety_passed(study)  # nothing to practise on a person
    assert not progress.safety_passed(mini_lesson)
