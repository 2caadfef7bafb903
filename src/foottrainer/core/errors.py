"""Typed errors for lesson content. Every error names the file, line, column and field path."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple, TextIO


class LessonError(NamedTuple):
    """One problem found in a lesson file.

    ``line`` and ``column`` are 1-based; 0 means "unknown" (e.g. the file cannot be read).
    ``field`` is a dotted path such as ``steps[2].why``; empty for whole-file problems.
    """

    file: Path
    line: int
    column: int
    field: str
    message: str
    expected: str = ""

    def format(self) -> str:
        """``FILE:LINE:COL: field: message (expected ...)``: one line for terminals and editors."""
        where = f"{self.file}:{max(self.line, 1)}:{max(self.column, 1)}"
        text = f"{self.field}: {self.message}" if self.field else self.message
        if self.expected:
            text += f" (expected {self.expected})"
        return f"{where}: {text}"

    def __str__(self) -> str:
        return self.format()


class LessonFileError(Exception):
    """Raised when a lesson file cannot be loaded; carries every problem found in it."""

    def __init__(self, errors: list[LessonError]) -> None:
        if not errors:
            raise ValueError("LessonFileError needs at least one error")
        self.errors = errors
        super().__init__("\n".join(e.format() for e in errors))

    @property
    def file(self) -> Path:
        return self.errors[0].file


def print_problems(problems: Iterable[LessonError], stream: TextIO | None = None) -> None:
    """One ``FILE:LINE:COL: message`` line per problem (standard error by default)."""
    out = stream if stream is not None else sys.stderr
    for problem in problems:
        print(problem.format(), file=out)
