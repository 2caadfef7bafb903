"""The lesson page as markdown (rendered by Qt's markdown support in the UI). Qt-free."""

from __future__ import annotations

import re

from foottrainer.core.model import MARKDOWN_IMAGE, REMOTE, Lesson
from foottrainer.resources import resolve_media


def _absolute_images(body: str, lesson: Lesson) -> str:
    def replace(match: re.Match[str]) -> str:
        ref = match.group(2)
        if REMOTE.match(ref):
            return match.group(0)
        return f"{match.group(1)}{resolve_media(ref, lesson.folder).resolve().as_uri()}"

    return MARKDOWN_IMAGE.sub(replace, body)


def step_markdown(lesson: Lesson) -> str:
    parts = []
    for step in lesson.steps:
        parts.append(f"### {step.number}. {step.title}\n\n{step.instruction}\n")
        parts.append(f"**Why:** {step.why}\n")
        if step.caution:
            parts.append(f"> **⚠ Caution:** {step.caution}\n")
    return "\n".join(parts)


def lesson_markdown(lesson: Lesson) -> str:
    """Title, objectives, body, steps (each with its reason and caution), safety, sources."""
    out = [
        f"# {lesson.title}\n",
        f"*{lesson.topic} · about {lesson.minutes} minutes*\n",
        f"{lesson.summary}\n",
        "## What you will learn\n",
        *(f"- {o}" for o in lesson.objectives),
        "",
    ]
    if lesson.body.strip():
        out += [_absolute_images(lesson.body.strip(), lesson), ""]
    out += ["## Steps\n", step_markdown(lesson)]
    out += ["## Safety\n", *(f"- ⚠ {n}" for n in lesson.safety_notes), ""]
    out += ["## Sources\n"]
    for i, source in enumerate(lesson.sources, 1):
        note = f" — {source.note}" if source.note else ""
        out.append(f"{i}. [{source.title}]({source.url}){note}")
    return "\n".join(out) + "\n"
