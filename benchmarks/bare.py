"""The yardstick every benchmark prints its ratio against: repainting a bare Qt window."""

from __future__ import annotations

import statistics
import sys
import time


def bare_repaint_ms(width: int = 1200, height: int = 800, runs: int = 15) -> float:
    """Median milliseconds of a synchronous repaint of an empty QMainWindow of that size."""
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    bare = QMainWindow()
    bare.resize(width, height)
    bare.show()
    app.processEvents()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        bare.repaint()
        times.append(time.perf_counter() - start)
    bare.close()
    return statistics.median(times) * 1000
