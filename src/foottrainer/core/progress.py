"""The progress API the views use: one student's study record on top of the store.

Grading happens here, in the core, and every answer is persisted (committed) before the caller
is told it is saved. Qt-free.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from enum import StrEnum
from typing import NamedTuple

from foottrainer.core.grading import Grade, grade
from foottrainer.core.model import Lesson, Question, Response
from foottrainer.storage import Answer, Profile, Store


class LessonStatus(StrEnum):
    NEW = "new"
    IN_PROGRESS = "in progress"
    DONE = "done"


class SavedAnswer(NamedTuple):
    grade: Grade
    answer: Answer  # the committed row


class LessonPlace(NamedTuple):
    """Where the student was in a lesson: text scroll position and video position (s)."""

    scroll: int = 0
    video: float = 0.0


class QuizSession:
    """One attempt at a lesson's quiz; resumable after a crash."""

    def __init__(self, lesson: Lesson, attempt_id: str) -> None:
        self.lesson = lesson
        self.attempt_id = attempt_id
        self.grades: dict[str, Grade] = {}  # question id → grade, in answer order
        self.started = time.monotonic()

    @property
    def remaining(self) -> list[Question]:
        return [q for q in self.lesson.quiz.questions if q.id not in self.grades]

    @property
    def finished(self) -> bool:
        return not self.remaining


class QuizResult(NamedTuple):
    score: float  # sum of question scores
    max_score: int
    passed: bool
    safety_passed: bool
    steps_to_review: tuple[str, ...]  # step ids of questions without full credit, lesson order

    @property
    def percent(self) -> float:
        return 100.0 * self.score / self.max_score if self.max_score else 0.0


def quiz_result(lesson: Lesson, grades: dict[str, Grade]) -> QuizResult:
    """Score a set of grades against the lesson's pass marks."""
    questions = lesson.quiz.questions
    total = sum(grades[q.id].score for q in questions if q.id in grades)
    safety = [q for q in questions if q.is_safety]
    safety_score = sum(grades[q.id].score for q in safety if q.id in grades)
    safety_ok = not safety or 100 * safety_score / len(safety) >= lesson.quiz.safety_pass_mark
    missed = {q.step_id for q in questions if q.id in grades and not grades[q.id].correct}
    review = tuple(s.id for s in lesson.steps if s.id in missed)
    passed = bool(questions) and 100 * total / len(questions) >= lesson.quiz.pass_mark
    return QuizResult(total, len(questions), passed, safety_ok, review)


class Progress:
    """What one profile has done: visits, videos watched, quizzes, completed lessons."""

    def __init__(self, store: Store, profile: Profile) -> None:
        self.store = store
        self.profile = profile

    @property
    def profile_id(self) -> str:
        return self.profile.id

    # -- lessons -----------------------------------------------------------------------------
    def statuses(self, lesson_ids: Iterable[str]) -> dict[str, LessonStatus]:
        done = self.store.completed_lessons(self.profile_id)
        visited = {v.lesson_id for v in self.store.visits(self.profile_id)}
        attempted = {a.lesson_id for a in self.store.attempts(self.profile_id)}
        out = {}
        for lesson_id in lesson_ids:
            if lesson_id in done:
                out[lesson_id] = LessonStatus.DONE
            elif lesson_id in visited or lesson_id in attempted:
                out[lesson_id] = LessonStatus.IN_PROGRESS
            else:
                out[lesson_id] = LessonStatus.NEW
        return out

    def open_lesson(self, lesson_id: str) -> str:
        """Record a visit; returns its id for :meth:`close_lesson`."""
        self.store.set_state(self.profile_id, "last_lesson", lesson_id)
        return self.store.start_visit(self.profile_id, lesson_id)

    def close_lesson(self, visit_id: str, seconds: float) -> None:
        self.store.end_visit(visit_id, seconds)

    def last_lesson(self) -> str | None:
        value = self.store.get_state(self.profile_id, "last_lesson")
        return value if isinstance(value, str) else None

    def forget_last_lesson(self) -> None:
        """The student went back to the library: start there next time."""
        self.store.set_state(self.profile_id, "last_lesson", None)

    def save_lesson_place(self, lesson_id: str, scroll: int, video: float) -> None:
        self.store.set_state(
            self.profile_id, f"place:{lesson_id}", {"scroll": int(scroll), "video": float(video)}
        )

    def lesson_place(self, lesson_id: str) -> LessonPlace:
        value = self.store.get_state(self.profile_id, f"place:{lesson_id}")
        if not isinstance(value, dict):
            return LessonPlace()
        try:
            return LessonPlace(int(value.get("scroll", 0)), float(value.get("video", 0.0)))
        except (TypeError, ValueError):
            return LessonPlace()

    def safety_passed(self, lesson: Lesson) -> bool:
        """The practice gate: has a finished quiz attempt reached the lesson's safety pass mark
        (100 % by default) on its safety questions? Study lessons and lessons without safety
        questions are always open."""
        safety = [q.id for q in lesson.quiz.questions if q.is_safety]
        if not safety or not lesson.is_technique:
            return True
        for attempt in self.store.attempts(self.profile_id, lesson.id):
            if not attempt.finished:
                continue
            latest = {a.question_id: a.score for a in self.store.answers(attempt.id)}
            score = sum(latest.get(q, 0.0) for q in safety) / len(safety)
            if 100 * score >= lesson.quiz.safety_pass_mark - 1e-9:
                return True
        return False

    def mark_done(self, lesson_id: str) -> None:
        self.store.mark_completed(self.profile_id, lesson_id)

    def record_watched(self, lesson_id: str, media: str, start: float, end: float) -> None:
        if end > start:
            self.store.record_watched(self.profile_id, lesson_id, media, start, end)

    # -- quizzes -----------------------------------------------------------------------------
    def start_quiz(self, lesson: Lesson) -> QuizSession:
        """Resume the unfinished attempt at this quiz, or start a new one."""
        attempt = self.store.unfinished_attempt(self.profile_id, lesson.id)
        if attempt is None:
            return QuizSession(lesson, self.store.start_attempt(self.profile_id, lesson.id))
        session = QuizSession(lesson, attempt.id)
        for row in self.store.answers(attempt.id):
            question = lesson.question(row.question_id)
            if question is None:
                continue  # the lesson changed since; that question is no longer asked
            try:
                session.grades[question.id] = grade(question, _as_response(row.response))
            except ValueError:
                continue  # the question's shape changed: ask it again
        return session

    def answer(
        self,
        session: QuizSession,
        question: Question,
        response: Response,
        duration_ms: int,
    ) -> SavedAnswer:
        """Grade and persist one answer; when this returns the answer is committed."""
        result = grade(question, response)
        row = self.store.record_answer(
            session.attempt_id, question.id, response, result.score, result.correct, duration_ms
        )
        session.grades[question.id] = result
        return SavedAnswer(result, row)

    def finish_quiz(self, session: QuizSession) -> QuizResult:
        self.store.finish_attempt(session.attempt_id, max_score=len(session.lesson.quiz.questions))
        return quiz_result(session.lesson, session.grades)


def _as_response(value: object) -> Response:
    if isinstance(value, bool | str):
        return value
    if isinstance(value, list):
        return [str(x) for x in value]
    if isinstance(value, dict):
        return {str(k): str(v) for k, v in value.items()}
    raise ValueError(f"not a response: {value!r}")
