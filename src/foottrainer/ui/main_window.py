"""The main window: a stack of screens (library, lesson, quiz) and the menus. No screen logic."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QStackedWidget, QWidget

from foottrainer.core.catalog import Catalog
from foottrainer.core.progress import Progress
from foottrainer.storage import StoreError
from foottrainer.ui.library_view import LibraryView

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent, QPaintEvent

    from foottrainer.ui.lesson_view import LessonView
    from foottrainer.ui.quiz_view import QuizView


class MainWindow(QMainWindow):
    first_painted = Signal()

    def __init__(
        self,
        catalog: Catalog,
        progress: Progress,
        settings: QSettings,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.catalog = catalog
        self.progress = progress
        self.settings = settings
        self.setWindowTitle("FootTrainer")
        self.stack = QStackedWidget(self)
        self.setCentralWidget(self.stack)
        self.library = LibraryView(catalog, progress, self.stack)
        self.library.lesson_activated.connect(self.open_lesson)
        self.stack.addWidget(self.library)
        self.lesson_view: LessonView | None = None
        self.quiz_view: QuizView | None = None
        self._menus()
        self._painted = False
        problems = len({e.file for e in catalog.errors})
        if problems:
            self.statusBar().showMessage(
                f"⚠ {problems} lesson file(s) could not be loaded — View ▸ Lesson problems"
            )
        else:
            count = len(catalog.lessons)
            self.statusBar().showMessage(f"{count} lesson{'' if count == 1 else 's'}")
        geometry = settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1200, 800)

    def _menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        restore = QAction("&Restore progress from a backup…", self)
        restore.triggered.connect(self.restore_backup)
        file_menu.addAction(restore)
        file_menu.addSeparator()
        quit_action = self.quit_action = QAction("&Quit", self)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        view_menu = self.menuBar().addMenu("&View")
        library = self.library_action = QAction("&Library", self)
        library.triggered.connect(self.show_library)
        view_menu.addAction(library)
        problems = QAction("Lesson &problems…", self)
        problems.triggered.connect(self.show_problems)
        view_menu.addAction(problems)
        help_menu = self.menuBar().addMenu("&Help")
        about = QAction("&About FootTrainer", self)
        about.triggered.connect(self._about)
        help_menu.addAction(about)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            # Assigning a shortcut builds PySide6's whole Qt namespace (~70 ms): after the first
            # paint, not before it.
            QTimer.singleShot(0, self._install_shortcuts)
            self.first_painted.emit()

    def _install_shortcuts(self) -> None:
        from PySide6.QtGui import QKeySequence

        # The platform's Quit keys; some platforms (and offscreen) define none, so Ctrl+Q then.
        quit_keys = QKeySequence.keyBindings(QKeySequence.StandardKey.Quit)
        self.quit_action.setShortcuts(quit_keys or [QKeySequence("Ctrl+Q")])
        self.library_action.setShortcut(QKeySequence("Ctrl+L"))

    # -- navigation --------------------------------------------------------------------------
    def _replace(self, attr: str, widget: QWidget | None) -> None:
        old = getattr(self, attr)
        if old is not None:
            if hasattr(old, "leave"):
                old.leave()
            self.stack.removeWidget(old)
            old.deleteLater()
        setattr(self, attr, widget)
        if widget is not None:
            self.stack.addWidget(widget)
            self.stack.setCurrentWidget(widget)

    def show_library(self) -> None:
        self._replace("quiz_view", None)
        self._replace("lesson_view", None)
        self.progress.forget_last_lesson()
        self.library.refresh_status()
        self.stack.setCurrentWidget(self.library)
        self.library.tree.setFocus()

    def open_lesson(self, lesson_id: str) -> LessonView | None:
        lesson = self.catalog.get(lesson_id)
        if lesson is None:
            return None
        from foottrainer.ui.lesson_view import LessonView  # loads QtSvg/QtMultimedia on demand

        self._replace("quiz_view", None)
        view = LessonView(lesson, self.progress, self.stack)
        view.back_requested.connect(self.show_library)
        view.quiz_requested.connect(self.open_quiz)
        view.status_changed.connect(lambda _id: self.library.refresh_status())
        self._replace("lesson_view", view)
        self.setWindowTitle(f"{lesson.title} — FootTrainer")
        return view

    def open_quiz(self, lesson_id: str) -> QuizView | None:
        lesson = self.catalog.get(lesson_id)
        if lesson is None:
            return None
        from foottrainer.ui.quiz_view import QuizView

        if self.lesson_view is not None:
            self.lesson_view.video.pause()
        view = QuizView(lesson, self.progress, self.stack)
        view.back_requested.connect(lambda: self._back_to_lesson(lesson_id))
        view.step_requested.connect(lambda step: self._back_to_lesson(lesson_id, step))
        view.finished.connect(lambda _result: self.library.refresh_status())
        self._replace("quiz_view", view)
        self.setWindowTitle(f"Quiz: {lesson.title} — FootTrainer")
        return view

    def _back_to_lesson(self, lesson_id: str, step_id: str = "") -> None:
        self._replace("quiz_view", None)
        view = self.lesson_view
        if view is None or view.lesson.id != lesson_id:
            view = self.open_lesson(lesson_id)
        if view is not None:
            self.stack.setCurrentWidget(view)
            if step_id:
                view.select_step(step_id)

    def restore_session(self) -> None:
        """Reopen the lesson the student was reading when the app was closed, if any."""
        last = self.progress.last_lesson()
        if last and self.catalog.get(last) is not None:
            self.library.select(last)
            self.open_lesson(last)
        else:
            self.library.tree.setFocus()  # keyboard-first: arrows choose, Enter opens

    # -- dialogs -----------------------------------------------------------------------------
    def show_problems(self) -> None:
        from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPlainTextEdit, QVBoxLayout

        problems = [e.format() for e in self.catalog.errors + self.catalog.warnings]
        dialog = QDialog(self)
        dialog.setWindowTitle("Lesson problems")
        layout = QVBoxLayout(dialog)
        text = QPlainTextEdit(dialog)
        text.setReadOnly(True)
        text.setAccessibleName("Lesson problems")
        text.setPlainText("\n".join(problems) or "Every lesson loaded without problems.")
        text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        layout.addWidget(text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
        buttons.rejected.connect(dialog.reject)
        layout.addWidget(buttons)
        dialog.resize(900, 400)
        dialog.exec()

    def restore_backup(self) -> None:
        from PySide6.QtWidgets import QInputDialog, QMessageBox

        store = self.progress.store
        backups = store.list_backups()
        if not backups:
            QMessageBox.information(self, "Restore progress", "There are no backups yet.")
            return
        names = [b.name for b in backups]
        name, ok = QInputDialog.getItem(
            self,
            "Restore progress",
            "Replace your current progress with the backup:",
            names,
            0,
            False,
        )
        if not ok:
            return
        answer = QMessageBox.question(
            self,
            "Restore progress",
            f"Restore {name}? Your current progress file is kept aside, not deleted.",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self._replace("quiz_view", None)
        self._replace("lesson_view", None)
        try:
            store.restore_backup(backups[names.index(name)])
        except StoreError as exc:
            QMessageBox.warning(self, "Restore progress", str(exc))
            return
        self.progress.profile = store.default_profile()
        self.show_library()
        self.statusBar().showMessage(f"Progress restored from {name}")

    def _about(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.about(
            self,
            "About FootTrainer",
            "FootTrainer — foot-massage technique lessons, diagrams, videos and quizzes "
            "for massage-therapy students.",
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.lesson_view is not None:
            self.lesson_view.leave()  # records the time on the page; the widgets die with us
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.sync()
        super().closeEvent(event)
