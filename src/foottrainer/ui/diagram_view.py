"""An SVG diagram whose regions can be highlighted, hovered, focused and tapped, and which can be
zoomed (1× to 6×) and panned."""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QHelpEvent,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QNativeGestureEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QPixmap,
    QResizeEvent,
    QTransform,
    QWheelEvent,
)
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication, QSizePolicy, QToolTip, QWidget

from foottrainer.core.model import Diagram

HIGHLIGHT = QColor(230, 159, 0)  # Okabe-Ito orange: visible to every common colour vision
TAPPED = QColor(0, 114, 178)  # Okabe-Ito blue
FOCUS = QColor(204, 121, 167)  # Okabe-Ito reddish purple

MIN_ZOOM = 1.0  # scaled to fit
MAX_ZOOM = 6.0
ZOOM_STEP = 1.25  # one key press or one wheel notch
ZOOM_HELP = (
    "Zoom: Ctrl+wheel, or + and − keys; 0 fits the diagram. "
    "When zoomed, drag or Shift+arrow keys pan."
)
_LABEL_STRIP = 28  # the focused region's name is written across the top


RING_WIDTH = 2.5  # logical pixels of solid colour around a tinted region


def _ring(tinted: QImage, mask: QImage, pad: int) -> QImage:
    """The solid outline just outside a region: the tinted shape spread by ``pad`` device
    pixels in every direction, minus the shape itself (so the drawing inside stays visible)."""
    ring = QImage(
        tinted.width() + 2 * pad,
        tinted.height() + 2 * pad,
        QImage.Format.Format_ARGB32_Premultiplied,
    )
    ring.fill(0)
    p = QPainter(ring)
    steps = 16
    for i in range(steps):
        angle = 2 * math.pi * i / steps
        p.drawImage(QPointF(pad + pad * math.cos(angle), pad + pad * math.sin(angle)), tinted)
    p.setCompositionMode(QPainter.CompositionMode.CompositionMode_DestinationOut)
    p.drawImage(QPoint(pad, pad), mask)
    p.end()
    return ring


@dataclass(frozen=True)
class _Mask:
    """A region's drawn shape, clipped to the widget, in device pixels from ``origin``."""

    image: QImage
    origin: QPoint  # device pixels

    def hit(self, x: int, y: int) -> bool:
        return bool(self.image.valid(x - self.origin.x(), y - self.origin.y())) and (
            self.image.pixelColor(x - self.origin.x(), y - self.origin.y()).alpha() > 0
        )


_FileKey = tuple[str, int, int]  # path, modification time (ns), size: one version of a file
_RENDERERS: dict[_FileKey, QSvgRenderer] = {}
_RENDERER_KEYS: dict[int, _FileKey] = {}  # id(renderer) → the file version it was parsed from


def shared_renderer(path: Path) -> QSvgRenderer | None:
    """One parsed SVG per file (and version) for the whole app: the same diagrams appear in many
    lessons and quizzes, and parsing them again would slow every page down."""
    try:
        stat = path.stat()
    except OSError:
        return None
    key = (str(path), stat.st_mtime_ns, stat.st_size)
    renderer = _RENDERERS.get(key)
    if renderer is None:
        renderer = QSvgRenderer()
        if not renderer.load(str(path)):
            return None
        _RENDERERS[key] = renderer
        _RENDERER_KEYS[id(renderer)] = key  # renderers live as long as the app: ids stay unique
    return renderer


#: Whole drawings as shown scaled to fit (not zoomed), per file version, scale and device pixel
#: ratio, shared by every view: rendering an SVG takes 4-10 ms, the largest part of opening a
#: lesson or a quiz page, and the same diagram at the same scale comes back all the time
#: (reopening a lesson, a quiz on the same foot, lessons that share a diagram in a pane of the
#: same height). Highlights and marks are painted over the drawing, so they are not part of it.
#: Least recently used first; at most ``_FITTED_MAX`` drawings (0.5-2.5 MB each).
_FITTED: OrderedDict[tuple[_FileKey, float, float], QPixmap] = OrderedDict()
_FITTED_MAX = 16


_BOUNDS: dict[tuple[_FileKey, str], QRectF | None] = {}


def _svg_bounds(renderer: QSvgRenderer, element: str) -> QRectF | None:
    """An element's bounds in SVG user coordinates (None if there is no such element), once per
    file version for the whole app."""
    file_key = _RENDERER_KEYS.get(id(renderer))
    key = (file_key, element) if file_key is not None else None
    if key is not None and key in _BOUNDS:
        return _BOUNDS[key]
    rect = None
    if renderer.elementExists(element):
        local = renderer.boundsOnElement(element)
        rect = renderer.transformForElement(element).mapRect(local)
    if key is not None:
        _BOUNDS[key] = rect
    return rect


class DiagramView(QWidget):
    """Draws ``diagram`` scaled to fit, optionally zoomed and panned. Regions (SVG element ids)
    can be highlighted; in tap mode a click or Enter on a focused region emits
    :attr:`region_tapped`.

    Every geometry method (:meth:`region_rect`, :meth:`region_at`, :meth:`region_center`) works
    in widget coordinates of the current zoom and pan."""

    region_tapped = Signal(str)
    zoom_changed = Signal(float)

    def __init__(self, diagram: Diagram | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.diagram = diagram
        self.problem = ""
        if diagram is None:
            self.problem = "No diagram for this lesson."
        elif not diagram.path.is_file():
            self.problem = f"Diagram not found: {diagram.path}"
        loaded = shared_renderer(diagram.path) if diagram and not self.problem else None
        if diagram is not None and not self.problem and loaded is None:
            self.problem = f"Diagram cannot be drawn: {diagram.path}"
        self.renderer = loaded if loaded is not None else QSvgRenderer(self)
        self.regions: dict[str, str] = dict(diagram.regions) if diagram else {}
        self._highlighted: tuple[str, ...] = ()
        self._marked: dict[str, QColor] = {}
        self._focus_index = -1
        # Region bounds in SVG user coordinates never change; the widget ones follow the view.
        self._svg_rects: dict[str, QRectF] = {}
        if not self.problem:
            for region in self.regions:
                rect = _svg_bounds(self.renderer, region)
                if rect is not None:
                    self._svg_rects[region] = rect
        # View state: the zoom factor over "fit" and the SVG point shown at the widget's centre.
        self._zoom = MIN_ZOOM
        self._center = self.renderer.viewBoxF().center()
        # Caches that depend on the view (size, device pixel ratio, zoom and pan).
        self._cache_key: tuple[float, ...] = ()
        self._masks: dict[str, _Mask] = {}
        self._tints: dict[tuple[str, int], QImage] = {}
        self._base: tuple[QPixmap, QPointF] | None = None  # the drawing and where it goes
        # A left-button press becomes a tap on release, or a pan once it moves far enough.
        self._press_pos: QPointF | None = None
        self._press_center = QPointF()
        self._dragging = False
        self.tap_enabled = False
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus if self.regions else Qt.FocusPolicy.NoFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(200, 150)
        title = diagram.title if diagram else "Diagram"
        self.setAccessibleName(f"Diagram: {title}")
        self._describe()

    # -- state -------------------------------------------------------------------------------
    @property
    def highlighted(self) -> tuple[str, ...]:
        return self._highlighted

    def highlight(self, region_ids: Iterable[str]) -> None:
        self._highlighted = tuple(r for r in region_ids if r in self.regions)
        self.update()

    def mark(self, region_id: str, color: QColor | None = None) -> None:
        """Mark a region (e.g. tapped) in ``color``; ``None`` clears the mark."""
        if color is None:
            self._marked.pop(region_id, None)
        else:
            self._marked[region_id] = color
        self.update()

    def clear_marks(self) -> None:
        self._marked.clear()
        self.update()

    @property
    def focused_region(self) -> str:
        ids = list(self.regions)
        return ids[self._focus_index] if 0 <= self._focus_index < len(ids) else ""

    def _describe(self) -> None:
        """The accessible description: the focused region (or all of them), zoom and help."""
        if self.problem:
            self.setAccessibleDescription(self.problem)
            return
        focused = self.focused_region
        if focused:
            parts = [f"Focused region: {self.regions[focused]}."]
        elif self.regions:
            parts = ["Regions: " + ", ".join(self.regions.values()) + "."]
        else:
            parts = []
        if self.is_zoomed:
            parts.append(f"Zoomed to {self.zoom_text()}.")
        parts.append(ZOOM_HELP)
        self.setAccessibleDescription(" ".join(parts))

    # -- zoom and pan ------------------------------------------------------------------------
    @property
    def zoom(self) -> float:
        """The magnification over "scaled to fit": 1.0 to :data:`MAX_ZOOM`."""
        return self._zoom

    @property
    def is_zoomed(self) -> bool:
        return self._zoom > MIN_ZOOM

    def zoom_text(self) -> str:
        return f"{round(self._zoom * 100)}%"

    def set_zoom(self, zoom: float, anchor: QPointF | None = None) -> None:
        """Zoom to ``zoom`` (clamped to 1×–6×), keeping the diagram point under ``anchor``
        (widget coordinates; the centre by default) where it is."""
        if self.problem:
            return
        zoom = min(MAX_ZOOM, max(MIN_ZOOM, zoom))
        if abs(zoom - MIN_ZOOM) < 1e-3:
            zoom = MIN_ZOOM  # zooming in and out again comes back to fit exactly
        if zoom == self._zoom:
            return
        widget_center = QPointF(self.width() / 2, self.height() / 2)
        anchor = widget_center if anchor is None else anchor
        old_scale = self._scale()
        self._zoom = zoom
        new_scale = self._scale()
        if old_scale > 0 and new_scale > 0:
            offset = anchor - widget_center
            under_anchor = self._center + offset / old_scale
            self._center = under_anchor - offset / new_scale
        self._view_changed()
        self.zoom_changed.emit(self._zoom)

    def zoom_by(self, factor: float, anchor: QPointF | None = None) -> None:
        self.set_zoom(self._zoom * factor, anchor)

    def zoom_in(self) -> None:
        self.zoom_by(ZOOM_STEP, self._keyboard_anchor())

    def zoom_out(self) -> None:
        self.zoom_by(1 / ZOOM_STEP, self._keyboard_anchor())

    def reset_zoom(self) -> None:
        """Back to the whole diagram scaled to fit."""
        self.set_zoom(MIN_ZOOM)

    def pan_by(self, dx: float, dy: float) -> None:
        """Move the drawing by (dx, dy) widget pixels, as far as the zoomed diagram reaches."""
        scale = self._scale()
        if scale <= 0:
            return
        self._center -= QPointF(dx, dy) / scale
        self._view_changed()

    def _keyboard_anchor(self) -> QPointF | None:
        """Keyboard zoom keeps the focused region in place if it is on screen."""
        focused = self.focused_region
        if focused and self.hasFocus():
            rect = self.region_rect(focused)
            if rect.intersects(QRectF(self.rect())):
                return rect.center()
        return None

    def _view_changed(self) -> None:
        self._clamp_center()
        self._describe()
        self.update()

    def _clamp_center(self) -> None:
        """Keep the zoomed drawing covering the widget (centred along a side it does not fill)."""
        box = self.renderer.viewBoxF()
        scale = self._scale()
        if box.isEmpty() or scale <= 0:
            return
        half_w, half_h = self.width() / (2 * scale), self.height() / (2 * scale)
        x, y = self._center.x(), self._center.y()
        if box.width() <= 2 * half_w:
            x = box.center().x()
        else:
            x = min(max(x, box.left() + half_w), box.right() - half_w)
        if box.height() <= 2 * half_h:
            y = box.center().y()
        else:
            y = min(max(y, box.top() + half_h), box.bottom() - half_h)
        self._center = QPointF(x, y)

    def reveal(self, region_id: str) -> None:
        """Pan (if zoomed) so that the region is on screen."""
        rect = self.region_rect(region_id)
        if rect.isEmpty() or not self.is_zoomed:
            return
        view = QRectF(self.rect()).adjusted(8, _LABEL_STRIP + 4, -8, -8)
        dx = dy = 0.0
        if rect.width() > view.width():
            dx = view.center().x() - rect.center().x()
        elif rect.left() < view.left():
            dx = view.left() - rect.left()
        elif rect.right() > view.right():
            dx = view.right() - rect.right()
        if rect.height() > view.height():
            dy = view.center().y() - rect.center().y()
        elif rect.top() < view.top():
            dy = view.top() - rect.top()
        elif rect.bottom() > view.bottom():
            dy = view.bottom() - rect.bottom()
        if dx or dy:
            self.pan_by(dx, dy)

    # -- geometry ----------------------------------------------------------------------------
    def sizeHint(self) -> QSize:
        if self.renderer.isValid():
            return self.renderer.defaultSize().grownBy(self.contentsMargins()) or QSize(480, 360)
        return QSize(480, 360)

    def _scale(self) -> float:
        """Widget pixels per SVG unit at the current zoom."""
        box = self.renderer.viewBoxF()
        if box.isEmpty():
            return 0.0
        return min(self.width() / box.width(), self.height() / box.height()) * self._zoom

    def _view_transform(self) -> QTransform:
        """SVG user coordinates → widget coordinates (aspect ratio kept, zoomed and panned;
        centred when not zoomed)."""
        scale = self._scale()
        if scale <= 0:
            return QTransform()
        dx = self.width() / 2 - scale * self._center.x()
        dy = self.height() / 2 - scale * self._center.y()
        if not self.is_zoomed:
            # At fit the drawing is moved (by under a pixel) onto whole device pixels, so that
            # one rendering of it serves every view of it at this scale (see _FITTED).
            dpr = self._dpr()
            dx, dy = math.floor(dx * dpr) / dpr, math.floor(dy * dpr) / dpr
        return QTransform(scale, 0, 0, scale, dx, dy)

    def region_rect(self, region_id: str) -> QRectF:
        """Where a region is drawn, in widget coordinates (possibly beyond the widget)."""
        svg_rect = self._svg_rects.get(region_id)
        if svg_rect is None:
            return QRectF()
        return self._view_transform().mapRect(svg_rect)

    def _dpr(self) -> float:
        return float(self.devicePixelRatioF()) or 1.0

    def _check_cache(self) -> None:
        """Forget the masks, tints and rendered drawing when the view has changed."""
        key = (
            float(self.width()),
            float(self.height()),
            self._dpr(),
            self._zoom,
            self._center.x(),
            self._center.y(),
        )
        if key != self._cache_key:
            self._cache_key = key
            self._masks.clear()
            self._tints.clear()
            self._base = None

    def _device_rect(self) -> QRect:
        dpr = self._dpr()
        return QRect(0, 0, math.ceil(self.width() * dpr), math.ceil(self.height() * dpr))

    def _mask(self, region_id: str) -> _Mask:
        """The region's shape at device-pixel resolution, drawn exactly as it is painted."""
        self._check_cache()
        mask = self._masks.get(region_id)
        if mask is None:
            dpr = self._dpr()
            rect = self.region_rect(region_id)
            device = QRectF(rect.topLeft() * dpr, rect.size() * dpr).toAlignedRect()
            device = device.intersected(self._device_rect())
            if rect.isEmpty() or device.isEmpty():
                image = QImage(1, 1, QImage.Format.Format_ARGB32_Premultiplied)
                image.fill(Qt.GlobalColor.transparent)
                mask = _Mask(image, QPoint(-1, -1))
            else:
                image = QImage(device.size(), QImage.Format.Format_ARGB32_Premultiplied)
                image.fill(Qt.GlobalColor.transparent)
                painter = QPainter(image)
                painter.translate(-device.x(), -device.y())
                painter.scale(dpr, dpr)
                self.renderer.render(painter, region_id, rect)
                painter.end()
                mask = _Mask(image, device.topLeft())
            self._masks[region_id] = mask
        return mask

    def region_at(self, point: QPointF) -> str:
        """The region drawn under ``point`` (widget coordinates), smallest first; '' if none."""
        if not (0 <= point.x() < self.width() and 0 <= point.y() < self.height()):
            return ""
        dpr = self._dpr()
        x, y = math.floor(point.x() * dpr), math.floor(point.y() * dpr)
        rects = {r: self.region_rect(r) for r in self.regions}
        candidates = sorted(
            (r for r, rect in rects.items() if rect.contains(point)),
            key=lambda r: rects[r].width() * rects[r].height(),
        )
        for region in candidates:
            if self._mask(region).hit(x, y):
                return region
        return ""

    def region_center(self, region_id: str) -> QPointF:
        """A point inside the region's drawn shape, on screen if any of it is (for tests and
        keyboard taps)."""
        rect = self.region_rect(region_id)
        visible = rect.intersected(QRectF(self.rect()))
        if visible.isEmpty():
            return rect.center()
        center = visible.center()
        if self.region_at(center) == region_id:
            return center
        step = max(1, int(min(visible.width(), visible.height()) / 12))
        for yy in range(int(visible.top()), math.ceil(visible.bottom()), step):
            for xx in range(int(visible.left()), math.ceil(visible.right()), step):
                point = QPointF(xx + 0.5, yy + 0.5)
                if self.region_at(point) == region_id:
                    return point
        return rect.center()

    # -- painting ----------------------------------------------------------------------------
    def _base_pixmap(self) -> tuple[QPixmap, QPointF]:
        """The drawing at the current view and where to draw it, rendered once per view change
        (and, scaled to fit, once per file version and scale for the whole app)."""
        self._check_cache()
        if self._base is None:
            self._base = self._fitted() if not self.is_zoomed else None
        if self._base is None:  # zoomed (or an unshared renderer): the part in the widget
            pixmap = self._render(self._device_rect().size(), QTransform())
            self._base = (pixmap, QPointF(0, 0))
        return self._base

    def _fitted(self) -> tuple[QPixmap, QPointF] | None:
        """The whole drawing scaled to fit, from ``_FITTED``, and its top-left corner."""
        file_key = _RENDERER_KEYS.get(id(self.renderer))
        if file_key is None:
            return None
        dpr = self._dpr()
        target = self._view_transform().mapRect(self.renderer.viewBoxF())
        # The translation is on whole device pixels at fit: the corner's fraction of a pixel,
        # and so the rendering, depend only on the scale.
        corner = QPointF(
            math.floor(target.left() * dpr) / dpr, math.floor(target.top() * dpr) / dpr
        )
        key = (file_key, self._scale(), dpr)
        pixmap = _FITTED.get(key)
        if pixmap is None:
            inside = target.translated(-corner)
            size = QSize(math.ceil(inside.right() * dpr), math.ceil(inside.bottom() * dpr))
            pixmap = self._render(size, QTransform.fromTranslate(-corner.x(), -corner.y()))
            _FITTED[key] = pixmap
            while len(_FITTED) > _FITTED_MAX:
                _FITTED.popitem(last=False)
        _FITTED.move_to_end(key)
        return pixmap, corner

    def _render(self, device_size: QSize, shift: QTransform) -> QPixmap:
        """A white pixmap of ``device_size`` with the drawing at the view transform + shift."""
        dpr = self._dpr()
        pixmap = QPixmap(device_size)
        pixmap.setDevicePixelRatio(dpr)
        pixmap.fill(QColor(255, 255, 255))  # diagrams are drawn for paper
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        box = self.renderer.viewBoxF()
        self.renderer.render(painter, (self._view_transform() * shift).mapRect(box))
        painter.end()
        return pixmap

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if self.problem:
            painter.setPen(self.palette().color(self.foregroundRole()))
            painter.drawText(
                self.rect().adjusted(12, 12, -12, -12),
                Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                self.problem,
            )
            return
        pixmap, corner = self._base_pixmap()
        if not self.is_zoomed:  # the drawing alone: the white card around it
            painter.fillRect(self.rect(), QColor(255, 255, 255))
        painter.drawPixmap(corner, pixmap)
        for region in self._highlighted:
            self._tint(painter, region, HIGHLIGHT, 0.55)
        for region, color in self._marked.items():
            self._tint(painter, region, color, 0.6)
        focused = self.focused_region
        if focused and self.hasFocus():
            pen = QPen(FOCUS, 3, Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(self.region_rect(focused).adjusted(-3, -3, 3, 3))
            label = self.regions[focused]
            # Only as wide as the name, so that little of a zoomed drawing is covered.
            width = min(self.width() - 8, painter.fontMetrics().horizontalAdvance(label) + 10)
            painter.fillRect(QRectF(4, 4, width, 24), QColor(255, 255, 255, 230))
            painter.setPen(QColor(0, 0, 0))
            painter.drawText(QRectF(8, 4, width - 6, 24), Qt.AlignmentFlag.AlignVCenter, label)
        if self.is_zoomed:
            self._paint_zoom_hint(painter)

    def _paint_zoom_hint(self, painter: QPainter) -> None:
        """A small "200% — 0 to fit" in the bottom right corner."""
        font = painter.font()
        if font.pointSizeF() > 0:
            font.setPointSizeF(font.pointSizeF() * 0.85)
        painter.setFont(font)
        text = f"{self.zoom_text()} — 0 to fit"
        size = painter.fontMetrics().size(Qt.TextFlag.TextSingleLine, text)
        box = QRectF(0, 0, size.width() + 10, size.height() + 4)
        box.moveBottomRight(QPointF(self.width() - 4, self.height() - 4))
        painter.setPen(QPen(QColor(0, 0, 0, 60), 1))
        painter.setBrush(QColor(255, 255, 255, 200))
        painter.drawRoundedRect(box, 4, 4)
        painter.setPen(QColor(60, 60, 60))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)

    def _tint(self, painter: QPainter, region: str, color: QColor, opacity: float) -> None:
        """Tint a region and ring it in the solid colour, so the colour named in a legend
        ("orange: the right region") reads as that colour even over a coloured drawing."""
        mask = self._mask(region)
        if mask.origin.x() < 0:
            return  # nothing of it on screen
        key = (region, color.rgba())
        tinted = self._tints.get(key)
        if tinted is None:
            tinted = QImage(mask.image)
            p = QPainter(tinted)
            p.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceIn)
            p.fillRect(tinted.rect(), color)
            p.end()
            self._tints[key] = tinted
        dpr = self._dpr()
        ring_key = (region, ~color.rgba())
        ring = self._tints.get(ring_key)
        pad = max(2, round(RING_WIDTH * dpr))
        if ring is None:
            ring = _ring(tinted, mask.image, pad)
            self._tints[ring_key] = ring
        target = QRectF(
            mask.origin.x() / dpr,
            mask.origin.y() / dpr,
            tinted.width() / dpr,
            tinted.height() / dpr,
        )
        painter.save()
        painter.setOpacity(opacity)
        painter.drawImage(target, tinted)  # device pixel for device pixel: crisp
        painter.setOpacity(1.0)
        painter.drawImage(target.adjusted(-pad / dpr, -pad / dpr, pad / dpr, pad / dpr), ring)
        painter.restore()

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._clamp_center()  # the zoom and the centre point stay; the caches follow the size
        super().resizeEvent(event)

    # -- interaction -------------------------------------------------------------------------
    def event(self, ev: object) -> bool:
        if isinstance(ev, QHelpEvent) and ev.type() == QHelpEvent.Type.ToolTip:
            region = self.region_at(QPointF(ev.pos()))
            if region:
                QToolTip.showText(ev.globalPos(), self.regions[region], self)
            elif not self.problem:
                QToolTip.showText(ev.globalPos(), ZOOM_HELP, self)
            else:
                QToolTip.hideText()
            return True
        if (
            isinstance(ev, QNativeGestureEvent)
            and ev.gestureType() == Qt.NativeGestureType.ZoomNativeGesture
        ):  # trackpad pinch
            self.zoom_by(1 + ev.value(), ev.position())
            return True
        return bool(super().event(ev))  # type: ignore[arg-type]

    def wheelEvent(self, event: QWheelEvent) -> None:
        if not event.modifiers() & Qt.KeyboardModifier.ControlModifier or self.problem:
            event.ignore()  # a plain wheel scrolls the page around the diagram
            return
        delta = event.angleDelta().y() or event.angleDelta().x()
        if delta:
            self.zoom_by(ZOOM_STEP ** (delta / 120), event.position())
        event.accept()

    def _update_cursor(self, position: QPointF) -> None:
        if self._dragging:
            shape = Qt.CursorShape.ClosedHandCursor
        elif self.tap_enabled and self.region_at(position):
            shape = Qt.CursorShape.PointingHandCursor
        elif self.is_zoomed:
            shape = Qt.CursorShape.OpenHandCursor
        else:
            shape = Qt.CursorShape.ArrowCursor
        self.setCursor(shape)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._press_pos is not None and event.buttons() & Qt.MouseButton.LeftButton:
            moved = event.position() - self._press_pos
            if (
                not self._dragging
                and self.is_zoomed
                and moved.manhattanLength() >= QApplication.startDragDistance()
            ):
                self._dragging = True
                self._update_cursor(event.position())
            if self._dragging:
                scale = self._scale()
                if scale > 0:
                    self._center = self._press_center - moved / scale
                    self._view_changed()
                event.accept()
                return
        self._update_cursor(event.position())
        super().mouseMoveEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and not self.problem:
            self._press_pos = event.position()
            self._press_center = QPointF(self._center)
            self._dragging = False
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self._press_pos is not None:
            pressed, dragged = self._press_pos, self._dragging
            self._press_pos = None
            self._dragging = False
            if not dragged:
                self._click(pressed)
            self._update_cursor(event.position())
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def _click(self, point: QPointF) -> None:
        """A click without a drag focuses the region under it and, in tap mode, taps it."""
        region = self.region_at(point)
        if region:
            self._focus_index = list(self.regions).index(region)
            self._describe()
        if self.tap_enabled:
            self.region_tapped.emit(region)  # '' means a tap outside every region
        self.update()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        ids = list(self.regions)
        key = event.key()
        shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        arrows = (Qt.Key.Key_Right, Qt.Key.Key_Down, Qt.Key.Key_Left, Qt.Key.Key_Up)
        if not self.problem:
            if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):  # + and Ctrl+=
                self.zoom_in()
                return
            if key in (Qt.Key.Key_Minus, Qt.Key.Key_Underscore):
                self.zoom_out()
                return
            if key == Qt.Key.Key_0:
                self.reset_zoom()
                return
            if shift and key in arrows:  # pan when zoomed, as scrolling: Left shows the left
                step_x, step_y = max(24.0, self.width() / 8), max(24.0, self.height() / 8)
                if key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
                    self.pan_by(step_x if key == Qt.Key.Key_Left else -step_x, 0)
                else:
                    self.pan_by(0, step_y if key == Qt.Key.Key_Up else -step_y)
                return
        if ids and key in arrows:
            delta = 1 if key in (Qt.Key.Key_Right, Qt.Key.Key_Down) else -1
            self._focus_index = (self._focus_index + delta) % len(ids)
            self.reveal(ids[self._focus_index])
            self._describe()
            self.update()
            return
        if self.tap_enabled and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            if self.focused_region:
                self.region_tapped.emit(self.focused_region)
            return
        super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        if self._focus_index < 0 and self.regions:
            self._focus_index = 0
            self._describe()
        self.update()
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.update()
        super().focusOutEvent(event)
