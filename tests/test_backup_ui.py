"""The daily backup runs on a worker thread and reports back on the UI thread."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMainWindow, QMessageBox

from foottrainer.storage import Store, db
from foottrainer.ui.backup import DailyBackup
from tests.test_storage import _damage_a_middle_page, _filled_store


def test_backup_is_taken_off_the_ui_thread(qtbot, data_dir: Path) -> None:
    _filled_store(data_dir, 20)
    window = QMainWindow()
    qtbot.addWidget(window)
    with Store.open(data_dir) as store:
        backup = DailyBackup(store, window)
        with qtbot.waitSignal(backup.done, timeout=10_000) as signal:
            backup.start()
        assert backup.worker is not None
        backup.worker.join()
    (path,) = signal.args
    assert Path(path).exists()
    assert Path(path).parent == data_dir / "backups"


def test_a_damaged_file_is_reported_and_not_backed_up(
    qtbot, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _filled_store(data_dir, 300)
    _damage_a_middle_page(data_dir / "progress.sqlite3")
    monkeypatch.setattr(db, "FULL_CHECK_MAX_BYTES", 0)  # probed only at open
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: warnings.append(text))
    window = QMainWindow()
    qtbot.addWidget(window)
    with Store.open(data_dir) as store:
        backup = DailyBackup(store, window)
        with qtbot.waitSignal(backup.failed, timeout=10_000):
            backup.start()
        qtbot.waitUntil(lambda: bool(warnings))
    assert "damaged" in warnings[0]
    assert "Restore progress from a backup" in warnings[0]
    assert not list((data_dir / "backups").glob("*.sqlite3"))
