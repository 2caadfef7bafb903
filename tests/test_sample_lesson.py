"""The bundled sample lesson works end to end: every block, every question type, its video."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any, NamedTuple

import pytest
from PySide6.QtMultimedia import QMediaPlayer

from foottrainer.core.catalog import load_catalog
from foottrainer.core.grading import grade
from foottrainer.core.model import QuestionType
from foottrainer.resources import lessons_dir

from .conftest import open_window

SAMPLE = "relaxing-the-heel"


def sample():
    catalog = load_catalog([lessons_dir()])
    assert catalog.errors == [] and catalog.warnings == []
    lesson = catalog.get(SAMPLE)
    assert lesson is not None
    return catalog, lesson


class Page(NamedTuple):
    lesson: Any
    window: Any
    store: Any
    view: Any  # LessonView
    panel: Any  # its VideoPanel, the video loaded (duration known)


@pytest.fixture
def page(qtbot, data_dir) -> Iterator[Page]:
    """The sample lesson's page open in a main window, its video loaded."""
    catalog, lesson = sample()
    window, store = open_window(qtbot, data_dir, catalog)
    view = window.open_lesson(SAMPLE)
    assert view is not None
    panel = view.video
    assert panel.player is not None and panel.problem == ""
    qtbot.waitUntil(lambda: panel.player.duration() > 0, timeout=10000)
    yield Page(lesson, window, store, view, panel)
    window.close()
    store.close()


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


def test_sample_video_plays_in_the_lesson_page(qtbot, page):
    lesson, window, store, view, panel = page
    frames = []
    sink = panel.video_widget.videoSink()
    sink.videoFrameChanged.connect(lambda frame: frames.append(frame.isValid()))
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


def test_lesson_text_fits_its_column(qtbot, data_dir):
    catalog, _ = sample()
    window, store = open_window(qtbot, data_dir, catalog, (1000, 700))
    view = window.open_lesson(SAMPLE)
    assert view is not None
    # The body's illustration is wider than the column: it is scaled down, never cut off.
    qtbot.waitUntil(lambda: view.text.horizontalScrollBar().maximum() == 0, timeout=3000)
    html = view.text.document().toHtml()
    assert "heel-hold.svg" in html and 'width="' in html
    window.close()
    store.close()


def test_restart_returns_to_the_lesson_scroll_and_video_position(qtbot, data_dir):
    catalog, lesson = sample()
    window, store = open_window(qtbot, data_dir, catalog, (1000, 700))
    view = window.open_lesson(SAMPLE)
    assert view is not None
    panel = view.video
    player = panel.player
    assert player is not None
    qtbot.waitUntil(lambda: player.duration() > 0, timeout=10000)
    step = lesson.steps[3]
    assert step.video is not None
    view.select_step(step.id)
    qtbot.waitUntil(lambda: abs(panel.position - step.video.start) < 0.3, timeout=5000)
    bar = view.text.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 400, timeout=3000)
    bar.setValue(400)
    window.close()  # quitting on the lesson page
    store.close()

    window, store = open_window(qtbot, data_dir, catalog, (1000, 700))
    window.restore_session()
    view = window.lesson_view
    assert view is not None and view.lesson.id == SAMPLE
    qtbot.waitUntil(lambda: view.text.verticalScrollBar().value() == 400, timeout=3000)
    qtbot.waitUntil(lambda: abs(view.video.position - step.video.start) < 0.3, timeout=10000)
    window.close()
    store.close()


def test_loop_keeps_the_position_inside_the_step_and_keys_drive_the_video(qtbot, page):
    from PySide6.QtCore import Qt

    lesson, _window, _store, view, panel = page
    player = panel.player
    step = lesson.steps[5]  # the last and shortest step (5 s)
    assert step.video is not None
    view.select_step(step.id)
    view.steps.setFocus()
    qtbot.keyClick(view.steps, Qt.Key.Key_L)  # loop this step
    assert panel.loop_button.isChecked()
    assert panel.loop_chapter is not None and panel.loop_chapter.step_id == step.id
    panel.set_speed(1.0)
    qtbot.keyClick(view.steps, Qt.Key.Key_Space)  # play
    positions: list[float] = []
    panel.position_changed.connect(positions.append)
    # Play past the chapter's end: the loop brings it back to the start.
    qtbot.waitUntil(lambda: any(b < a - 1 for a, b in itertools.pairwise(positions)), timeout=12000)
    assert all(step.video.start - 0.3 <= p <= step.video.end + 0.3 for p in positions)
    qtbot.keyClick(view.steps, Qt.Key.Key_Space)  # pause
    assert player.playbackState() != player.PlaybackState.PlayingState
    qtbot.keyClick(view.steps, Qt.Key.Key_Left)  # 5 s back, but the loop keeps it in the step
    qtbot.waitUntil(lambda: step.video.start - 0.1 <= panel.position < step.video.end)
    # The highlighted step followed the video the whole time.
    assert view.steps.currentItem().data(Qt.ItemDataRole.UserRole) == step.id


def test_the_highlighted_step_follows_the_playing_video(qtbot, page):
    from PySide6.QtCore import Qt

    lesson, _window, _store, view, panel = page
    first, second = lesson.steps[1], lesson.steps[2]
    assert first.video is not None and second.video is not None
    view.select_step(first.id)
    panel.seek(first.video.end - 0.5)  # just before the next chapter
    panel.play()
    qtbot.waitUntil(lambda: panel.position > second.video.start + 0.2, timeout=10000)
    panel.pause()
    current = view.steps.currentItem()
    assert current is not None and current.data(Qt.ItemDataRole.UserRole) == second.id
    assert view.diagram_views[second.diagram_id].highlighted == second.regions
