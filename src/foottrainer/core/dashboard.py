"""The progress dashboard's figures for one profile (Qt-free).

:func:`dashboard` reads only small tables and index ranges of the store (the running totals
per question and per day, completions, watched video ranges, the per-lesson safety scores and
the count of due review cards), never the answers themselves, so it costs the same after a
million answers as after ten. Definitions (also in ``docs/dashboard.md``):

Mastery of a lesson
    The share of the lesson's quiz questions whose **latest** answer (in any quiz, review or
    custom session) was fully right. A question never answered counts as not mastered, so
    mastery only reaches 100 % once every question has been answered right at its last
    asking; one wrong answer to a question takes it out again until it is answered right.

Accuracy
    Answers fully right / answers given (every answer counts, re-answers too). Per local
    calendar day, and as a rolling value over the 7 calendar days ending on each study day.

Weakest steps
    Per lesson step: the answers to its ``why`` questions that were not fully right ("missed"),
    out of those given. Steps with at least one miss, most misses first (then the higher miss
    rate, then lesson order); the top five.

Streak
    Consecutive local calendar days with study (an answer given or a lesson page opened) that
    end today, or end yesterday while today has no study yet ("study today to keep it"). The
    longest streak is the longest such run ever.

Video watched
    The union of the played ranges of each of the lesson's videos (played twice counts once),
    clipped to the video's length, over the total length of its videos (0..100 %).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import NamedTuple

from foottrainer.core.catalog import Catalog
from foottrainer.core.model import Lesson
from foottrainer.core.progress import Progress
from foottrainer.storage import DayStats, QuestionStats, local_day

#: How many steps :attr:`Dashboard.weakest_steps` lists.
WEAKEST_STEPS = 5
#: Length of the rolling accuracy window, in calendar days.
ROLLING_DAYS = 7


class GateStatus(StrEnum):
    NONE = "none"  # a study lesson: nothing to practise on a person
    LOCKED = "locked"  # the quiz's safety questions are not passed yet
    UNLOCKED = "unlocked"


class LessonProgress(NamedTuple):
    lesson_id: str
    title: str
    topic: str
    is_technique: bool
    questions: int  # in the lesson's quiz
    answered: int  # of those, answered at least once
    mastered: int  # of those, latest answer fully right
    accuracy: float | None  # 0..1 over every answer to the lesson's questions; None: none yet
    gate: GateStatus
    done: bool
    watched: float | None  # 0..1 of the lesson's videos; None: the lesson has no video

    @property
    def mastery(self) -> float:
        """0..1: :attr:`mastered` / :attr:`questions` (see the module docstring)."""
        return self.mastered / self.questions if self.questions else 0.0


class DayAccuracy(NamedTuple):
    day: date  # the student's local calendar day
    answered: int
    correct: int
    rolling: float  # 0..1 over the ROLLING_DAYS calendar days ending on ``day``

    @property
    def accuracy(self) -> float:
        """0..1 on that day."""
        return self.correct / self.answered


class WeakStep(NamedTuple):
    lesson_id: str
    lesson_title: str
    step_id: str
    step_number: int
    step_title: str
    answered: int  # answers to the step's why questions
    missed: int  # of those, not fully right
    question_id: str  # the step's most missed why question
    prompt: str

    @property
    def miss_rate(self) -> float:
        return self.missed / self.answered


class Streak(NamedTuple):
    current: int  # days, ending today or (if today has no study yet) yesterday
    longest: int
    studied_today: bool

    @property
    def at_risk(self) -> bool:
        """A streak that ends yesterday: it is lost unless the student studies today."""
        return self.current > 0 and not self.studied_today


class Dashboard(NamedTuple):
    profile_id: str
    today: date
    lessons: tuple[LessonProgress, ...]  # catalog order
    accuracy_by_day: tuple[DayAccuracy, ...]  # days with answers, oldest first
    weakest_steps: tuple[WeakStep, ...]
    streak: Streak
    answers: int  # every answer ever given
    correct: int
    due_reviews: int  # review cards due now

    @property
    def techniques(self) -> tuple[LessonProgress, ...]:
        return tuple(lesson for lesson in self.lessons if lesson.is_technique)

    @property
    def lessons_done(self) -> int:
        return sum(lesson.done for lesson in self.lessons)

    @property
    def lessons_total(self) -> int:
        return len(self.lessons)

    @property
    def accuracy(self) -> float | None:
        """0..1 over every answer ever given; None before the first."""
        return self.correct / self.answers if self.answers else None

    @property
    def empty(self) -> bool:
        """No answer yet: a new profile."""
        return self.answers == 0


def dashboard(catalog: Catalog, progress: Progress, now: datetime) -> Dashboard:
    """The dashboard of ``progress``'s profile at ``now`` (an aware datetime; "today" is its
    local calendar day)."""
    store, profile_id = progress.store, progress.profile_id
    today = date.fromisoformat(local_day(now))
    stats = {(s.lesson_id, s.question_id): s for s in store.question_stats(profile_id)}
    days = store.day_stats(profile_id)
    done = store.completed_lessons(profile_id)
    gates = progress.gates(catalog.lessons)
    watched = store.all_watched_ranges(profile_id)
    lessons = tuple(
        _lesson_progress(lesson, stats, gates[lesson.id], lesson.id in done, watched)
        for lesson in catalog.lessons
    )
    answered_days = [d for d in days if d.answered]
    return Dashboard(
        profile_id=profile_id,
        today=today,
        lessons=lessons,
        accuracy_by_day=accuracy_by_day(answered_days),
        weakest_steps=weakest_steps(catalog, stats.values()),
        streak=streak(days, today),
        answers=sum(d.answered for d in days),
        correct=sum(d.correct for d in days),
        due_reviews=store.count_due(profile_id, now),
    )


def _lesson_progress(
    lesson: Lesson,
    stats: dict[tuple[str, str], QuestionStats],
    gate_open: bool,
    done: bool,
    watched: dict[tuple[str, str], list[tuple[float, float]]],
) -> LessonProgress:
    mine = [stats.get((lesson.id, q.id)) for q in lesson.quiz.questions]
    seen = [s for s in mine if s is not None]
    given = sum(s.answered for s in seen)
    if not lesson.is_technique:
        gate = GateStatus.NONE
    else:
        gate = GateStatus.UNLOCKED if gate_open else GateStatus.LOCKED
    return LessonProgress(
        lesson_id=lesson.id,
        title=lesson.title,
        topic=lesson.topic,
        is_technique=lesson.is_technique,
        questions=len(mine),
        answered=len(seen),
        mastered=sum(s.last_correct for s in seen),
        accuracy=sum(s.correct for s in seen) / given if given else None,
        gate=gate,
        done=done,
        watched=watched_share(lesson, watched),
    )


def watched_share(
    lesson: Lesson, watched: dict[tuple[str, str], list[tuple[float, float]]]
) -> float | None:
    """0..1 of the lesson's videos watched (merged ranges clipped to each video's length);
    None when the lesson has no video of known length."""
    total = seen = 0.0
    for video in lesson.videos:
        length = video.duration_hint
        if length <= 0:
            continue
        total += length
        for start, end in watched.get((lesson.id, video.id), []):
            seen += max(0.0, min(end, length) - max(start, 0.0))
    return min(1.0, seen / total) if total else None


def accuracy_by_day(days: list[DayStats]) -> tuple[DayAccuracy, ...]:
    """Accuracy per study day with answers (``days`` oldest first), with the rolling value."""
    out: list[DayAccuracy] = []
    window: list[tuple[int, int, int]] = []  # (ordinal day, answered, correct)
    first = answered = correct = 0
    for row in days:
        if not row.answered:
            continue
        day = date.fromisoformat(row.day)
        ordinal = day.toordinal()
        window.append((ordinal, row.answered, row.correct))
        answered += row.answered
        correct += row.correct
        while window[first][0] <= ordinal - ROLLING_DAYS:
            answered -= window[first][1]
            correct -= window[first][2]
            first += 1
        out.append(DayAccuracy(day, row.answered, row.correct, correct / answered))
    return tuple(out)


def weakest_steps(
    catalog: Catalog, stats: Iterable[QuestionStats], limit: int = WEAKEST_STEPS
) -> tuple[WeakStep, ...]:
    """The steps whose ``why`` questions were missed most (see the module docstring);
    questions no longer in the catalog are ignored."""
    by_question = {(s.lesson_id, s.question_id): s for s in stats}
    found: list[tuple[tuple[int, float, int, int], WeakStep]] = []
    for lesson_index, lesson in enumerate(catalog.lessons):
        for step in lesson.steps:
            answered = missed = 0
            worst: tuple[int, float, str, str] | None = None
            for question in lesson.quiz.questions:
                if question.step_id != step.id or "why" not in question.tags:
                    continue
                s = by_question.get((lesson.id, question.id))
                if s is None or not s.answered:
                    continue
                misses = s.answered - s.correct
                answered += s.answered
                missed += misses
                key = (misses, misses / s.answered, question.id, question.prompt)
                if misses and (worst is None or key[:2] > worst[:2]):
                    worst = key
            if not missed or worst is None:
                continue
            weak = WeakStep(
                lesson_id=lesson.id,
                lesson_title=lesson.title,
                step_id=step.id,
                step_number=step.number,
                step_title=step.title,
                answered=answered,
                missed=missed,
                question_id=worst[2],
                prompt=worst[3],
            )
            found.append(((-missed, -missed / answered, lesson_index, step.number), weak))
    found.sort(key=lambda item: item[0])
    return tuple(weak for _key, weak in found[:limit])


def streak(days: list[DayStats], today: date) -> Streak:
    """The study streak at ``today`` from the profile's days (any order)."""
    active = sorted(
        {
            date.fromisoformat(d.day)
            for d in days
            if (d.answered or d.visits) and date.fromisoformat(d.day) <= today
        }
    )
    longest = run = 0
    previous: date | None = None
    for day in active:
        run = run + 1 if previous is not None and day - previous == timedelta(days=1) else 1
        longest = max(longest, run)
        previous = day
    studied_today = bool(active) and active[-1] == today
    ends_recently = bool(active) and today - active[-1] <= timedelta(days=1)
    return Streak(current=run if ends_recently else 0, longest=longest, studied_today=studied_today)
