"""Grading of every question type, partial credit and per-option feedback (no Qt)."""

from __future__ import annotations

import pytest

from foottrainer.core.grading import InvalidResponseError, grade
from foottrainer.core.model import Response
from foottrainer.core.progress import quiz_result


def q(lesson, question_id):
    question = lesson.question(question_id)
    assert question is not None
    return question


def test_single_choice(mini_lesson):
    right = grade(q(mini_lesson, "q-single"), "below")
    wrong = grade(q(mini_lesson, "q-single"), "onbone")
    assert (right.score, right.correct) == (1.0, True)
    assert (wrong.score, wrong.correct) == (0.0, False)
    chosen = next(f for f in wrong.feedback if f.chosen)
    assert chosen.option_id == "onbone" and not chosen.right
    assert chosen.explanation == "Wrong - pressing bone hurts."
    assert len(wrong.feedback) == 2  # every option is explained


def test_true_false(mini_lesson):
    assert grade(q(mini_lesson, "q-tf"), False).correct
    g = grade(q(mini_lesson, "q-tf"), True)
    assert g.score == 0.0
    assert [f.explanation for f in g.feedback if f.chosen] == [
        "Wrong - never push past resistance."
    ]


@pytest.mark.parametrize(
    ("response", "score"),
    [
        (["wound", "clot"], 1.0),
        (["wound"], 0.5),
        (["wound", "tired"], 0.0),  # one right minus one wrong
        (["wound", "clot", "tired"], 0.5),
        (["tired"], 0.0),  # never below zero
        ([], 0.0),
    ],
)
def test_multiple_select_partial_credit(mini_lesson, response, score):
    g = grade(q(mini_lesson, "q-multi"), response)
    assert g.score == pytest.approx(score)
    assert g.correct is (score == 1.0)


def test_multiple_select_feedback_marks_missed_and_wrong(mini_lesson):
    g = grade(q(mini_lesson, "q-multi"), ["wound", "tired"])
    verdict = {f.option_id: (f.chosen, f.right) for f in g.feedback}
    assert verdict == {"wound": (True, True), "clot": (False, False), "tired": (True, False)}


@pytest.mark.parametrize(
    ("order", "score"),
    [
        (["hold", "circles", "arch"], 1.0),
        (["circles", "hold", "arch"], 2 / 3),
        (["hold", "arch", "circles"], 2 / 3),
        (["arch", "circles", "hold"], 0.0),
    ],
)
def test_order_steps_pairwise_credit(mini_lesson, order, score):
    assert grade(q(mini_lesson, "q-order"), order).score == pytest.approx(score, abs=1e-6)


def test_order_steps_rejects_incomplete_order(mini_lesson):
    with pytest.raises(InvalidResponseError):
        grade(q(mini_lesson, "q-order"), ["hold", "arch"])


def test_tap_single_region(mini_lesson):
    assert grade(q(mini_lesson, "q-tap"), "heel").correct
    miss = grade(q(mini_lesson, "q-tap"), "ball")  # a region that is not an option
    assert miss.score == 0.0
    assert {f.option_id for f in miss.feedback} == {"heel", "arch"}
    outside = grade(q(mini_lesson, "q-tap"), "")  # a tap outside every region
    assert outside.score == 0.0


@pytest.mark.parametrize(
    ("taps", "score"),
    [
        (["heel", "arch", "ball"], 1.0),
        (["heel", "ball", "arch"], 1 / 3),
        (["heel", "arch"], 2 / 3),
        (["heel", "arch", "ball", "heel"], 3 / 4),  # an extra tap costs credit
        ([], 0.0),
    ],
)
def test_tap_sequence(mini_lesson, taps, score):
    question = q(mini_lesson, "q-tap-seq")
    assert question.is_sequence
    assert grade(question, taps).score == pytest.approx(score, abs=1e-6)


def test_match_reason(mini_lesson):
    question = q(mini_lesson, "q-match")
    assert grade(question, {"hold": "relax", "circles": "ease"}).correct
    half = grade(question, {"hold": "relax", "circles": "fast"})
    assert half.score == 0.5
    wrong = next(f for f in half.feedback if f.option_id == "circles")
    assert not wrong.right and "To finish faster" in wrong.text
    assert grade(question, {"hold": "relax"}).score == 0.5  # an unmatched option earns nothing


@pytest.mark.parametrize(
    ("question_id", "response"),
    [("q-single", ["below"]), ("q-tf", "false"), ("q-multi", "wound"), ("q-match", ["x"])],
)
def test_malformed_responses_are_refused(mini_lesson, question_id, response):
    with pytest.raises(InvalidResponseError):
        grade(q(mini_lesson, question_id), response)


def test_quiz_result_pass_marks_and_steps_to_review(mini_lesson):
    answers: dict[str, Response] = {
        "q-single": "below",
        "q-multi": ["wound"],  # safety question, half credit
        "q-tf": False,
        "q-order": ["hold", "circles", "arch"],
        "q-tap": "heel",
        "q-tap-seq": ["heel", "arch", "ball"],
        "q-match": {"hold": "relax", "circles": "ease"},
    }
    grades = {qid: grade(q(mini_lesson, qid), r) for qid, r in answers.items()}
    result = quiz_result(mini_lesson, grades)
    assert result.score == pytest.approx(6.5)
    assert result.max_score == 7
    assert result.passed  # 93% ≥ 80%
    assert not result.safety_passed  # safety needs 100% by default
    assert result.steps_to_review == ("hold",)
