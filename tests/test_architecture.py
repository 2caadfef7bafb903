"""The core and the storage import no Qt; the wheel carries the lessons and assets."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from .conftest import REPO


def test_core_and_storage_import_no_qt():
    code = (
        "import sys, pkgutil, importlib\n"
        "import foottrainer.core, foottrainer.storage, foottrainer.resources, foottrainer.cli\n"
        "for pkg in (foottrainer.core, foottrainer.storage):\n"
        "    for m in pkgutil.iter_modules(pkg.__path__):\n"
        "        importlib.import_module(pkg.__name__ + '.' + m.name)\n"
        "from foottrainer.core.catalog import load_catalog\n"
        "from foottrainer.resources import lessons_dir\n"
        "load_catalog([lessons_dir()])\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_no_qt_import_statement_in_core_sources():
    for folder in ("core", "storage"):
        for path in (REPO / "src" / "foottrainer" / folder).rglob("*.py"):
            text = path.read_text("utf-8")
            assert "PySide6" not in text and "foottrainer.ui" not in text, path


def test_wheel_ships_lessons_and_assets(tmp_path: Path):
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(tmp_path),
            str(REPO),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert build.returncode == 0, build.stderr[-2000:]
    (wheel,) = tmp_path.glob("foottrainer-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    lesson_files = {p.relative_to(REPO).as_posix() for p in (REPO / "lessons").rglob("*.*")}
    asset_files = {p.relative_to(REPO).as_posix() for p in (REPO / "assets").rglob("*.*")}
    assert lesson_files and asset_files
    for rel in lesson_files | asset_files:
        assert f"foottrainer/_bundled/{rel}" in names
    assert "foottrainer/core/lesson.schema.json" in names
