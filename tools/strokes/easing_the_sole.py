"""Stroke scripts for the "Easing the sole" demonstration video.

The release on one spot is shown in three steps (sink in, circle slowly, release slowly), then the
band order. Pressure stays at or below the "firm but comfortable" zone and changes slowly: the
thumb never jabs in or flicks off.
"""

from __future__ import annotations

import math

from videolib import (
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
)

LESSON_ID = "easing-the-sole"

DEPTH = 0.56  # a comfortable release depth: "moderate"; following the tissue adds 0.03 at most
_SPOT: Point = (294.0, 250.0)  # first spot: heel end of the inner arch, in foot-plantar.svg
_UNDER_HEEL: Point = (352.0, 300.0)  # under the heel in foot-medial.svg
_TOP_OF_FOOT: Point = (176.0, 228.0)  # the top of the foot in foot-medial.svg

# Spots of each band (foot-plantar.svg), from the heel to the base of the toes; inner band first.
_BANDS: tuple[tuple[Point, ...], ...] = (
    ((274.0, 304.0), (294.0, 250.0), (304.0, 180.0), (306.0, 114.0)),
    ((248.0, 304.0), (258.0, 250.0), (262.0, 180.0), (256.0, 112.0)),
    ((224.0, 304.0), (206.0, 250.0), (196.0, 180.0), (198.0, 116.0)),
)


def sink(spot: Point, depth: float = DEPTH) -> Motion:
    """The thumb pad settles on the spot and sinks slowly to the first barrier, then waits."""

    def motion(u: float, geo: Geometry) -> Pose:
        return Pose((Contact(spot[0], spot[1], depth * smooth(u / 0.8), "thumb"),))

    return motion


def circle_on_spot(spot: Point, *, turns: float = 3, radius: float = 3.5) -> Motion:
    """Very small, slow circles on one spot at a steady depth (the skin is not slid over)."""

    def motion(u: float, geo: Geometry) -> Pose:
        a = 2 * math.pi * turns * u
        p = DEPTH + 0.03 * smooth(u)  # follows the softening tissue a little, no more
        x, y = spot[0] + radius * math.sin(a), spot[1] - radius * math.cos(a)
        return Pose((Contact(x, y, p, "thumb"),))

    return motion


def ease_out(spot: Point, depth: float = DEPTH + 0.03) -> Motion:
    """The pressure comes off as slowly as it went on; then the thumb leaves the spot."""

    def motion(u: float, geo: Geometry) -> Pose:
        p = depth * (1 - smooth(u / 0.85))
        fade = 1 - smooth((u - 0.85) / 0.15)
        return Pose((Contact(spot[0], spot[1], p, "thumb", opacity=fade),))

    return motion


def bands(spots: tuple[tuple[Point, ...], ...]) -> Motion:
    """Spot by spot along each band: move with light contact, sink, hold, release slowly."""
    sequence = [p for band in spots for p in band]

    def motion(u: float, geo: Geometry) -> Pose:
        n = len(sequence)
        k = min(n - 1, int(u * n))
        phase = u * n - k
        here = sequence[k]
        if phase < 0.15 and k > 0:  # glide over from the last spot with the pressure off
            before = sequence[k - 1]
            g = smooth(phase / 0.15)
            x = before[0] + (here[0] - before[0]) * g
            y = before[1] + (here[1] - before[1]) * g
            return Pose((Contact(x, y, 0.05, "thumb"),))
        if phase < 0.45:
            p = DEPTH * smooth((phase - 0.15) / 0.3)
        elif phase < 0.75:
            p = DEPTH
        else:
            p = DEPTH * (1 - smooth((phase - 0.75) / 0.25))
        wobble = 2.5 * math.sin(2 * math.pi * 2 * phase) if 0.45 <= phase < 0.75 else 0.0
        return Pose((Contact(here[0] + wobble, here[1], max(p, 0.05), "thumb"),))

    return motion


STROKES: dict[str, Stroke] = {
    "check-first": Stroke(
        scan(["toes", "ball", "lateral-edge", "heel", "heel-inner-ridge", "medial-arch"]),
        "Look and ask before you touch: between the toes, the ball, the heel. "
        "Athlete's foot, warts, wounds, signs of a clot, reduced feeling?",
    ),
    "support-foot": Stroke(
        combine(support(_UNDER_HEEL, lift=True), support(_TOP_OF_FOOT)),
        "Raise the foot slightly and let it rest in both hands: "
        "fingers around the top, thumbs free on the sole.",
    ),
    "sink-in": Stroke(
        sink(_SPOT),
        "Thumb pad on the inner arch, near the heel. Sink in slowly to the first "
        "resistance, then stop. No body weight.",
    ),
    "rotate-on-spot": Stroke(
        circle_on_spot(_SPOT),
        "Tiny, slow circles on this one spot at the same depth. Wait for the tissue to "
        "soften; follow it only as far as it lets you.",
    ),
    "release-slowly": Stroke(
        ease_out(_SPOT),
        "Ease out as slowly as you went in before moving to the next spot.",
    ),
    "work-in-bands": Stroke(
        bands(_BANDS),
        "Band by band, heel to the base of the toes: inner arch, middle, outer edge. "
        "Shortened here: give each spot the time it needs.",
    ),
    "finish": Stroke(
        release(combine(support(_UNDER_HEEL), support(_TOP_OF_FOOT))),
        "Thumbs away slowly, lower the foot gently, and ask how it felt.",
    ),
}
