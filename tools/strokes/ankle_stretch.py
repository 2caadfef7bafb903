"""Stroke scripts for "The ankle stretch" demonstration video (diagram: ankle-side.svg).

The thumbs circle on the soft tissue around the ankle bones, one after the other, never on the
bones. The stretches are slow and gentle ("moderate" at most): the working hand moves the foot a
little in the direction of the stretch, pauses at the first resistance and lets it return.
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

LESSON_ID = "ankle-stretch"

CIRCLES = 0.5  # thumb circles around the ankle bones: moderate
STRETCH = 0.42  # the stretches: gentle, moderate at most
_CALF: Point = (277.0, 150.0)  # back of the lower leg, where the holding hand goes
_BACK_OF_ANKLE: Point = (272.0, 262.0)  # fingers lightly around the back of the leg above the heel
_BALL: Point = (110.8, 385.3)  # ball of the foot (ankle-side.svg)
_INSTEP: Point = (140.0, 347.0)  # top of the foot
_TOWARDS_SHIN: Point = (-4.0, -9.0)  # how the ball moves as the foot eases towards the shin
_TOES_AWAY: Point = (2.0, 9.0)  # how the instep moves as the toes point away


def alternating_thumbs(rings: tuple[str, str], *, laps: float = 1.0, beats: int = 6) -> Motion:
    """Two thumbs, each making small circles while travelling around its own ankle bone's ring.

    The pressure passes from one thumb to the other ``beats`` times; the thumbs stay on the middle
    of the soft-tissue ring, well clear of the bone it surrounds.
    """

    def motion(u: float, geo: Geometry) -> Pose:
        ramp = smooth(u / 0.1) * smooth((1 - u) / 0.1)
        contacts = []
        for i, ring in enumerate(rings):
            b = geo.bounds(ring)
            cx, cy = b.center().x(), b.center().y()
            rx, ry = b.width() * 0.4, b.height() * 0.4  # the middle of the ring
            a = 2 * math.pi * (laps * u + 0.5 * i) + math.pi / 2
            small = 2 * math.pi * 10 * u
            x = cx + rx * math.cos(a) + 2.5 * math.cos(small)
            y = cy + ry * math.sin(a) + 2.5 * math.sin(small)
            turn = 0.5 + 0.5 * math.sin(math.pi * beats * u + math.pi * i)
            contacts.append(Contact(x, y, CIRCLES * ramp * (0.35 + 0.65 * turn), "thumb"))
        return Pose(tuple(contacts))

    return motion


def stretch(at: Point, towards: Point, *, repeats: int = 1, pressure: float = STRETCH) -> Motion:
    """Ease the foot slowly in one direction, pause at the first resistance, let it return."""

    def motion(u: float, geo: Geometry) -> Pose:
        phase = (u * repeats) % 1.0
        out = smooth(phase / 0.45) * (1 - smooth((phase - 0.7) / 0.25))
        p = pressure * (0.25 + 0.75 * out) * smooth(u / 0.08) * smooth((1 - u) / 0.05)
        x, y = at[0] + towards[0] * out, at[1] + towards[1] * out
        return Pose((Contact(x, y, p, "palm"),))

    return motion


def both_stretches() -> Motion:
    """The back stretch, then the front stretch, twice: each only to the first resistance."""
    back = stretch(_BALL, _TOWARDS_SHIN, pressure=STRETCH * 0.9)
    front = stretch(_INSTEP, _TOES_AWAY, pressure=STRETCH * 0.9)

    def motion(u: float, geo: Geometry) -> Pose:
        k = min(3, int(u * 4))
        part = u * 4 - k
        return (back if k % 2 == 0 else front)(part, geo)

    return motion


STROKES: dict[str, Stroke] = {
    "check-first": Stroke(
        scan(["calf", "achilles", "around-medial-malleolus", "instep", "around-lateral-malleolus"]),
        "Ask and look first: a fresh sprain or injury, signs of a clot in the calf, "
        "a gout flare, varicose veins? If in doubt, don't start.",
    ),
    "raise-leg": Stroke(
        support(_CALF, lift=True),
        "Raise the lower leg a little, knee comfortably bent, resting in your hands.",
    ),
    "thumb-circles": Stroke(
        combine(
            support(_BACK_OF_ANKLE),
            alternating_thumbs(("around-medial-malleolus", "around-lateral-malleolus")),
        ),
        "Fingers lightly behind the leg. Thumb pads circle one after the other "
        "around each ankle bone, never on it.",
        avoid=("medial-malleolus", "lateral-malleolus"),
    ),
    "achilles-stretch": Stroke(
        combine(support(_CALF), stretch(_BALL, _TOWARDS_SHIN)),
        "Hand on the ball of the foot: ease the foot slowly towards the shin. "
        "Stop at the first resistance; the stretch is felt at the back of the heel.",
        avoid=("medial-malleolus",),
    ),
    "front-stretch": Stroke(
        combine(support(_CALF), stretch(_INSTEP, _TOES_AWAY)),
        "Hand over the instep: ease the foot the other way, toes pointing. "
        "Stop at the first resistance; the front of the ankle is stretched.",
        avoid=("medial-malleolus",),
    ),
    "repeat-both": Stroke(
        combine(support(_CALF), both_stretches()),
        "Repeat both, slowly. Each time only as far as the ankle moves easily: "
        "never push to gain range.",
    ),
    "lower-leg": Stroke(
        release(support(_CALF)),
        "Lower the leg gently with both hands, then ask how the ankle feels.",
    ),
}
