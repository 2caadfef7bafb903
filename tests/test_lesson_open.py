"""What makes a lesson page open fast stays correct: diagrams rendered once per file version and
scale, the text's images fitted before the first paint and decoded once per file version, the
video player made after the first paint, the visit recorded after it."""

from __future__ import annotations

import os
import shutil
from collections import OrderedDict
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, QUrl
from PySide6.QtGui import QColor, QImage, QTextDocument
from PySide6.QtWidgets import QApplication

from foottrainer.core.catalog import load_catalog
from foottrainer.core.lessons import load_lesson
from foottrainer.core.model import Diagram
from foottrainer.resources import lessons_dir
from foottrainer.ui import diagram_view
from foottrainer.ui.diagram_view import DiagramView
from foottrainer.ui.lesson_view import LessonView

from .conftest import MINI, near_region

REGIONS = {"heel": "Heel", "arch": "Arch", "ball": "Ball of the foot", "ankle": "Ankle bone"}
GREEN, VERMILLION = (0, 158, 115), (213, 94, 0)  # the arch before and after the file changes


@pytest.fixture
def renders(monkeypatch) -> list[int]:
    """An empty drawing cache for the test, and a count of the drawings rendered."""
    monkeypatch.setattr(diagram_view, "_FITTED", OrderedDict())
    count: list[int] = []
    render = DiagramView._render

    def counted(self, *args):
        count.append(1)
        return render(self, *args)

    monkeypatch.setattr(DiagramView, "_render", counted)
    return count


def shown_diagram(qtbot, path: Path, width: int, height: int) -> DiagramView:
    view = DiagramView(Diagram("foot", path, "Foot", REGIONS))
    qtbot.addWidget(view)
    view.resize(width, height)
    view.show()
    qtbot.waitExposed(view)
    return view


def rgb(image: QImage, point: QPointF) -> tuple[int, int, int]:
    color = image.pixelColor(point.toPoint())
    return color.red(), color.green(), color.blue()


def test_views_of_a_diagram_at_one_scale_share_its_rendering(qtbot, renders):
    path = MINI / "foot.svg"
    first = shown_diagram(qtbot, path, 480, 360)  # the 400 × 300 drawing at 1.2×
    plain = first.grab().toImage()
    assert len(renders) == 1
    # Wider, same height: the same scale, so the same rendering, 40 px further right.
    second = shown_diagram(qtbot, path, 560, 360)
    wide = second.grab().toImage()
    assert len(renders) == 1
    assert wide.copy(40, 0, 480, 360) == plain
    assert rgb(wide, QPointF(20, 180)) == (255, 255, 255)  # the card beside the drawing
    # Highlights are painted over the shared drawing, never into it.
    second.highlight(["arch"])
    tinted = second.grab().toImage()
    arch = second.region_center("arch")
    assert rgb(wide, arch) == GREEN
    assert rgb(tinted, arch) != GREEN and tinted.pixelColor(arch.toPoint()).red() > 100
    for y in range(0, second.height(), 4):
        for x in range(0, second.width(), 4):
            inside = second.region_at(QPointF(x + 0.5, y + 0.5)) == "arch"
            if not inside and not near_region(second, x, y, "arch"):  # tint and its ring
                assert wide.pixelColor(x, y) == tinted.pixelColor(x, y), (x, y)
    assert first.grab().toImage() == plain
    # Another scale is another rendering.
    shown_diagram(qtbot, path, 400, 300).grab()
    assert len(renders) == 2


def test_a_changed_diagram_file_is_rendered_anew(qtbot, tmp_path, renders):
    path = tmp_path / "foot.svg"
    shutil.copy(MINI / "foot.svg", path)
    before = shown_diagram(qtbot, path, 480, 360)
    assert rgb(before.grab().toImage(), before.region_center("arch")) == GREEN
    path.write_text(path.read_text().replace("#009E73", "#D55E00"), "utf-8")
    later = path.stat().st_mtime_ns + 5_000_000_000  # a later version, even on coarse clocks
    os.utime(path, ns=(later, later))
    after = shown_diagram(qtbot, path, 480, 360)
    assert rgb(after.grab().toImage(), after.region_center("arch")) == VERMILLION
    assert len(renders) == 2


def lesson_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "mini"
    shutil.copytree(MINI, folder)
    return folder / "lesson.yaml"


def open_view(qtbot, lesson_file: Path, progress, size: tuple[int, int]) -> LessonView:
    view = LessonView(load_lesson(lesson_file), progress)
    qtbot.addWidget(view)
    view.resize(*size)
    view.show()
    return view


def text_image(view: LessonView) -> tuple[str, float, float, QImage]:
    """The text's one image: its name, the size it is drawn at, and the image it draws."""
    document = view.text.document()
    cursor = document.find("\ufffc")
    image = cursor.charFormat().toImageFormat()
    resource = document.resource(QTextDocument.ResourceType.ImageResource, QUrl(image.name()))
    return image.name(), image.width(), image.height(), resource.toImage()


def test_text_images_are_fitted_before_the_first_paint(qtbot, tmp_path, progress):
    view = open_view(qtbot, lesson_copy(tmp_path), progress, (700, 500))
    # Fitted while the page was being shown, before anything was painted: the 400 × 300 image
    # is scaled down to the column, never cut off or scrolled sideways.
    name, width, height, _ = text_image(view)
    available = view.text.viewport().width() - 2 * view.text.document().documentMargin() - 8
    assert name.endswith("foot.svg")
    assert width == pytest.approx(min(400, available)) and width < 400
    assert height == pytest.approx(width * 300 / 400)
    assert view.text.horizontalScrollBar().maximum() == 0
    # In a wide window it keeps its natural size (never scaled up).
    view.resize(1600, 900)
    QApplication.processEvents()
    _, width, height, _ = text_image(view)
    assert (width, height) == (400, 300)
    view.leave()


def test_a_changed_text_image_is_shown_anew(qtbot, tmp_path, progress):
    lesson_file = lesson_copy(tmp_path)
    view = open_view(qtbot, lesson_file, progress, (1400, 900))
    qtbot.waitExposed(view)
    *_, image = text_image(view)
    assert rgb(image, QPointF(200, 190)) == GREEN  # the arch, in the image's own pixels
    view.leave()
    svg = lesson_file.with_name("foot.svg")
    svg.write_text(svg.read_text().replace("#009E73", "#D55E00"), "utf-8")
    later = svg.stat().st_mtime_ns + 5_000_000_000
    os.utime(svg, ns=(later, later))
    again = open_view(qtbot, lesson_file, progress, (1400, 900))
    qtbot.waitExposed(again)
    *_, image = text_image(again)
    assert rgb(image, QPointF(200, 190)) == VERMILLION
    # ... and the page shows it: the arch's colour is on screen.
    shot = again.text.viewport().grab().toImage()
    colors = {
        rgb(shot, QPointF(x, y))
        for y in range(0, shot.height(), 2)
        for x in range(0, shot.width(), 2)
    }
    assert VERMILLION in colors and GREEN not in colors
    again.leave()


def sample_lesson():
    lesson = load_catalog([lessons_dir()]).get("relaxing-the-heel")
    assert lesson is not None and lesson.videos
    return lesson


def test_the_video_player_is_made_once_the_page_is_painted(qtbot, progress):
    lesson = sample_lesson()
    view = LessonView(lesson, progress)
    qtbot.addWidget(view)
    panel = view.video
    # Until then: a placeholder, and the length the chapters give.
    assert panel._player is None
    assert panel.time.text() == "0:00 / 0:52"
    view.resize(1200, 800)
    view.show()
    qtbot.waitUntil(lambda: panel._player is not None, timeout=3000)  # nobody asked for it
    qtbot.waitUntil(lambda: panel.frame_image() is not None, timeout=10000)  # the first frame
    assert panel.time.text() == "0:00 / 0:52"  # now the real length
    view.leave()


def test_the_player_is_made_at_once_when_needed(qtbot, progress):
    lesson = sample_lesson()
    view = LessonView(lesson, progress)  # never shown
    qtbot.addWidget(view)
    panel = view.video
    step = lesson.steps[2]
    assert step.video is not None
    view.select_step(step.id)  # jumps the video, which needs the player
    assert panel._player is not None
    # While the file is still opening, the jump waits for it; the position says where.
    assert panel.position == pytest.approx(step.video.start)
    qtbot.waitUntil(lambda: panel._player is not None and panel._player.duration() > 0)
    qtbot.waitUntil(lambda: abs(panel.position - step.video.start) < 0.3, timeout=5000)
    view.leave()


def test_the_visit_is_recorded_after_the_first_paint_or_on_leaving(qtbot, store, progress):
    lesson = load_lesson(MINI / "lesson.yaml")
    never_shown = LessonView(lesson, progress)
    qtbot.addWidget(never_shown)
    assert store.visits(progress.profile_id) == []
    never_shown.leave()
    never_shown.leave()  # idempotent
    visits = store.visits(progress.profile_id)
    assert len(visits) == 1 and visits[0].ended_at is not None

    shown = LessonView(lesson, progress)
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitUntil(lambda: len(store.visits(progress.profile_id)) == 2, timeout=3000)
    assert store.visits(progress.profile_id)[1].ended_at is None
    assert progress.last_lesson() == lesson.id
    shown.leave()
    assert store.visits(progress.profile_id)[1].ended_at is not None


def test_opening_a_lesson_whose_file_changed_shows_the_new_text(qtbot, tmp_path, progress):
    lesson_file = lesson_copy(tmp_path)
    view = open_view(qtbot, lesson_file, progress, (900, 700))
    assert "Support the heel." in view.text.toPlainText()
    view.leave()
    lesson_file.write_text(
        lesson_file.read_text("utf-8").replace("Support the heel.", "Cup the heel."), "utf-8"
    )
    again = open_view(qtbot, lesson_file, progress, (900, 700))
    assert "Cup the heel." in again.text.toPlainText()
    assert "Support the heel." not in again.text.toPlainText()
    again.leave()


def test_the_placeholder_is_dark_until_the_player_comes(qtbot, progress):
    view = LessonView(sample_lesson(), progress)
    qtbot.addWidget(view)
    placeholder = view.video._screen
    placeholder.resize(320, 180)
    image = placeholder.grab().toImage()
    assert image.pixelColor(5, 5) == QColor(0, 0, 0)
    view.leave()
