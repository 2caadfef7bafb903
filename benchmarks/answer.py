"""Answer benchmark (run on demand, not in CI):

    .venv/bin/python benchmarks/answer.py [--answers 300] [--data-dir DIR]

Measures grading and persisting one answer — ``Progress.answer``: grade the response, update the
question's spaced-repetition card and running totals, and COMMIT (WAL, ``synchronous=FULL``, so
one fsync per answer) — over every question of every bundled lesson in turn, and prints the
median and 95th percentile with the ratio to repainting a bare Qt window. Target: median ≤ 2 ms.

The data folder defaults to a temporary folder on the disk that holds the system's temp dir;
pass ``--data-dir`` to measure the disk the user's progress lives on.
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
    parser.add_argument("--answers", type=int, default=300)
    parser.add_argument("--data-dir", type=Path, default=None)
    args = parser.parse_args()

    from foottrainer.core.cache import load_library
    from foottrainer.core.progress import Progress
    from foottrainer.storage import Store

    catalog = load_library()
    pairs = [(lesson, q) for lesson in catalog.lessons for q in lesson.quiz.questions]

    times: list[float] = []
    with tempfile.TemporaryDirectory(dir=args.data_dir) as temp:
        store = Store.open(Path(temp))
        progress = Progress(store, store.default_profile())
        sessions = {lesson.id: progress.start_quiz(lesson) for lesson in catalog.lessons}
        for i in range(max(args.answers, 20)):
            lesson, question = pairs[i % len(pairs)]
            response = question.answer  # the answer key: a right answer
            start = time.perf_counter()
            progress.answer(sessions[lesson.id], question, response, 4000)
            times.append(time.perf_counter() - start)
        store.close()

    times_ms = sorted(t * 1000 for t in times)
    median = statistics.median(times_ms)
    p95 = times_ms[int(0.95 * (len(times_ms) - 1))]
    bare = bare_repaint_ms()
    print(f"answers graded and committed: {len(times_ms)} over {len(pairs)} questions")
    print(
        f"median:          {median:6.2f} ms   target ≤ 2 ms: {'met' if median <= 2 else 'NOT met'}"
    )
    print(f"95th percentile: {p95:6.2f} ms")
    print(f"bare window repaint: {bare:6.2f} ms   ratio {median / bare:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
