"""The daily backup, taken on a worker thread so a large progress file never freezes the UI."""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMainWindow

from foottrainer.storage import Store, StoreDamagedError, StoreError


class DailyBackup(QObject):
    """Runs :meth:`Store.backup_if_due` on a thread; reports back on the UI thread."""

    done = Signal(str)  # the backup's path, or "" when none was due
    failed = Signal(str, bool)  # the message, and whether the progress file is damaged

    def __init__(self, store: Store, window: QMainWindow) -> None:
        super().__init__(window)
        self.store = store
        self.window = window
        self.worker: threading.Thread | None = None
        self.failed.connect(self._report)

    def start(self) -> None:
        # Not a daemon: quitting waits for a copy in progress (it is written under a temporary
        # name and renamed, so even a killed process leaves no half-written backup).
        self.worker = threading.Thread(target=self._run, name="foottrainer-backup")
        self.worker.start()

    def _run(self) -> None:
        try:
            taken = self.store.backup_if_due()
        except StoreError as exc:
            self.failed.emit(str(exc), isinstance(exc, StoreDamagedError))
        else:
            self.done.emit("" if taken is None else str(taken))

    def _report(self, message: str, damaged: bool) -> None:
        if damaged:
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.warning(self.window, "Progress file damaged", message)
        else:
            self.window.statusBar().showMessage(message)
