"""Loading one lesson file: safe YAML → schema check → cross-reference checks → :class:`Lesson`."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path
from typing import Any

from foottrainer.resources import resolve_media

from .errors import LessonError, LessonFileError
from .model import (
    MARKDOWN_IMAGE,
    REMOTE,
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
from .schema import check_schema
from .yamlsafe import Document, PathKey, load_yaml

VIDEO_SUFFIXES = (".mp4", ".webm", ".m4v")
MAX_SVG_BYTES = 2_000_000


def svg_element_ids(path: Path) -> set[str]:
    """Every ``id`` in an SVG file (size-bounded; expat refuses entity expansion bombs)."""
    if path.stat().st_size > MAX_SVG_BYTES:
        raise ValueError(f"SVG is larger than {MAX_SVG_BYTES:,} bytes")
    ids: set[str] = set()
    for _event, element in ET.iterparse(path, events=("start",)):
        value = element.get("id")
        if value:
            ids.add(value)
    return ids


def load_lesson(file: Path) -> Lesson:
    """Load and fully validate one lesson file. Raises :class:`LessonFileError` listing problems."""
    doc = load_yaml(file)
    if not isinstance(doc.data, dict):
        raise LessonFileError([doc.error((), "the top level is not a mapping", "a YAML mapping")])
    errors = check_schema(doc)
    if errors:
        raise LessonFileError(errors)
    return _Builder(doc).build()


class _Builder:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.d: dict[str, Any] = doc.data
        self.folder = doc.file.parent
        self.errors: list[LessonError] = []
        self.warnings: list[LessonError] = []  # problems that still let the lesson open

    def err(self, path: PathKey, message: str, expected: str = "") -> None:
        self.errors.append(self.doc.error(path, message, expected))

    def unique(self, items: list[dict[str, Any]], base: PathKey, what: str) -> None:
        counts = Counter(str(item.get("id")) for item in items)
        for i, item in enumerate(items):
            if counts[str(item.get("id"))] > 1:
                self.err((*base, i, "id"), f"duplicate {what} id {item.get('id')!r}", "unique ids")

    def build(self) -> Lesson:
        d = self.d
        media = d.get("media", {})
        diagrams = self.diagrams(media.get("diagrams", []))
        videos_raw = media.get("videos", [])
        steps = self.steps(d["steps"], diagrams, videos_raw)
        videos = self.videos(videos_raw, steps)
        quiz = self.quiz(d["quiz"], steps, diagrams)
        self.body_images(d.get("body", ""))
        if self.errors:
            raise LessonFileError(self.errors)
        return Lesson(
            id=d["id"],
            title=d["title"].strip(),
            topic=d["topic"].strip(),
            summary=d["summary"].strip(),
            minutes=d["minutes"],
            objectives=tuple(o.strip() for o in d["objectives"]),
            steps=steps,
            safety_notes=tuple(n.strip() for n in d["safety_notes"]),
            sources=tuple(Source(s["title"], s["url"], s.get("note", "")) for s in d["sources"]),
            quiz=quiz,
            file=self.doc.file,
            body=d.get("body", ""),
            order=d.get("order", 1000),
            kind=d.get("kind", "technique"),
            diagrams=tuple(diagrams.values()),
            videos=videos,
            problems=tuple(self.warnings),
        )

    # -- media -------------------------------------------------------------------------------
    def media_file(self, ref: str, path: PathKey, suffixes: tuple[str, ...]) -> Path | None:
        target = resolve_media(ref, self.folder)
        if target.suffix.lower() not in suffixes:
            self.err(path, f"{ref!r} has an unsupported file type", " or ".join(suffixes))
            return None
        if not target.is_file():
            # Not fatal: the page opens and says what is missing where the media would be.
            self.warnings.append(
                self.doc.error(path, f"media file not found: {target}", "an existing file")
            )
        return target

    def diagrams(self, raw: list[dict[str, Any]]) -> dict[str, Diagram]:
        base: PathKey = ("media", "diagrams")
        self.unique(raw, base, "diagram")
        out: dict[str, Diagram] = {}
        for i, item in enumerate(raw):
            target = self.media_file(item["file"], (*base, i, "file"), (".svg",))
            if target is not None and target.is_file():
                try:
                    ids = svg_element_ids(target)
                except (ET.ParseError, ValueError, OSError) as exc:
                    self.err((*base, i, "file"), f"cannot read SVG {target}: {exc}", "a valid SVG")
                    continue
                for region in item["regions"]:
                    if region not in ids:
                        self.err(
                            (*base, i, "regions", region),
                            f"region {region!r} is not an element id in {target.name}",
                            "an id=... that exists in the SVG",
                        )
            if target is not None:
                out[item["id"]] = Diagram(item["id"], target, item["title"], dict(item["regions"]))
        return out

    def videos(self, raw: list[dict[str, Any]], steps: tuple[Step, ...]) -> tuple[Video, ...]:
        base: PathKey = ("media", "videos")
        self.unique(raw, base, "video")
        out = []
        for i, item in enumerate(raw):
            target = self.media_file(item["file"], (*base, i, "file"), VIDEO_SUFFIXES)
            chapters = [
                Chapter(s.title, s.video.start, s.video.end, s.id)
                for s in steps
                if s.video is not None and s.video.video_id == item["id"]
            ]
            for j, ch in enumerate(item.get("chapters", [])):
                if ch["end"] <= ch["start"]:
                    self.err(
                        (*base, i, "chapters", j, "end"),
                        "ends before it starts",
                        "end greater than start",
                    )
                chapters.append(Chapter(ch["title"], ch["start"], ch["end"]))
            if target is not None:
                chapters.sort(key=lambda c: c.start)
                out.append(Video(item["id"], target, item["title"], tuple(chapters)))
        return tuple(out)

    def body_images(self, body: str) -> None:
        for match in MARKDOWN_IMAGE.finditer(body):
            ref = match.group(2)
            if REMOTE.match(ref):
                self.err(
                    ("body",),
                    f"image {ref!r} is remote; lessons must work offline",
                    "a file next to the lesson",
                )
            elif not resolve_media(ref, self.folder).is_file():
                line = body.count("\n", 0, match.start())
                l0, c0 = self.doc.where(("body",))
                self.errors.append(
                    LessonError(
                        self.doc.file,
                        l0 + line + 1,
                        c0 if line == 0 else 1,
                        "body",
                        f"image not found: {ref}",
                        "an existing image file",
                    )
                )

    # -- steps -------------------------------------------------------------------------------
    def steps(
        self, raw: list[dict[str, Any]], diagrams: dict[str, Diagram], videos: list[dict[str, Any]]
    ) -> tuple[Step, ...]:
        self.unique(raw, ("steps",), "step")
        video_ids = [v["id"] for v in videos]
        first_diagram = next(iter(diagrams), "")
        out = []
        for i, s in enumerate(raw):
            path: PathKey = ("steps", i)
            diagram_id = s.get("diagram", "")
            regions = tuple(s.get("regions", []))
            if diagram_id and diagram_id not in diagrams:
                self.err(
                    (*path, "diagram"),
                    f"no diagram with id {diagram_id!r}",
                    f"one of: {', '.join(diagrams) or '(no diagrams in media)'}",
                )
            elif regions:
                diagram = diagrams.get(diagram_id or first_diagram)
                if diagram is None:
                    self.err(
                        (*path, "regions"),
                        "regions given but the lesson has no diagram",
                        "a diagram in media.diagrams",
                    )
                else:
                    for j, region in enumerate(regions):
                        if region not in diagram.regions:
                            self.err(
                                (*path, "regions", j),
                                f"{region!r} is not a region of diagram {diagram.id!r}",
                                f"one of: {', '.join(diagram.regions)}",
                            )
            video = None
            if "video" in s:
                v = s["video"]
                vid = v.get("id", video_ids[0] if video_ids else "")
                if vid not in video_ids:
                    self.err(
                        (*path, "video"),
                        f"no video with id {vid!r}",
                        f"one of: {', '.join(video_ids) or '(no videos in media)'}",
                    )
                if v["end"] <= v["start"]:
                    self.err(
                        (*path, "video", "end"),
                        f"ends ({v['end']}) before it starts ({v['start']})",
                        "end greater than start",
                    )
                video = VideoRange(vid, float(v["start"]), float(v["end"]))
            out.append(
                Step(
                    id=s["id"],
                    number=i + 1,
                    title=s["title"].strip(),
                    instruction=s["instruction"].strip(),
                    why=s["why"].strip(),
                    caution=s.get("caution", "").strip(),
                    diagram_id=diagram_id or (first_diagram if regions else ""),
                    regions=regions,
                    video=video,
                )
            )
        return tuple(out)

    # -- quiz --------------------------------------------------------------------------------
    def quiz(
        self, raw: dict[str, Any], steps: tuple[Step, ...], diagrams: dict[str, Diagram]
    ) -> Quiz:
        self.unique(raw["questions"], ("quiz", "questions"), "question")
        step_ids = [s.id for s in steps]
        questions = []
        for i, q in enumerate(raw["questions"]):
            question = self.question(q, ("quiz", "questions", i), step_ids, diagrams)
            if question is not None:
                questions.append(question)
        return Quiz(tuple(questions), raw.get("pass_mark", 80), raw.get("safety_pass_mark", 100))

    def question(
        self, q: dict[str, Any], path: PathKey, step_ids: list[str], diagrams: dict[str, Diagram]
    ) -> Question | None:
        qtype = QuestionType(q["type"])
        start = len(self.errors)
        if q["step"] not in step_ids:
            self.err(
                (*path, "step"), f"no step with id {q['step']!r}", f"one of: {', '.join(step_ids)}"
            )
        answer = q["answer"]
        raw_options: list[dict[str, Any]] = q.get("options", [])
        self.unique(raw_options, (*path, "options"), "option")
        option_ids = [o["id"] for o in raw_options]
        diagram: Diagram | None = None

        def check_refs(ids: list[str], where: PathKey, allowed: list[str], what: str) -> None:
            for j, ref in enumerate(ids):
                if ref not in allowed:
                    self.err(
                        (*where, j) if len(ids) > 1 or isinstance(answer, list) else where,
                        f"{ref!r} is not {what}",
                        f"one of: {', '.join(allowed)}",
                    )

        if qtype is QuestionType.TRUE_FALSE:
            if raw_options:
                self.err(
                    (*path, "options"),
                    "true_false questions take no options",
                    "explanations: {true: ..., false: ...}",
                )
            ex = q["explanations"]
            options: tuple[Option, ...] = (
                Option("true", "True", ex["true"]),
                Option("false", "False", ex["false"]),
            )
        else:
            if qtype is QuestionType.TAP_DIAGRAM:
                diagram = diagrams.get(q["diagram"])
                if diagram is None:
                    self.err(
                        (*path, "diagram"),
                        f"no diagram with id {q['diagram']!r}",
                        f"one of: {', '.join(diagrams) or '(no diagrams in media)'}",
                    )
                else:
                    check_refs(
                        option_ids,
                        (*path, "options"),
                        list(diagram.regions),
                        f"a region of diagram {diagram.id!r}",
                    )
            else:
                for j, o in enumerate(raw_options):
                    if "text" not in o:
                        self.err(
                            (*path, "options", j),
                            "missing required field 'text'",
                            "the option text",
                        )
            labels = diagram.regions if diagram else {}
            options = tuple(
                Option(o["id"], o.get("text") or labels.get(o["id"], o["id"]), o["explanation"])
                for o in raw_options
            )
        reasons = tuple(Reason(r["id"], r["text"]) for r in q.get("reasons", []))
        if qtype in (
            QuestionType.SINGLE_CHOICE,
            QuestionType.MULTIPLE_SELECT,
            QuestionType.TAP_DIAGRAM,
        ):
            refs = answer if isinstance(answer, list) else [answer]
            check_refs(refs, (*path, "answer"), option_ids, "an option id")
            if qtype is QuestionType.MULTIPLE_SELECT and len(answer) == len(option_ids):
                self.err(
                    (*path, "answer"),
                    "every option is correct",
                    "at least one wrong option to choose against",
                )
        elif qtype is QuestionType.ORDER_STEPS:
            if sorted(answer) != sorted(option_ids):
                self.err(
                    (*path, "answer"),
                    "does not list every option exactly once",
                    f"an order of: {', '.join(option_ids)}",
                )
        elif qtype is QuestionType.MATCH_REASON:
            reason_ids = [r.id for r in reasons]
            self.unique(q["reasons"], (*path, "reasons"), "reason")
            if sorted(answer) != sorted(option_ids):
                self.err(
                    (*path, "answer"),
                    "must match every option to a reason",
                    f"keys: {', '.join(option_ids)}",
                )
            for key, value in answer.items():
                if value not in reason_ids:
                    self.err(
                        (*path, "answer", key),
                        f"{value!r} is not a reason id",
                        f"one of: {', '.join(reason_ids)}",
                    )
        if len(self.errors) > start:
            return None
        return Question(
            id=q["id"],
            type=qtype,
            prompt=q["prompt"].strip(),
            step_id=q["step"],
            tags=tuple(q["tags"]),
            options=options,
            answer=answer,
            diagram_id=q.get("diagram", ""),
            reasons=reasons,
            shuffle=q.get("shuffle", True) is not False,
        )
