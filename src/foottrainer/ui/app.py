"""Start-up: the application object, the data folder, the store and the main window."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

from foottrainer import __version__
from foottrainer.core.cache import load_library
from foottrainer.core.catalog import Catalog
from foottrainer.core.errors import print_problems
from foottrainer.core.profiles import current_profile
from foottrainer.core.progress import Progress
from foottrainer.storage import Store, StoreError
from foottrainer.ui.main_window import CURRENT_PROFILE_KEY, MainWindow

APP_NAME = "FootTrainer"
ORG_NAME = "FootTrainer"


def application() -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    QApplication.setApplicationName(APP_NAME)
    QApplication.setOrganizationName(ORG_NAME)
    QApplication.setApplicationVersion(__version__)
    app = QApplication(sys.argv[:1])
    if os.environ.get("FOOTTRAINER_COLOR_SCHEME"):  # chosen (e.g. for screenshots): at once
        from foottrainer.ui.theme import follow_color_scheme

        follow_color_scheme(app)
    return app


def _follow_color_scheme_after_first_paint(app: QApplication, window: MainWindow) -> None:
    """Asking Qt for the colour scheme builds PySide6's whole ``Qt`` namespace (~40 ms), so it
    is asked right after the first paint. Where the platform gives a dark palette itself (the
    usual case) the window is dark from the start; only where it reports dark without one does
    the app's own dark palette follow a moment later."""
    if os.environ.get("FOOTTRAINER_COLOR_SCHEME"):
        return  # already applied by application()

    def follow() -> None:
        from foottrainer.ui.theme import follow_color_scheme

        follow_color_scheme(app)

    # Queued: the handlers of first_painted run inside the paint event, which must end first.
    window.first_painted.connect(lambda: QTimer.singleShot(0, follow))


def default_data_dir() -> Path:
    """The platform's per-user app data folder (e.g. ~/.local/share/FootTrainer/FootTrainer)."""
    from PySide6.QtCore import QStandardPaths

    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(location)


def settings_for(data_dir: Path) -> QSettings:
    """UI state (window geometry) lives beside the progress, so a USB-stick copy carries it."""
    return QSettings(str(data_dir / "settings.ini"), QSettings.Format.IniFormat)


def build_window(catalog: Catalog, store: Store, data_dir: Path) -> MainWindow:
    """The window on the profile chosen last time (if it still exists; else the oldest)."""
    settings = settings_for(data_dir)
    profile = current_profile(store, settings.value(CURRENT_PROFILE_KEY))
    return MainWindow(catalog, Progress(store, profile), settings)


def _quit_after_first_paint(window: MainWindow) -> None:
    """--exit-after-start: quit once the window has been painted."""

    def painted() -> None:
        report = os.environ.get("FOOTTRAINER_PAINT_REPORT")
        if report:  # benchmarks/startup.py: when the first paint happened (epoch seconds)
            Path(report).write_text(repr(time.time()), "utf-8")
        QTimer.singleShot(0, QApplication.quit)

    window.first_painted.connect(painted)


def run(
    extra_lessons: Sequence[Path] = (),
    data_dir: Path | None = None,
    exit_after_start: bool = False,
) -> int:
    app = application()
    folder = data_dir if data_dir is not None else default_data_dir()
    try:
        store = Store.open(folder)
    except StoreError as exc:
        print(f"foottrainer: {exc}", file=sys.stderr)
        if not exit_after_start:
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.critical(None, "FootTrainer cannot open your progress", str(exc))
        return 1
    catalog = load_library(extra_lessons, folder / "cache" / "catalog.json")
    print_problems(catalog.errors + catalog.warnings)
    window = build_window(catalog, store, folder)
    _follow_color_scheme_after_first_paint(app, window)
    if exit_after_start:
        _quit_after_first_paint(window)
    window.show()
    if store.recovery is not None:
        print(f"foottrainer: {store.recovery.message}", file=sys.stderr)
        if not exit_after_start:
            from PySide6.QtWidgets import QMessageBox

            QTimer.singleShot(
                0,
                lambda: QMessageBox.warning(
                    window,
                    "Progress file recovered",
                    store.recovery.message if store.recovery else "",
                ),
            )
    if not exit_after_start:
        from foottrainer.ui.backup import DailyBackup

        # After start-up and off the UI thread: never in the student's way.
        QTimer.singleShot(3000, DailyBackup(store, window).start)
        window.restore_session()
    code = app.exec()
    window.close()
    store.close()
    return code
