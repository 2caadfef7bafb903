"""``foottrainer screenshot``: render one screen offscreen to a PNG."""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QImage, QPainter, QPixmap
from PySide6.QtWidgets import QWidget


def paint_video_frame(image: QPixmap, video: QWidget, window: QWidget, frame: QImage) -> None:
    """Draw the decoded frame where the video widget is (its own grab() is always blank)."""
    target = QRect(video.mapTo(window, QPoint(0, 0)), video.size())
    scaled = frame.size().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
    painter = QPainter(image)
    painter.fillRect(target, Qt.GlobalColor.black)
    x = target.x() + (target.width() - scaled.width()) // 2
    y = target.y() + (target.height() - scaled.height()) // 2
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    painter.drawImage(QRect(QPoint(x, y), scaled), frame)
    painter.end()


def take_screenshot(
    *,
    lesson_id: str,
    view: str,
    out: Path,
    size: tuple[int, int],
    extra_lessons: Sequence[Path] = (),
    data_dir: Path | None = None,
    settle_seconds: float = 0.8,
    dark: bool = False,
) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if dark:
        from foottrainer.ui.theme import SCHEME_VARIABLE

        os.environ[SCHEME_VARIABLE] = "dark"  # read when the application is made
    from foottrainer.core.cache import load_library
    from foottrainer.core.errors import print_problems
    from foottrainer.storage import Store, StoreError
    from foottrainer.ui.app import application, build_window

    app = application()
    catalog = load_library(extra_lessons)
    print_problems(catalog.errors + catalog.warnings)
    if catalog.get(lesson_id) is None:
        known = ", ".join(lesson.id for lesson in catalog.lessons) or "(none)"
        print(f"foottrainer: no lesson with id {lesson_id!r}; known: {known}", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="foottrainer-shot-") as temp:
        folder = data_dir if data_dir is not None else Path(temp)
        try:
            store = Store.open(folder)
        except StoreError as exc:
            print(f"foottrainer: {exc}", file=sys.stderr)
            return 1
        window = build_window(catalog, store, Path(temp))  # never save geometry into real data
        window.resize(*size)
        if view == "quiz":
            window.open_quiz(lesson_id)
        elif view == "lesson":
            window.open_lesson(lesson_id)
        else:
            window.library.select(lesson_id)
        window.show()
        panel = window.lesson_view.video if window.lesson_view is not None else None
        if panel is not None and panel.player is not None:
            panel.play()  # until a first frame is decoded; then stop on it
        deadline = time.monotonic() + settle_seconds
        while time.monotonic() < deadline or (
            panel is not None
            and panel.player is not None
            and panel.frame_image() is None
            and time.monotonic() < deadline + 5
        ):  # let layouts settle and media load
            app.processEvents()
            time.sleep(0.02)
        if panel is not None:
            panel.pause()
            app.processEvents()
        image = window.grab()
        if panel is not None and (frame := panel.frame_image()) is not None:
            paint_video_frame(image, panel.video_widget, window, frame)
        window.close()
        store.close()
        out.parent.mkdir(parents=True, exist_ok=True)
        if not image.save(str(out), "PNG"):
            print(f"foottrainer: cannot write {out}", file=sys.stderr)
            return 1
    print(out)
    return 0
