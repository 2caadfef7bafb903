"""Stroke scripts for the "Thumb walking" demonstration video.

Everything happens on foot-plantar.svg. The thumbs take small forward steps (pressure rises and
falls with each bend of the end joint but never drops to zero: the thumb stays in contact), the
two thumbs alternate, then the sole is walked in three lines from the front of the heel to the
base of the toes (inner arch, middle, outer edge), and one thumb slides the length of the sole.
Pressure stays at or below "firm but comfortable" and is lighter on the outer edge.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence

from videolib import (
    FIRM,
    Contact,
    Geometry,
    Motion,
    Point,
    Pose,
    Stroke,
    combine,
    release,
    scan,
    smooth,
    support,
    walk,
)

LESSON_ID = "thumb-walking"

_HEEL_HOLD: Point = (246.0, 322.0)  # the supporting hand under the heel
_START: Point = (258.0, 276.0)  # just in front of the heel, where the thumbs are placed

# Lines from the front of the heel to the base of the toes (ball), in foot-plantar.svg.
_INNER: tuple[Point, ...] = ((276.0, 280.0), (292.0, 240.0), (300.0, 190.0), (302.0, 124.0))
_MIDDLE: tuple[Point, ...] = ((252.0, 280.0), (255.0, 220.0), (258.0, 160.0), (258.0, 112.0))
_OUTER: tuple[Point, ...] = ((224.0, 278.0), (206.0, 232.0), (198.0, 180.0), (198.0, 126.0))
_LIGHT = 0.12  # light contact: the thumb glides without pressing


def _along(points: Sequence[Point], u: float) -> Point:
    """The point a share ``u`` of the way along a polyline."""
    pairs = list(itertools.pairwise(points))
    lengths = [math.dist(a, b) for a, b in pairs]
    goal = sum(lengths) * min(1.0, max(0.0, u))
    for (a, b), seg in zip(pairs, lengths, strict=True):
        if goal <= seg and seg > 0:
            k = goal / seg
            return a[0] + (b[0] - a[0]) * k, a[1] + (b[1] - a[1]) * k
        goal -= seg
    return points[-1]


def _ramp(u: float, edge: float = 0.1) -> float:
    """0 -> 1 -> 0: pressure builds and eases gradually at the ends."""
    return smooth(u / edge) * smooth((1 - u) / edge)


def place_thumbs(spot: Point) -> Motion:
    """Both thumb pads settle side by side on the sole with light contact (no pressure yet)."""

    def motion(u: float, geo: Geometry) -> Pose:
        p = _LIGHT * smooth(u / 0.4)
        return Pose(
            (
                Contact(spot[0] - 9, spot[1], p, "thumb"),
                Contact(spot[0] + 9, spot[1], p, "thumb"),
            )
        )

    return motion


def alternating(line: Sequence[Point], *, steps: int = 10, pressure: float = FIRM) -> Motion:
    """Two thumbs side by side, taking turns: one bends and presses while the other stays light."""

    def motion(u: float, geo: Geometry) -> Pose:
        x, y = _along(line, 0.85 * u)
        phase = u * steps
        k = int(phase)
        frac = phase - k
        press = pressure * _ramp(u) * (0.35 + 0.65 * math.sin(math.pi * frac))
        light = max(_LIGHT, 0.3 * _ramp(u))
        left_leads = k % 2 == 0
        lp, rp = (press, light) if left_leads else (light, press)
        # the pressing thumb is a step ahead of the resting one
        lead = 4.0 * math.sin(math.pi * frac)
        return Pose(
            (
                Contact(x - 9, y - (lead if left_leads else 0.0), max(lp, _LIGHT), "thumb"),
                Contact(x + 9, y - (0.0 if left_leads else lead), max(rp, _LIGHT), "thumb"),
            )
        )

    return motion


def lines(
    paths: Sequence[tuple[Sequence[Point], float]], *, steps_per_line: int = 9, back: float = 0.2
) -> Motion:
    """Walk each line (with its own top pressure), then glide back lightly to start the next."""

    def motion(u: float, geo: Geometry) -> Pose:
        n = len(paths)
        k = min(n - 1, int(u * n))
        phase = u * n - k
        line, top = paths[k]
        if phase < 1 - back or k == n - 1:
            w = phase / (1 - back) if k < n - 1 else phase
            x, y = _along(line, w)
            step = math.sin(math.pi * ((w * steps_per_line) % 1.0))
            p = top * _ramp(w, 0.12) * (0.45 + 0.55 * step)
            return Pose((Contact(x, y, max(p, _LIGHT), "thumb"),))
        g = smooth((phase - (1 - back)) / back)  # glide back to the next start, light contact
        end, start = line[-1], paths[k + 1][0][0]
        x = end[0] + (start[0] - end[0]) * g
        y = end[1] + (start[1] - end[1]) * g
        return Pose((Contact(x, y, _LIGHT, "thumb"),))

    return motion


def long_slide(line: Sequence[Point], *, passes: int = 2, pressure: float = 0.65) -> Motion:
    """One thumb slides slowly from heel to toes, then returns with light contact; repeated."""

    def motion(u: float, geo: Geometry) -> Pose:
        phase = u * passes
        k = min(passes - 1, int(phase))
        frac = phase - k
        if frac < 0.7:
            w = smooth(frac / 0.7)
            x, y = _along(line, w)
            p = pressure * _ramp(frac / 0.7, 0.15)
        else:
            x, y = _along(line, 1 - smooth((frac - 0.7) / 0.3))
            p = 0.0
        return Pose((Contact(x, y, max(p, _LIGHT), "thumb"),))

    return motion


STROKES: dict[str, Stroke] = {
    "check-first": Stroke(
        scan(["toes", "ball", "lateral-edge", "heel", "heel-inner-ridge", "medial-arch"]),
        "Look and ask before you touch: the whole sole and between the toes. Warts, fungus, "
        "wounds, injury, signs of a clot, reduced feeling?",
    ),
    "position": Stroke(
        combine(support(_HEEL_HOLD), place_thumbs(_START)),
        "Fingers over the top of the foot, both thumb pads on the sole in front of the heel. "
        "Wrists straight, joints stacked, thumbs slightly bent.",
    ),
    "walking-step": Stroke(
        combine(support(_HEEL_HOLD), walk(list(_MIDDLE[:3]), steps_per_segment=5)),
        "Bend at the end joint (no more than about 90°), ease, creep forward, bend again. "
        "Small even steps; the thumb never leaves the skin.",
    ),
    "alternate-thumbs": Stroke(
        alternating(_MIDDLE),
        "The thumbs take turns: one presses and steps while the other stays light. "
        "A slight lean through stacked joints, never your body weight.",
    ),
    "walk-lines": Stroke(
        combine(support(_HEEL_HOLD), lines([(_INNER, FIRM), (_MIDDLE, FIRM), (_OUTER, 0.5)])),
        "Heel to the base of the toes in lines: inner arch, middle, outer edge. "
        "Lighter on the outer edge; ease off over bony or tender spots.",
    ),
    "thumb-slide": Stroke(
        combine(support(_HEEL_HOLD), long_slide(_MIDDLE)),
        "One slow slide the length of the sole, firm but comfortable; "
        "back with light contact, and again. Stop at the base of the toes.",
    ),
    "finish": Stroke(
        release(combine(support(_HEEL_HOLD), place_thumbs(_START))),
        "Lighter, slower, then hands away. Ask how the pressure felt, and rest your thumbs.",
    ),
}
