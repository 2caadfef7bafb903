"""The progress API the views use: one student's study record on top of the store.

Grading happens here, in the core, and every answer is persisted (committed) before the caller
is told it is saved. Qt-free.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from datetime import UTC, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, NamedTuple

from foottrainer.core.catalog import Catalog
from foottrainer.core.grading import Grade, grade
from foottrainer.core.model import Lesson, Question, Response
from foottrainer.core.review import (
    REVIEW_SESSION_SIZE,
    Rating,
    ReviewStatus,
    make_scheduler,
    rating,
    review,
)
from foottrainer.core.sessions import Criteria, Selection, select_questions
from foottrainer.storage import Answer, Attempt, CardUpdate, Profile, Store, parse_timestamp

if TYPE_CHECKING:
    import random

    from fsrs import Scheduler

#: The title of a spaced-repetition review session.
REVIEW_TITLE = "Review"
#: Pass mark (%) shown for sessions across lessons, which have no pass mark of their own.
SESSION_PASS_MARK = 80


class LessonStatus(StrEnum):
    NEW = "new"
    IN_PROGRESS = "in progress"
    DONE = "done"


class SavedAnswer(NamedTuple):
    grade: Grade
    answer: Answer  # the committed row
    rating: Rating | None = None  # how the answer reviewed the question's card
    due: datetime | None = None  # when the question is due for review again


class LessonPlace(NamedTuple):
    """Where the student was in a lesson: text scroll position and video position (s)."""

    scroll: int = 0
    video: float = 0.0


class SessionItem(NamedTuple):
    """One question of a session, with the lesson it comes from."""

    lesson: Lesson
    question: Question

    @property
    def key(self) -> tuple[str, str]:
        return (self.lesson.id, self.question.id)


class QuizSession:
    """One attempt, resumable after a crash: a lesson's quiz (``lesson`` set, ``kind``
    "lesson"), or a review or custom session across lessons (``lesson`` None) asking ``items``.
    """

    def __init__(
        self,
        lesson: Lesson | None,
        attempt_id: str,
        *,
        items: Iterable[SessionItem] | None = None,
        kind: str = "lesson",
        title: str = "",
    ) -> None:
        if items is None:
            if lesson is None:
                raise ValueError("A session needs its lesson or its questions.")
            items = (SessionItem(lesson, q) for q in lesson.quiz.questions)
        self.lesson = lesson
        self.attempt_id = attempt_id
        self.items = tuple(items)
        self.kind = kind
        self.title = title or (lesson.title if lesson is not None else "")
        #: (lesson id, question id) → grade, in answer order
        self.results: dict[tuple[str, str], Grade] = {}
        self.started = time.monotonic()

    @property
    def across_lessons(self) -> bool:
        return self.lesson is None

    @property
    def grades(self) -> dict[str, Grade]:
        """Question id → grade: a lesson quiz's view of :attr:`results`."""
        return {question_id: g for (_lesson, question_id), g in self.results.items()}

    @property
    def remaining_items(self) -> list[SessionItem]:
        return [item for item in self.items if item.key not in self.results]

    @property
    def remaining(self) -> list[Question]:
        return [item.question for item in self.remaining_items]

    @property
    def answered(self) -> int:
        return sum(1 for item in self.items if item.key in self.results)

    @property
    def finished(self) -> bool:
        return not self.remaining_items

    def item_for(self, question: Question) -> SessionItem | None:
        """The session's item asking ``question`` (the unanswered one first)."""
        matching = [item for item in self.items if item.question.id == question.id]
        exact = [item for item in matching if item.question is question] or matching
        return next((i for i in exact if i.key not in self.results), exact[0] if exact else None)


class QuizResult(NamedTuple):
    score: float  # sum of question scores
    max_score: int
    passed: bool
    safety_passed: bool
    steps_to_review: tuple[str, ...]  # step ids of questions without full credit, lesson order
    #: (lesson id, step id) of the questions without full credit, grouped by lesson (in the
    #: order the lessons came up), steps in lesson order; a session across lessons has only this
    to_review: tuple[tuple[str, str], ...] = ()

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
    return QuizResult(
        total, len(questions), passed, safety_ok, review, tuple((lesson.id, s) for s in review)
    )


def session_result(session: QuizSession) -> QuizResult:
    """Score a session: a lesson quiz against its pass marks (:func:`quiz_result`); a session
    across lessons against :data:`SESSION_PASS_MARK`, its safety questions needing full credit."""
    if session.lesson is not None:
        return quiz_result(session.lesson, session.grades)
    results, items = session.results, session.items
    total = sum(results[i.key].score for i in items if i.key in results)
    safety = [i for i in items if i.question.is_safety]
    safety_ok = all(i.key in results and results[i.key].correct for i in safety)
    passed = bool(items) and 100 * total / len(items) >= SESSION_PASS_MARK
    missed: dict[str, set[str]] = {}  # lesson id → step ids, lessons in the order they came up
    lessons: dict[str, Lesson] = {}
    for item in items:
        if item.key in results and not results[item.key].correct:
            missed.setdefault(item.lesson.id, set()).add(item.question.step_id)
            lessons[item.lesson.id] = item.lesson
    to_review = tuple(
        (lesson_id, step.id)
        for lesson_id, steps in missed.items()
        for step in lessons[lesson_id].steps
        if step.id in steps
    )
    return QuizResult(total, len(items), passed, safety_ok, (), to_review)


class Progress:
    """What one profile has done: visits, videos watched, quizzes, completed lessons."""

    def __init__(
        self, store: Store, profile: Profile, *, scheduler: Scheduler | None = None
    ) -> None:
        self.store = store
        self.profile = profile
        self._scheduler = scheduler

    @property
    def scheduler(self) -> Scheduler:
        """The FSRS scheduler of the review deck (created on first use: see core.review)."""
        if self._scheduler is None:
            self._scheduler = make_scheduler()
        return self._scheduler

    def now(self) -> datetime:
        """The store's clock: what due dates are compared with."""
        return self.store.now()

    @property
    def profile_id(self) -> str:
        return self.profile.id

    # -- lessons -----------------------------------------------------------------------------
    def statuses(self, lesson_ids: Iterable[str]) -> dict[str, LessonStatus]:
        done = self.store.completed_lessons(self.profile_id)
        started = self.store.lessons_started(self.profile_id)  # not every visit and attempt
        out = {}
        for lesson_id in lesson_ids:
            if lesson_id in done:
                out[lesson_id] = LessonStatus.DONE
            elif lesson_id in started:
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
        return self.gates([lesson])[lesson.id]

    def gates(self, lessons: Iterable[Lesson]) -> dict[str, bool]:
        """:meth:`safety_passed` of many lessons in one read of the store's per-lesson best
        safety scores (kept by :meth:`finish_quiz`), whatever the number of answers."""
        wanted = list(lessons)
        best = self.store.safety_gates(self.profile_id)
        out: dict[str, bool] = {}
        for lesson in wanted:
            safety = [q.id for q in lesson.quiz.questions if q.is_safety]
            if not safety or not lesson.is_technique:
                out[lesson.id] = True
                continue
            gate = best.get(lesson.id)
            score = 0.0 if gate is None else gate.best_score
            if gate is not None and gate.legacy:
                score = max(score, self._score_old_attempts(lesson, safety))
            out[lesson.id] = 100 * score >= lesson.quiz.safety_pass_mark - 1e-9
        return out

    def _score_old_attempts(self, lesson: Lesson, safety: list[str]) -> float:
        """Once per lesson, for quizzes finished before the store kept safety scores: the best
        safety score of the finished attempts, saved so the next read needs no answers."""
        score = 0.0
        for attempt in self.store.attempts(self.profile_id, lesson.id):
            if attempt.finished and attempt.kind == "lesson":
                latest = {a.question_id: a.score for a in self.store.answers(attempt.id)}
                score = max(score, sum(latest.get(q, 0.0) for q in safety) / len(safety))
        self.store.settle_safety_gate(self.profile_id, lesson.id, min(1.0, score))
        return score

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
        self._regrade(session)
        return session

    def _regrade(self, session: QuizSession) -> None:
        """Grade the saved answers of a resumed session again (the grade is not stored)."""
        items = {item.key: item for item in session.items}
        for row in self.store.answers(session.attempt_id):
            item = items.get((row.lesson_id, row.question_id))
            if item is None:
                continue  # the lesson changed since; that question is no longer asked
            try:
                session.results[item.key] = grade(item.question, _as_response(row.response))
            except ValueError:
                continue  # the question's shape changed: ask it again

    def answer(
        self,
        session: QuizSession,
        question: Question,
        response: Response,
        duration_ms: int,
        *,
        lesson: Lesson | None = None,
    ) -> SavedAnswer:
        """Grade and persist one answer; when this returns the answer is committed, together
        with the question's spaced-repetition card reviewed by this answer (core.review).

        ``lesson`` is the question's lesson; by default the session's lesson, or the lesson of
        the session's item asking ``question``.
        """
        if lesson is None:
            item = session.item_for(question) if session.lesson is None else None
            lesson = session.lesson if item is None else item.lesson
        if lesson is None:
            raise ValueError(f"Question {question.id!r} is not part of this session.")
        result = grade(question, response)
        answer_rating = rating(result, duration_ms, question)
        card = review(
            self.scheduler,
            self.store.review_card(self.profile_id, lesson.id, question.id),
            (lesson.id, question.id),
            answer_rating,
            self.store.now(),
            duration_ms=duration_ms,
        )
        row = self.store.record_answer(
            session.attempt_id,
            question.id,
            response,
            result.score,
            result.correct,
            duration_ms,
            lesson_id=lesson.id,
            card=CardUpdate(card.to_json(), card.due),
        )
        session.results[(lesson.id, question.id)] = result
        return SavedAnswer(result, row, answer_rating, card.due)

    def finish_quiz(self, session: QuizSession) -> QuizResult:
        if session.lesson is None:
            self.store.finish_attempt(session.attempt_id, max_score=len(session.items) or None)
            return session_result(session)
        questions = session.lesson.quiz.questions
        self.store.finish_attempt(
            session.attempt_id,
            max_score=len(questions),
            safety_questions=[q.id for q in questions if q.is_safety],
        )
        return quiz_result(session.lesson, session.grades)

    # -- review and custom sessions ------------------------------------------------------------
    def deck(self, catalog: Catalog) -> list[tuple[SessionItem, datetime]]:
        """Every card of the profile whose question is still in ``catalog``, with its due
        moment, earliest first (most overdue first)."""
        out = []
        for lesson_id, question_id, due in self.store.due_cards(self.profile_id, _END_OF_TIME):
            lesson = catalog.get(lesson_id)
            question = lesson.question(question_id) if lesson is not None else None
            if lesson is not None and question is not None:
                out.append((SessionItem(lesson, question), parse_timestamp(due)))
        return out

    def due_items(self, catalog: Catalog, limit: int | None = None) -> list[SessionItem]:
        """The questions due for review now, most overdue first."""
        now = self.now()
        due = [item for item, moment in self.deck(catalog) if moment <= now]
        return due if limit is None else due[:limit]

    def review_status(self, catalog: Catalog) -> ReviewStatus:
        """For the home screen: cards due now, cards in the deck, the next due moment, and the
        questions left in an unfinished review."""
        deck = self.deck(catalog)
        now = self.now()
        resumable = 0
        attempt = self.store.unfinished_attempt(self.profile_id, "", kind="review")
        if attempt is not None:
            resumable = len(self._resume(attempt, catalog).remaining_items)
        return ReviewStatus(
            due=sum(1 for _item, due in deck if due <= now),
            cards=len(deck),
            next_due=deck[0][1] if deck else None,
            resumable=resumable,
        )

    def start_review(
        self, catalog: Catalog, limit: int = REVIEW_SESSION_SIZE
    ) -> QuizSession | None:
        """Resume the unfinished review, or start one with up to ``limit`` due questions, most
        overdue first; None when nothing is due."""
        attempt = self.store.unfinished_attempt(self.profile_id, "", kind="review")
        if attempt is not None:
            session = self._resume(attempt, catalog)
            if session.remaining_items:
                return session
            if session.items:  # all answered, never finished: the view shows the summary
                return session
            self.store.finish_attempt(attempt.id)  # its questions left the library
        items = self.due_items(catalog, limit)
        if not items:
            return None
        return self._start_session(items, "review", REVIEW_TITLE)

    def custom_selection(
        self, catalog: Catalog, criteria: Criteria, rng: random.Random | None = None
    ) -> Selection:
        """The questions a custom session with ``criteria`` would ask (see core.sessions)."""
        if rng is None:
            import random  # noqa: PLC0415 - not needed to show the first screen

            rng = random.Random()
        due = {item.key for item in self.due_items(catalog)}
        stats = self.store.question_stats(self.profile_id)
        return select_questions(catalog, criteria, stats, due, rng)

    def start_custom(self, catalog: Catalog, selection: Selection) -> QuizSession:
        """Start a custom session asking ``selection``'s questions (ValueError if none)."""
        items = _items(catalog, selection.plan)
        if not items:
            raise ValueError(selection.message or "No questions were selected.")
        return self._start_session(items, "custom", selection.title)

    def unfinished_custom(self, catalog: Catalog) -> QuizSession | None:
        """The latest unfinished custom session, resumed, if any of its questions are left."""
        attempt = self.store.unfinished_attempt(self.profile_id, "", kind="custom")
        if attempt is None:
            return None
        session = self._resume(attempt, catalog)
        return session if session.items else None

    def _start_session(self, items: list[SessionItem], kind: str, title: str) -> QuizSession:
        attempt_id = self.store.start_attempt(
            self.profile_id, "", kind=kind, title=title, plan=[item.key for item in items]
        )
        return QuizSession(None, attempt_id, items=items, kind=kind, title=title)

    def _resume(self, attempt: Attempt, catalog: Catalog) -> QuizSession:
        """A session across lessons as planned, minus the questions no longer in the library,
        with its saved answers graded."""
        session = QuizSession(
            None,
            attempt.id,
            items=_items(catalog, attempt.plan),
            kind=attempt.kind,
            title=attempt.title,
        )
        self._regrade(session)
        return session


#: Later than any due date: ``due_cards`` up to it lists the whole deck.
_END_OF_TIME = datetime(9999, 1, 1, tzinfo=UTC)


def _items(catalog: Catalog, plan: Iterable[tuple[str, str]]) -> list[SessionItem]:
    """The planned (lesson id, question id) pairs still in the catalog, in plan order."""
    items = []
    for lesson_id, question_id in plan:
        lesson = catalog.get(lesson_id)
        question = lesson.question(question_id) if lesson is not None else None
        if lesson is not None and question is not None:
            items.append(SessionItem(lesson, question))
    return items


def _as_response(value: object) -> Response:
    if isinstance(value, bool | str):
        return value
    if isinstance(value, list):
        return [str(x) for x in value]
    if isinstance(value, dict):
        return {str(k): str(v) for k, v in value.items()}
    raise ValueError(f"not a response: {value!r}")
