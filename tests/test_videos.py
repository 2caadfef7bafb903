"""Every bundled video loads and plays in QMediaPlayer: its duration matches the end of its last
chapter and frames arrive."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtMultimedia import QMediaPlayer, QVideoSink

from foottrainer.core.catalog import load_catalog
from foottrainer.resources import lessons_dir

VIDEOS = [
    (lesson.id, video)
    for lesson in load_catalog([lessons_dir()]).lessons
    for video in lesson.videos
]


@pytest.mark.parametrize(("lesson_id", "video"), VIDEOS, ids=[f"{lid}" for lid, _ in VIDEOS])
def test_video_plays(qtbot, lesson_id, video):
    player = QMediaPlayer()
    sink = QVideoSink()
    player.setVideoSink(sink)
    frames: list[tuple[int, int]] = []
    sink.videoFrameChanged.connect(
        lambda frame: frames.append((frame.width(), frame.height())) if frame.isValid() else None
    )
    errors: list[str] = []
    player.errorOccurred.connect(lambda _e, text: errors.append(text))
    player.setSource(QUrl.fromLocalFile(str(video.path)))
    qtbot.waitUntil(lambda: player.duration() > 0 or bool(errors), timeout=10000)
    assert errors == []
    assert abs(player.duration() / 1000 - video.duration_hint) < 0.25, lesson_id
    player.play()
    qtbot.waitUntil(lambda: len(frames) >= 5, timeout=10000)
    assert frames[-1][0] >= 320 and frames[-1][1] >= 180
    # Seeking to the last chapter shows frames from there too.
    last = video.chapters[-1]
    player.setPosition(int((last.start + 0.2) * 1000))
    qtbot.waitUntil(lambda: player.position() / 1000 >= last.start, timeout=10000)
    player.stop()


def test_an_authors_own_webm_recording_works(qtbot, data_dir):
    """Lessons accept an author's own recording: a VP9 WebM plays like the bundled MP4s."""
    from foottrainer.core.lessons import load_lesson
    from foottrainer.core.progress import Progress
    from foottrainer.storage import Store
    from foottrainer.ui.lesson_view import LessonView

    from .conftest import TESTS

    lesson = load_lesson(TESTS / "data" / "webm" / "lesson.yaml")
    assert lesson.problems == () and lesson.videos[0].path.suffix == ".webm"
    store = Store.open(data_dir)
    view = LessonView(lesson, Progress(store, store.default_profile()))
    qtbot.addWidget(view)
    view.show()
    panel = view.video
    assert panel.player is not None
    qtbot.waitUntil(lambda: panel.player.duration() > 0, timeout=10000)
    assert abs(panel.player.duration() / 1000 - 4.0) < 0.25
    view.select_step("arch")  # the last chapter
    panel.play()
    qtbot.waitUntil(
        lambda: panel.frame_image() is not None and panel.position >= 3.0, timeout=10000
    )
    view.leave()
    store.close()
