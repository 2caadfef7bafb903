"""Progress-dashboard benchmark (run on demand, not in CI):

    .venv/bin/python benchmarks/dashboard.py [--runs 15] [--answers 1000000] [--rebuild]

Generates (once; cached in the system's temp dir) a progress database with ``--answers``
answers by one student over a year — every bundled lesson's quiz, all 202 questions, taken
again and again, with visits, watched video ranges, review cards and the running totals filled
consistently (the same SQL as migration 2's backfill) — plus two light profiles. Then, in one
running app, it times opening the dashboard for the heavy profile: the core figures
(``foottrainer.core.dashboard.dashboard``) alone, and ``MainWindow.open_dashboard`` with a
synchronous repaint (what the student waits for), prints the first (cold: QtCharts loads) and
the median of the following opens, with the ratio to repainting a bare window. Target: median
≤ 50 ms. It also times ``Store.open`` on that file and ``PRAGMA quick_check`` alone.
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from foottrainer.core.model import Lesson

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bare import bare_repaint_ms

GENERATOR_VERSION = 2  # bump when the generated data or the schema changes
END = datetime(2026, 11, 20, 21, 0, tzinfo=UTC)
DAYS = 365
TARGET_MS = 50.0


def stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def generate(folder: Path, answers: int) -> None:
    """Write ``folder/progress.sqlite3`` with ``answers`` answers for the first (oldest) profile
    and 2 % as many for each of two others."""
    from foottrainer.core.cache import load_library
    from foottrainer.storage import Store
    from foottrainer.storage.migrations import DAILY_STATS_BACKFILL, QUESTION_STATS_BACKFILL

    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("progress.sqlite3*"):
        old.unlink()
    start = END - timedelta(days=DAYS)
    with Store.open(folder, clock=lambda: start) as store:
        profiles = [store.create_profile(name).id for name in ("Heavy", "Light A", "Light B")]
    lessons = load_library().lessons
    rng = random.Random(2026)
    conn = sqlite3.connect(folder / "progress.sqlite3", isolation_level=None)
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("BEGIN")
    for profile, quota in zip(profiles, [answers, answers // 50, answers // 50], strict=True):
        _history(conn, rng, profile, quota, lessons, start)
    conn.execute(QUESTION_STATS_BACKFILL)
    conn.execute(DAILY_STATS_BACKFILL)
    conn.execute("COMMIT")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("ANALYZE")
    conn.close()


def _history(  # noqa: PLR0917
    conn: sqlite3.Connection,
    rng: random.Random,
    profile: str,
    quota: int,
    lessons: list[Lesson],
    start: datetime,
) -> None:
    """A year of lesson quizzes (``quota`` answers), one visit per quiz, videos, cards."""
    per_day = quota / DAYS
    answer_rows: list[tuple[object, ...]] = []
    attempt_rows: list[tuple[object, ...]] = []
    visit_rows: list[tuple[object, ...]] = []
    gates: dict[str, float] = {}
    made = 0
    day = 0
    while made < quota:
        day_start = start + timedelta(days=day % DAYS, hours=7)
        budget = per_day
        moment = day_start
        while budget > 0 and made < quota:
            lesson = lessons[rng.randrange(len(lessons))]
            attempt = str(uuid.UUID(int=rng.getrandbits(128), version=4))
            visit_rows.append(
                (
                    str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                    profile,
                    lesson.id,
                    stamp(moment),
                    stamp(moment + timedelta(minutes=5)),
                    300.0,
                )
            )
            started = moment
            skill = 0.55 + 0.4 * day / DAYS
            total = safety = 0.0
            for question in lesson.quiz.questions:
                right = rng.random() < skill
                score = 1.0 if right else 0.0
                total += score
                safety += score if question.is_safety else 0.0
                moment += timedelta(seconds=rng.uniform(3, 20))
                answer_rows.append(
                    (
                        str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                        attempt,
                        profile,
                        lesson.id,
                        question.id,
                        '"x"',
                        score,
                        int(right),
                        9000,
                        stamp(moment),
                    )
                )
                made += 1
                budget -= 1
            attempt_rows.append(
                (
                    attempt,
                    profile,
                    lesson.id,
                    stamp(started),
                    stamp(moment),
                    total,
                    float(len(lesson.quiz.questions)),
                )
            )
            count = sum(q.is_safety for q in lesson.quiz.questions)
            if count:
                gates[lesson.id] = max(gates.get(lesson.id, 0.0), safety / count)
            moment += timedelta(seconds=30)
        day += 1
        if len(answer_rows) > 200_000:
            _flush(conn, answer_rows, attempt_rows, visit_rows)
    _flush(conn, answer_rows, attempt_rows, visit_rows)
    finished = stamp(start + timedelta(days=DAYS))
    conn.executemany(
        "INSERT INTO safety_gates (profile_id, lesson_id, best_score, updated_at)"
        " VALUES (?, ?, ?, ?)",
        [(profile, lesson, best, finished) for lesson, best in gates.items()],
    )
    for lesson in lessons:
        conn.execute(
            "INSERT INTO lesson_completions VALUES (?, ?, ?)", (profile, lesson.id, finished)
        )
        for video in lesson.videos:
            length = video.duration_hint
            conn.executemany(
                "INSERT INTO video_ranges VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                        profile,
                        lesson.id,
                        video.id,
                        s,
                        s + rng.uniform(1, length / 3),
                        finished,
                    )
                    for s in (rng.uniform(0, length * 0.6) for _ in range(200))
                ],
            )
        for question in lesson.quiz.questions:
            due = start + timedelta(days=rng.uniform(DAYS - 10, DAYS + 30))
            conn.execute(
                "INSERT INTO review_cards VALUES (?, ?, ?, '{}', ?, ?)",
                (profile, lesson.id, question.id, stamp(due), finished),
            )


def _flush(
    conn: sqlite3.Connection,
    answer_rows: list[tuple[object, ...]],
    attempt_rows: list[tuple[object, ...]],
    visit_rows: list[tuple[object, ...]],
) -> None:
    conn.executemany(
        "INSERT INTO quiz_attempts (id, profile_id, lesson_id, started_at, finished_at, score,"
        " max_score) VALUES (?, ?, ?, ?, ?, ?, ?)",
        attempt_rows,
    )
    conn.executemany("INSERT INTO answers VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", answer_rows)
    conn.executemany("INSERT INTO visits VALUES (?, ?, ?, ?, ?, ?)", visit_rows)
    answer_rows.clear()
    attempt_rows.clear()
    visit_rows.clear()


def ms(seconds: float) -> float:
    return seconds * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--answers", type=int, default=1_000_000)
    parser.add_argument("--rebuild", action="store_true", help="generate the database again")
    args = parser.parse_args()

    from foottrainer.storage import latest_version

    folder = Path(tempfile.gettempdir()) / (
        f"foottrainer-bench-dashboard-{args.answers}-s{latest_version()}-g{GENERATOR_VERSION}"
    )
    db = folder / "progress.sqlite3"
    if args.rebuild or not db.exists():
        began = time.perf_counter()
        generate(folder, args.answers)
        print(f"generated {db} in {time.perf_counter() - began:.1f} s")
    size_mb = db.stat().st_size / 1e6

    from foottrainer.core.cache import load_library
    from foottrainer.core.dashboard import dashboard
    from foottrainer.storage import Store
    from foottrainer.ui.app import application, build_window

    # Store.open and its integrity check, on the big file.
    open_times = []
    for _ in range(5):
        began = time.perf_counter()
        Store.open(folder).close()
        open_times.append(time.perf_counter() - began)
    check = sqlite3.connect(db)
    began = time.perf_counter()
    verdict = check.execute("PRAGMA quick_check").fetchone()[0]
    quick_check = time.perf_counter() - began
    counts = check.execute(
        "SELECT (SELECT COUNT(*) FROM answers), (SELECT SUM(answered) FROM daily_stats),"
        " (SELECT SUM(answered) FROM question_stats), (SELECT COUNT(*) FROM quiz_attempts)"
    ).fetchone()
    check.close()
    assert counts[0] == counts[1] == counts[2], counts  # running totals match the answers

    app = application()
    catalog = load_library()
    store = Store.open(folder)
    with tempfile.TemporaryDirectory() as settings_dir:
        window = build_window(catalog, store, Path(settings_dir))
        window.resize(1200, 800)
        window.show()
        app.processEvents()
        progress = window.progress
        core_times = []
        for _ in range(args.runs):
            began = time.perf_counter()
            board = dashboard(catalog, progress, datetime.now(UTC))
            core_times.append(time.perf_counter() - began)
        times: list[float] = []
        for _ in range(args.runs + 1):
            began = time.perf_counter()
            window.open_dashboard()
            window.repaint()
            times.append(time.perf_counter() - began)
            window.show_library()
            app.processEvents()
        began = time.perf_counter()
        window.library.refresh_status()
        library_refresh = time.perf_counter() - began
        window.close()
    store.close()

    cold, warm = ms(times[0]), ms(statistics.median(times[1:]))
    bare_ms = bare_repaint_ms(1200, 800)
    print(
        f"database: {counts[0]:,} answers ({board.answers:,} by the profile shown), "
        f"{counts[3]:,} quiz attempts, {size_mb:.0f} MB; runs: {args.runs}, "
        f"platform {os.environ['QT_QPA_PLATFORM']}"
    )
    print(f"Store.open (median of 5):     {ms(statistics.median(open_times)):8.1f} ms")
    print(f"PRAGMA quick_check alone:     {ms(quick_check):8.1f} ms   ({verdict})")
    print(f"core figures (median):        {ms(statistics.median(core_times)):8.1f} ms")
    print(f"dashboard, first open (cold): {cold:8.1f} ms")
    print(
        f"dashboard, median of opens:   {warm:8.1f} ms   target ≤ {TARGET_MS:g} ms: "
        f"{'met' if warm <= TARGET_MS else 'NOT met'}"
    )
    print(f"bare window repaint:          {bare_ms:8.1f} ms   ratio {warm / bare_ms:.1f}")
    print(f"(library refresh, for info:   {ms(library_refresh):8.1f} ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
