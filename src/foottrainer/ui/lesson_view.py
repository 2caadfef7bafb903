"""The lesson page: text with steps and reasons, the diagram beside it, the demonstration video."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from PySide6.QtCore import QEvent, QObject, QRectF, QSize, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QDesktopServices,
    QFont,
    QGuiApplication,
    QHideEvent,
    QImageReader,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QPalette,
    QPixmap,
    QResizeEvent,
    QShowEvent,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSlider,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from foottrainer.core.model import Lesson, Step
from foottrainer.core.page import lesson_markdown
from foottrainer.core.progress import LessonStatus, Progress
from foottrainer.ui.diagram_view import DiagramView, shared_renderer
from foottrainer.ui.video_panel import VideoPanel

_T = TypeVar("_T")
_FileCache = dict[str, tuple[tuple[int, int], _T]]  # key → (modification time, size), value
_SIZES: _FileCache[QSize] = {}
_PIXMAPS: _FileCache[QPixmap] = {}


def _per_version(
    cache: _FileCache[_T], path: Path, make: Callable[[Path], _T], key: str = ""
) -> _T | None:
    """``make(path)``, once per version of the file (and ``key``) for the whole app; None if
    the file is missing."""
    try:
        stat = path.stat()
    except OSError:
        return None
    version = (stat.st_mtime_ns, stat.st_size)
    cached = cache.get(f"{path}|{key}")
    if cached is not None and cached[0] == version:
        return cached[1]
    value = make(path)
    cache[f"{path}|{key}"] = (version, value)
    return value


def _is_svg(path: Path) -> bool:
    return path.suffix.lower() == ".svg"


def image_size(path: Path) -> QSize | None:
    """An image's natural size: an SVG's from the app's parsed copy of it (see
    :func:`shared_renderer`), another image's from its header (not decoded)."""
    if _is_svg(path):
        renderer = shared_renderer(path)
        size = renderer.defaultSize() if renderer is not None else None
    else:
        size = _per_version(_SIZES, path, lambda p: QImageReader(str(p)).size())
    return size if size is not None and not size.isEmpty() else None


def _render_svg(path: Path, dpr: float) -> QPixmap:
    renderer = shared_renderer(path)
    if renderer is None:
        return QPixmap()
    size = renderer.defaultSize()
    pixmap = QPixmap(math.ceil(size.width() * dpr), math.ceil(size.height() * dpr))
    pixmap.setDevicePixelRatio(dpr)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    renderer.render(painter, QRectF(0, 0, size.width(), size.height()))
    painter.end()
    return pixmap


def illustration(path: Path, dpr: float = 1.0) -> QPixmap | None:
    """An image of a lesson text at its natural size, made once per file version and device
    pixel ratio for the whole app: making an SVG illustration takes 2-8 ms, and each new page
    would do it again. An SVG is drawn from the app's parsed copy, sharp at the screen's pixel
    ratio."""
    if _is_svg(path):
        pixmap = _per_version(_PIXMAPS, path, lambda p: _render_svg(p, dpr), key=str(dpr))
    else:
        pixmap = _per_version(_PIXMAPS, path, lambda p: QPixmap(str(p)))
    return pixmap if pixmap is not None and not pixmap.isNull() else None


_OBJECT = "\ufffc"  # the character that stands for an image in a text document


class _LessonText(QTextBrowser):
    """The lesson text. It is given each image's size before it is laid out (see
    :meth:`LessonView._fit_images`), so an image is decoded only when it is first painted, and
    then taken from :func:`illustration`."""

    def loadResource(self, type: int, name: QUrl | str, /) -> Any:
        url = QUrl(name)
        if type == QTextDocument.ResourceType.ImageResource.value and url.isLocalFile():
            pixmap = illustration(Path(url.toLocalFile()), self.devicePixelRatioF())
            if pixmap is not None:
                return pixmap
        return super().loadResource(type, name)


class LessonView(QWidget):
    back_requested = Signal()
    quiz_requested = Signal(str)  # lesson id
    status_changed = Signal(str)  # lesson id

    def __init__(self, lesson: Lesson, progress: Progress, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lesson = lesson
        self.progress = progress
        self._visit_id: str | None = None  # recorded once the page is on screen: paintEvent
        self._left = False
        self._opened = time.monotonic()
        self.setAccessibleName(f"Lesson: {lesson.title}")

        layout = QVBoxLayout(self)
        layout.addLayout(self._header())
        if lesson.problems:
            banner = QLabel(
                "⚠ Some of this lesson's media is missing: "
                + "; ".join(p.message for p in lesson.problems),
                self,
            )
            banner.setWordWrap(True)
            banner.setAccessibleName("Lesson problems")
            banner.setStyleSheet("padding: 6px; border: 1px solid #E69F00; border-radius: 4px;")
            layout.addWidget(banner)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.text = _LessonText(splitter)
        self.text.setOpenLinks(False)
        self.text.anchorClicked.connect(self._open_link)
        self.text.setAccessibleName("Lesson text")
        # Lesson texts are longer than the page: with the bar shown only when needed, the text
        # would be laid out twice on opening, once without the bar and once with it.
        self.text.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.text.document().setDefaultStyleSheet("h1 { margin-bottom: 4px; }")
        # Kerning and ligatures are cosmetic in Latin scripts, and shaping the text for them is
        # about half the work of laying it out (7 % of opening a page); scripts that need
        # shaping still get it.
        font = QFont()  # sets only this; the rest is the widget's usual font
        font.setStyleStrategy(QFont.StyleStrategy.PreferNoShaping)
        self.text.setFont(font)
        self.text.setMarkdown(lesson_markdown(lesson))
        self._link_color = QGuiApplication.palette().color(QPalette.ColorRole.Link)  # see below
        self._images = self._find_images()
        self._viewport = self.text.viewport()
        self._viewport.installEventFilter(self)

        side = QWidget(splitter)
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        self.steps = QListWidget(side)
        self.steps.setAccessibleName("Steps")
        self.steps.setUniformItemSizes(True)  # one line each: measured once, not per step
        for step in lesson.steps:
            item = QListWidgetItem(f"{step.number}. {step.title}")
            item.setData(Qt.ItemDataRole.UserRole, step.id)
            item.setToolTip(f"Why: {step.why}")
            self.steps.addItem(item)
        rows = min(len(lesson.steps), 10)
        self.steps.setFixedHeight(
            self.steps.sizeHintForRow(0) * rows + 2 * self.steps.frameWidth() + 4
        )
        self.steps.currentItemChanged.connect(self._on_step_item)

        self.diagrams = QTabWidget(side)
        self.diagrams.setAccessibleName("Diagrams")
        self.diagram_views: dict[str, DiagramView] = {}
        for diagram in lesson.diagrams:
            view = DiagramView(diagram, self.diagrams)
            self.diagram_views[diagram.id] = view
            self.diagrams.addTab(view, diagram.title)
        if not lesson.diagrams:
            self.diagrams.addTab(DiagramView(None, self.diagrams), "Diagram")

        self.video = VideoPanel(lesson.video(), self._on_watched, side)
        self.video.chapter_changed.connect(self._on_chapter)
        side_layout.addWidget(QLabel("<b>Steps</b>", side))
        side_layout.addWidget(self.steps)
        side_layout.addWidget(self.diagrams, 3)
        # Without a video the diagram gets the room; the panel just says there is none.
        side_layout.addWidget(self.video, 2 if lesson.videos else 0)
        splitter.addWidget(self.text)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 5)
        splitter.setStretchFactor(1, 4)
        layout.addWidget(splitter, 1)
        self._following_video = False
        self._restore_position()

    # -- keyboard: Space, ←/→ and L drive the video wherever focus is, except where a control
    # needs the key itself (buttons, lists, text fields, the diagram's region focus) -------------
    def showEvent(self, event: QShowEvent) -> None:
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        super().showEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        super().hideEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._viewport and isinstance(event, QResizeEvent):
            # Before the text sees the new width (this filter runs first), so that it is laid
            # out once, with the images already fitted.
            self._fit_images(event.size().width())
        elif event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            return self._video_key(event)
        return False

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self._recolor_links()
        super().changeEvent(event)

    def _recolor_links(self) -> None:
        """Qt's markdown reader gives links the palette's link colour of the moment: after a
        switch between light and dark, give them the new one (dark blue on black is not read)."""
        color = self.palette().color(QPalette.ColorRole.Link)
        if color == self._link_color:
            return
        self._link_color = color
        document = self.text.document()
        block = document.begin()
        while block.isValid():
            fragments = block.begin()
            while not fragments.atEnd():
                fragment = fragments.fragment()
                if fragment.charFormat().isAnchor():
                    cursor = QTextCursor(document)
                    cursor.setPosition(fragment.position())
                    cursor.setPosition(
                        fragment.position() + fragment.length(), QTextCursor.MoveMode.KeepAnchor
                    )
                    link = QTextCharFormat()
                    link.setForeground(color)
                    cursor.mergeCharFormat(link)
                fragments += 1
            block = block.next()

    def _video_key(self, event: QKeyEvent) -> bool:
        focus = QApplication.focusWidget()
        if (
            focus is None
            or not self.isAncestorOf(focus)
            or event.modifiers()
            not in (
                Qt.KeyboardModifier.NoModifier,
                Qt.KeyboardModifier.KeypadModifier,
            )
        ):
            return False
        key = event.key()
        keeps_space = isinstance(focus, QAbstractButton | QComboBox | QLineEdit)
        keeps_arrows = isinstance(focus, QComboBox | QLineEdit | QSlider | DiagramView)
        if key == Qt.Key.Key_Space and not keeps_space:
            self.video.toggle()
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Right) and not keeps_arrows:
            self.video.skip(-5.0 if key == Qt.Key.Key_Left else 5.0)
        elif key == Qt.Key.Key_L and not isinstance(focus, QLineEdit):
            self.video.toggle_loop()
        else:
            return False
        return True

    def _find_images(self) -> list[tuple[int, QSize]]:
        """Where the text's local images are, with their natural sizes."""
        document = self.text.document()
        found: list[tuple[int, QSize]] = []
        cursor = document.find(_OBJECT)
        while not cursor.isNull():
            url = QUrl(cursor.charFormat().toImageFormat().name())
            size = image_size(Path(url.toLocalFile())) if url.isLocalFile() else None
            if size is not None:
                found.append((cursor.selectionStart(), size))
            cursor = document.find(_OBJECT, cursor)
        return found

    def _fit_images(self, viewport_width: int) -> None:
        """Give each image its size: its natural size, scaled down to the column's width (never
        up). With a size the text needs not decode an image to lay itself out."""
        document = self.text.document()
        available = viewport_width - 2 * document.documentMargin() - 8
        if available <= 50:
            return
        for position, natural in self._images:
            width = min(float(natural.width()), available)
            height = natural.height() * width / natural.width()
            cursor = QTextCursor(document)
            cursor.setPosition(position)
            cursor.setPosition(position + 1, QTextCursor.MoveMode.KeepAnchor)
            image = cursor.charFormat().toImageFormat()
            if abs(image.width() - width) > 0.5 or abs(image.height() - height) > 0.5:
                image.setWidth(width)
                image.setHeight(height)
                cursor.setCharFormat(image)

    def _header(self) -> QHBoxLayout:
        row = QHBoxLayout()
        back = QPushButton("← Library", self)
        back.setAccessibleName("Back to the library")
        back.setToolTip("Back to the library (Alt+Left)")
        back.setShortcut(QKeySequence("Alt+Left"))
        back.clicked.connect(self.back_requested)
        title = QLabel(f"<b>{self.lesson.title}</b>", self)
        title.setAccessibleName("Lesson title")
        self.done_button = QPushButton(self)
        self.done_button.setAccessibleName("Mark this lesson as done")
        self.done_button.clicked.connect(self.mark_done)
        self._update_done()
        quiz = QPushButton("Take the &quiz", self)
        quiz.setAccessibleName("Take this lesson's quiz")
        quiz.setToolTip("Take the quiz (Alt+Q)")
        quiz.clicked.connect(lambda: self.quiz_requested.emit(self.lesson.id))
        row.addWidget(back)
        row.addWidget(title, 1)
        row.addWidget(self.done_button)
        row.addWidget(quiz)
        return row

    def _update_done(self) -> None:
        status = self.progress.statuses([self.lesson.id])[self.lesson.id]
        done = status is LessonStatus.DONE
        self.done_button.setText("✓ Done" if done else "Mark as done")
        self.done_button.setEnabled(not done)

    def mark_done(self) -> None:
        self.progress.mark_done(self.lesson.id)
        self._update_done()
        self.status_changed.emit(self.lesson.id)

    # -- steps, diagram and video ------------------------------------------------------------
    def select_step(self, step_id: str) -> None:
        """Highlight a step's regions and jump the video to its chapter."""
        for row in range(self.steps.count()):
            if self.steps.item(row).data(Qt.ItemDataRole.UserRole) == step_id:
                self.steps.setCurrentRow(row)
                return

    def _on_step_item(self, item: QListWidgetItem | None, _previous: object) -> None:
        if item is None:
            return
        step = self.lesson.step(str(item.data(Qt.ItemDataRole.UserRole)))
        if step is None:
            return
        self._show_regions(step)
        video = self.video.video
        if (
            not self._following_video
            and step.video is not None
            and video is not None
            and step.video.video_id == video.id
        ):
            chapter = next(c for c in video.chapters if c.step_id == step.id)
            self.video.loop_step(chapter)
            self.video.seek(step.video.start)

    def _show_regions(self, step: Step) -> None:
        for diagram_id, view in self.diagram_views.items():
            if diagram_id == step.diagram_id:
                self.diagrams.setCurrentWidget(view)
                view.highlight(step.regions)
            else:
                view.highlight(())

    def _on_chapter(self, step_id: str) -> None:
        if not step_id:
            return
        self._following_video = True
        try:
            self.select_step(step_id)
        finally:
            self._following_video = False

    def _on_watched(self, start: float, end: float) -> None:
        video = self.video.video
        if video is not None:
            self.progress.record_watched(self.lesson.id, video.id, start, end)

    def _open_link(self, url: QUrl) -> None:
        if url.scheme() in ("http", "https"):
            QDesktopServices.openUrl(url)

    # -- where the student was ------------------------------------------------------------------
    def _restore_position(self) -> None:
        place = self.progress.lesson_place(self.lesson.id)
        if place.scroll:
            QTimer.singleShot(0, lambda: self.text.verticalScrollBar().setValue(place.scroll))
        if place.video > 0:
            self.video.start_at(place.video)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self._visit_id is None and not self._left:
            # Recording the visit commits to the progress file twice, and so waits for the
            # disk twice: once the page is on screen, not before.
            QTimer.singleShot(0, self, self._start_visit)

    def _start_visit(self) -> None:
        if self._visit_id is None and not self._left:
            self._visit_id = self.progress.open_lesson(self.lesson.id)

    def leave(self) -> None:
        """Stop the video, remember where the student was and record the time on the page
        (idempotent)."""
        if self._left:
            return
        self._start_visit()  # left before the first paint: a visit all the same
        self._left = True
        self.video.pause()
        self.video.flush()
        self.progress.save_lesson_place(
            self.lesson.id, self.text.verticalScrollBar().value(), self.video.position
        )
        if self._visit_id is not None:
            self.progress.close_lesson(self._visit_id, time.monotonic() - self._opened)
