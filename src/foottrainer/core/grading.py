"""Grading every question type, with the partial-credit rules of docs/lesson-format.md.

A grade is a score from 0 to 1; ``correct`` means full credit. Feedback explains every option.
"""

from __future__ import annotations

from itertools import combinations
from typing import NamedTuple

from .model import Question, QuestionType, Response


class InvalidResponseError(ValueError):
    """The response has the wrong shape for the question type (a programming error in a view)."""


class OptionFeedback(NamedTuple):
    option_id: str
    text: str
    chosen: bool  # the learner picked / placed / tapped / matched it
    right: bool  # the learner's handling of this option was right
    explanation: str


class Grade(NamedTuple):
    question_id: str
    score: float  # 0.0 … 1.0
    feedback: tuple[OptionFeedback, ...]

    @property
    def correct(self) -> bool:
        return self.score >= 1.0 - 1e-9


def grade(question: Question, response: Response) -> Grade:
    """Grade ``response``; raises :class:`InvalidResponseError` for a malformed one."""
    grader = _GRADERS[question.type]
    score, feedback = grader(question, response)
    return Grade(question.id, round(max(0.0, min(1.0, score)), 6), tuple(feedback))


def _ids(response: Response, question: Question) -> list[str]:
    if not isinstance(response, list) or not all(isinstance(x, str) for x in response):
        raise InvalidResponseError(f"{question.id}: expected a list of ids, got {response!r}")
    return response


def _choice(
    question: Question, response: Response, answer_id: str
) -> tuple[float, list[OptionFeedback]]:
    if not isinstance(response, str):
        raise InvalidResponseError(f"{question.id}: expected one option id, got {response!r}")
    fb = [
        OptionFeedback(
            o.id, o.text, o.id == response, o.id == answer_id or o.id != response, o.explanation
        )
        for o in question.options
    ]
    return (1.0 if response == answer_id else 0.0), fb


def _single(question: Question, response: Response) -> tuple[float, list[OptionFeedback]]:
    return _choice(question, response, str(question.answer))


def _true_false(question: Question, response: Response) -> tuple[float, list[OptionFeedback]]:
    if not isinstance(response, bool):
        raise InvalidResponseError(f"{question.id}: expected true or false, got {response!r}")
    return _choice(
        question, "true" if response else "false", "true" if question.answer is True else "false"
    )


def _multiple(question: Question, response: Response) -> tuple[float, list[OptionFeedback]]:
    chosen = set(_ids(response, question))
    answer = set(_ids(question.answer, question))
    hits = len(chosen & answer)
    false_alarms = len(chosen - answer)
    fb = [
        OptionFeedback(
            o.id, o.text, o.id in chosen, (o.id in chosen) == (o.id in answer), o.explanation
        )
        for o in question.options
    ]
    return (hits - false_alarms) / len(answer), fb


def _order(question: Question, response: Response) -> tuple[float, list[OptionFeedback]]:
    order = _ids(response, question)
    answer = _ids(question.answer, question)
    if sorted(order) != sorted(answer):
        raise InvalidResponseError(
            f"{question.id}: an order must list every item once, got {order}"
        )
    place = {item: i for i, item in enumerate(order)}
    pairs = list(combinations(answer, 2))
    in_order = sum(1 for a, b in pairs if place[a] < place[b])
    fb = [
        OptionFeedback(o.id, o.text, True, place[o.id] == answer.index(o.id), o.explanation)
        for o in sorted(question.options, key=lambda o: answer.index(o.id))
    ]
    return in_order / len(pairs), fb


def _tap(question: Question, response: Response) -> tuple[float, list[OptionFeedback]]:
    if question.is_sequence:
        taps = _ids(response, question)
        answer = _ids(question.answer, question)
        right_at = sum(1 for i, region in enumerate(answer) if i < len(taps) and taps[i] == region)
        score = right_at / max(len(answer), len(taps))
        fb = []
        for o in question.options:
            if o.id in answer:
                at = answer.index(o.id)
                ok = at < len(taps) and taps[at] == o.id
            else:
                ok = o.id not in taps
            fb.append(OptionFeedback(o.id, o.text, o.id in taps, ok, o.explanation))
        return score, fb
    if not isinstance(response, str):
        raise InvalidResponseError(f"{question.id}: expected one region id, got {response!r}")
    # A tap outside the listed hotspots is simply wrong; every hotspot still gets its explanation.
    return _choice(question, response, str(question.answer))


def _match(question: Question, response: Response) -> tuple[float, list[OptionFeedback]]:
    if not isinstance(response, dict):
        raise InvalidResponseError(
            f"{question.id}: expected a mapping option → reason, got {response!r}"
        )
    answer = question.answer
    assert isinstance(answer, dict)
    reasons = {r.id: r.text for r in question.reasons}
    right = 0
    fb = []
    for o in question.options:
        picked = response.get(o.id)
        ok = picked == answer[o.id]
        right += ok
        chosen_text = reasons.get(picked or "", "no reason chosen")
        fb.append(
            OptionFeedback(o.id, f"{o.text} → {chosen_text}", picked is not None, ok, o.explanation)
        )
    return right / len(question.options), fb


_GRADERS = {
    QuestionType.SINGLE_CHOICE: _single,
    QuestionType.TRUE_FALSE: _true_false,
    QuestionType.MULTIPLE_SELECT: _multiple,
    QuestionType.ORDER_STEPS: _order,
    QuestionType.TAP_DIAGRAM: _tap,
    QuestionType.MATCH_REASON: _match,
}
