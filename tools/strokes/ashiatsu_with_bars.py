"""Stroke scripts for the "Ashiatsu with overhead bars" demonstration video.

On back.svg the working foot is drawn as two markers: the heel (round) and the ball of the foot
(oval) towards the client's head. Each side of the back has its own foot marker, so a foot never
travels across the spine: it fades out on one muscle strip and fades in on the other.
"""

from __future__ import annotations

import math

from videolib import (
    BACK_NO_PRESSURE_TOUR,
    Contact,
    Geometry,
    Motion,
    Pose,
    Stroke,
    combine,
    press_hold,
    release,
    scan,
    smooth,
)

LESSON_ID = "ashiatsu-with-bars"

# back.svg: centre lines of the muscle strips beside the spine (spine: x 273-287)
_STRIP_X = {"left": 260.0, "right": 300.0}
_TOP, _BOTTOM = 110.0, 314.0  # from the upper back down to just above the sacrum
_LOW_RIBS = 226.0  # below here the glide eases off (floating ribs and kidney level)
_HEEL_SIZE, _BALL_SIZE = 0.55, 0.9  # a narrow heel and a wide ball, within the strip
_GLIDE = 0.62  # firm but comfortable, below videolib.FIRM
_COMPRESS = 0.66
_ZOOM = "work-area"  # an invisible frame in back.svg around the working area of the back
_HEAD: tuple[float, float] = (440.0, 286.0)  # the client's head in setup-bars.svg

_NO_PRESSURE = (
    "spine",
    "floating-ribs-left",
    "floating-ribs-right",
    "kidney-area-left",
    "kidney-area-right",
)


def _mix(a: float, b: float, k: float) -> float:
    return a + (b - a) * k


def _foot(x: float, y: float, pressure: float, opacity: float = 1.0) -> tuple[Contact, Contact]:
    """Heel and ball of the working foot, toes towards the client's head."""
    heel = Contact(x, y + 10, pressure * 0.85, "palm", _HEEL_SIZE, opacity)
    ball = Contact(x, y - 10, pressure, "thumb", _BALL_SIZE, opacity)
    return heel, ball


def _parked(side: str, y: float) -> tuple[Contact, Contact]:
    return _foot(_STRIP_X[side], y, 0.0, 0.0)


def _glide_pressure(y: float) -> float:
    """Firm but comfortable on the upper and mid back, lighter from the lowest ribs down."""
    return _mix(_GLIDE, 0.42, smooth((y - _LOW_RIBS) / 22.0))


def _glide_one(side: str, v: float) -> tuple[Contact, Contact]:
    """One side: fade in at the top, glide down, return lightly, fade out (v = 0..1)."""
    x = _STRIP_X[side]
    if v < 0.08:
        k = smooth(v / 0.08)
        return _foot(x, _TOP, 0.25 * k, k)
    if v < 0.62:
        k = smooth((v - 0.08) / 0.54)
        y = _mix(_TOP, _BOTTOM, k)
        build = smooth((v - 0.08) / 0.1)
        return _foot(x, y, _mix(0.25, _glide_pressure(y), build))
    if v < 0.92:
        k = smooth((v - 0.62) / 0.3)
        y = _mix(_BOTTOM, _TOP, k)
        return _foot(x, y, _mix(0.42, 0.22, smooth((v - 0.62) / 0.06)))
    k = 1 - smooth((v - 0.92) / 0.08)
    return _foot(x, _TOP, 0.22 * k, k)


def glide_both_sides() -> Motion:
    """Long gliding strokes: the client's left strip first, then the right."""

    def motion(u: float, geo: Geometry) -> Pose:
        if u < 0.5:
            left = _glide_one("left", u * 2)
            right = _parked("right", _TOP)
        else:
            left = _parked("left", _TOP)
            right = _glide_one("right", min(1.0, (u - 0.5) * 2))
        return Pose((*left, *right))

    return motion


_COMPRESSIONS: tuple[tuple[str, float], ...] = (
    ("left", 135.0),
    ("left", 190.0),
    ("right", 135.0),
    ("right", 190.0),
)


def compressions() -> Motion:
    """Slow build-up, short hold, slow release; then a little further down, then the other side."""

    def motion(u: float, geo: Geometry) -> Pose:
        n = len(_COMPRESSIONS)
        i = min(n - 1, int(u * n))
        s = u * n - i
        side, y = _COMPRESSIONS[i]
        prev = _COMPRESSIONS[i - 1] if i > 0 else None
        opacity = 1.0
        if s < 0.15:  # place the foot: slide lightly from the last spot, or fade in on a new side
            k = smooth(s / 0.15)
            if prev is not None and prev[0] == side:
                y = _mix(prev[1], y, k)
            else:
                opacity = k
            p = 0.12
        elif s < 0.5:
            p = _mix(0.12, _COMPRESS, smooth((s - 0.15) / 0.35))
        elif s < 0.65:
            p = _COMPRESS
        elif s < 0.9:
            p = _mix(_COMPRESS, 0.12, smooth((s - 0.65) / 0.25))
        else:
            nxt = _COMPRESSIONS[i + 1] if i + 1 < n else None
            fade = nxt is None or nxt[0] != side
            p = 0.12 * (1 - smooth((s - 0.9) / 0.1)) if fade else 0.12
            opacity = 1 - smooth((s - 0.9) / 0.1) if fade else 1.0
        active = _foot(_STRIP_X[side], y, p, opacity)
        other = "right" if side == "left" else "left"
        first_other = next((yy for ss, yy in _COMPRESSIONS if ss == other), _TOP)
        idle = _parked(other, first_other)
        feet = (active, idle) if side == "left" else (idle, active)
        return Pose((*feet[0], *feet[1]))

    return motion


def pumping(side: str = "right", pumps: int = 6) -> Motion:
    """A slow, even press-and-ease rhythm with the foot kept on the skin, moving along the strip."""

    def motion(u: float, geo: Geometry) -> Pose:
        x = _STRIP_X[side]
        y = _mix(140.0, 205.0, smooth(u))
        wave = math.sin(math.pi * pumps * u) ** 2
        fade = smooth(u / 0.08) * smooth((1 - u) / 0.08)
        p = (0.3 + 0.28 * wave) * fade
        return Pose(_foot(x, y, p, smooth(u / 0.05)))

    return motion


def ease_on_request(target: str) -> Motion:
    """The working foot in the side view: firm, then lighter when the client asks for less."""

    def motion(u: float, geo: Geometry) -> Pose:
        x, y = geo.center(target)
        p = _mix(0.6, 0.38, smooth((u - 0.45) / 0.2))
        p *= smooth(u / 0.12) * smooth((1 - u) / 0.12)
        return Pose((Contact(x, y, p, "palm", 0.9),))

    return motion


STROKES: dict[str, Stroke] = {
    "screen-client": Stroke(
        scan(BACK_NO_PRESSURE_TOUR),
        "Ask and check before anything else. Show the client the no-pressure zones: "
        "neck, spine, floating ribs, kidney area, sacrum.",
        avoid=_NO_PRESSURE,
    ),
    "check-yourself": Stroke(
        scan(["therapist", "standing-foot", "working-foot"]),
        "Check yourself too: no dizziness, full feeling in your feet, "
        "no infection or cuts on them. Otherwise, no ashiatsu today.",
    ),
    "prepare": Stroke(
        scan(["table", "bars", "step-stool"]),
        "Clean feet, short nails. A stable table rated for the working weight, "
        "firm bars, a step stool, oil on the back.",
    ),
    "mount": Stroke(
        scan(["step-stool", "hands-on-bars", "standing-foot", "working-foot"]),
        "Up from the stool, hands on the bars first, standing foot on the table, "
        "then the working foot rests lightly beside the spine.",
    ),
    "glide": Stroke(
        glide_both_sides(),
        "The marker is the working foot (heel and ball). Slow glides down the strip beside "
        "the spine, lighter from the lowest ribs down, never crossing the spine.",
        focus=_ZOOM,
    ),
    "compress": Stroke(
        compressions(),
        "Let a little weight off the bars into the foot, slowly; hold; take it back "
        "slowly. Move down a little, then the other side.",
        focus=_ZOOM,
    ),
    "pump": Stroke(
        pumping(),
        "Slow, even press and ease, the foot never leaving the skin. No bouncing, no hopping.",
        focus=_ZOOM,
    ),
    "check-in": Stroke(
        combine(press_hold(_HEAD, tool="look"), ease_on_request("working-foot")),
        "Keep asking about pressure. The client wants less: take more weight into the bars.",
    ),
    "finish": Stroke(
        combine(
            release(press_hold("working-foot", pressure=0.35, size=0.9)),
            scan(["hands-on-bars", "step-stool", _HEAD]),
        ),
        "Foot off, weight into the bars, down onto the stool. "
        "The client lies still a moment, then gets up slowly.",
    ),
}
