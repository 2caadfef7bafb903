"""The lesson model: immutable data built from a validated lesson file."""

from __future__ import annotations

import re
from enum import StrEnum
from pathlib import Path
from typing import NamedTuple

from .errors import LessonError

#: A markdown image ``![alt](path "title")``; group 2 is the path.
MARKDOWN_IMAGE = re.compile(r"(!\[[^\]]*\]\()\s*<?([^)\s>]+)>?")
REMOTE = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)


class QuestionType(StrEnum):
    SINGLE_CHOICE = "single_choice"
    MULTIPLE_SELECT = "multiple_select"
    TRUE_FALSE = "true_false"
    ORDER_STEPS = "order_steps"
    TAP_DIAGRAM = "tap_diagram"
    MATCH_REASON = "match_reason"


#: What a learner's response looks like, per question type:
#: single_choice → option id; multiple_select → list of ids; true_false → bool;
#: order_steps → list of ids in the chosen order; tap_diagram → region id or list of region ids;
#: match_reason → {option id: reason id}.
Response = str | bool | list[str] | dict[str, str]


class Source(NamedTuple):
    title: str
    url: str
    note: str = ""


class VideoRange(NamedTuple):
    video_id: str
    start: float
    end: float


class Step(NamedTuple):
    id: str
    number: int  # 1-based position in the lesson
    title: str
    instruction: str
    why: str
    caution: str = ""
    diagram_id: str = ""
    regions: tuple[str, ...] = ()
    video: VideoRange | None = None


class Diagram(NamedTuple):
    id: str
    path: Path
    title: str
    regions: dict[str, str]  # SVG element id → label


class Chapter(NamedTuple):
    title: str
    start: float
    end: float
    step_id: str = ""  # empty for chapters that are not a lesson step


class Video(NamedTuple):
    id: str
    path: Path
    title: str
    chapters: tuple[Chapter, ...] = ()  # ordered by start time

    @property
    def duration_hint(self) -> float:
        """End of the last chapter: what the video's duration should be."""
        return max((c.end for c in self.chapters), default=0.0)


class Option(NamedTuple):
    id: str
    text: str
    explanation: str


class Reason(NamedTuple):
    id: str
    text: str


class Question(NamedTuple):
    id: str
    type: QuestionType
    prompt: str
    step_id: str
    tags: tuple[str, ...]
    options: tuple[Option, ...]
    answer: Response
    diagram_id: str = ""
    reasons: tuple[Reason, ...] = ()
    #: single_choice / multiple_select: show the options in an order drawn per attempt (False
    #: keeps the written order, for options such as "Both of the above")
    shuffle: bool = True

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)

    @property
    def is_safety(self) -> bool:
        return "safety" in self.tags

    @property
    def is_sequence(self) -> bool:
        """A tap-the-diagram question asking for several regions in order."""
        return self.type is QuestionType.TAP_DIAGRAM and isinstance(self.answer, list)


class Quiz(NamedTuple):
    questions: tuple[Question, ...]
    pass_mark: int = 80
    safety_pass_mark: int = 100


class Lesson(NamedTuple):
    id: str
    title: str
    topic: str
    summary: str
    minutes: int
    objectives: tuple[str, ...]
    steps: tuple[Step, ...]
    safety_notes: tuple[str, ...]
    sources: tuple[Source, ...]
    quiz: Quiz
    file: Path
    body: str = ""
    order: int = 1000
    kind: str = "technique"  # or "study": no practice gate
    diagrams: tuple[Diagram, ...] = ()
    videos: tuple[Video, ...] = ()
    #: Problems that do not stop the lesson from opening (e.g. a missing video file).
    problems: tuple[LessonError, ...] = ()

    @property
    def folder(self) -> Path:
        return self.file.parent

    @property
    def image_refs(self) -> list[str]:
        """Local image references in the markdown body, as written."""
        refs = [m.group(2) for m in MARKDOWN_IMAGE.finditer(self.body)]
        return [ref for ref in refs if not REMOTE.match(ref)]

    @property
    def is_technique(self) -> bool:
        """Practised on a person, so gated by its safety questions."""
        return self.kind == "technique"

    def step(self, step_id: str) -> Step | None:
        return next((s for s in self.steps if s.id == step_id), None)

    def diagram(self, diagram_id: str = "") -> Diagram | None:
        if not diagram_id:
            return self.diagrams[0] if self.diagrams else None
        return next((d for d in self.diagrams if d.id == diagram_id), None)

    def video(self, video_id: str = "") -> Video | None:
        if not video_id:
            return self.videos[0] if self.videos else None
        return next((v for v in self.videos if v.id == video_id), None)

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.quiz.questions if q.id == question_id), None)
