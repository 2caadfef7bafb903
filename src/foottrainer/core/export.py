"""Plain-data (JSON-ready) views of the lesson library, for ``foottrainer catalog --json``."""

from __future__ import annotations

from typing import Any

from .catalog import Catalog
from .errors import LessonError
from .model import Lesson, Question


def error_json(e: LessonError) -> dict[str, Any]:
    return {
        "file": str(e.file),
        "line": e.line,
        "column": e.column,
        "field": e.field,
        "message": e.message,
        "expected": e.expected,
    }


def question_json(q: Question) -> dict[str, Any]:
    return {
        "id": q.id,
        "type": q.type.value,
        "prompt": q.prompt,
        "step": q.step_id,
        "tags": list(q.tags),
        "options": [{"id": o.id, "text": o.text} for o in q.options],
        "answer": q.answer,
        "explanations": {o.id: o.explanation for o in q.options},
        **({"diagram": q.diagram_id} if q.diagram_id else {}),
        **({"reasons": [{"id": r.id, "text": r.text} for r in q.reasons]} if q.reasons else {}),
        **({} if q.shuffle else {"shuffle": False}),
    }


def lesson_json(lesson: Lesson) -> dict[str, Any]:
    return {
        "id": lesson.id,
        "title": lesson.title,
        "topic": lesson.topic,
        "summary": lesson.summary,
        "minutes": lesson.minutes,
        "objectives": list(lesson.objectives),
        "order": lesson.order,
        "kind": lesson.kind,
        "body": lesson.body,
        "file": str(lesson.file),
        "steps": [
            {
                "id": s.id,
                "number": s.number,
                "title": s.title,
                "instruction": s.instruction,
                "why": s.why,
                "caution": s.caution,
                "diagram": s.diagram_id,
                "regions": list(s.regions),
                "video": (
                    {"id": s.video.video_id, "start": s.video.start, "end": s.video.end}
                    if s.video
                    else None
                ),
            }
            for s in lesson.steps
        ],
        "safety_notes": list(lesson.safety_notes),
        "media": {
            "diagrams": [
                {"id": d.id, "path": str(d.path), "title": d.title, "regions": d.regions}
                for d in lesson.diagrams
            ],
            "videos": [
                {
                    "id": v.id,
                    "path": str(v.path),
                    "title": v.title,
                    "chapters": [
                        {"title": c.title, "start": c.start, "end": c.end, "step": c.step_id}
                        for c in v.chapters
                    ],
                }
                for v in lesson.videos
            ],
        },
        "sources": [{"title": s.title, "url": s.url, "note": s.note} for s in lesson.sources],
        "quiz": {
            "pass_mark": lesson.quiz.pass_mark,
            "safety_pass_mark": lesson.quiz.safety_pass_mark,
        },
        "questions": [question_json(q) for q in lesson.quiz.questions],
        "problems": [error_json(p) for p in lesson.problems],
    }


def catalog_json(catalog: Catalog) -> dict[str, Any]:
    return {"lessons": [lesson_json(lesson) for lesson in catalog.lessons]}
