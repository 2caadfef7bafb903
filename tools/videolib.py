"""The drawing and encoding engine behind ``tools/make_videos.py`` (see its docstring).

Stroke helpers (:func:`circles`, :func:`back_and_forth`, :func:`scan`, :func:`walk`,
:func:`press_hold`, :func:`support`, :func:`release`, :func:`steady`, :func:`combine`) build the
per-step :class:`Stroke` scripts that live in ``tools/strokes/<lesson>.py``.
"""

from __future__ import annotations

import itertools
import math
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import av
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QPainter,
    QPainterPath,
    QPen,
)
from PySide6.QtSvg import QSvgRenderer

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))

from foottrainer.core.errors import LessonFileError  # noqa: E402
from foottrainer.core.lessons import load_lesson  # noqa: E402
from foottrainer.core.model import Diagram, Lesson, Step, Video  # noqa: E402
from foottrainer.resources import lessons_dir  # noqa: E402

WIDTH, HEIGHT, FPS = 848, 480, 20
CRF = 30  # x264 quality: higher is smaller; line art stays sharp at 30
KEYINT_SECONDS = 30  # plus a key frame at every chapter start, so chapter seeks are exact
DIAGRAM_AREA = QRectF(10, 48, 520, 390)  # 4:3, the diagrams' shape
PANEL_X = 548.0
CAMERA_SECONDS = 0.8  # how long the view takes to zoom to a new focus
TRAIL_SECONDS = 0.6

# Okabe-Ito colour-blind-safe palette
INK = QColor("#222222")
MUTED = QColor("#555555")
SKY = QColor("#56B4E9")
GREEN = QColor("#009E73")
ORANGE = QColor("#E69F00")
VERMILLION = QColor("#D55E00")
BLUE = QColor("#0072B2")
PURPLE = QColor("#CC79A7")
PAPER = QColor("#FFFFFF")

#: pressure (0..1) -> colour: light, moderate, firm but comfortable, too much (never reached)
PRESSURE_STOPS: tuple[tuple[float, QColor], ...] = (
    (0.0, SKY),
    (0.5, GREEN),
    (0.75, ORANGE),
    (1.0, VERMILLION),
)
PRESSURE_ZONES: tuple[tuple[float, float, str], ...] = (
    (0.0, 0.35, "light"),
    (0.35, 0.6, "moderate"),
    (0.6, 0.8, "firm"),
    (0.8, 1.0, "never"),
)
FIRM = 0.7  # firm but comfortable: the top of the "firm" zone is never exceeded
#: The back diagram's no-pressure zones (back.svg), in the order a screening shows them: from
#: the neck down the spine, round the left side and back up the right. Both ashiatsu videos use it.
BACK_NO_PRESSURE_TOUR = (
    "neck",
    "spine",
    "floating-ribs-left",
    "kidney-area-left",
    "sacrum",
    "kidney-area-right",
    "floating-ribs-right",
)

Point = tuple[float, float]
Target = str | Point  # a region id, or a point in viewBox coordinates


# --------------------------------------------------------------------------------------------
# Poses and strokes


@dataclass(frozen=True)
class Contact:
    """One hand or thumb on the diagram, in viewBox coordinates."""

    x: float
    y: float
    pressure: float = 0.0  # 0 = touching only, FIRM = firm but comfortable
    tool: str = "palm"  # palm (heel of the hand), thumb, support, look
    size: float = 1.0  # marker scale, e.g. smaller in a zoomed inset
    opacity: float = 1.0
    lift: float = 0.0  # 0..1: draws an arrow showing the foot being raised (-1..0: lowered)


@dataclass(frozen=True)
class Pose:
    contacts: tuple[Contact, ...] = ()


class Geometry:
    """Region positions of one diagram, read from the SVG (ids must not sit under transforms)."""

    def __init__(self, renderer: QSvgRenderer) -> None:
        self.renderer = renderer
        self.view_box = renderer.viewBoxF()

    def bounds(self, target: Target) -> QRectF:
        if isinstance(target, tuple):
            return QRectF(target[0], target[1], 0, 0)
        if not self.renderer.elementExists(target):
            raise KeyError(f"no element with id {target!r} in the diagram")
        return self.renderer.boundsOnElement(target)

    def center(self, target: Target) -> Point:
        c = self.bounds(target).center()
        return c.x(), c.y()


Motion = Callable[[float, Geometry], Pose]


@dataclass(frozen=True)
class Stroke:
    """How one step is animated."""

    motion: Motion
    caption: str = ""  # short text shown under the step title (default: the step's title only)
    focus: str = ""  # an element id to zoom the view to (default: the whole diagram)
    avoid: tuple[str, ...] = ()  # region ids marked "no pressure" (bones, caution sites)


def smooth(x: float) -> float:
    """Smoothstep of x clamped to 0..1: eases in and out (for every motion in the videos)."""
    x = min(1.0, max(0.0, x))
    return x * x * (3 - 2 * x)


def envelope(u: float, ramp: float = 0.12) -> float:
    """0 -> 1 -> 0 over the step: pressure builds up and is released gradually, never abruptly."""
    return smooth(u / ramp) * smooth((1 - u) / ramp)


def circles(
    target: Target,
    *,
    turns: float = 4,
    pressure: float = FIRM,
    tool: str = "palm",
    radius: float = 0.3,
    size: float = 1.0,
    clockwise: bool = True,
) -> Motion:
    """Slow circles around a region's centre; ``radius`` is a share of the region's size."""

    def motion(u: float, geo: Geometry) -> Pose:
        b = geo.bounds(target)
        cx, cy = b.center().x(), b.center().y()
        rx = max(b.width() * radius, 3.0)
        ry = max(b.height() * radius, 2.0)
        a = 2 * math.pi * turns * u * (1 if clockwise else -1)
        p = pressure * envelope(u) * (0.92 + 0.08 * math.sin(a))  # a little firmer on each pass
        x, y = cx - rx * math.cos(a), cy - ry * math.sin(a)
        return Pose((Contact(x, y, p, tool, size),))

    return motion


def back_and_forth(
    target: Target,
    *,
    passes: float = 5,
    pressure: float = FIRM,
    tool: str = "thumb",
    span: float = 0.6,
    size: float = 1.0,
) -> Motion:
    """Strokes along the long axis of a region, ``span`` being the share of its length covered."""

    def motion(u: float, geo: Geometry) -> Pose:
        b = geo.bounds(target)
        cx, cy = b.center().x(), b.center().y()
        horizontal = b.width() >= b.height()
        half = (b.width() if horizontal else b.height()) * span / 2
        s = -math.cos(math.pi * passes * u)  # -1..1, slowing at each turn
        x, y = (cx + s * half, cy) if horizontal else (cx, cy + s * half)
        return Pose((Contact(x, y, pressure * envelope(u), tool, size),))

    return motion


def _along(points: Sequence[Point], u: float) -> Point:
    if len(points) == 1:
        return points[0]
    lengths = [math.dist(a, b) for a, b in itertools.pairwise(points)]
    total = sum(lengths) or 1.0
    goal = total * min(1.0, max(0.0, u))
    for (a, b), seg in zip(itertools.pairwise(points), lengths, strict=True):
        if goal <= seg and seg > 0:
            k = goal / seg
            return a[0] + (b[0] - a[0]) * k, a[1] + (b[1] - a[1]) * k
        goal -= seg
    return points[-1]


def scan(targets: Sequence[Target], *, tool: str = "look") -> Motion:
    """A "look, don't touch" marker gliding from region to region (no pressure)."""

    def motion(u: float, geo: Geometry) -> Pose:
        pts = [geo.center(t) for t in targets]
        x, y = _along(pts, smooth(u))
        return Pose((Contact(x, y, 0.0, tool),))

    return motion


def walk(
    targets: Sequence[Target],
    *,
    pressure: float = FIRM,
    tool: str = "thumb",
    steps_per_segment: int = 6,
) -> Motion:
    """Thumb walking: small forward presses along a line of regions or points."""

    def motion(u: float, geo: Geometry) -> Pose:
        pts = [geo.center(t) for t in targets]
        n = steps_per_segment * max(1, len(pts) - 1)
        phase = (u * n) % 1.0
        x, y = _along(pts, u)
        p = pressure * envelope(u) * (0.55 + 0.45 * math.sin(math.pi * phase))
        return Pose((Contact(x, y, p, tool),))

    return motion


def press_hold(
    target: Target, *, pressure: float = 0.5, tool: str = "palm", size: float = 1.0
) -> Motion:
    """A steady hold or slow sustained press (e.g. a stretch or a myofascial hold)."""

    def motion(u: float, geo: Geometry) -> Pose:
        x, y = geo.center(target)
        return Pose((Contact(x, y, pressure * envelope(u, 0.25), tool, size),))

    return motion


def support(
    target: Target, *, lift: bool = False, offset: Point = (0.0, 0.0), size: float = 1.0
) -> Motion:
    """The supporting hand: light contact, optionally raising the foot at the start."""

    def motion(u: float, geo: Geometry) -> Pose:
        x, y = geo.center(target)
        raised = smooth(u / 0.5) if lift else 0.0
        return Pose((Contact(x + offset[0], y + offset[1], 0.2, "support", size, lift=raised),))

    return motion


def release(motion: Motion) -> Motion:
    """Let another motion fade out: lighter and lighter, then hands away and the foot lowered."""

    def faded(u: float, geo: Geometry) -> Pose:
        pose = motion(u, geo)
        k = 1 - smooth(u / 0.7)
        return Pose(
            tuple(
                replace(
                    c,
                    pressure=c.pressure * k,
                    opacity=c.opacity * (1 - smooth((u - 0.5) / 0.4)),
                    lift=-smooth((u - 0.55) / 0.4) if c.tool == "support" else c.lift,
                )
                for c in pose.contacts
            )
        )

    return faded


def steady(motion: Motion, pressure: float) -> Motion:
    """Hold a motion's position at a constant pressure (no ramps), e.g. to start a release."""

    def held(u: float, geo: Geometry) -> Pose:
        pose = motion(0.5, geo)
        return Pose(tuple(replace(c, pressure=pressure) for c in pose.contacts))

    return held


def combine(*motions: Motion) -> Motion:
    """Several hands at once (draw order: first is underneath)."""

    def motion(u: float, geo: Geometry) -> Pose:
        return Pose(tuple(c for m in motions for c in m(u, geo).contacts))

    return motion


# --------------------------------------------------------------------------------------------
# Drawing


def pressure_colour(p: float) -> QColor:
    p = min(1.0, max(0.0, p))
    for (p0, c0), (p1, c1) in itertools.pairwise(PRESSURE_STOPS):
        if p <= p1:
            k = (p - p0) / (p1 - p0)
            return QColor(
                round(c0.red() + (c1.red() - c0.red()) * k),
                round(c0.green() + (c1.green() - c0.green()) * k),
                round(c0.blue() + (c1.blue() - c0.blue()) * k),
            )
    return PRESSURE_STOPS[-1][1]


def font(size: float, bold: bool = False) -> QFont:
    f = QFont("DejaVu Sans")
    f.setStyleHint(QFont.StyleHint.SansSerif)
    f.setPixelSize(round(size))
    f.setBold(bold)
    return f


def wrap_lines(text: str, width: float, metrics: QFontMetricsF) -> list[str]:
    """Greedy word wrap to ``width`` pixels."""
    lines: list[str] = []
    for para in text.split("\n"):
        line = ""
        for word in para.split():
            candidate = f"{line} {word}".strip()
            if line and metrics.horizontalAdvance(candidate) > width:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    return lines


def draw_wrapped(
    p: QPainter, text: str, x: float, y: float, *, width: float, f: QFont, colour: QColor
) -> float:
    """Draw ``text`` wrapped to ``width`` pixels from top-left (x, y); return the next y."""
    metrics = QFontMetricsF(f)
    p.setFont(f)
    p.setPen(colour)
    for line in wrap_lines(text, width, metrics):
        y += metrics.ascent()
        p.drawText(QPointF(x, y), line)
        y += metrics.descent() + 3
    return y


@dataclass
class Camera:
    """Maps the SVG viewBox (or a zoomed part of it) into DIAGRAM_AREA."""

    view: QRectF
    scale: float = field(init=False)
    dx: float = field(init=False)
    dy: float = field(init=False)

    def __post_init__(self) -> None:
        self.scale = min(
            DIAGRAM_AREA.width() / self.view.width(), DIAGRAM_AREA.height() / self.view.height()
        )
        self.dx = DIAGRAM_AREA.center().x() - self.view.center().x() * self.scale
        self.dy = DIAGRAM_AREA.center().y() - self.view.center().y() * self.scale

    def map(self, x: float, y: float) -> QPointF:
        return QPointF(self.dx + x * self.scale, self.dy + y * self.scale)

    def map_rect(self, r: QRectF) -> QRectF:
        tl = self.map(r.left(), r.top())
        return QRectF(tl.x(), tl.y(), r.width() * self.scale, r.height() * self.scale)

    def svg_view(self) -> QRectF:
        """The viewBox part shown in the whole of DIAGRAM_AREA (wider than ``view`` if needed)."""
        w, h = DIAGRAM_AREA.width() / self.scale, DIAGRAM_AREA.height() / self.scale
        c = self.view.center()
        return QRectF(c.x() - w / 2, c.y() - h / 2, w, h)


def fit_view(rect: QRectF, box: QRectF, margin: float = 8) -> QRectF:
    """``rect`` grown by a margin to the diagram area's shape (the whole ``box`` at most)."""
    r = rect.adjusted(-margin, -margin, margin, margin)
    aspect = DIAGRAM_AREA.width() / DIAGRAM_AREA.height()
    if r.width() / r.height() < aspect:
        w = r.height() * aspect
        r = QRectF(r.center().x() - w / 2, r.top(), w, r.height())
    else:
        h = r.width() / aspect
        r = QRectF(r.left(), r.center().y() - h / 2, r.width(), h)
    if r.width() >= box.width() or r.height() >= box.height():
        return QRectF(box)
    return r  # centred on the focus, even if that shows blank space beyond the viewBox


def lerp_rect(a: QRectF, b: QRectF, k: float) -> QRectF:
    def mix(x: float, y: float) -> float:
        return x + (y - x) * k

    return QRectF(
        mix(a.left(), b.left()),
        mix(a.top(), b.top()),
        mix(a.width(), b.width()),
        mix(a.height(), b.height()),
    )


def draw_contact(p: QPainter, cam: Camera, c: Contact, trail: Sequence[QPointF]) -> None:
    pos = cam.map(c.x, c.y)
    zoom = max(0.8, min(2.0, cam.scale / 1.08))  # markers grow a little when zoomed in
    size = c.size * zoom
    p.save()
    p.setOpacity(c.opacity)
    if c.tool == "look":
        p.setBrush(Qt.BrushStyle.NoBrush)
        pen = QPen(BLUE, 2.5, Qt.PenStyle.DashLine)
        p.setPen(pen)
        p.drawEllipse(pos, 16 * size, 16 * size)
        p.setFont(font(12, True))
        p.setPen(BLUE)
        p.drawText(QPointF(pos.x() + 19 * size, pos.y() - 12 * size), "look")
        p.restore()
        return
    if len(trail) > 1:
        colour = pressure_colour(c.pressure)
        for i, (a, b) in enumerate(itertools.pairwise(trail)):
            colour.setAlphaF(0.35 * (i + 1) / len(trail))
            p.setPen(QPen(colour, 3 * size, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
            p.drawLine(a, b)
    if c.tool == "support":
        p.setPen(QPen(BLUE, 2))
        fill = QColor(BLUE)
        fill.setAlphaF(0.28)
        p.setBrush(fill)
        p.drawEllipse(pos, 30 * size, 12 * size)
        p.setFont(font(12, True))
        p.setPen(BLUE)
        p.drawText(QPointF(pos.x() + 34 * size, pos.y() + 5), "support")
        if abs(c.lift) > 0.02:
            direction = -1 if c.lift > 0 else 1  # up when raising, down when lowering
            tip = QPointF(pos.x(), pos.y() + direction * (18 + 14 * abs(c.lift)) * size)
            base = QPointF(pos.x(), pos.y() + direction * 2 * size)
            p.setPen(QPen(BLUE, 3))
            p.drawLine(base, tip)
            head = QPainterPath(tip)
            head.lineTo(tip.x() - 6, tip.y() - direction * 9)
            head.lineTo(tip.x() + 6, tip.y() - direction * 9)
            head.closeSubpath()
            p.fillPath(head, BLUE)
        p.restore()
        return
    colour = pressure_colour(c.pressure)
    base_r = 11.0 if c.tool == "palm" else 7.0
    r = base_r * size * (0.75 + 0.9 * c.pressure)
    fill = QColor(colour)
    fill.setAlphaF(0.55)
    p.setBrush(fill)
    p.setPen(QPen(colour.darker(140), 2.5))
    if c.tool == "thumb":
        p.drawEllipse(pos, r * 1.35, r)
    else:
        p.drawEllipse(pos, r, r)
    p.restore()


def draw_avoid(p: QPainter, cam: Camera, geo: Geometry, region: str, t: float) -> None:
    r = cam.map_rect(geo.bounds(region)).adjusted(-5, -5, 5, 5)
    p.save()
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.setPen(QPen(VERMILLION, 2.5, Qt.PenStyle.DashLine))
    p.drawEllipse(r)
    # a small "no pressure" cross at the upper right of the ring
    c = QPointF(r.right() - r.width() * 0.1, r.top() + r.height() * 0.1)
    s = 6.0
    p.setPen(QPen(VERMILLION, 3, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    p.setOpacity(0.75 + 0.25 * math.sin(t * 4))
    p.drawLine(QPointF(c.x() - s, c.y() - s), QPointF(c.x() + s, c.y() + s))
    p.drawLine(QPointF(c.x() - s, c.y() + s), QPointF(c.x() + s, c.y() - s))
    p.restore()


def draw_gauge(p: QPainter, pressure: float | None, y: float) -> None:
    x, w, h = PANEL_X, WIDTH - PANEL_X - 18, 16.0
    p.setFont(font(13, True))
    p.setPen(INK)
    p.drawText(QPointF(x, y - 16), "Pressure")
    for lo, hi, name in PRESSURE_ZONES:
        zone = QRectF(x + lo * w, y, (hi - lo) * w, h)
        tint = pressure_colour((lo + hi) / 2)
        tint.setAlphaF(0.3)
        p.fillRect(zone, tint)
        if name == "never":
            p.save()
            p.setClipRect(zone)
            p.setPen(QPen(VERMILLION, 1.5))
            for k in range(-4, int(zone.width()) + 20, 7):
                p.drawLine(QPointF(zone.left() + k, zone.bottom()), QPointF(zone.left() + k + h, y))
            p.restore()
        p.setFont(font(11))
        p.setPen(VERMILLION if name == "never" else MUTED)
        label_box = QRectF(zone.left(), y + h + 2, zone.width(), 16)
        p.drawText(label_box, Qt.AlignmentFlag.AlignHCenter, name)
    p.setPen(QPen(MUTED, 1))
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.drawRect(QRectF(x, y, w, h))
    if pressure is None:
        p.setFont(font(11))
        p.setPen(MUTED)
        p.drawText(QPointF(x, y + h + 36), "No contact yet: look and ask.")
        return
    px = x + min(1.0, max(0.0, pressure)) * w
    marker = QPainterPath(QPointF(px, y - 1))
    marker.lineTo(px - 7, y - 11)
    marker.lineTo(px + 7, y - 11)
    marker.closeSubpath()
    p.fillPath(marker, pressure_colour(pressure).darker(130))
    p.setPen(QPen(pressure_colour(pressure).darker(130), 3))
    p.drawLine(QPointF(px, y), QPointF(px, y + h))


def draw_chapter_bar(p: QPainter, video: Video, t: float, duration: float) -> None:
    x0, x1, y = 10.0, WIDTH - 10.0, HEIGHT - 22.0
    w = x1 - x0
    p.fillRect(QRectF(x0, y, w, 8), QColor("#E6E6E6"))
    p.fillRect(QRectF(x0, y, w * t / duration, 8), BLUE)
    p.setPen(QPen(PAPER, 2))
    for ch in video.chapters:
        cx = x0 + w * ch.start / duration
        p.drawLine(QPointF(cx, y - 1), QPointF(cx, y + 9))


@dataclass
class Scene:
    lesson: Lesson
    video: Video
    renderers: dict[str, QSvgRenderer]
    geometry: dict[str, Geometry]
    strokes: dict[str, Stroke]

    def step_at(self, t: float) -> tuple[int, Step] | None:
        for i, s in enumerate(self.lesson.steps):
            if s.video and s.video.video_id == self.video.id and s.video.start <= t < s.video.end:
                return i, s
        return None

    def diagram_for(self, step: Step | None) -> Diagram | None:
        if step is not None and step.diagram_id:
            return self.lesson.diagram(step.diagram_id)
        return self.lesson.diagram()

    def view_for(self, step: Step | None) -> QRectF:
        diagram = self.diagram_for(step)
        if diagram is None:
            return QRectF(0, 0, 1, 1)
        box = self.renderers[diagram.id].viewBoxF()
        stroke = self.strokes.get(step.id) if step else None
        if stroke and stroke.focus:
            return fit_view(self.geometry[diagram.id].bounds(stroke.focus), box)
        return QRectF(box)


def render_frame(scene: Scene, t: float, duration: float) -> QImage:
    img = QImage(WIDTH, HEIGHT, QImage.Format.Format_RGB32)
    p = QPainter(img)
    p.fillRect(0, 0, WIDTH, HEIGHT, PAPER)  # not img.fill(): it leaks a reference in PySide6 6.12
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    lesson, video = scene.lesson, scene.video
    current = scene.step_at(t)
    step = current[1] if current else None
    steps_with_video = [s for s in lesson.steps if s.video and s.video.video_id == video.id]

    # header
    p.setFont(font(20, True))
    p.setPen(INK)
    p.drawText(QPointF(14, 30), lesson.title)
    p.setPen(QPen(QColor("#DDDDDD"), 1))
    p.drawLine(QPointF(10, 42), QPointF(WIDTH - 10, 42))

    # diagram, with the camera easing from the previous step's view
    diagram = scene.diagram_for(step)
    if diagram is not None:
        renderer = scene.renderers[diagram.id]
        geo = scene.geometry[diagram.id]
        view = scene.view_for(step)
        if step is not None and step.video is not None and current is not None:
            k = smooth((t - step.video.start) / CAMERA_SECONDS)
            prev = lesson.steps[current[0] - 1] if current[0] > 0 else None
            if k < 1 and prev is not None and scene.diagram_for(prev) == diagram:
                view = lerp_rect(scene.view_for(prev), view, k)
        cam = Camera(view)
        p.save()
        p.setClipRect(DIAGRAM_AREA)
        p.setFont(font(12))  # the SVG's text inherits the painter's font weight
        renderer.setViewBox(cam.svg_view())
        renderer.render(p, DIAGRAM_AREA)
        renderer.setViewBox(geo.view_box)
        focus = scene.strokes[step.id].focus if step and step.id in scene.strokes else ""
        if focus:  # fade out the rest of the diagram around the zoomed part
            k = smooth((t - step.video.start) / CAMERA_SECONDS) if step and step.video else 1
            keep = cam.map_rect(geo.bounds(focus)).adjusted(-4, -4, 4, 4)
            outside = QPainterPath()
            outside.addRect(DIAGRAM_AREA)
            hole = QPainterPath()
            hole.addRoundedRect(keep, 6, 6)
            p.fillPath(outside.subtracted(hole), QColor(255, 255, 255, round(255 * k)))
        if step is not None:
            pulse = 0.35 + 0.35 * (0.5 + 0.5 * math.sin(2 * math.pi * t / 1.6))
            for region in step.regions:
                p.setOpacity(pulse)
                renderer.render(p, region, cam.map_rect(geo.bounds(region)))
            p.setOpacity(1.0)
        stroke = scene.strokes.get(step.id) if step else None
        pressure: float | None = None
        if stroke is not None and step is not None and step.video is not None:
            for region in stroke.avoid:
                draw_avoid(p, cam, geo, region, t)
            length = step.video.end - step.video.start
            u = (t - step.video.start) / length
            pose = stroke.motion(u, geo)
            for i, contact in enumerate(pose.contacts):
                trail = []
                for j in range(12, -1, -1):
                    uu = u - TRAIL_SECONDS * j / 12 / length
                    if uu >= 0:
                        c = stroke.motion(uu, geo).contacts[i]
                        trail.append(cam.map(c.x, c.y))
                draw_contact(p, cam, contact, trail)
            touching = [c for c in pose.contacts if c.tool != "look"]
            working = [c.pressure for c in touching if c.tool in ("palm", "thumb")]
            if working:
                pressure = max(working)
            elif touching:
                pressure = max(c.pressure for c in touching)
        if step is None:  # title card over a faded diagram
            p.fillRect(DIAGRAM_AREA, QColor(255, 255, 255, 200))
        p.restore()
    else:
        pressure = None

    # right panel
    x, width = PANEL_X, WIDTH - PANEL_X - 16
    if step is not None:
        number = steps_with_video.index(step) + 1
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(BLUE)
        p.drawEllipse(QPointF(x + 22, 78), 22, 22)
        p.setFont(font(22, True))
        p.setPen(PAPER)
        p.drawText(QRectF(x, 56, 44, 44), Qt.AlignmentFlag.AlignCenter, str(step.number))
        p.setFont(font(13))
        p.setPen(MUTED)
        p.drawText(QPointF(x + 54, 72), f"Step {number} of {len(steps_with_video)}")
        y = draw_wrapped(p, step.title, x + 54, 78, width=width - 54, f=font(16, True), colour=INK)
        stroke = scene.strokes.get(step.id)
        caption = stroke.caption if stroke and stroke.caption else ""
        if caption:
            draw_wrapped(p, caption, x, max(y, 110) + 10, width=width, f=font(15), colour=INK)
        draw_gauge(p, pressure, 362)
        p.setFont(font(11))
        p.setPen(MUTED)
        p.drawText(QPointF(x, 440), "Marker size and colour show the pressure.")
    else:
        chapter = next((c for c in video.chapters if c.start <= t < c.end), None)
        p.setFont(font(13))
        p.setPen(MUTED)
        p.drawText(QPointF(x, 72), chapter.title if chapter else "")
        y = draw_wrapped(p, lesson.title, x, 84, width=width, f=font(22, True), colour=INK)
        y = draw_wrapped(p, lesson.summary, x, y + 10, width=width, f=font(14), colour=INK)
        draw_wrapped(
            p,
            f"{len(steps_with_video)} steps. The coloured marker shows where the hand or thumb "
            "works; its size and colour show the pressure.",
            x,
            y + 14,
            width=width,
            f=font(13),
            colour=MUTED,
        )
    draw_chapter_bar(p, video, t, duration)
    p.end()
    return img


# --------------------------------------------------------------------------------------------
# Lessons and encoding


def find_lessons() -> dict[str, Lesson]:
    found: dict[str, Lesson] = {}
    for file in sorted(lessons_dir().rglob("*.y*ml")):
        if any(part.startswith(".") for part in file.relative_to(lessons_dir()).parts):
            continue
        try:
            lesson = load_lesson(file)
        except LessonFileError as exc:
            print(f"skipping {file}:\n{exc}", file=sys.stderr)
            continue
        found[lesson.id] = lesson
    return found


def encode(scene: Scene, out: Path) -> tuple[float, int]:
    duration = scene.video.duration_hint
    if duration <= 0:
        raise ValueError(f"video {scene.video.id!r} has no chapters: give the steps video ranges")
    frames = round(duration * FPS)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_suffix(".partial.mp4")
    with av.open(str(tmp), mode="w", options={"movflags": "+faststart"}) as container:
        stream = container.add_stream("libx264", rate=FPS)
        stream.width, stream.height = WIDTH, HEIGHT
        stream.pix_fmt = "yuv420p"
        stream.options = {
            "crf": str(CRF),
            "preset": "veryslow",
            "tune": "animation",
            "threads": "1",  # frames are deterministic; the MP4 bytes may still vary per run
            "x264-params": f"keyint={FPS * KEYINT_SECONDS}:scenecut=0:ipratio=1.1",
        }
        chapter_frames = {round(c.start * FPS) for c in scene.video.chapters}
        for i in range(frames):
            img = render_frame(scene, i / FPS, duration)
            frame = av.VideoFrame(WIDTH, HEIGHT, "bgra")
            plane = frame.planes[0]
            data = bytes(img.constBits())
            stride = img.bytesPerLine()
            if plane.line_size == stride:
                plane.update(data)
            else:  # copy row by row into the padded plane
                padded = bytearray(plane.buffer_size)
                for row in range(HEIGHT):
                    start = row * plane.line_size
                    src = row * stride
                    padded[start : start + WIDTH * 4] = data[src : src + WIDTH * 4]
                plane.update(bytes(padded))
            yuv = frame.reformat(format="yuv420p")
            yuv.pts = i
            if i in chapter_frames:
                yuv.pict_type = av.video.frame.PictureType.I
            for packet in stream.encode(yuv):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    tmp.replace(out)
    return duration, frames


def build_scene(lesson: Lesson, video: Video, strokes: dict[str, Stroke]) -> Scene:
    renderers: dict[str, QSvgRenderer] = {}
    geometry: dict[str, Geometry] = {}
    for d in lesson.diagrams:
        r = QSvgRenderer(str(d.path))
        if not r.isValid():
            raise ValueError(f"cannot render diagram {d.path}")
        r.setAspectRatioMode(Qt.AspectRatioMode.KeepAspectRatio)
        renderers[d.id] = r
        geometry[d.id] = Geometry(r)
    unknown = set(strokes) - {s.id for s in lesson.steps}
    if unknown:
        raise KeyError(f"stroke scripts for steps not in {lesson.id}: {', '.join(sorted(unknown))}")
    return Scene(lesson, video, renderers, geometry, strokes)
