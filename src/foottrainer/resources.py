"""Finds the bundled lessons and assets. Qt-free.

In a wheel the repository's ``lessons/`` and ``assets/`` folders are shipped inside the package
as ``foottrainer/_bundled/``; in a source checkout (including editable installs) they are read
from the repository root.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
ASSET_PREFIX = "asset:"


def bundled_root() -> Path:
    """The folder holding ``lessons/`` and ``assets/``."""
    shipped = _PACKAGE / "_bundled"
    if (shipped / "lessons").is_dir():
        return shipped
    return _PACKAGE.parent.parent  # src/foottrainer → repository root


def lessons_dir() -> Path:
    return bundled_root() / "lessons"


def assets_dir() -> Path:
    return bundled_root() / "assets"


def resolve_media(reference: str, lesson_folder: Path) -> Path:
    """``asset:diagrams/foot.svg`` → the bundled asset; anything else is relative to the lesson."""
    if reference.startswith(ASSET_PREFIX):
        return assets_dir() / reference.removeprefix(ASSET_PREFIX)
    return lesson_folder / reference
