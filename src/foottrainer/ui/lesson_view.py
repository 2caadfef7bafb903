"""The lesson page: text with steps and reasons, the diagram beside it, the demonstration video."""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import (
    QDesktopServices,
    QHideEvent,
    QImageReader,
    QKeyEvent,
    QKeySequence,
    QShowEvent,
    QTextCursor,
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
from foottrainer.ui.diagram_view import DiagramView
from foottrainer.ui.video_panel import VideoPanel


class LessonView(QWidget):
    back_requested = Signal()
    quiz_requested = Signal(str)  # lesson id
    status_changed = Signal(str)  # lesson id

    def __init__(self, lesson: Lesson, progress: Progress, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lesson = lesson
        self.progress = progress
        self._visit_id: str | None = progress.open_lesson(lesson.id)
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
        self.text = QTextBrowser(splitter)
        self.text.setOpenLinks(False)
        self.text.anchorClicked.connect(self._open_link)
        self.text.setAccessibleName("Lesson text")
        self.text.document().setDefaultStyleSheet("h1 { margin-bottom: 4px; }")
        self.text.setMarkdown(lesson_markdown(lesson))
        self.text.viewport().installEventFilter(self)

        side = QWidget(splitter)
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        self.steps = QListWidget(side)
        self.steps.setAccessibleName("Steps")
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
        if watched is self.text.viewport() and event.type() == QEvent.Type.Resize:
            QTimer.singleShot(0, self._fit_images)  # after the scroll bars have settled
        elif event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            return self._video_key(event)
        return False

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

    def _fit_images(self) -> None:
        """Scale images in the text down to the column's width (never up)."""
        document = self.text.document()
        available = self.text.viewport().width() - 2 * document.documentMargin() - 8
        if available <= 50:
            return
        block = document.begin()
        while block.isValid():
            fragments = block.begin()
            while not fragments.atEnd():
                fragment = fragments.fragment()
                fmt = fragment.charFormat()
                if fmt.isImageFormat():
                    image = fmt.toImageFormat()
                    natural = QImageReader(QUrl(image.name()).toLocalFile()).size().width()
                    width = min(float(natural), available) if natural > 0 else available
                    if abs(image.width() - width) > 1:
                        image.setWidth(width)
                        cursor = QTextCursor(document)
                        cursor.setPosition(fragment.position())
                        cursor.setPosition(
                            fragment.position() + fragment.length(),
                            QTextCursor.MoveMode.KeepAnchor,
                        )
                        cursor.setCharFormat(image)
                fragments += 1
            block = block.next()

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

    def leave(self) -> None:
        """Stop the video, remember where the student was and record the time on the page
        (idempotent)."""
        self.video.pause()
        self.video.flush()
        if self._visit_id is not None:
            self.progress.save_lesson_place(
                self.lesson.id, self.text.verticalScrollBar().value(), self.video.position
            )
        if self._visit_id is not None:
            self.progress.close_lesson(self._visit_id, time.monotonic() - self._opened)
            self._visit_id = None
