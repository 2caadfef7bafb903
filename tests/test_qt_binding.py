"""Guards against a broken Qt binding: PySide6 6.12.0 drops a reference to None on every call
that returns nothing, and Python 3.11 then aborts ("none_dealloc") in a long study session."""

from __future__ import annotations

import subprocess
import sys

CODE = """
import sys
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication([])
image = QImage(8, 8, QImage.Format.Format_ARGB32)
widget = QWidget()
before = sys.getrefcount(None)
for _ in range(2000):
    image.fill(0)
    widget.update()
    widget.setToolTip("x")
print(before - sys.getrefcount(None))
"""


def test_void_calls_keep_none_alive():
    # In a subprocess: with the bug, the interpreter itself may abort.
    out = subprocess.run(
        [sys.executable, "-c", CODE],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
    )
    assert out.returncode == 0, out.stderr[-500:]
    lost = int(out.stdout.strip())
    assert lost < 100, f"{lost} references to None lost in 6000 Qt calls"
