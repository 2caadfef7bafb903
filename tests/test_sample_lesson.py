"""The bundled sample lesson works end to end: every block, every question type, its video."""

from __future__ import annotations

import itertools

from PySide6.QtMultimedia import QMediaPlayer

from foottrainer.core.catalog import load_catalog
from foottrainer.core.grading import grade
from foottrainer.core.model import QuestionType
from foottrainer.resources import lessons_dir
from foottrainer.storage import Store
from foottrainer.ui.app import build_window

SAMPLE = "relaxing-the-heel"


def sample():
    catalog = load_catalog([lessons_dir()])
    assert catalog.errors == [] and catalog.warnings == []
    lesson = catalog.get(SAMPLE)
    assert lesson is not None
    return catalog, lesson


def test_sample_lesson_has_every_block():
    _, lesson = sample()
    assert lesson.objectives and lesson.safety_notes and lesson.sources
    assert "## " in lesson.body and "\n- " in lesson.body and lesson.image_refs
    assert lesson.diagrams and lesson.videos
    assert all(step.why for step in lesson.steps)
    assert any(step.caution for step in lesson.steps)
    assert all(step.video is not None for step in lesson.steps)
    assert all(step.regions for step in lesson.steps)
    types = {q.type for q in lesson.quiz.questions}
    assert types == set(QuestionType)
    assert any(q.is_sequence for q in lesson.quiz.questions)
    tested = {q.step_id for q in lesson.quiz.questions if "why" in q.tags}
    assert tested == {s.id for s in lesson.steps}  # every step's reason is tested
    for question in lesson.quiz.questions:
        assert grade(question, question.answer).correct, question.id
        assert all(o.explanation.strip() for o in question.options)


def test_sample_video_chapters_follow_the_steps():
    _, lesson = sample()
    video = lesson.videos[0]
    step_chapters = [c for c in video.chapters if c.step_id]
    assert [c.step_id for c in step_chapters] == [s.id for s in lesson.steps]
    for before, after in itertools.pairwise(step_chapters):
        assert before.end <= after.start + 1e-6


def test_sample_video_plays_in_the_lesson_page(qtbot, data_dir):
    catalog, lesson = sample()
    store = Store.open(data_dir)
    window = build_window(catalog, store, data_dir)
    qtbot.addWidget(window)
    window.show()
    view = window.open_lesson(SAMPLE)
    assert view is not None
    panel = view.video
    assert panel.player is not None and panel.problem == ""
    frames = []
    sink = panel.video_widget.videoSink()
    sink.videoFrameChanged.connect(lambda frame: frames.append(frame.isValid()))
    qtbot.waitUntil(lambda: panel.player.duration() > 0, timeout=10000)
    # Before Play the first frame is shown, not a black box.
    qtbot.waitUntil(lambda: panel.frame_image() is not None, timeout=10000)
    assert panel.player.playbackState() != QMediaPlayer.PlaybackState.PlayingState
    expected = lesson.videos[0].duration_hint
    assert abs(panel.player.duration() / 1000 - expected) < 0.5
    panel.play()
    qtbot.waitUntil(lambda: any(frames) and panel.position > 0.3, timeout=10000)
    panel.pause()
    # Clicking step 2 jumps into its chapter and highlights its regions.
    step = lesson.steps[1]
    view.steps.setCurrentRow(1)
    assert step.video is not None
    qtbot.waitUntil(lambda: step.video.start <= panel.position < step.video.end, timeout=5000)
    diagram = view.diagram_views[step.diagram_id]
    assert diagram.highlighted == step.regions
    window.show_library()  # records the watched range
    assert store.watched_seconds(store.default_profile().id, SAMPLE, lesson.videos[0].id) > 0.2
    window.close()
    store.close()


def test_lesson_text_fits_its_column(qtbot, data_dir):
    catalog, _ = sample()
    store = Store.open(data_dir)
    window = build_window(catalog, store, data_dir)
    qtbot.addWidget(window)
    window.resize(1000, 700)
    window.show()
    view = window.open_lesson(SAMPLE)
    assert view is not None
    # The body's illustration is wider than the column: it is scaled down, never cut off.
    qtbot.waitUntil(lambda: view.text.horizontalScrollBar().maximum() == 0, timeout=3000)
    html = view.text.document().toHtml()
    assert "heel-hold.svg" in html and 'width="' in html
    window.close()
    store.close()
