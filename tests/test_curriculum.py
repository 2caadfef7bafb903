"""The bundled curriculum keeps its promises (issue 3), so later edits cannot quietly break them."""

from __future__ import annotations

from collections import Counter

import pytest

from foottrainer.core.catalog import Catalog, load_catalog
from foottrainer.core.grading import grade
from foottrainer.core.model import Lesson, QuestionType
from foottrainer.resources import lessons_dir

TOPICS = {
    "Getting started": ["preparation", "contraindications", "anatomy"],
    "Foot techniques": [
        "ankle-stretch",
        "relaxing-the-heel",
        "easing-the-sole",
        "thumb-walking",
        "ankle-and-toe-rotation",
        "arches",
        "fist-kneading",
    ],
    "Barefoot massage (ashiatsu)": ["ashiatsu-with-bars", "barefoot-without-bars"],
}
STUDY_LESSONS = {"preparation", "contraindications", "anatomy"}
WITH_VIDEO = {
    "relaxing-the-heel",
    "easing-the-sole",
    "ashiatsu-with-bars",
    "barefoot-without-bars",
    "ankle-stretch",
    "thumb-walking",
}


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog([lessons_dir()])


def lessons(catalog: Catalog) -> list[Lesson]:
    return catalog.lessons


def test_every_lesson_is_valid_and_complete(catalog):
    assert [e.format() for e in catalog.errors + catalog.warnings] == []
    grouped = {topic: [x.id for x in group] for topic, group in catalog.topics()}
    assert grouped == TOPICS  # the library's topics, in order, each in its teaching order


def test_only_the_getting_started_lessons_are_study_lessons(catalog):
    assert {x.id for x in lessons(catalog) if not x.is_technique} == STUDY_LESSONS


def test_each_lesson_has_objectives_reasons_diagrams_and_sources(catalog):
    for lesson in lessons(catalog):
        assert lesson.objectives and lesson.safety_notes, lesson.id
        assert lesson.diagrams, f"{lesson.id}: at least one diagram"
        assert lesson.sources and all(s.url.startswith("http") for s in lesson.sources)
        for step in lesson.steps:
            assert len(step.why.split()) >= 6, f"{lesson.id}/{step.id}: a real reason"
        assert any(step.regions for step in lesson.steps), f"{lesson.id}: steps use the diagram"
        assert any(step.caution for step in lesson.steps), f"{lesson.id}: cautions"


def test_quiz_sizes(catalog):
    for lesson in lessons(catalog):
        minimum = 15 if lesson.id == "contraindications" else 8
        assert len(lesson.quiz.questions) >= minimum, lesson.id


def test_every_steps_reason_is_tested(catalog):
    for lesson in lessons(catalog):
        tested = {q.step_id for q in lesson.quiz.questions if "why" in q.tags}
        untested = [s.id for s in lesson.steps if s.id not in tested]
        assert untested == [], f"{lesson.id}: no 'why' question for {untested}"


def test_tags_and_types_across_the_curriculum(catalog):
    questions = [q for lesson in lessons(catalog) for q in lesson.quiz.questions]
    types = Counter(q.type for q in questions)
    assert all(types[t] >= 3 for t in QuestionType), types
    assert sum(q.is_sequence for q in questions) >= 2  # ordered tap sequences
    why = sum("why" in q.tags for q in questions) / len(questions)
    safety = sum("safety" in q.tags for q in questions) / len(questions)
    assert why >= 0.40, f"only {why:.0%} of questions test the why"
    assert safety >= 0.30, f"only {safety:.0%} of questions test safety"
    for lesson in lessons(catalog):
        qs = lesson.quiz.questions
        assert sum("why" in q.tags for q in qs) / len(qs) >= 0.40, lesson.id
        assert sum("safety" in q.tags for q in qs) / len(qs) >= 0.30, lesson.id


def test_every_option_is_explained_and_every_answer_key_grades_right(catalog):
    for lesson in lessons(catalog):
        for q in lesson.quiz.questions:
            assert all(len(o.explanation.split()) >= 4 for o in q.options), f"{lesson.id}/{q.id}"
            assert grade(q, q.answer).correct, f"{lesson.id}/{q.id}"


def test_technique_videos_have_a_chapter_per_step(catalog):
    for lesson_id in WITH_VIDEO:
        lesson = catalog.get(lesson_id)
        assert lesson is not None and lesson.videos, lesson_id
        video = lesson.videos[0]
        chapters = [c.step_id for c in video.chapters if c.step_id]
        assert chapters == [s.id for s in lesson.steps], lesson_id
        assert video.path.stat().st_size < 1_000_000, f"{lesson_id}: keep videos small"


def test_content_never_advises_unsafe_pressure(catalog):
    """Crude guard: unsafe advice only ever appears as a wrong option, never in teaching text."""
    unsafe = (
        "full body weight",
        "entire body weight",
        "push through the pain",
        "press on the spine",
    )
    for lesson in lessons(catalog):
        texts = [lesson.summary, lesson.body, *lesson.objectives]
        for step in lesson.steps:
            texts += [step.instruction, step.why]
        for text in texts:
            lowered = text.lower()
            for phrase in unsafe:
                if phrase in lowered:
                    window = lowered[max(0, lowered.index(phrase) - 60) : lowered.index(phrase)]
                    assert any(w in window for w in ("never", "not", "no ", "don't", "avoid")), (
                        f"{lesson.id}: '{phrase}' without a negation: …{window}{phrase}…"
                    )
