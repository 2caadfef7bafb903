"""Start-up benchmark (run on demand, not in CI):

    .venv/bin/python benchmarks/startup.py [--runs 9]

Measures the time from launching a process to its main window's first paint, for
``foottrainer --exit-after-start`` and for a bare PySide6 window, interleaved, and prints the
medians and their ratio (target: ≤ 1.3). Each process writes the moment of its first paint to
the file named by FOOTTRAINER_PAINT_REPORT; the whole process lifetime (including exit) is
printed too, for reference.
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
import os, sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            with open(os.environ["FOOTTRAINER_PAINT_REPORT"], "w") as report:
                report.write(repr(time.time()))
            QTimer.singleShot(0, QApplication.quit)
        return False

app = QApplication(sys.argv[:1])
window = QMainWindow()
window.resize(1200, 800)
window.installEventFilter(FirstPaint(window))
window.show()
sys.exit(app.exec())
"""


def run_once(cmd: list[str], env: dict[str, str], report: Path) -> tuple[float, float]:
    """(seconds to first paint, seconds to exit)."""
    report.unlink(missing_ok=True)
    start = time.time()
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    end = time.time()
    return float(report.read_text()) - start, end - start


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="runs of each (at least 7)")
    args = parser.parse_args()
    runs = max(7, args.runs)
    with tempfile.TemporaryDirectory() as temp:
        report = Path(temp) / "painted"
        env = {**os.environ, "FOOTTRAINER_PAINT_REPORT": str(report)}
        env.setdefault("QT_QPA_PLATFORM", "offscreen")
        # Measure what a user gets: byte-code cached after the first run, as Python does by default.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
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
        run_once(app_cmd, env, report)  # warm caches; create the database and the lesson cache
        run_once(bare_cmd, env, report)
        app_runs: list[tuple[float, float]] = []
        bare_runs: list[tuple[float, float]] = []
        for _ in range(runs):
            bare_runs.append(run_once(bare_cmd, env, report))
            app_runs.append(run_once(app_cmd, env, report))

    def median(values: list[tuple[float, float]], i: int) -> float:
        return statistics.median(v[i] for v in values) * 1000

    ratio = median(app_runs, 0) / median(bare_runs, 0)
    print(f"runs each: {runs} (interleaved), platform {env['QT_QPA_PLATFORM']}")
    print("                      first paint   process exit   (medians)")
    print(f"bare PySide6 window  {median(bare_runs, 0):9.1f} ms   {median(bare_runs, 1):9.1f} ms")
    print(f"foottrainer          {median(app_runs, 0):9.1f} ms   {median(app_runs, 1):9.1f} ms")
    verdict = "met" if ratio <= 1.3 else "NOT met"
    print(f"ratio (first paint): {ratio:.2f}   target ≤ 1.30: {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
