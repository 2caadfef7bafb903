"""Spaced repetition and custom sessions (no Qt): FSRS scheduling on a fake clock, the rating
rule, review sessions across lessons with resume, and the custom selection criteria."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fsrs import Card, State

from foottrainer.core.catalog import Catalog
from foottrainer.core.grading import grade
from foottrainer.core.model import Option, Question, QuestionType, Response
from foottrainer.core.progress import Progress, SessionItem
from foottrainer.core.review import (
    LEARNING_STEP,
    Rating,
    describe_due,
    expected_seconds,
    make_scheduler,
    rating,
)
from foottrainer.core.sessions import (
    NO_WRONG_HERE,
    NO_WRONG_YET,
    NOTHING_DUE,
    Criteria,
    select_questions,
    session_title,
)
from foottrainer.storage import Store

from .conftest import MINI_RIGHT as RIGHT
from .conftest import FakeClock

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
ASHIATSU = "Barefoot massage (ashiatsu)"

WRONG: dict[str, Response] = {"q-single": "onbone", "q-tf": True}


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(T0)


@pytest.fixture
def timed_store(data_dir: Path, clock: FakeClock):
    store = Store.open(data_dir, clock=clock)
    yield store
    store.close()


@pytest.fixture
def student(timed_store) -> Progress:
    return Progress(
        timed_store, timed_store.default_profile(), scheduler=make_scheduler(fuzz=False)
    )


@pytest.fixture
def two_lessons(mini_lesson) -> Catalog:
    """The mini lesson and a second lesson in another topic with the same question ids."""
    second = mini_lesson._replace(id="mini-two", title="Second mini lesson", topic="Other topic")
    return Catalog([mini_lesson, second])


@pytest.fixture(scope="module")
def library() -> Catalog:
    from foottrainer.core.cache import load_library

    return load_library()


def quick(question: Question) -> int:
    """An answer time well inside the question's expected time (ms)."""
    return int(expected_seconds(question) * 500)


def take_quiz(student: Progress, lesson, wrong=()) -> None:
    session = student.start_quiz(lesson)
    for question in session.remaining:
        response = WRONG[question.id] if question.id in wrong else RIGHT[question.id]
        student.answer(session, question, response, quick(question))
    student.finish_quiz(session)


# -- the rating rule -----------------------------------------------------------------------------


def question(kind: QuestionType, prompt: str, options: int, *, tags=("technique",), answer="a"):
    opts = tuple(Option(chr(97 + i), f"Option text number {i}", "because") for i in range(options))
    return Question("q", kind, prompt, "s", tuple(tags), opts, answer)


def test_rating_from_correctness(mini_lesson):
    multi = mini_lesson.question("q-multi")  # a safety question
    single = mini_lesson.question("q-single")
    order = mini_lesson.question("q-order")
    quick_ms = 1000
    assert rating(grade(single, "onbone"), quick_ms, single) is Rating.AGAIN  # wrong
    # Partly right: Hard, unless it is a safety question, which must be known completely.
    half = grade(multi, ["wound"])
    assert half.score == 0.5
    assert rating(half, quick_ms, multi) is Rating.AGAIN
    not_safety = multi._replace(tags=("technique",))
    assert rating(grade(not_safety, ["wound"]), quick_ms, not_safety) is Rating.HARD
    # Less than half the credit is Again (a third of the pairs of an order in place).
    third = grade(order, ["arch", "hold", "circles"])
    assert 0 < third.score < 0.5
    assert rating(third, quick_ms, order) is Rating.AGAIN
    # Partly right stays Hard however fast.
    assert rating(grade(not_safety, ["wound"]), 0, not_safety) is Rating.HARD


def test_rating_from_answer_time_with_thresholds_per_question(mini_lesson):
    single = mini_lesson.question("q-single")
    right = grade(single, "below")
    expected_ms = expected_seconds(single) * 1000
    assert rating(right, int(expected_ms), single) is Rating.EASY  # within the expected time
    assert rating(right, int(expected_ms) + 1, single) is Rating.GOOD
    assert rating(right, int(3 * expected_ms), single) is Rating.GOOD
    assert rating(right, int(3 * expected_ms) + 1, single) is Rating.HARD  # slow: hesitated
    # The thresholds scale with the question: 25 s is slow for a short true/false and quick
    # for ordering six long steps.
    tf = question(QuestionType.TRUE_FALSE, "Oil first.", 2, answer=True)
    long_prompt = "Put the steps of the whole routine in the order you would do them. " * 2
    order = question(QuestionType.ORDER_STEPS, long_prompt, 6, answer=list("abcdef"))
    assert 3 * expected_seconds(tf) < 25 < expected_seconds(order)
    tf_right = grade(tf, True)
    order_right = grade(order, list("abcdef"))
    assert rating(tf_right, 25_000, tf) is Rating.HARD
    assert rating(order_right, 25_000, order) is Rating.EASY
    # More text to read, more time allowed.
    short = question(QuestionType.SINGLE_CHOICE, "Where?", 3)
    wordy = short._replace(prompt="Where, " + "with a long description of the situation, " * 5)
    assert expected_seconds(wordy) > expected_seconds(short) + 10


# -- FSRS on a fake clock ------------------------------------------------------------------------


def test_right_answers_are_due_in_days_wrong_ones_within_minutes(student, mini_lesson, clock):
    session = student.start_quiz(mini_lesson)
    single, tf = mini_lesson.question("q-single"), mini_lesson.question("q-tf")
    right = student.answer(session, single, "below", quick(single))
    wrong = student.answer(session, tf, True, quick(tf))
    assert (right.rating, wrong.rating) == (Rating.EASY, Rating.AGAIN)
    assert right.due is not None and right.due >= T0 + timedelta(days=2)
    assert wrong.due == T0 + LEARNING_STEP  # the same session's learning step: 10 minutes
    store = student.store
    card = Card.from_json(store.review_card(student.profile_id, mini_lesson.id, "q-tf"))
    assert card.state is State.Learning and card.due == T0 + LEARNING_STEP
    # A right answer at normal speed (Good) of a new card also leaves the learning step.
    order = mini_lesson.question("q-order")
    slowish = int(expected_seconds(order) * 2000)
    good = student.answer(session, order, RIGHT["q-order"], slowish)
    assert good.rating is Rating.GOOD
    assert good.due is not None and timedelta(days=1) <= good.due - T0 <= timedelta(days=3)


def test_due_count_follows_the_clock(student, mini_lesson, two_lessons, clock):
    status = student.review_status(two_lessons)
    assert (status.due, status.cards, status.next_due) == (0, 0, None)  # never took a quiz
    take_quiz(student, mini_lesson, wrong={"q-single", "q-tf"})
    status = student.review_status(two_lessons)
    assert (status.due, status.cards) == (0, 7)
    assert status.next_due == T0 + LEARNING_STEP
    clock.advance(minutes=9)
    assert student.review_status(two_lessons).due == 0
    clock.advance(minutes=2)
    assert student.review_status(two_lessons).due == 2  # the two wrong answers
    assert student.store.count_due(student.profile_id, clock.now) == 2
    clock.advance(days=30)
    assert student.review_status(two_lessons).due == 7  # everything, in time


def test_a_lesson_quiz_answer_seeds_the_deck_and_the_card_reloads_identically(student, mini_lesson):
    store = student.store
    assert store.review_card(student.profile_id, mini_lesson.id, "q-single") is None
    session = student.start_quiz(mini_lesson)
    single = mini_lesson.question("q-single")
    saved = student.answer(session, single, "below", quick(single))
    stored = store.review_card(student.profile_id, mini_lesson.id, "q-single")
    assert stored is not None
    card = Card.from_json(stored)
    assert card.due == saved.due and card.last_review == T0
    assert card.to_json() == stored  # reloads identical
    assert Card.from_json(card.to_json()) == card
    # The due column the store sorts on is the card's own due date.
    (row,) = store.due_cards(student.profile_id, T0 + timedelta(days=400))
    assert row[:2] == (mini_lesson.id, "q-single")
    assert datetime.fromisoformat(row[2]) == card.due


def test_every_answer_reviews_the_stored_card(student, mini_lesson, clock):
    single = mini_lesson.question("q-single")
    session = student.start_quiz(mini_lesson)
    first = student.answer(session, single, "below", quick(single))
    assert first.due is not None
    clock.now = first.due  # come back when it is due
    session = student.start_quiz(mini_lesson)
    second = student.answer(session, single, "below", quick(single))
    assert second.due is not None
    assert second.due - clock.now > first.due - T0  # remembered again: a longer interval
    card = Card.from_json(student.store.review_card(student.profile_id, mini_lesson.id, "q-single"))
    assert card.state is State.Review and card.last_review == clock.now
    # Forgetting it sends it back to relearning, due again within minutes.
    third = student.answer(session, single, "onbone", quick(single))
    assert third.rating is Rating.AGAIN and third.due == clock.now + LEARNING_STEP


# -- review sessions -----------------------------------------------------------------------------


def test_a_review_session_asks_due_questions_across_lessons(student, two_lessons, clock):
    first, second = two_lessons.lessons
    take_quiz(student, first, wrong={"q-single"})
    clock.advance(minutes=1)
    take_quiz(student, second, wrong={"q-single", "q-tf"})
    assert student.start_review(two_lessons) is None  # nothing due yet
    clock.advance(minutes=15)
    session = student.start_review(two_lessons)
    assert session is not None and session.kind == "review" and session.lesson is None
    # Most overdue first: the first lesson's card fell due a minute earlier.
    assert [item.key for item in session.items] == [
        (first.id, "q-single"),
        (second.id, "q-single"),
        (second.id, "q-tf"),
    ]
    for item in session.remaining_items:
        student.answer(session, item.question, RIGHT[item.question.id], quick(item.question))
    result = student.finish_quiz(session)
    assert result.score == 3 and result.max_score == 3 and result.safety_passed
    rows = student.store.answers(session.attempt_id)
    assert [(a.lesson_id, a.question_id) for a in rows] == [item.key for item in session.items]
    (attempt,) = [a for a in student.store.attempts(student.profile_id) if a.kind == "review"]
    assert attempt.finished and attempt.score == 3 and attempt.max_score == 3
    assert student.review_status(two_lessons).due == 0
    assert student.start_review(two_lessons) is None
    # Same question id in two lessons: two cards, each rescheduled into days.
    for lesson in two_lessons.lessons:
        card = Card.from_json(student.store.review_card(student.profile_id, lesson.id, "q-single"))
        assert card.due - clock.now >= timedelta(days=1)


def test_a_review_session_takes_at_most_limit_most_overdue(student, two_lessons, clock):
    for lesson in two_lessons.lessons:
        take_quiz(student, lesson)
        clock.advance(hours=1)
    clock.advance(days=60)
    due = student.due_items(two_lessons)
    assert len(due) == 14
    session = student.start_review(two_lessons, limit=5)
    assert session is not None
    assert list(session.items) == due[:5]


def test_an_unfinished_review_resumes_after_a_crash(data_dir, two_lessons, clock):
    store = Store.open(data_dir, clock=clock)
    student = Progress(store, store.default_profile())
    for lesson in two_lessons.lessons:
        take_quiz(student, lesson, wrong={"q-single", "q-tf"})
    clock.advance(hours=1)
    session = student.start_review(two_lessons)
    assert session is not None and len(session.items) == 4
    for item in session.items[:2]:
        student.answer(session, item.question, RIGHT[item.question.id], 2000)
    planned = [item.key for item in session.items]
    store.close()  # the "crash": never finished

    clock.advance(minutes=5)
    store = Store.open(data_dir, clock=clock)
    try:
        student = Progress(store, store.default_profile())
        assert student.review_status(two_lessons).resumable == 2
        resumed = student.start_review(two_lessons)
        assert resumed is not None and resumed.attempt_id == session.attempt_id
        assert [item.key for item in resumed.items] == planned
        assert [item.key for item in resumed.remaining_items] == planned[2:]
        assert resumed.answered == 2
        for item in resumed.remaining_items:
            student.answer(resumed, item.question, RIGHT[item.question.id], 2000)
        assert student.finish_quiz(resumed).score == 4
        assert student.review_status(two_lessons).resumable == 0
    finally:
        store.close()


def test_a_resumed_review_skips_questions_that_left_the_library(student, two_lessons, clock):
    for lesson in two_lessons.lessons:
        take_quiz(student, lesson, wrong={"q-single"})
    clock.advance(hours=1)
    session = student.start_review(two_lessons)
    assert session is not None and len(session.items) == 2
    smaller = Catalog([two_lessons.lessons[0]])
    resumed = student.start_review(smaller)
    assert resumed is not None and resumed.attempt_id == session.attempt_id
    assert [item.key for item in resumed.items] == [(two_lessons.lessons[0].id, "q-single")]
    assert student.review_status(smaller).due == 1  # the other lesson's card is not counted


def test_session_result_lists_steps_to_review_by_lesson(student, two_lessons, clock):
    first, second = two_lessons.lessons
    plan = ((second.id, "q-tf"), (first.id, "q-single"), (second.id, "q-single"))
    session = student.start_custom(two_lessons, select_plan(plan))
    for item in session.items:
        student.answer(session, item.question, WRONG[item.question.id], 1000)
    result = student.finish_quiz(session)
    assert result.score == 0 and not result.passed and not result.safety_passed
    assert result.steps_to_review == ()
    # Lessons in the order they came up; steps in lesson order.
    assert result.to_review == ((second.id, "circles"), (second.id, "arch"), (first.id, "circles"))


def select_plan(plan):
    from foottrainer.core.sessions import Selection

    return Selection("Test session", tuple(plan))


# -- custom sessions -----------------------------------------------------------------------------


def select(library: Catalog, criteria: Criteria, stats=(), due=(), seed: int = 7):
    return select_questions(library, criteria, stats, due, random.Random(seed))


def find(library: Catalog, key: tuple[str, str]) -> Question:
    lesson = library.get(key[0])
    assert lesson is not None
    q = lesson.question(key[1])
    assert q is not None
    return q


def test_custom_safety_questions(library):
    selection = select(library, Criteria(size=20, safety_only=True))
    assert len(selection.plan) == 20 and len(set(selection.plan)) == 20
    assert all(find(library, key).is_safety for key in selection.plan)
    assert selection.title == "20 safety questions"
    assert len({lesson for lesson, _q in selection.plan}) > 3  # lessons interleaved


def test_custom_topic_only_ashiatsu(library):
    ashiatsu = {lesson.id for lesson in library.lessons if lesson.topic == ASHIATSU}
    assert len(ashiatsu) == 2
    selection = select(library, Criteria(size=None, topic=ASHIATSU))
    expected = {
        (lesson.id, q.id)
        for lesson in library.lessons
        if lesson.id in ashiatsu
        for q in lesson.quiz.questions
    }
    assert set(selection.plan) == expected and len(selection.plan) == len(expected)
    assert selection.title == f"All {len(expected)} questions · {ASHIATSU}"
    safety = select(library, Criteria(size=20, topic=ASHIATSU, safety_only=True))
    assert {lesson for lesson, _q in safety.plan} <= ashiatsu
    assert all(find(library, key).is_safety for key in safety.plan)
    assert safety.title.endswith(f"safety questions · {ASHIATSU}")


def test_custom_why_questions_and_chosen_lessons(library):
    lessons = ("thumb-walking", "arches")
    selection = select(library, Criteria(size=10, lesson_ids=lessons, why_only=True))
    assert selection.plan and len(selection.plan) <= 10
    assert all(lesson in lessons for lesson, _q in selection.plan)
    assert all("why" in find(library, key).tags for key in selection.plan)
    assert selection.title.endswith("why questions · 2 lessons")
    one = select(library, Criteria(size=10, lesson_ids=("arches",)))
    arches = library.get("arches")
    assert arches is not None and one.title.endswith(f"· {arches.title}")


def test_custom_questions_i_got_wrong(library, student):
    empty = select(library, Criteria(wrong_only=True))
    assert (
        empty.empty and empty.message == NO_WRONG_YET == "You have not got any question wrong yet."
    )
    arches = library.get("arches")
    assert arches is not None
    questions = arches.quiz.questions
    session = student.start_quiz(arches)
    # Wrong, then right: no longer "wrong". Wrong once: wrong. Right: not wrong.
    student.answer(session, questions[0], _wrong_response(questions[0]), 1000)
    student.answer(session, questions[0], questions[0].answer, 1000)
    student.answer(session, questions[1], _wrong_response(questions[1]), 1000)
    student.answer(session, questions[2], questions[2].answer, 1000)
    stats = student.store.question_stats(student.profile_id)
    selection = select(library, Criteria(size=20, wrong_only=True), stats)
    assert selection.plan == (("arches", questions[1].id),)
    assert selection.title == "1 question I got wrong"
    # Through Progress, too; and wrong only elsewhere says so.
    assert student.custom_selection(library, Criteria(wrong_only=True)).plan == selection.plan
    elsewhere = select(library, Criteria(wrong_only=True, topic=ASHIATSU), stats)
    assert elsewhere.empty and elsewhere.message == NO_WRONG_HERE


def _wrong_response(q: Question) -> Response:
    if q.type is QuestionType.TRUE_FALSE:
        return not q.answer
    if q.type in (QuestionType.SINGLE_CHOICE, QuestionType.TAP_DIAGRAM) and isinstance(
        q.answer, str
    ):
        return next(o.id for o in q.options if o.id != q.answer)
    if isinstance(q.answer, list):
        return list(reversed(q.answer))
    raise AssertionError(f"no wrong answer helper for {q.type}")


def test_custom_only_due(library):
    assert select(library, Criteria(due_only=True)).message == NOTHING_DUE
    due = {("arches", library.get("arches").quiz.questions[0].id)}
    selection = select(library, Criteria(due_only=True, size=None), due=due)
    assert set(selection.plan) == due
    assert selection.title == "All 1 question due for review"


def test_custom_selection_is_deterministic_with_a_seed(library):
    criteria = Criteria(size=20)
    assert select(library, criteria, seed=1) == select(library, criteria, seed=1)
    assert select(library, criteria, seed=1).plan != select(library, criteria, seed=2).plan
    everything = select(library, Criteria(size=None))
    assert len(everything.plan) == sum(len(lesson.quiz.questions) for lesson in library.lessons)
    with pytest.raises(ValueError, match="at least one"):
        select(library, Criteria(size=0))


def test_titles_describe_the_criteria(library):
    assert session_title(library, Criteria(size=20, safety_only=True, topic=ASHIATSU)) == (
        f"20 safety questions · {ASHIATSU}"
    )
    assert session_title(library, Criteria(size=None, why_only=True, wrong_only=True)) == (
        "All why questions I got wrong"
    )
    assert session_title(library, Criteria(size=10, safety_only=True), found=4) == (
        "4 safety questions"
    )


def test_a_custom_session_is_stored_with_its_plan_and_resumes(student, two_lessons):
    selection = student.custom_selection(
        two_lessons, Criteria(size=None, safety_only=True), random.Random(3)
    )
    assert len(selection.plan) == 4  # q-multi and q-tf in each lesson
    session = student.start_custom(two_lessons, selection)
    assert session.kind == "custom" and session.title == "All 4 safety questions"
    first = session.items[0]
    student.answer(session, first.question, RIGHT[first.question.id], 1000, lesson=first.lesson)
    resumed = student.unfinished_custom(two_lessons)
    assert resumed is not None and resumed.attempt_id == session.attempt_id
    assert [i.key for i in resumed.remaining_items] == list(selection.plan[1:])
    assert resumed.title == "All 4 safety questions"
    (row,) = student.store.answers(session.attempt_id)
    assert (row.lesson_id, row.question_id) == first.key
    with pytest.raises(ValueError, match="wrong"):
        student.start_custom(two_lessons, select(two_lessons, Criteria(wrong_only=True)))


def test_a_session_answer_needs_a_question_of_the_session(student, two_lessons, mini_lesson):
    session = student.start_custom(two_lessons, select_plan([(mini_lesson.id, "q-single")]))
    with pytest.raises(ValueError, match="not part"):
        student.answer(session, mini_lesson.question("q-tf"), False, 1000)
    assert isinstance(session.items[0], SessionItem)


# -- words ---------------------------------------------------------------------------------------


def test_describe_due():
    now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    assert describe_due(now - timedelta(minutes=1), now) == "now"
    assert describe_due(now + timedelta(minutes=10), now) == "in 10 minutes"
    assert describe_due(now + timedelta(seconds=30), now) == "in 1 minute"
    local = now.astimezone()
    later = local.replace(hour=23, minute=30)
    if later - local > timedelta(hours=4):
        assert describe_due(later, now) == "today at 23:30"
    tomorrow = (local + timedelta(days=1)).replace(hour=9, minute=5)
    assert describe_due(tomorrow, now) == "tomorrow at 09:05"
    assert describe_due(local + timedelta(days=4), now) == (
        f"on {(local + timedelta(days=4)).strftime('%A')}"
    )
    far = local + timedelta(days=40)
    assert describe_due(far, now) == f"on {far.day} {far.strftime('%B')}"
    assert describe_due(local + timedelta(days=400), now).endswith("2027")
