"""DiagramView zoom and pan: hit testing, taps, drags, highlights and keys at every zoom."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication

from foottrainer.ui.diagram_view import MAX_ZOOM, ZOOM_HELP, DiagramView

from .conftest import near_region

LEFT = Qt.MouseButton.LeftButton
CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def view(qtbot, mini_lesson) -> DiagramView:
    widget = DiagramView(mini_lesson.diagram("foot"))
    qtbot.addWidget(widget)
    widget.resize(480, 360)  # the 400 × 300 drawing at 1.2×: not a whole number of pixels
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def wheel(view: DiagramView, at: QPointF, notches: float, modifiers=CTRL) -> bool:
    event = QWheelEvent(
        at,
        QPointF(view.mapToGlobal(at)),
        QPoint(),
        QPoint(0, round(120 * notches)),
        Qt.MouseButton.NoButton,
        modifiers,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(view, event)
    return event.isAccepted()


def drag(qtbot, view: DiagramView, start: QPoint, delta: QPoint) -> None:
    qtbot.mousePress(view, LEFT, pos=start)
    for i in range(1, 5):  # several moves, as a hand makes them
        qtbot.mouseMove(view, start + delta * i / 4)
    qtbot.mouseRelease(view, LEFT, pos=start + delta)


def assert_hits(view: DiagramView) -> None:
    """Every region that shows is found where region_center() says it is."""
    for region in view.regions:
        center = view.region_center(region)
        if QRectF(view.rect()).contains(center):
            assert view.region_at(center) == region
        else:  # none of its shape is on screen (its bounding box may be)
            image = view._mask(region).image
            assert not any(
                image.pixelColor(x, y).alpha()
                for y in range(image.height())
                for x in range(image.width())
            )


def test_starts_scaled_to_fit(view):
    assert view.zoom == 1.0
    assert not view.is_zoomed
    assert_hits(view)
    assert "Ctrl+wheel" in view.accessibleDescription()


def test_zoom_with_keys_keeps_hit_testing(qtbot, view):
    arch_before = view.region_rect("arch")
    qtbot.keyClick(view, Qt.Key.Key_Plus)
    assert view.zoom > 1
    assert view.region_rect("arch").width() == pytest.approx(arch_before.width() * view.zoom)
    assert view.region_at(view.region_center("arch")) == "arch"
    once = view.zoom
    qtbot.keyClick(view, Qt.Key.Key_Equal, CTRL)  # Ctrl+= where + needs Shift
    assert view.zoom > once
    qtbot.keyClick(view, Qt.Key.Key_Minus, CTRL)
    assert view.zoom == pytest.approx(once)
    qtbot.keyClick(view, Qt.Key.Key_Minus)
    assert view.zoom == 1.0  # back to fit exactly, not 0.9999…
    assert view.region_rect("arch") == arch_before
    assert_hits(view)


def test_ctrl_wheel_zooms_around_the_cursor(view):
    at = view.region_rect("arch").topLeft() + QPointF(5, 5)
    svg_point = view._view_transform().inverted()[0].map(at)
    assert wheel(view, at, 2)
    assert view.zoom == pytest.approx(1.25**2)
    assert view._view_transform().map(svg_point).x() == pytest.approx(at.x())
    assert view._view_transform().map(svg_point).y() == pytest.approx(at.y())
    assert view.region_at(at) == "arch"
    assert view.region_at(view.region_center("arch")) == "arch"
    assert_hits(view)
    zoom = view.zoom
    assert not wheel(view, at, 2, Qt.KeyboardModifier.NoModifier)  # left to the page to scroll
    assert view.zoom == zoom
    assert wheel(view, at, -1)
    assert view.zoom == pytest.approx(1.25)


def test_hit_testing_is_pixel_exact_when_zoomed(view):
    view.set_zoom(3.7, view.region_rect("arch").center())
    to_widget = view._view_transform()
    scale = to_widget.m11()
    # The arch is the SVG rectangle x 150–250, y 160–220: one widget pixel in or out decides.
    left = to_widget.map(QPointF(150, 190))
    top = to_widget.map(QPointF(200, 160))
    assert view.region_at(left + QPointF(1.5, 0)) == "arch"
    assert view.region_at(left - QPointF(1.5, 0)) != "arch"
    assert view.region_at(top + QPointF(0, 1.5)) == "arch"
    assert view.region_at(top - QPointF(0, 1.5)) != "arch"
    assert scale == pytest.approx(1.2 * 3.7)


def test_click_when_zoomed_taps_the_region(qtbot, view):
    view.tap_enabled = True
    qtbot.keyClick(view, Qt.Key.Key_Plus)
    qtbot.keyClick(view, Qt.Key.Key_Plus)
    point = view.region_center("arch").toPoint()
    assert view.region_at(QPointF(point)) == "arch"
    with qtbot.waitSignal(view.region_tapped, timeout=1000) as blocker:
        qtbot.mouseClick(view, LEFT, pos=point)
    assert blocker.args == ["arch"]
    assert view.focused_region == "arch"


def test_drag_pans_and_does_not_tap(qtbot, view):
    view.tap_enabled = True
    taps: list[str] = []
    view.region_tapped.connect(taps.append)
    view.set_zoom(2.0)
    before = view.region_rect("arch")
    center_before = view.region_center("arch")
    start = center_before.toPoint()
    delta = QPoint(-40, -25)  # the arch stays wholly on screen
    drag(qtbot, view, start, delta)
    assert taps == []
    after = view.region_rect("arch")
    assert after.center().x() == pytest.approx(before.center().x() + delta.x())
    assert after.center().y() == pytest.approx(before.center().y() + delta.y())
    assert view.region_center("arch") == center_before + QPointF(delta)
    assert view.zoom == 2.0
    assert_hits(view)
    # A jitter below the drag threshold is still a click, and taps where it was pressed.
    drag(qtbot, view, view.region_center("arch").toPoint(), QPoint(1, 1))
    assert taps == ["arch"]


def test_drag_stops_at_the_edge_of_the_drawing(qtbot, view):
    view.set_zoom(2.0)
    drag(qtbot, view, QPoint(200, 200), QPoint(2000, 2000))
    # The drawing's top-left corner reached the widget's and went no further.
    corner = view._view_transform().map(QPointF(0, 0))
    assert corner.x() == pytest.approx(0)
    assert corner.y() == pytest.approx(0)


def test_drag_at_fit_is_a_tap(qtbot, view):
    view.tap_enabled = True
    taps: list[str] = []
    view.region_tapped.connect(taps.append)
    before = view.region_rect("heel")
    drag(qtbot, view, view.region_center("heel").toPoint(), QPoint(30, 0))
    assert view.region_rect("heel") == before  # nothing to pan at fit
    assert taps == ["heel"]


def test_zero_resets_to_fit(qtbot, view):
    fit = view.region_rect("ball")
    qtbot.keyClick(view, Qt.Key.Key_Plus)
    qtbot.keyClick(view, Qt.Key.Key_Plus)
    view.pan_by(30, -20)
    assert view.region_rect("ball") != fit
    qtbot.keyClick(view, Qt.Key.Key_0)
    assert view.zoom == 1.0
    assert view.region_rect("ball") == fit
    view.set_zoom(3)
    view.reset_zoom()
    assert view.zoom == 1.0
    assert view.region_rect("ball") == fit
    assert_hits(view)


def test_zoom_is_clamped(qtbot, view):
    for _ in range(20):
        qtbot.keyClick(view, Qt.Key.Key_Plus)
    assert view.zoom == MAX_ZOOM == 6.0
    assert wheel(view, QPointF(100, 100), 10)
    assert view.zoom == 6.0
    assert_hits(view)
    view.set_zoom(0.2)
    assert view.zoom == 1.0
    assert not wheel(view, QPointF(100, 100), -10) or view.zoom == 1.0


def test_highlight_is_painted_at_the_zoomed_position(view):
    at = view.region_center("ankle")
    assert wheel(view, at, 4)  # zoom towards the ankle, which stays under the cursor
    assert view.zoom > 2
    plain = view.grab().toImage()
    view.highlight(["ankle"])
    tinted = view.grab().toImage()
    centre = view.region_center("ankle").toPoint()
    assert view.region_at(QPointF(centre)) == "ankle"
    before, after = plain.pixelColor(centre), tinted.pixelColor(centre)
    assert (before.red(), before.green(), before.blue()) == (204, 121, 167)  # #CC79A7
    assert after.blue() < before.blue() - 40  # turned towards orange
    assert after.green() > before.green()
    # The pixels that hit-test as the ankle are tinted and a thin solid ring is drawn around
    # them; nothing further away changes.
    changed = ringed = 0
    for y in range(0, view.height(), 2):
        for x in range(0, view.width(), 2):
            inside = view.region_at(QPointF(x + 0.5, y + 0.5)) == "ankle"
            differs = plain.pixelColor(x, y) != tinted.pixelColor(x, y)
            if not inside and differs:
                assert near_region(view, x, y, "ankle"), (x, y)
                colour = tinted.pixelColor(x, y)
                ringed += (colour.red(), colour.green(), colour.blue()) == (230, 159, 0)
            changed += differs
    assert changed > 200
    assert ringed > 20  # the ring is the legend's orange itself


def test_zoom_hint_and_description(qtbot, view):
    plain = view.grab().toImage()
    view.set_zoom(2.0)
    assert view.zoom_text() == "200%"
    assert "Zoomed to 200%" in view.accessibleDescription()
    assert ZOOM_HELP in view.accessibleDescription()
    hint = view.grab().toImage()
    corner = QPoint(view.width() - 20, view.height() - 12)
    view.reset_zoom()
    assert hint.pixelColor(corner) != view.grab().toImage().pixelColor(corner)
    assert "Zoomed" not in view.accessibleDescription()
    assert plain == view.grab().toImage()


def test_shift_arrows_pan_and_plain_arrows_move_focus(qtbot, view):
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Plus)
    qtbot.keyClick(view, Qt.Key.Key_Plus)
    before = view.region_rect("arch")
    focused = view.focused_region
    qtbot.keyClick(view, Qt.Key.Key_Right, SHIFT)
    assert view.focused_region == focused
    panned = view.region_rect("arch")
    assert panned.x() < before.x()  # shows more of the right
    assert panned.y() == pytest.approx(before.y())
    qtbot.keyClick(view, Qt.Key.Key_Up, SHIFT)
    assert view.region_rect("arch").y() > panned.y()
    qtbot.keyClick(view, Qt.Key.Key_Right)
    assert view.focused_region != focused


def test_focus_moves_pan_to_an_offscreen_region(qtbot, view):
    view.setFocus()
    ids = list(view.regions)
    assert view.focused_region == ids[0] == "heel"
    view.set_zoom(MAX_ZOOM, view.region_center("heel"))
    widget_rect = QRectF(view.rect())
    assert not view.region_rect("ball").intersects(widget_rect)
    while view.focused_region != "ball":
        qtbot.keyClick(view, Qt.Key.Key_Right)
        assert widget_rect.contains(view.region_rect(view.focused_region).center())
    assert widget_rect.intersects(view.region_rect("ball"))
    assert view.region_at(view.region_center("ball")) == "ball"


def test_masks_follow_the_view_and_resolution(view, monkeypatch):
    assert view.region_at(view.region_center("arch")) == "arch"
    fit_mask = view._mask("arch").image
    view.set_zoom(2.0)
    zoomed_mask = view._mask("arch").image
    assert zoomed_mask.width() == pytest.approx(fit_mask.width() * 2, abs=2)
    view.reset_zoom()
    monkeypatch.setattr(view, "_dpr", lambda: 2.0)  # a high-DPI screen
    crisp = view._mask("arch").image
    assert crisp.width() == pytest.approx(fit_mask.width() * 2, abs=2)
    view.set_zoom(2.5, view.region_center("ankle"))
    assert_hits(view)
    at = view.region_center("ankle")
    view.highlight(["ankle"])
    view.grab()  # paints the device-pixel masks without error
    assert view.region_at(at) == "ankle"


def test_resize_keeps_zoom_and_centre(view):
    view.set_zoom(2.0, view.region_center("arch"))
    view.resize(600, 450)
    assert view.zoom == 2.0
    assert_hits(view)
    view.reset_zoom()
    assert view.region_rect("arch").center().x() == pytest.approx(300)
