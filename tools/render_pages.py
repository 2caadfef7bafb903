"""Render every lesson page, every quiz's first question and every diagram to PNG, for review.

Usage::

    .venv/bin/python tools/render_pages.py [OUT_DIR]     # default: out/pages

Writes ``<lesson>-lesson.png`` and ``<lesson>-quiz.png`` (1400×900, as ``foottrainer screenshot``
does) and ``diagram-<name>@1x.png`` / ``@2x.png`` for every SVG in assets/diagrams/.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from PySide6.QtGui import QImage, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402

from foottrainer.core.cache import load_library  # noqa: E402
from foottrainer.resources import assets_dir  # noqa: E402
from foottrainer.ui.app import application  # noqa: E402
from foottrainer.ui.screenshot import take_screenshot  # noqa: E402


def render_diagram(svg: Path, out: Path, scale: int) -> None:
    renderer = QSvgRenderer(str(svg))
    size = renderer.defaultSize() * scale
    image = QImage(size, QImage.Format.Format_ARGB32)
    image.fill(0xFFFFFFFF)
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    image.save(str(out))


def main() -> int:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "out" / "pages"
    out.mkdir(parents=True, exist_ok=True)
    application()
    for svg in sorted((assets_dir() / "diagrams").glob("*.svg")):
        for scale in (1, 2):
            render_diagram(svg, out / f"diagram-{svg.stem}@{scale}x.png", scale)
    status = 0
    for lesson in load_library().lessons:
        for view in ("lesson", "quiz"):
            status |= take_screenshot(
                lesson_id=lesson.id,
                view=view,
                out=out / f"{lesson.id}-{view}.png",
                size=(1400, 900),
            )
    print(f"wrote {len(list(out.glob('*.png')))} images to {out}")
    return status


if __name__ == "__main__":
    raise SystemExit(main())
