"""The lesson library: every lesson found under one or more folders, broken ones set aside."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from .errors import LessonError, LessonFileError
from .model import Lesson

LESSON_SUFFIXES = (".yaml", ".yml")


def lesson_files(root: Path) -> list[Path]:
    """A lesson file itself, or every .yaml/.yml file under a folder (hidden folders skipped)."""
    if root.is_file():
        return [root]
    if not root.is_dir():
        return []
    found = [
        p
        for p in root.rglob("*")
        if p.suffix.lower() in LESSON_SUFFIXES
        and p.is_file()
        and not any(part.startswith(".") for part in p.relative_to(root).parts)
    ]
    return sorted(found)


class Catalog:
    """The loaded lessons, and the problems that kept other lessons out of the library."""

    def __init__(
        self, lessons: list[Lesson] | None = None, errors: list[LessonError] | None = None
    ) -> None:
        self.lessons: list[Lesson] = lessons if lessons is not None else []
        self.errors: list[LessonError] = errors if errors is not None else []

    @property
    def warnings(self) -> list[LessonError]:
        """Problems in loaded lessons that do not stop them opening (e.g. a missing video)."""
        return [p for lesson in self.lessons for p in lesson.problems]

    def get(self, lesson_id: str) -> Lesson | None:
        return next((lesson for lesson in self.lessons if lesson.id == lesson_id), None)

    def topics(self) -> list[tuple[str, list[Lesson]]]:
        """Lessons grouped by topic; topics ordered by their first lesson's ``order``."""
        groups: dict[str, list[Lesson]] = {}
        for lesson in self.lessons:
            groups.setdefault(lesson.topic, []).append(lesson)
        return sorted(groups.items(), key=lambda kv: (min(x.order for x in kv[1]), kv[0]))


def load_catalog(roots: Sequence[Path]) -> Catalog:
    """Load every lesson under ``roots``. A lesson in a later root replaces one with the same id
    from an earlier root (an instructor's folder overrides the bundled lessons); two lessons with
    the same id in one root are an error on the second file."""
    catalog = Catalog()
    by_id: dict[str, Lesson] = {}
    for root in roots:
        if not root.exists():
            catalog.errors.append(
                LessonError(root, 0, 0, "", "lesson folder not found", "an existing folder")
            )
            continue
        seen_here: dict[str, Path] = {}
        for lesson in _load_files(lesson_files(root), catalog.errors):
            if lesson.id in seen_here:
                catalog.errors.append(
                    LessonError(
                        lesson.file,
                        1,
                        1,
                        "id",
                        f"duplicate lesson id {lesson.id!r}, already used by "
                        f"{seen_here[lesson.id]}",
                        "a unique lesson id",
                    )
                )
                continue
            seen_here[lesson.id] = lesson.file
            by_id[lesson.id] = lesson
    catalog.lessons = sorted(by_id.values(), key=lambda x: (x.order, x.topic, x.title))
    return catalog


def try_load(file: Path) -> tuple[Lesson | None, list[LessonError]]:
    """Load one lesson; never raises. Returns the lesson (or None) and its fatal problems."""
    # Imported here so that a start-up served from the cache never loads the YAML parser.
    from .lessons import load_lesson  # noqa: PLC0415

    try:
        return load_lesson(file), []
    except LessonFileError as exc:
        return None, exc.errors
    except (RecursionError, MemoryError):
        return None, [LessonError(file, 0, 0, "", "document is too deeply nested or too big")]
    except Exception as exc:  # one broken file must never stop the others
        return None, [LessonError(file, 0, 0, "", f"unexpected error while reading: {exc!r}")]


def _load_files(files: Iterable[Path], errors: list[LessonError]) -> Iterable[Lesson]:
    for file in files:
        lesson, problems = try_load(file)
        errors.extend(problems)
        if lesson is not None:
            yield lesson
