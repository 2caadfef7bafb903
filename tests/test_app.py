"""The window as a student uses it (pytest-qt, offscreen, temporary data folder)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys

from PySide6.QtCore import QPoint, Qt

from foottrainer.core.catalog import load_catalog
from foottrainer.core.progress import Progress

from .conftest import MINI, REPO
from .conftest import open_window as open_window_over


def open_window(qtbot, data_dir):
    return open_window_over(qtbot, data_dir, load_catalog([MINI]))


def test_library_groups_by_topic_and_opens_a_lesson(qtbot, data_dir):
    window, store = open_window(qtbot, data_dir)
    tree = window.library.tree
    assert tree.topLevelItem(0).text(0) == "Test topic"
    item = tree.topLevelItem(0).child(0)
    assert [item.text(c) for c in range(3)] == ["Mini lesson", "5", "New"]
    window.library.tree.setCurrentItem(item)
    qtbot.mouseClick(window.library.open_button, Qt.MouseButton.LeftButton)
    view = window.lesson_view
    assert view is not None and window.stack.currentWidget() is view
    text = view.text.toPlainText()
    for needle in (
        "What you will learn",
        "Heading in the body",
        "1. Hold the foot",
        "Why: So the client can relax.",
        "Caution: Not on the bone itself.",
        "Skip the foot over an open wound.",
        "Test source",
    ):
        assert needle in text
    # The markdown image (an SVG next to the lesson) is in the document.
    assert "foot.svg" in view.text.document().toHtml()
    window.close()
    store.close()


def test_clicking_a_step_highlights_its_regions(qtbot, data_dir):
    window, store = open_window(qtbot, data_dir)
    view = window.open_lesson("mini-lesson")
    assert view is not None
    diagram = view.diagram_views["foot"]
    view.steps.setCurrentRow(1)
    assert diagram.highlighted == ("ankle", "heel")
    # The highlight is really painted: the ankle's pixel turns towards orange.
    centre = diagram.region_center("ankle").toPoint()
    image = diagram.grab().toImage()
    colour = image.pixelColor(centre)
    assert colour.red() > colour.blue()  # the ankle is drawn purple-pink, tinted orange
    view.steps.setCurrentRow(2)
    assert diagram.highlighted == ("arch",)
    window.close()
    store.close()


def test_missing_video_keeps_the_page_working(qtbot, data_dir):
    window, store = open_window(qtbot, data_dir)
    view = window.open_lesson("mini-lesson")
    assert view is not None
    assert view.video.player is None
    assert "Video not found" in view.video.message.text()
    assert "demo.mp4" in view.video.message.text()
    window.close()
    store.close()


def test_visits_and_completion_persist_across_restarts(qtbot, data_dir):
    window, store = open_window(qtbot, data_dir)
    view = window.open_lesson("mini-lesson")
    assert view is not None
    qtbot.mouseClick(view.done_button, Qt.MouseButton.LeftButton)
    assert view.done_button.text() == "✓ Done"
    window.show_library()  # leaving the page records the time on it
    window.close()
    store.close()

    with sqlite3.connect(data_dir / "progress.sqlite3") as db:
        (visits,) = db.execute("SELECT count(*) FROM visits WHERE ended_at IS NOT NULL").fetchone()
        (done,) = db.execute("SELECT count(*) FROM lesson_completions").fetchone()
    assert (visits, done) == (1, 1)

    window, store = open_window(qtbot, data_dir)
    item = window.library.tree.topLevelItem(0).child(0)
    assert item.text(2) == "✓ Done"
    # The student went back to the library before quitting: the next start shows the library.
    assert Progress(store, store.default_profile()).last_lesson() is None
    window.close()
    store.close()


def test_search_filters_lessons(qtbot, data_dir):
    window, store = open_window(qtbot, data_dir)
    item = window.library.tree.topLevelItem(0).child(0)
    qtbot.keyClicks(window.library.search, "ankle")  # found in a step's text
    assert not item.isHidden()
    window.library.search.clear()
    qtbot.keyClicks(window.library.search, "shoulder blade")
    assert item.isHidden()
    window.close()
    store.close()


def test_window_geometry_is_remembered(qtbot, data_dir):
    window, store = open_window(qtbot, data_dir)
    window.resize(700, 500)
    window.move(QPoint(10, 10))
    window.close()
    store.close()
    window, store = open_window(qtbot, data_dir)
    assert (window.width(), window.height()) == (700, 500)
    window.close()
    store.close()


def test_damaged_progress_file_is_moved_aside_and_the_user_told(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    garbage = b"this is not a database" * 100
    (data / "progress.sqlite3").write_bytes(garbage)
    result = subprocess.run(
        [sys.executable, "-m", "foottrainer", "--data-dir", str(data), "--exit-after-start"],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    (moved,) = data.glob("progress.corrupt-*.sqlite3")
    assert moved.read_bytes() == garbage
    assert moved.name in result.stderr
    with sqlite3.connect(data / "progress.sqlite3") as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_shortcuts_are_installed_after_the_first_paint(qtbot, data_dir):
    window, store = open_window(qtbot, data_dir)
    qtbot.waitUntil(lambda: not window.quit_action.shortcut().isEmpty(), timeout=3000)
    assert "Q" in window.quit_action.shortcut().toString()
    assert window.library_action.shortcut().toString() == "Ctrl+L"
    window.close()
    store.close()


def test_library_shows_the_safety_gate(qtbot, data_dir):
    from foottrainer.ui.library_view import GATE_LOCKED, GATE_OPEN
    from tests.test_progress import answer_all

    window, store = open_window(qtbot, data_dir)
    item = window.library.tree.topLevelItem(0).child(0)
    assert item.text(3) == GATE_LOCKED
    lesson = window.catalog.get("mini-lesson")
    answer_all(window.progress, lesson)  # every safety question right, quiz finished
    window.library.refresh_status()
    item = window.library.tree.topLevelItem(0).child(0)
    assert item.text(3) == GATE_OPEN
    window.close()
    store.close()


def test_study_lessons_show_no_gate(qtbot, progress, mini_lesson):
    from foottrainer.core.catalog import Catalog
    from foottrainer.ui.library_view import GATE_NONE, LibraryView

    view = LibraryView(Catalog([mini_lesson._replace(kind="study")]), progress)
    qtbot.addWidget(view)
    assert view.lesson_items()[0].text(3) == GATE_NONE
