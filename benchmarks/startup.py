"""Start-up benchmark (run on demand, not in CI):

    .venv/bin/python benchmarks/startup.py [--runs 9]

Measures the wall time from launching a process to its first painted main window and exit, for
``foottrainer --exit-after-start`` and for a bare PySide6 window, interleaved, and prints the
medians and their ratio (target: ≤ 1.3).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BARE = """
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, QApplication.quit)
        return False

app = QApplication(sys.argv[:1])
window = QMainWindow()
window.resize(1200, 800)
window.installEventFilter(FirstPaint(window))
window.show()
sys.exit(app.exec())
"""


def timed(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="runs of each (at least 7)")
    args = parser.parse_args()
    runs = max(7, args.runs)
    env = {**os.environ}
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    # Measure what a user gets: byte-code cached after the first run, as Python does by default.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    with tempfile.TemporaryDirectory() as temp:
        data = Path(temp) / "data"
        app_cmd = [
            sys.executable,
            "-m",
            "foottrainer",
            "--data-dir",
            str(data),
            "--exit-after-start",
        ]
        bare_cmd = [sys.executable, "-c", BARE]
        timed(app_cmd, env)  # warm the file cache and create the database once
        timed(bare_cmd, env)
        app_times: list[float] = []
        bare_times: list[float] = []
        for _ in range(runs):
            bare_times.append(timed(bare_cmd, env))
            app_times.append(timed(app_cmd, env))
    app_median = statistics.median(app_times)
    bare_median = statistics.median(bare_times)
    ratio = app_median / bare_median
    print(f"runs each:          {runs} (interleaved), platform {env['QT_QPA_PLATFORM']}")
    print(f"bare PySide6 window: median {bare_median * 1000:7.1f} ms")
    print(f"foottrainer:         median {app_median * 1000:7.1f} ms")
    print(
        f"ratio:               {ratio:.2f}  (target ≤ 1.30: {'met' if ratio <= 1.3 else 'NOT met'})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
