"""An SVG diagram whose regions can be highlighted, hovered, focused and tapped."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QHelpEvent,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
    QTransform,
)
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from foottrainer.core.model import Diagram

HIGHLIGHT = QColor(230, 159, 0)  # Okabe-Ito orange: visible to every common colour vision
TAPPED = QColor(0, 114, 178)  # Okabe-Ito blue
FOCUS = QColor(204, 121, 167)  # Okabe-Ito reddish purple


class DiagramView(QWidget):
    """Draws ``diagram`` scaled to fit. Regions (SVG element ids) can be highlighted; in tap mode
    a click or Enter on a focused region emits :attr:`region_tapped`."""

    region_tapped = Signal(str)

    def __init__(self, diagram: Diagram | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.diagram = diagram
        self.renderer = QSvgRenderer(self)
        self.problem = ""
        if diagram is None:
            self.problem = "No diagram for this lesson."
        elif not diagram.path.is_file():
            self.problem = f"Diagram not found: {diagram.path}"
        elif not self.renderer.load(str(diagram.path)):
            self.problem = f"Diagram cannot be drawn: {diagram.path}"
        self.regions: dict[str, str] = dict(diagram.regions) if diagram else {}
        self._highlighted: tuple[str, ...] = ()
        self._marked: dict[str, QColor] = {}
        self._focus_index = -1
        self._masks: dict[str, QImage] = {}
        self._mask_size = QSize()
        self.tap_enabled = False
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus if self.regions else Qt.FocusPolicy.NoFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(200, 150)
        title = diagram.title if diagram else "Diagram"
        self.setAccessibleName(f"Diagram: {title}")
        self.setAccessibleDescription(
            "Regions: " + ", ".join(self.regions.values()) if self.regions else self.problem
        )

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

    # -- geometry ----------------------------------------------------------------------------
    def sizeHint(self) -> QSize:
        if self.renderer.isValid():
            return self.renderer.defaultSize().grownBy(self.contentsMargins()) or QSize(480, 360)
        return QSize(480, 360)

    def _view_transform(self) -> QTransform:
        """SVG user coordinates → widget coordinates (aspect ratio kept, centred)."""
        box = self.renderer.viewBoxF()
        if box.isEmpty():
            return QTransform()
        scale = min(self.width() / box.width(), self.height() / box.height())
        dx = (self.width() - box.width() * scale) / 2 - box.x() * scale
        dy = (self.height() - box.height() * scale) / 2 - box.y() * scale
        return QTransform(scale, 0, 0, scale, dx, dy)

    def region_rect(self, region_id: str) -> QRectF:
        """Where a region is drawn, in widget coordinates."""
        if not self.renderer.elementExists(region_id):
            return QRectF()
        local = self.renderer.boundsOnElement(region_id)
        svg_rect = self.renderer.transformForElement(region_id).mapRect(local)
        return self._view_transform().mapRect(svg_rect)

    def _mask(self, region_id: str) -> QImage:
        if self._mask_size != self.size():
            self._masks.clear()
            self._mask_size = self.size()
        if region_id not in self._masks:
            image = QImage(self.size(), QImage.Format.Format_ARGB32_Premultiplied)
            image.fill(Qt.GlobalColor.transparent)
            rect = self.region_rect(region_id)
            if not rect.isEmpty():
                painter = QPainter(image)
                self.renderer.render(painter, region_id, rect)
                painter.end()
            self._masks[region_id] = image
        return self._masks[region_id]

    def region_at(self, point: QPointF) -> str:
        """The region drawn under ``point`` (widget coordinates), smallest first; '' if none."""
        x, y = int(point.x()), int(point.y())
        if not (0 <= x < self.width() and 0 <= y < self.height()):
            return ""
        candidates = sorted(
            (r for r in self.regions if self.region_rect(r).contains(point)),
            key=lambda r: self.region_rect(r).width() * self.region_rect(r).height(),
        )
        for region in candidates:
            if self._mask(region).pixelColor(x, y).alpha() > 0:
                return region
        return ""

    def region_center(self, region_id: str) -> QPointF:
        """A point inside the region's drawn shape (for tests and keyboard taps)."""
        rect = self.region_rect(region_id)
        center = rect.center()
        if self.region_at(center) == region_id:
            return center
        mask = self._mask(region_id)
        step = max(1, int(min(rect.width(), rect.height()) / 12))
        for yy in range(int(rect.top()), int(rect.bottom()), step):
            for xx in range(int(rect.left()), int(rect.right()), step):
                point = QPointF(xx + 0.5, yy + 0.5)
                if mask.valid(xx, yy) and self.region_at(point) == region_id:
                    return point
        return center

    # -- painting ----------------------------------------------------------------------------
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
        painter.fillRect(self.rect(), QColor(255, 255, 255))  # diagrams are drawn for paper
        box = self.renderer.viewBoxF()
        self.renderer.render(painter, self._view_transform().mapRect(box))
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
            painter.setPen(self.palette().color(self.foregroundRole()))
            painter.fillRect(QRectF(4, 4, self.width() - 8, 24), QColor(255, 255, 255, 230))
            painter.setPen(QColor(0, 0, 0))
            painter.drawText(
                QRectF(8, 4, self.width() - 16, 24),
                Qt.AlignmentFlag.AlignVCenter,
                self.regions[focused],
            )

    def _tint(self, painter: QPainter, region: str, color: QColor, opacity: float) -> None:
        tinted = QImage(self._mask(region))
        p = QPainter(tinted)
        p.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceIn)
        p.fillRect(tinted.rect(), color)
        p.end()
        painter.save()
        painter.setOpacity(opacity)
        painter.drawImage(0, 0, tinted)
        painter.restore()

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._masks.clear()
        super().resizeEvent(event)

    # -- interaction -------------------------------------------------------------------------
    def event(self, ev: object) -> bool:
        if isinstance(ev, QHelpEvent) and ev.type() == QHelpEvent.Type.ToolTip:
            region = self.region_at(QPointF(ev.pos()))
            if region:
                QToolTip.showText(ev.globalPos(), self.regions[region], self)
            else:
                QToolTip.hideText()
            return True
        return bool(super().event(ev))  # type: ignore[arg-type]

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        region = self.region_at(event.position())
        self.setCursor(
            Qt.CursorShape.PointingHandCursor
            if region and self.tap_enabled
            else Qt.CursorShape.ArrowCursor
        )
        super().mouseMoveEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self.tap_enabled and event.button() == Qt.MouseButton.LeftButton:
            region = self.region_at(event.position())
            ids = list(self.regions)
            if region:
                self._focus_index = ids.index(region)
            self.region_tapped.emit(region)  # '' means a tap outside every region
            self.update()
        super().mousePressEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        ids = list(self.regions)
        key = event.key()
        if ids and key in (Qt.Key.Key_Right, Qt.Key.Key_Down, Qt.Key.Key_Left, Qt.Key.Key_Up):
            delta = 1 if key in (Qt.Key.Key_Right, Qt.Key.Key_Down) else -1
            self._focus_index = (self._focus_index + delta) % len(ids)
            self.setAccessibleDescription(f"Focused region: {self.regions[ids[self._focus_index]]}")
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
        self.update()
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.update()
        super().focusOutEvent(event)
