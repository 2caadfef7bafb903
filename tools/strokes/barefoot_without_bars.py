"""Stroke scripts for the "Barefoot massage without bars" demonstration video.

On back.svg each side of the back has its own marker for the one working foot, so the foot never
travels across the spine: it fades out on one side and fades in on the other. The toes and arch are
drawn as an oval marker, the heel as a round one. Pressures stay well below the bars lesson: without
bars the work is much lighter (moderate at most), and lightest of all from the stool.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence

from videolib import (
    BACK_NO_PRESSURE_TOUR,
    Contact,
    Geometry,
    Motion,
    Point,
    Pose,
    Stroke,
    back_and_forth,
    combine,
    press_hold,
    release,
    scan,
    smooth,
    support,
)

LESSON_ID = "barefoot-without-bars"

_ZOOM = "work-area"  # an invisible frame in back.svg around the working area of the back
_TOES = 0.4  # toes and arch: light to moderate, never firm without bars
_HEEL = 0.5  # the heel: a little more, still moderate
_STOOL = 0.32  # seated on the stool: the least pressure of the three set-ups
_TOES_SIZE, _HEEL_SIZE = 0.8, 0.7
_LOW_RIBS = 222.0  # back.svg: from here down the mid-back glide lightens (floating ribs level)

# back.svg (spine x 273-287, muscle strips beside it centred on x 260 and x 300)
_SHOULDER_LEFT: tuple[Point, ...] = ((226.0, 97.0), (254.0, 103.0), (260.0, 122.0), (260.0, 184.0))
_MID_LEFT: tuple[Point, ...] = ((260.0, 196.0), (260.0, 246.0))
_HEEL_LEFT: tuple[Point, ...] = ((260.0, 280.0), (260.0, 312.0))

# setup-low-table.svg and setup-stool.svg
_HANDS_TABLE: Point = (196.0, 283.0)  # rear hand on the sturdy table
_HANDS_CHAIR: Point = (386.0, 259.0)  # front hand on the sturdy chair
_HANDS_STOOL: Point = (265.0, 288.0)  # both hands on the stool seat
_CLIENT_HEAD: Point = (450.0, 320.0)

_NO_PRESSURE = (
    "neck",
    "spine",
    "floating-ribs-left",
    "floating-ribs-right",
    "kidney-area-left",
    "kidney-area-right",
    "sacrum",
)


def _mirror(points: Sequence[Point]) -> tuple[Point, ...]:
    """The same path on the client's right side (back.svg is symmetric about x = 280)."""
    return tuple((560.0 - x, y) for x, y in points)


def _along(points: Sequence[Point], k: float) -> Point:
    """The point a share ``k`` (0..1) of the way along a polyline."""
    lengths = [math.dist(a, b) for a, b in itertools.pairwise(points)]
    goal = sum(lengths) * min(1.0, max(0.0, k))
    for (a, b), seg in zip(itertools.pairwise(points), lengths, strict=True):
        if goal <= seg and seg > 0:
            t = goal / seg
            return a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t
        goal -= seg
    return points[-1]


def _one_side(
    path: Sequence[Point], v: float, *, pressure: float, tool: str, size: float, presses: int
) -> Contact:
    """One side of the back (v = 0..1): fade in, press gently along the path, fade out."""
    fade = smooth(v / 0.1) * smooth((1 - v) / 0.1)
    x, y = _along(path, smooth((v - 0.1) / 0.8))
    wave = 0.8 + 0.2 * math.sin(math.pi * presses * v) ** 2  # small, slow presses
    p = pressure * wave * fade
    if y > _LOW_RIBS and tool == "thumb":  # mid back: lighter at the level of the lowest ribs
        p *= 0.75
    return Contact(x, y, p, tool, size, opacity=smooth(v / 0.06) * smooth((1 - v) / 0.06))


def both_sides(
    path_left: Sequence[Point],
    *,
    pressure: float,
    tool: str,
    size: float,
    presses: int = 4,
) -> Motion:
    """The client's left side first, then the right; each side has its own (faded) marker."""
    path_right = _mirror(path_left)

    def side(path: Sequence[Point], v: float) -> Contact:
        return _one_side(path, v, pressure=pressure, tool=tool, size=size, presses=presses)

    def motion(u: float, geo: Geometry) -> Pose:
        if u < 0.5:
            left = side(path_left, u * 2)
            x, y = path_right[0]
            right = Contact(x, y, 0.0, tool, size, opacity=0.0)
        else:
            x, y = path_left[-1]
            left = Contact(x, y, 0.0, tool, size, opacity=0.0)
            right = side(path_right, min(1.0, (u - 0.5) * 2))
        return Pose((left, right))

    return motion


def ease_on_request(target: str) -> Motion:
    """The working foot in the side view: light, then lighter still when the client asks."""

    def motion(u: float, geo: Geometry) -> Pose:
        x, y = geo.center(target)
        p = _TOES + (0.22 - _TOES) * smooth((u - 0.45) / 0.2)
        p *= smooth(u / 0.12) * smooth((1 - u) / 0.12)
        return Pose((Contact(x, y, p, "thumb", _TOES_SIZE),))

    return motion


def place_lightly(target: str) -> Motion:
    """Hands on the supports first, then the working foot set down with almost no weight."""

    def motion(u: float, geo: Geometry) -> Pose:
        x, y = geo.center(target)
        k = smooth((u - 0.35) / 0.3)
        p = 0.15 * k * smooth((1 - u) / 0.1)
        return Pose((Contact(x, y, p, "thumb", _TOES_SIZE, opacity=k),))

    return motion


STROKES: dict[str, Stroke] = {
    "screen": Stroke(
        scan(BACK_NO_PRESSURE_TOUR),
        "Screen the client and yourself, exactly as with bars. Show the client the "
        "no-pressure zones: neck, spine, floating ribs, kidney area, sacrum.",
        avoid=_NO_PRESSURE,
    ),
    "set-up-low": Stroke(
        scan(["low-table", "mat", "support-table", "support-chair"]),
        "A table as low as possible, or a floor mat. Very sturdy furniture within reach "
        "of both hands: nothing on wheels, nothing that folds or slides.",
    ),
    "position": Stroke(
        combine(support(_HANDS_TABLE), support(_HANDS_CHAIR), place_lightly("working-foot")),
        "Hands on the supports, standing foot planted on the floor. Only then the "
        "working foot rests lightly beside the spine.",
    ),
    "shoulders": Stroke(
        both_sides(_SHOULDER_LEFT, pressure=_TOES, tool="thumb", size=_TOES_SIZE, presses=5),
        "Toes and arch (oval marker): light presses over the top of the shoulder and down "
        "beside the spine, one side then the other. Off the shoulder blades.",
        focus=_ZOOM,
        avoid=("neck", "spine", "scapula-left", "scapula-right"),
    ),
    "mid-back": Stroke(
        both_sides(_MID_LEFT, pressure=_TOES, tool="thumb", size=_TOES_SIZE, presses=3),
        "Still toes and arch, down the mid back beside the spine. Lighter at the level of "
        "the lowest ribs; the floating ribs get no pressure.",
        focus=_ZOOM,
        avoid=("spine", "floating-ribs-left", "floating-ribs-right"),
    ),
    "low-back-heel": Stroke(
        both_sides(_HEEL_LEFT, pressure=_HEEL, tool="palm", size=_HEEL_SIZE, presses=2),
        "The heel (round marker) on the low back: a little more pressure, added slowly. "
        "Beside the spine, off the kidney area and the sacrum.",
        focus=_ZOOM,
        avoid=("spine", "kidney-area-left", "kidney-area-right", "sacrum"),
    ),
    "check-in": Stroke(
        combine(press_hold(_CLIENT_HEAD, tool="look"), ease_on_request("working-foot")),
        "Ask again and again. The client wants less: take weight back into your standing "
        "foot and your hands.",
    ),
    "stool": Stroke(
        combine(
            support(_HANDS_STOOL),
            back_and_forth(
                "working-foot", passes=3, pressure=_STOOL, tool="thumb", span=0.5, size=0.8
            ),
        ),
        "The stool set-up: stay seated, hands on the seat. Your weight stays on the stool, "
        "so the pressure is the lightest of the three.",
    ),
    "finish": Stroke(
        combine(
            release(press_hold("working-foot", pressure=0.3, tool="thumb", size=_TOES_SIZE)),
            scan(["standing-foot", _CLIENT_HEAD]),
        ),
        "Lighter, then the foot away and down beside the standing foot. "
        "The client lies still a moment, then gets up slowly.",
    ),
}
