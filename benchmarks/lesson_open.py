"""Lesson-open benchmark (run on demand, not in CI):

    .venv/bin/python benchmarks/lesson_open.py [--runs 15] [--lesson ID]

Measures, in one running app, the time from selecting a lesson to its page being painted
(``MainWindow.open_lesson`` + a synchronous repaint), for every bundled lesson or one, and prints
the first (cold: QtSvg and QtMultimedia load) and the median of the following opens, with the
ratio to repainting a bare window of the same size. Target: median ≤ 30 ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bare import bare_repaint_ms


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--lesson", default="")
    args = parser.parse_args()

    from foottrainer.core.cache import load_library
    from foottrainer.storage import Store
    from foottrainer.ui.app import application, build_window

    app = application()
    with tempfile.TemporaryDirectory() as temp:
        store = Store.open(Path(temp))
        catalog = load_library()
        window = build_window(catalog, store, Path(temp))
        window.resize(1400, 900)
        window.show()
        app.processEvents()
        ids = [args.lesson] if args.lesson else [lesson.id for lesson in catalog.lessons]
        times: list[float] = []
        for i in range(max(args.runs, len(ids)) + 1):
            lesson_id = ids[i % len(ids)]
            start = time.perf_counter()
            window.open_lesson(lesson_id)
            window.repaint()
            times.append(time.perf_counter() - start)
            window.show_library()
            app.processEvents()
        window.close()
        store.close()

    cold, warm = times[0] * 1000, statistics.median(times[1:]) * 1000
    bare_ms = bare_repaint_ms(1400, 900)
    print(
        f"lessons: {', '.join(ids) if len(ids) < 4 else f'{len(ids)} lessons'}, "
        f"opens: {len(times)}, platform {os.environ['QT_QPA_PLATFORM']}"
    )
    print(f"first open (cold):      {cold:7.1f} ms")
    print(
        f"median of later opens:  {warm:7.1f} ms   target ≤ 30 ms: "
        f"{'met' if warm <= 30 else 'NOT met'}"
    )
    print(f"bare window repaint:    {bare_ms:7.1f} ms   ratio {warm / bare_ms:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
