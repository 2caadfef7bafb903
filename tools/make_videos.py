"""Render the animated demonstration videos of lessons from their diagrams.

Usage::

    python tools/make_videos.py [LESSON_ID ...]

With no ids, every lesson that has a stroke script in ``tools/strokes/`` is rendered. Each video is
written to the file named in the lesson's ``media.videos`` (for example
``lessons/relaxing-the-heel/videos/relaxing-the-heel.mp4``).

The chapters come from the lesson file itself: each step's ``video: {start, end}`` range is the
time the step is shown, so the chapters in the app always match the animation. Extra chapters
(``media.videos[].chapters``, e.g. an introduction) are shown as title cards.

What a frame shows: the step's diagram (rendered from the SVG with QSvgRenderer) with the step's
regions pulsing, regions to keep off marked with a dashed ring, a contact marker moving through the
stroke (its size and colour show the pressure), the step number, title and caption, a pressure
gauge and a chapter bar.

To animate another lesson, add ``tools/strokes/<lesson_id_with_underscores>.py`` defining
``LESSON_ID`` and ``STROKES`` (step id -> :class:`videolib.Stroke`).
A stroke's ``motion`` is a function of the progress ``u`` (0 to 1 through the step) and the
diagram :class:`Geometry` that returns a :class:`Pose`; the helpers :func:`circles`,
:func:`back_and_forth`, :func:`scan`, :func:`support`, :func:`walk`, :func:`press_hold` and
:func:`release` cover most techniques, and :func:`combine` layers several (e.g. a supporting hand
plus a working thumb). Targets are diagram region ids (their position is read from the SVG) or
explicit ``(x, y)`` points in the SVG's viewBox coordinates.

Encoding needs PyAV (``pip install -e '.[media]'``): H.264, yuv420p, 848x480 at 20 fps, with a
key frame at every chapter start so chapter seeks are exact.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import strokes
from PySide6.QtGui import QGuiApplication
from videolib import ROOT, Stroke, build_scene, encode, find_lessons


def stroke_scripts() -> dict[str, dict[str, Stroke]]:
    """Lesson id -> its per-step stroke scripts, from every module in tools/strokes/."""
    found: dict[str, dict[str, Stroke]] = {}
    for info in pkgutil.iter_modules(strokes.__path__):
        module = importlib.import_module(f"strokes.{info.name}")
        found[module.LESSON_ID] = module.STROKES
    return found


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("lessons", nargs="*", metavar="LESSON_ID", help="default: all scripted")
    args = parser.parse_args(argv)
    _app = QGuiApplication.instance() or QGuiApplication([])
    lessons = find_lessons()
    scripts = stroke_scripts()
    wanted = list(args.lessons) or [lid for lid in scripts if lid in lessons]
    status = 0
    for lesson_id in wanted:
        lesson = lessons.get(lesson_id)
        if lesson is None:
            print(f"{lesson_id}: no such lesson (or it does not load)", file=sys.stderr)
            status = 1
            continue
        if lesson_id not in scripts:
            print(
                f"{lesson_id}: no stroke script in tools/strokes/; not rendering", file=sys.stderr
            )
            status = 1
            continue
        if not lesson.videos:
            print(f"{lesson_id}: the lesson declares no video in media.videos", file=sys.stderr)
            status = 1
            continue
        for video in lesson.videos:
            scene = build_scene(lesson, video, scripts[lesson_id])
            duration, frames = encode(scene, video.path)
            size = video.path.stat().st_size
            rel = video.path.relative_to(ROOT) if video.path.is_relative_to(ROOT) else video.path
            print(f"{rel}: {duration:.2f} s, {frames} frames, {size / 1024:.0f} KiB")
    return status


if __name__ == "__main__":
    sys.exit(main())
