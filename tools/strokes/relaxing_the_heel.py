"""Stroke scripts for the "Relaxing the heel" demonstration video."""

from __future__ import annotations

from videolib import (
    Point,
    Stroke,
    back_and_forth,
    circles,
    combine,
    press_hold,
    release,
    scan,
    steady,
    support,
)

LESSON_ID = "relaxing-the-heel"

_INSTEP: Point = (205.0, 222.0)  # top of the foot in foot-medial.svg, for the steadying hand
_UNDER_HEEL: Point = (352.0, 300.0)  # just under the heel in foot-medial.svg

STROKES: dict[str, Stroke] = {
    "check-first": Stroke(
        scan(["toes", "ball", "lateral-edge", "heel", "heel-inner-ridge", "medial-arch"]),
        "Look and ask before you touch: signs of a clot, wounds, injury, a gout flare, "
        "athlete's foot or warts. If in doubt, don't start.",
    ),
    "raise-foot": Stroke(
        support(_UNDER_HEEL, lift=True),
        "Cup the heel in your supporting hand and raise the foot slightly: "
        "just enough to free the sides of the heel.",
    ),
    "heel-circles": Stroke(
        combine(support(_UNDER_HEEL), circles("below-malleolus", turns=4, radius=0.28)),
        "Heel of the hand: slow, flowing circles just below the ankle bone. "
        "Firm but comfortable, never on the bone.",
        avoid=("medial-malleolus",),
    ),
    "change-hands": Stroke(
        circles("below-lateral-malleolus", turns=3.5, radius=0.22, size=0.5),
        "Change hands for the outer side. The outer ankle bone sits lower, "
        "so the circles go a little lower here.",
        focus="inset",
        avoid=("lateral-malleolus",),
    ),
    "thumb-stroke": Stroke(
        combine(support(_INSTEP), back_and_forth("heel-inner-ridge", passes=6)),
        "Steady the foot. The thumb pad strokes slowly back and forth just under "
        "the inner ridge of the heel, thumb slightly bent.",
    ),
    "finish": Stroke(
        release(combine(support(_UNDER_HEEL), steady(press_hold("below-malleolus"), 0.45))),
        "Lighter, slower, then hands away. Lower the foot gently and ask how it felt.",
    ),
}
