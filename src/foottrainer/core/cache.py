"""A start-up cache of the validated lesson library. Qt-free.

Parsing and validating every lesson (YAML, schema, SVG region ids) is the slowest part of
start-up, so the app keeps the result as JSON in its data folder. The cache is used only when
nothing it depends on has changed: the list of lesson files and each file's size and
modification time, every media file the lessons refer to (including whether it exists), and
the loader's own code. Anything unreadable or stale falls back to a full load. JSON, not pickle:
reading the cache can never run code.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from foottrainer import __version__
from foottrainer.core.catalog import Catalog, lesson_files, load_catalog
from foottrainer.core.errors import LessonError
from foottrainer.core.export import catalog_json
from foottrainer.core.model import (
    Chapter,
    Diagram,
    Lesson,
    Option,
    Question,
    QuestionType,
    Quiz,
    Reason,
    Source,
    Step,
    Video,
    VideoRange,
)
from foottrainer.resources import lessons_dir, resolve_media

CACHE_FORMAT = 2
_CODE = [
    Path(__file__).with_name(n)
    for n in (
        "lessons.py",
        "schema.py",
        "yamlsafe.py",
        "model.py",
        "catalog.py",
        "cache.py",
        "lesson.schema.json",
    )
]


def _stat(path: Path) -> list[Any]:
    try:
        st = path.stat()
    except OSError:
        return [str(path), None, None]
    return [str(path), st.st_size, st.st_mtime_ns]


def _key(roots: Sequence[Path]) -> dict[str, Any]:
    files = [[_stat(f) for f in lesson_files(root)] for root in roots]
    return {
        "format": CACHE_FORMAT,
        "version": __version__,
        "code": [_stat(p) for p in _CODE],
        "roots": [str(r.resolve()) if r.exists() else str(r) for r in roots],
        "files": files,
    }


def _media(lesson: Lesson) -> list[Path]:
    paths = [d.path for d in lesson.diagrams] + [v.path for v in lesson.videos]
    return paths + [resolve_media(ref, lesson.folder) for ref in lesson.image_refs]


def load_catalog_cached(roots: Sequence[Path], cache_file: Path) -> Catalog:
    """Like :func:`load_catalog`, reusing ``cache_file`` when nothing has changed."""
    key = _key(roots)
    try:
        data = json.loads(cache_file.read_text("utf-8"))
        if data["key"] == key and all(_stat(Path(m[0])) == m for m in data["media"]):
            return _decode(data["catalog"])
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        pass  # no cache yet, or an unusable one: load for real
    catalog = load_catalog(roots)
    if not catalog.errors:  # a broken lesson's dependencies are unknown: never cache it
        media = sorted({str(p) for lesson in catalog.lessons for p in _media(lesson)})
        payload = {
            "key": key,
            "media": [_stat(Path(m)) for m in media],
            "catalog": catalog_json(catalog),
        }
        _write_atomically(cache_file, json.dumps(payload, ensure_ascii=False))
    return catalog


def load_library(extra: Sequence[Path] = (), cache_file: Path | None = None) -> Catalog:
    """The bundled lessons plus ``extra`` folders (later ones replace lessons by id), through
    ``cache_file`` when given."""
    roots = [lessons_dir(), *extra]
    return load_catalog_cached(roots, cache_file) if cache_file else load_catalog(roots)


def _write_atomically(path: Path, text: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temp = path.with_suffix(f".tmp{os.getpid()}")
        temp.write_text(text, "utf-8")
        temp.replace(path)
    except OSError:
        pass  # a read-only data folder only costs speed


# -- decoding (the cache holds ``catalog --json``'s own format) ------------------------------
def _decode(data: dict[str, Any]) -> Catalog:
    return Catalog(lessons=[_lesson(d) for d in data["lessons"]])


def _lesson(d: dict[str, Any]) -> Lesson:
    media = d["media"]
    quiz = d["quiz"]
    return Lesson(
        id=d["id"],
        title=d["title"],
        topic=d["topic"],
        summary=d["summary"],
        minutes=d["minutes"],
        objectives=tuple(d["objectives"]),
        file=Path(d["file"]),
        body=d["body"],
        order=d["order"],
        kind=d["kind"],
        safety_notes=tuple(d["safety_notes"]),
        sources=tuple(Source(s["title"], s["url"], s["note"]) for s in d["sources"]),
        steps=tuple(
            Step(
                s["id"],
                s["number"],
                s["title"],
                s["instruction"],
                s["why"],
                s["caution"],
                s["diagram"],
                tuple(s["regions"]),
                VideoRange(s["video"]["id"], s["video"]["start"], s["video"]["end"])
                if s["video"]
                else None,
            )
            for s in d["steps"]
        ),
        diagrams=tuple(
            Diagram(g["id"], Path(g["path"]), g["title"], dict(g["regions"]))
            for g in media["diagrams"]
        ),
        videos=tuple(
            Video(
                v["id"],
                Path(v["path"]),
                v["title"],
                tuple(Chapter(c["title"], c["start"], c["end"], c["step"]) for c in v["chapters"]),
            )
            for v in media["videos"]
        ),
        quiz=Quiz(
            questions=tuple(_question(q) for q in d["questions"]),
            pass_mark=quiz["pass_mark"],
            safety_pass_mark=quiz["safety_pass_mark"],
        ),
        problems=tuple(
            LessonError(
                Path(e["file"]), e["line"], e["column"], e["field"], e["message"], e["expected"]
            )
            for e in d["problems"]
        ),
    )


def _question(q: dict[str, Any]) -> Question:
    explanations = q["explanations"]
    return Question(
        id=q["id"],
        type=QuestionType(q["type"]),
        prompt=q["prompt"],
        step_id=q["step"],
        tags=tuple(q["tags"]),
        options=tuple(Option(o["id"], o["text"], explanations[o["id"]]) for o in q["options"]),
        answer=q["answer"],
        diagram_id=q.get("diagram", ""),
        reasons=tuple(Reason(r["id"], r["text"]) for r in q.get("reasons", [])),
        shuffle=q.get("shuffle", True) is not False,
    )
