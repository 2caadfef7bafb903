"""Custom quiz sessions: which questions to ask, chosen by the student. Pure functions, Qt-free.

A selection is made over the catalog, the profile's running totals per question
(:class:`foottrainer.storage.QuestionStats`) and the questions due for review, with a
``random.Random`` the caller seeds, so the same inputs and seed give the same questions in the
same order.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import TYPE_CHECKING, NamedTuple

from .catalog import Catalog
from .model import Lesson, Question

if TYPE_CHECKING:
    import random

    from foottrainer.storage import QuestionStats

#: The choices of question count offered; None means every matching question.
COUNT_CHOICES: tuple[int | None, ...] = (10, 20, None)

NO_WRONG_YET = "You have not got any question wrong yet."
NO_WRONG_HERE = "You have not got any of these questions wrong."
NOTHING_DUE = "No questions are due for review right now."
NO_QUESTIONS_HERE = "There are no quiz questions in these lessons."


class Criteria(NamedTuple):
    """What the student asked for. ``topic`` or ``lesson_ids`` narrow the lessons (both empty:
    every lesson); the flags narrow the questions and combine with "and"."""

    size: int | None = 20  # how many questions; None: all matching questions
    topic: str = ""
    lesson_ids: tuple[str, ...] = ()
    safety_only: bool = False
    why_only: bool = False
    wrong_only: bool = False  # the last answer to the question was not fully right
    due_only: bool = False  # due for spaced-repetition review now


class Selection(NamedTuple):
    """The questions to ask, as (lesson id, question id) in asking order, and the session's
    title; ``message`` says why nothing was selected (empty when something was)."""

    title: str
    plan: tuple[tuple[str, str], ...]
    message: str = ""

    @property
    def empty(self) -> bool:
        return not self.plan


def lessons_in_scope(catalog: Catalog, criteria: Criteria) -> list[Lesson]:
    """The lessons the criteria name, in catalog order."""
    lessons = catalog.lessons
    if criteria.topic:
        lessons = [lesson for lesson in lessons if lesson.topic == criteria.topic]
    if criteria.lesson_ids:
        wanted = set(criteria.lesson_ids)
        lessons = [lesson for lesson in lessons if lesson.id in wanted]
    return lessons


def scope_title(catalog: Catalog, criteria: Criteria) -> str:
    """ "Barefoot massage (ashiatsu)", a lesson's title, "3 lessons", or "" for every lesson."""
    lessons = lessons_in_scope(catalog, criteria)
    if criteria.lesson_ids:
        if len(lessons) == 1:
            return lessons[0].title
        return f"{len(lessons)} lessons" + (f" in {criteria.topic}" if criteria.topic else "")
    return criteria.topic


def session_title(catalog: Catalog, criteria: Criteria, found: int | None = None) -> str:
    """A title from the criteria, e.g. "20 safety questions · Barefoot massage (ashiatsu)",
    "All 12 why questions I got wrong", "10 questions due for review · Thumb walking".

    ``found`` (the number of questions selected) replaces a larger requested count, so the
    title never promises more questions than the session has.
    """
    if criteria.size is None:
        amount = "All" if found is None else f"All {found}"
    else:
        amount = str(criteria.size if found is None else min(found, criteria.size))
    words = [amount]
    if criteria.safety_only:
        words.append("safety")
    if criteria.why_only:
        words.append("why")
    number = criteria.size if found is None else found
    words.append("question" if number == 1 else "questions")
    if criteria.wrong_only:
        words.append("I got wrong")
    if criteria.due_only:
        words.append("due for review")
    title = " ".join(words)
    scope = scope_title(catalog, criteria)
    return f"{title} · {scope}" if scope else title


def matches(question: Question, criteria: Criteria) -> bool:
    """The question-level flags (safety, why)."""
    if criteria.safety_only and not question.is_safety:
        return False
    return not (criteria.why_only and "why" not in question.tags)


def select_questions(
    catalog: Catalog,
    criteria: Criteria,
    stats: Iterable[QuestionStats],
    due: Collection[tuple[str, str]],
    rng: random.Random,
) -> Selection:
    """Choose a custom session's questions: every question matching ``criteria``, shuffled by
    ``rng`` (lessons interleaved), the first ``criteria.size`` of them."""
    if criteria.size is not None and criteria.size < 1:
        raise ValueError(f"A session needs at least one question, not {criteria.size}.")
    wrong = {(s.lesson_id, s.question_id) for s in stats if not s.last_correct}
    due_now = set(due)
    pool: list[tuple[str, str]] = []
    in_scope = 0
    for lesson in lessons_in_scope(catalog, criteria):
        for question in lesson.quiz.questions:
            in_scope += 1
            key = (lesson.id, question.id)
            if not matches(question, criteria):
                continue
            if criteria.wrong_only and key not in wrong:
                continue
            if criteria.due_only and key not in due_now:
                continue
            pool.append(key)
    if not pool:
        if not in_scope:
            message = NO_QUESTIONS_HERE
        elif criteria.wrong_only and not wrong:
            message = NO_WRONG_YET
        elif criteria.due_only and not due_now:
            message = NOTHING_DUE
        elif criteria.wrong_only:
            message = NO_WRONG_HERE
        else:
            message = f"No questions match: {session_title(catalog, criteria, 0)}."
        return Selection(session_title(catalog, criteria, 0), (), message)
    rng.shuffle(pool)
    plan = tuple(pool if criteria.size is None else pool[: criteria.size])
    return Selection(session_title(catalog, criteria, len(plan)), plan)
