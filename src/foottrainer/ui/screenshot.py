"""``foottrainer screenshot``: render one screen offscreen to a PNG."""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path


def take_screenshot(
    *,
    lesson_id: str,
    view: str,
    out: Path,
    size: tuple[int, int],
    extra_lessons: Sequence[Path] = (),
    data_dir: Path | None = None,
    settle_seconds: float = 0.8,
) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from foottrainer.storage import Store, StoreError
    from foottrainer.ui.app import application, build_window, load_library

    app = application()
    catalog = load_library(extra_lessons)
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
        deadline = time.monotonic() + settle_seconds
        while time.monotonic() < deadline:  # let layouts settle and media load
            app.processEvents()
            time.sleep(0.02)
        image = window.grab()
        window.close()
        store.close()
        out.parent.mkdir(parents=True, exist_ok=True)
        if not image.save(str(out), "PNG"):
            print(f"foottrainer: cannot write {out}", file=sys.stderr)
            return 1
    print(out)
    return 0
