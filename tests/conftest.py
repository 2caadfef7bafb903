"""Shared fixtures. Every test runs offscreen with temporary home, config and data folders,
so nothing ever touches a real user's progress or settings."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from foottrainer.core.model import Response

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
MINI = TESTS / "data" / "mini"

#: A right answer to each question of the mini lesson (tests/data/mini/lesson.yaml).
MINI_RIGHT: dict[str, Response] = {
    "q-single": "below",
    "q-multi": ["wound", "clot"],
    "q-tf": False,
    "q-order": ["hold", "circles", "arch"],
    "q-tap": "heel",
    "q-tap-seq": ["heel", "arch", "ball"],
    "q-match": {"hold": "relax", "circles": "ease"},
}


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    return home


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    return folder


@pytest.fixture
def mini_lesson():
    from foottrainer.core.lessons import load_lesson

    return load_lesson(MINI / "lesson.yaml")


@pytest.fixture
def store(data_dir: Path) -> Iterator[object]:
    from foottrainer.storage import Store

    s = Store.open(data_dir)
    yield s
    s.close()


@pytest.fixture
def progress(store):
    from foottrainer.core.progress import Progress

    return Progress(store, store.default_profile())


def open_window(qtbot, data_dir: Path, catalog, size: tuple[int, int] | None = None):
    """A shown main window over ``catalog`` with its store in ``data_dir``; returns both."""
    from foottrainer.storage import Store
    from foottrainer.ui.app import build_window

    store = Store.open(data_dir)
    window = build_window(catalog, store, data_dir)
    qtbot.addWidget(window)
    if size is not None:
        window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    return window, store


def near_region(view, x: int, y: int, region: str) -> bool:
    """Whether pixel (x, y) of a DiagramView lies within the solid ring drawn around a tinted
    region (``RING_WIDTH`` logical pixels, plus one for antialiasing)."""
    import math

    from PySide6.QtCore import QPointF

    from foottrainer.ui.diagram_view import RING_WIDTH

    reach = RING_WIDTH + 1.5
    for i in range(16):
        angle = 2 * math.pi * i / 16
        for r in (reach / 2, reach):
            point = QPointF(x + 0.5 + r * math.cos(angle), y + 0.5 + r * math.sin(angle))
            if view.region_at(point) == region:
                return True
    return False


class FakeClock:
    """A store clock for tests: returns ``now``, then moves it on by ``step`` (default: stays)."""

    def __init__(self, start: datetime, step: timedelta = timedelta(0)) -> None:
        self.start = self.now = start
        self.step = step

    def __call__(self) -> datetime:
        current = self.now
        self.now += self.step
        return current

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)

    def at_day(self, n: int, minutes: int = 0) -> None:
        """Day ``n`` after the start, ``minutes`` later in it."""
        self.now = self.start + timedelta(days=n, minutes=minutes)
