"""Spaced repetition of quiz questions with FSRS (the ``fsrs`` package). Qt-free.

Every question a profile has answered has one FSRS card (stored as the scheduler's own JSON with
the answer that updated it, see :meth:`foottrainer.storage.Store.record_answer`). Each answer —
in a lesson quiz, a review or a custom session — reviews that card once, with a rating derived
from the grade and the answer time by :func:`rating` (the rule is documented in
docs/review.md). All intervals come from :class:`fsrs.Scheduler`; nothing here invents one.

``fsrs`` is imported on first use, not at start-up: it pulls in ``dataclasses`` and
``typing_extensions`` (~80 ms) that the first screen does not need.
"""

from __future__ import annotations

import zlib
from datetime import UTC, datetime, timedelta
from enum import IntEnum
from typing import TYPE_CHECKING, NamedTuple

from .grading import Grade
from .model import Question, QuestionType

if TYPE_CHECKING:
    from fsrs import Card, Scheduler

#: Questions in one review session, most overdue first.
REVIEW_SESSION_SIZE = 20

#: The scheduler's settings (see docs/review.md).
DESIRED_RETENTION = 0.9
#: A new card answered wrongly, or partly, comes back after this; so does a forgotten card.
LEARNING_STEP = timedelta(minutes=10)
#: No interval longer than a year: the course is revisited at least yearly.
MAXIMUM_INTERVAL_DAYS = 365

# -- the time a question should take -------------------------------------------------------------
#: Seconds to take in a new screen before reading.
BASE_SECONDS = 3.0
#: Reading speed for the prompt, the options and the reasons (~200 words a minute).
READING_CHARS_PER_SECOND = 18.0
#: Seconds for the answering itself: per question (true/false, single choice), per option
#: (multiple select: each needs a decision; order: each item is moved; match: a reason each) or
#: per tap (a diagram: find the region, tap it).
ACTION_SECONDS_PER_QUESTION = {
    QuestionType.TRUE_FALSE: 1.0,
    QuestionType.SINGLE_CHOICE: 1.5,
}
ACTION_SECONDS_PER_OPTION = {
    QuestionType.MULTIPLE_SELECT: 1.0,
    QuestionType.ORDER_STEPS: 2.5,
    QuestionType.MATCH_REASON: 3.0,
}
ACTION_SECONDS_PER_TAP = 2.5
#: Right within this many times the expected time: Easy. Slower than SLOW_FACTOR times: Hard.
QUICK_FACTOR = 1.0
SLOW_FACTOR = 3.0
#: Partial credit at least this high is "partly right" (Hard); below it, Again.
PARTLY_RIGHT = 0.5


class Rating(IntEnum):
    """The four FSRS ratings (same values as :class:`fsrs.Rating`, usable without importing it)."""

    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4


def expected_seconds(question: Question) -> float:
    """How long a student who knows the answer needs: settle, read everything once, answer.

    Scales with the text to read and with the work the question type asks for, so an order of
    six long steps is given far longer than a short true/false.
    """
    chars = (
        len(question.prompt)
        + sum(len(o.text) for o in question.options)
        + sum(len(r.text) for r in question.reasons)
    )
    kind = question.type
    if kind in ACTION_SECONDS_PER_QUESTION:
        action = ACTION_SECONDS_PER_QUESTION[kind]
    elif kind in ACTION_SECONDS_PER_OPTION:
        action = ACTION_SECONDS_PER_OPTION[kind] * len(question.options)
    else:  # tap_diagram: one tap, or one per region of a sequence
        taps = len(question.answer) if isinstance(question.answer, list) else 1
        action = ACTION_SECONDS_PER_TAP * taps
    return BASE_SECONDS + chars / READING_CHARS_PER_SECOND + action


def rating(grade: Grade, duration_ms: int, question: Question) -> Rating:
    """The FSRS rating of one answer, from its correctness and its time (docs/review.md):

    * not fully right: a safety question → Again (it must be known completely); otherwise at
      least half the credit → Hard ("partly right"), less → Again;
    * fully right, slower than ``SLOW_FACTOR`` × :func:`expected_seconds` → Hard;
    * fully right within ``QUICK_FACTOR`` × :func:`expected_seconds` → Easy;
    * fully right otherwise → Good.
    """
    if not grade.correct:
        if question.is_safety or grade.score < PARTLY_RIGHT:
            return Rating.AGAIN
        return Rating.HARD
    seconds = max(0, duration_ms) / 1000
    expected = expected_seconds(question)
    if seconds > SLOW_FACTOR * expected:
        return Rating.HARD
    if seconds <= QUICK_FACTOR * expected:
        return Rating.EASY
    return Rating.GOOD


def make_scheduler(*, fuzz: bool = True) -> Scheduler:
    """The FSRS scheduler FootTrainer uses. ``fuzz`` spreads long intervals by a day or so (so
    cards learnt together do not all fall due together); tests turn it off."""
    from fsrs import Scheduler  # noqa: PLC0415 - see the module docstring

    return Scheduler(
        desired_retention=DESIRED_RETENTION,
        learning_steps=(LEARNING_STEP,),
        relearning_steps=(LEARNING_STEP,),
        maximum_interval=MAXIMUM_INTERVAL_DAYS,
        enable_fuzzing=fuzz,
    )


def as_utc(moment: datetime) -> datetime:
    """``moment`` in UTC, as fsrs requires (a naive datetime is taken to be UTC)."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def card_id(lesson_id: str, question_id: str) -> int:
    """A stable card id for a question (fsrs would otherwise use the creation time)."""
    return zlib.crc32(f"{lesson_id}\0{question_id}".encode())


def new_card(lesson_id: str, question_id: str, now: datetime) -> Card:
    """The card of a question never answered before: due now, in its first learning step."""
    from fsrs import Card  # noqa: PLC0415

    return Card(card_id=card_id(lesson_id, question_id), due=as_utc(now))


def load_card(card_json: str) -> Card:
    from fsrs import Card  # noqa: PLC0415

    return Card.from_json(card_json)


def review(
    scheduler: Scheduler,
    stored: str | None,
    key: tuple[str, str],
    answer_rating: Rating,
    now: datetime,
    *,
    duration_ms: int | None = None,
) -> Card:
    """The card of question ``key`` (lesson id, question id) after one answer rated
    ``answer_rating`` at ``now``: the stored card (its JSON) reviewed by ``scheduler``, or a new
    card's first review (also when the stored card cannot be read)."""
    from fsrs import Rating as FsrsRating  # noqa: PLC0415

    card = None
    if stored:
        try:
            card = load_card(stored)
        except (ValueError, KeyError, TypeError):
            card = None  # damaged: start the question's schedule again
    if card is None:
        card = new_card(*key, now)
    updated, _log = scheduler.review_card(
        card, FsrsRating(int(answer_rating)), as_utc(now), duration_ms
    )
    return updated


class ReviewStatus(NamedTuple):
    """What the home screen says about the review deck."""

    due: int  # cards due now (of questions still in the library)
    cards: int  # cards in the deck: questions answered at least once
    next_due: datetime | None  # the earliest due moment of any card, None with no cards
    resumable: int = 0  # questions left in an unfinished review session (0: none)


def describe_due(due: datetime, now: datetime) -> str:
    """When a card is due, in words, relative to ``now`` in the machine's time zone:
    "now", "in 10 minutes", "in 3 hours", "today at 17:05", "tomorrow at 09:00", "on Friday",
    "on 12 March", "on 12 March 2027"."""
    due_utc, now_utc = as_utc(due), as_utc(now)
    delta = due_utc - now_utc
    if delta <= timedelta(0):
        return "now"
    if delta < timedelta(hours=1):
        minutes = max(1, -(-int(delta.total_seconds()) // 60))
        return f"in {minutes} minute{'' if minutes == 1 else 's'}"
    local_due, local_now = due_utc.astimezone(), now_utc.astimezone()
    days = (local_due.date() - local_now.date()).days
    if delta < timedelta(hours=4) and days == 0:
        hours = int(delta.total_seconds() // 3600)
        return f"in {hours} hour{'' if hours == 1 else 's'}"
    clock = local_due.strftime("%H:%M")
    if days == 0:
        return f"today at {clock}"
    if days == 1:
        return f"tomorrow at {clock}"
    if days < 7:
        return f"on {local_due.strftime('%A')}"
    text = f"on {local_due.day} {local_due.strftime('%B')}"
    return text if local_due.year == local_now.year else f"{text} {local_due.year}"
