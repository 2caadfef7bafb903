"""The main window: a stack of screens (library, lesson, quiz) and the menus. No screen logic."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QPushButton, QStackedWidget, QWidget

from foottrainer.core.catalog import Catalog
from foottrainer.core.progress import Progress
from foottrainer.storage import Profile, StoreError
from foottrainer.ui.library_view import LibraryView

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent, QPaintEvent

    from foottrainer.core.sessions import Criteria, Selection
    from foottrainer.ui.custom_session_dialog import CustomSessionDialog
    from foottrainer.ui.dashboard_view import DashboardView
    from foottrainer.ui.lesson_view import LessonView
    from foottrainer.ui.profiles_dialog import ProfilesDialog
    from foottrainer.ui.quiz_view import QuizView

#: settings.ini key: the id of the profile in use (see foottrainer.core.profiles.current_profile)
CURRENT_PROFILE_KEY = "profile/current"


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
        self.stack = QStackedWidget(self)
        self.setCentralWidget(self.stack)
        self.library = LibraryView(catalog, progress, self.stack)
        self.library.lesson_activated.connect(self.open_lesson)
        self.library.dashboard_requested.connect(self.open_dashboard)
        self.library.review_bar.review_requested.connect(self.open_review)
        self.library.review_bar.custom_requested.connect(self.open_custom_dialog)
        self.stack.addWidget(self.library)
        self.lesson_view: LessonView | None = None
        self.quiz_view: QuizView | None = None
        self.dashboard_view: DashboardView | None = None
        self.stack.currentChanged.connect(lambda _index: self._update_title())
        self._menus()
        self.profile_button = QPushButton(self)
        self.profile_button.clicked.connect(self.open_profiles)
        self.statusBar().addPermanentWidget(self.profile_button)
        self._show_profile()
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
        profiles = QAction("&Profiles…", self)
        profiles.triggered.connect(self.open_profiles)
        file_menu.addAction(profiles)
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
        dashboard = self.dashboard_action = QAction("Progress &dashboard", self)
        dashboard.triggered.connect(self.open_dashboard)
        view_menu.addAction(dashboard)
        problems = QAction("Lesson &problems…", self)
        problems.triggered.connect(self.show_problems)
        view_menu.addAction(problems)
        study_menu = self.menuBar().addMenu("&Study")
        review = self.review_action = QAction("&Review due questions", self)
        review.triggered.connect(self.open_review)
        study_menu.addAction(review)
        custom = self.custom_action = QAction("&Custom quiz…", self)
        custom.triggered.connect(self.open_custom_dialog)
        study_menu.addAction(custom)
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
        self.dashboard_action.setShortcut(QKeySequence("Ctrl+D"))
        self.review_action.setShortcut(QKeySequence("Ctrl+R"))
        self.custom_action.setShortcut(QKeySequence("Ctrl+Shift+R"))

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
        self._replace("dashboard_view", None)
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
        return view

    # -- review and custom sessions (quiz screens across lessons) ------------------------------
    def open_review(self) -> QuizView:
        """The spaced-repetition review: the unfinished one, or the questions due now."""
        from foottrainer.ui.quiz_view import QuizView

        return self._open_session(QuizView.review(self.catalog, self.progress, self.stack))

    def open_custom(
        self, selection: Selection | None, criteria: Criteria | None = None
    ) -> QuizView:
        """A custom quiz asking ``selection`` (None: resume the unfinished one)."""
        from foottrainer.ui.custom_session_dialog import custom_starter
        from foottrainer.ui.quiz_view import QuizView

        starter = custom_starter(self.progress, self.catalog, selection, criteria)
        return self._open_session(QuizView.custom(self.catalog, self.progress, starter, self.stack))

    def custom_dialog(self) -> CustomSessionDialog:
        """The Custom quiz dialog (not yet shown)."""
        from foottrainer.ui.custom_session_dialog import CustomSessionDialog

        return CustomSessionDialog(self.catalog, self.progress, self)

    def open_custom_dialog(self) -> QuizView | None:
        dialog = self.custom_dialog()
        try:
            if not dialog.exec():
                return None
            if dialog.resume_chosen:
                return self.open_custom(None)
            return self.open_custom(dialog.selection, dialog.criteria())
        finally:
            dialog.deleteLater()

    def _open_session(self, view: QuizView) -> QuizView:
        if self.lesson_view is not None:
            self.lesson_view.video.pause()
        self._replace("dashboard_view", None)
        view.back_requested.connect(self.show_library)
        view.lesson_step_requested.connect(self._back_to_lesson)
        view.finished.connect(lambda _result: self.library.refresh_status())
        self._replace("quiz_view", view)
        return view

    def open_dashboard(self) -> DashboardView:
        """The progress dashboard of the profile in use (a quiz in progress resumes later)."""
        from foottrainer.ui.dashboard_view import DashboardView  # loads QtCharts on demand

        self._replace("quiz_view", None)
        self._replace("lesson_view", None)
        view = DashboardView(self.catalog, self.progress, self.stack)
        view.back_requested.connect(self.show_library)
        view.step_requested.connect(self._open_step)
        self._replace("dashboard_view", view)
        view.back_button.setFocus()
        return view

    def _open_step(self, lesson_id: str, step_id: str) -> None:
        """From the dashboard: the lesson page at one of its steps."""
        self._replace("dashboard_view", None)
        self.library.select(lesson_id)
        view = self.open_lesson(lesson_id)
        if view is not None:
            view.select_step(step_id)

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

    # -- profiles ----------------------------------------------------------------------------
    def _update_title(self) -> None:
        screen = self.stack.currentWidget()
        name = self.progress.profile.name
        if screen is not None and screen is self.lesson_view:
            title = f"{self.lesson_view.lesson.title} — {name} — FootTrainer"
        elif screen is not None and screen is self.quiz_view:
            title = f"{self.quiz_view.window_title} — {name} — FootTrainer"
        elif screen is not None and screen is self.dashboard_view:
            title = f"Progress — {name} — FootTrainer"
        else:
            title = f"{name} — FootTrainer"
        self.setWindowTitle(title)

    def _show_profile(self) -> None:
        name = self.progress.profile.name
        self.profile_button.setText(f"Profile: {name}".replace("&", "&&"))  # "&&" shows "&"
        self.profile_button.setToolTip("Switch, create, rename or delete profiles")
        self.profile_button.setAccessibleName(f"Profile in use: {name}. Change profile")
        self._update_title()

    def _use_profile(self, profile: Profile) -> None:
        """Make ``profile`` the one in use (no view may hold the old one) and remember it."""
        self.progress = Progress(self.progress.store, profile)
        self.library.set_progress(self.progress)
        self.settings.setValue(CURRENT_PROFILE_KEY, profile.id)
        self.settings.sync()
        self._show_profile()

    def switch_profile(self, profile: Profile) -> None:
        """Continue as another student: their statuses in the library, their record from now."""
        self._replace("quiz_view", None)
        self._replace("dashboard_view", None)
        self._replace("lesson_view", None)  # leave() records the time for the previous profile
        self._use_profile(profile)
        self.show_library()
        self.statusBar().showMessage(f"Switched to {profile.name}")

    def _profile_renamed(self, profile: Profile) -> None:
        if profile.id == self.progress.profile_id:
            self.progress.profile = profile
            self._show_profile()

    def profiles_dialog(self) -> ProfilesDialog:
        """The Profiles dialog, connected to this window (not yet shown)."""
        from foottrainer.ui.profiles_dialog import ProfilesDialog

        dialog = ProfilesDialog(self.progress.store, self.progress.profile, self)
        dialog.switch_requested.connect(self.switch_profile)
        dialog.renamed.connect(self._profile_renamed)
        return dialog

    def open_profiles(self) -> None:
        dialog = self.profiles_dialog()
        dialog.exec()
        dialog.deleteLater()

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
            f"Restore {name}? This replaces the progress of every profile on this computer; "
            "the current progress file is kept aside, not deleted.",
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
        from foottrainer.core.profiles import current_profile

        # The profile in use if the backup has it, otherwise the backup's oldest.
        self._use_profile(current_profile(store, self.progress.profile_id))
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
