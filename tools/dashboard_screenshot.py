"""Render the progress dashboard over a realistic few weeks of study, for review and the docs.

Usage::

    .venv/bin/python tools/dashboard_screenshot.py [--out docs/screenshots/dashboard.png]
        [--size 1200x900] [--dark] [--days 35] [--empty]

The history is simulated (seeded, so every run draws the same picture): a student who studies
on most days, works through the lessons in order, gets better with time, watches parts of the
videos and finishes each quiz. The window is grabbed offscreen.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from PySide6.QtGui import QColor, QPalette  # noqa: E402

from foottrainer.core.cache import load_library  # noqa: E402
from foottrainer.core.catalog import Catalog  # noqa: E402
from foottrainer.core.model import Lesson  # noqa: E402
from foottrainer.storage import Profile, Store  # noqa: E402
from foottrainer.ui.app import application, build_window  # noqa: E402

#: The simulated study ends today, local time (the window shows "today" by the real clock).
TODAY = date.today()
END = datetime.combine(TODAY, time(20, 0)).astimezone(UTC)


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def tick(self, seconds: float = 40) -> None:
        self.now += timedelta(seconds=seconds)


def take_quiz(  # noqa: PLR0917
    store: Store, clock: Clock, profile: str, lesson: Lesson, skill: float, rng: random.Random
) -> float:
    """Answer every question of ``lesson`` (right with probability ``skill``; safety questions
    a little more often, a few "why" questions harder) and finish; returns the score 0..1."""
    attempt = store.start_attempt(profile, lesson.id)
    total = 0.0
    for question in lesson.quiz.questions:
        chance = skill + (0.08 if question.is_safety else 0.0)
        if "why" in question.tags and sum(map(ord, question.id)) % 5 == 0:
            chance -= 0.35  # a few reasons are hard to remember
        right = rng.random() < chance
        score = 1.0 if right else rng.choice([0.0, 0.0, 0.5])
        store.record_answer(attempt, question.id, "x", score, right, rng.randint(4000, 25000))
        total += score
        clock.tick(rng.uniform(10, 40))
    store.finish_attempt(
        attempt,
        max_score=len(lesson.quiz.questions),
        safety_questions=[q.id for q in lesson.quiz.questions if q.is_safety],
    )
    return total / max(1, len(lesson.quiz.questions))


def seed(store: Store, clock: Clock, catalog: Catalog, days: int, name: str = "Maya") -> Profile:
    """``days`` days of study ending at :data:`END` (the last four days without a gap)."""
    rng = random.Random(7)
    profile = store.create_profile(name)
    lessons = list(catalog.lessons)
    current = days_on_lesson = 0
    for n in range(days):
        day = TODAY - timedelta(days=days - 1 - n)
        evening = time(17 + rng.randint(0, 2), rng.randint(0, 59))
        day_start = datetime.combine(day, evening).astimezone(UTC)
        if n < days - 4 and rng.random() < 0.22:
            continue  # a day off
        clock.now = day_start
        skill = 0.5 + 0.4 * n / days
        lesson = lessons[min(current, len(lessons) - 1)]
        store.start_visit(profile.id, lesson.id)
        clock.tick(300)
        for video in lesson.videos:
            length = video.duration_hint
            start = rng.uniform(0, length * 0.3)
            store.record_watched(profile.id, lesson.id, video.id, start, start + length * 0.5)
            if rng.random() < 0.6:
                store.record_watched(profile.id, lesson.id, video.id, 0, length * 0.4)
        clock.tick(600)
        score = take_quiz(store, clock, profile.id, lesson, skill, rng)
        days_on_lesson += 1
        if score >= 0.8 and days_on_lesson >= 2 and current < len(lessons):
            store.mark_completed(profile.id, lesson.id)
            current += 1
            days_on_lesson = 0
        if current > 2 and rng.random() < 0.5:  # revisit an earlier lesson's quiz
            earlier = lessons[rng.randrange(0, min(current, len(lessons)))]
            store.start_visit(profile.id, earlier.id)
            take_quiz(store, clock, profile.id, earlier, skill + 0.1, rng)
    return profile


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots" / "dashboard.png")
    parser.add_argument("--size", default="1200x1460")
    parser.add_argument("--days", type=int, default=35)
    parser.add_argument("--dark", action="store_true", help="a dark palette")
    parser.add_argument("--empty", action="store_true", help="a new profile")
    args = parser.parse_args()
    width, height = (int(v) for v in args.size.split("x"))

    app = application()
    if args.dark:
        app.setStyle("Fusion")
        app.setPalette(dark_palette())
    catalog = load_library()
    with tempfile.TemporaryDirectory(prefix="foottrainer-dashboard-") as temp:
        clock = Clock(END)
        store = Store.open(Path(temp), clock=clock)
        if args.empty:
            store.create_profile("Sam")
        else:
            seed(store, clock, catalog, args.days)
        window = build_window(catalog, store, Path(temp))  # the oldest (only) profile
        window.resize(width, height)
        window.show()
        window.open_dashboard()
        for _ in range(5):
            app.processEvents()
        image = window.grab()
        window.close()
        store.close()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(args.out), "PNG"):
        print(f"cannot write {args.out}", file=sys.stderr)
        return 1
    print(args.out)
    return 0


def dark_palette() -> QPalette:
    """A dark Fusion palette (as a desktop's dark mode gives)."""
    palette = QPalette()
    role = QPalette.ColorRole
    for name, value in {
        role.Window: "#2b2b2b",
        role.WindowText: "#e6e6e6",
        role.Base: "#1e1e1e",
        role.AlternateBase: "#333333",
        role.Text: "#e6e6e6",
        role.Button: "#3a3a3a",
        role.ButtonText: "#e6e6e6",
        role.Highlight: "#3d8ee6",
        role.HighlightedText: "#ffffff",
        role.Link: "#6cb4ff",
        role.PlaceholderText: "#a0a0a0",
        role.Mid: "#555555",
        role.Midlight: "#4a4a4a",
        role.Dark: "#202020",
        role.Light: "#505050",
        role.ToolTipBase: "#333333",
        role.ToolTipText: "#e6e6e6",
    }.items():
        palette.setColor(name, QColor(value))
    return palette


if __name__ == "__main__":
    raise SystemExit(main())
