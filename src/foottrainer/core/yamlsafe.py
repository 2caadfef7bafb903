"""Safe, bounded YAML reading that remembers where every value came from.

Only ``yaml.compose`` with the C safe loader is used: YAML is parsed into nodes and converted to
plain data here, so no tag can ever construct a Python object. Files are bounded in size, the
number of nodes produced (which bounds alias expansion, the "billion laughs" attack) and nesting.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import LessonError, LessonFileError

try:  # The C loader is much faster; the pure-Python one is the same safe composer.
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader

MAX_FILE_BYTES = 1_000_000
MAX_NODES = 100_000
MAX_DEPTH = 64

PathKey = tuple[str | int, ...]

_STR = "tag:yaml.org,2002:str"
_SCALAR_TAGS = {
    _STR,
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",  # kept as text: a date is never needed as an object
}
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"
_constructor = yaml.constructor.SafeConstructor()


def _short(tag: str) -> str:
    """``tag:yaml.org,2002:python/object`` → ``!!python/object``, as it was written."""
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml") else tag


def format_path(path: PathKey) -> str:
    """``("steps", 2, "why")`` → ``steps[2].why``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


@dataclass
class Document:
    """Plain data from a YAML file plus the 1-based (line, column) of every value and key."""

    file: Path
    data: Any
    positions: dict[PathKey, tuple[int, int]] = field(default_factory=dict)

    def where(self, path: PathKey) -> tuple[int, int]:
        """Position of ``path``, or of its nearest ancestor that exists."""
        probe = tuple(path)
        while probe:
            if probe in self.positions:
                return self.positions[probe]
            probe = probe[:-1]
        return self.positions.get((), (1, 1))

    def error(self, path: PathKey, message: str, expected: str = "") -> LessonError:
        line, col = self.where(path)
        return LessonError(self.file, line, col, format_path(path), message, expected)


def read_text(file: Path, max_bytes: int = MAX_FILE_BYTES) -> str:
    """Read a UTF-8 text file, refusing huge files before reading them."""

    def fail(message: str, line: int = 0, col: int = 0, expected: str = "") -> LessonFileError:
        return LessonFileError([LessonError(file, line, col, "", message, expected)])

    try:
        size = file.stat().st_size
        if size > max_bytes:
            raise fail(
                f"file is too large ({size:,} bytes)", expected=f"at most {max_bytes:,} bytes"
            )
        with file.open("rb") as fh:
            raw = fh.read(max_bytes + 1)
    except OSError as exc:
        raise fail(f"cannot read file: {exc.strerror or exc}") from None
    if len(raw) > max_bytes:
        raise fail("file is too large", expected=f"at most {max_bytes:,} bytes")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise fail(
            f"invalid UTF-8 byte 0x{raw[exc.start]:02x}", line, col, "text saved as UTF-8"
        ) from None
    if not text.strip():
        raise fail("file is empty", 1, 1, "a YAML mapping describing one lesson")
    if "\x00" in text:
        raise fail("file contains NUL characters (binary data?)", expected="a UTF-8 text file")
    return text


def load_yaml(file: Path, max_bytes: int = MAX_FILE_BYTES) -> Document:
    """Read and safely parse one YAML file into a :class:`Document`.

    Raises :class:`LessonFileError` for unreadable, oversized, non-UTF-8, malformed, tagged or
    alias-bombed input; never executes anything from the file.
    """
    text = read_text(file, max_bytes)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        problem = exc.problem or exc.context or "invalid YAML"
        if exc.context and exc.context_mark and exc.problem:
            problem += f" ({exc.context} on line {exc.context_mark.line + 1})"
        raise LessonFileError(
            [LessonError(file, line, col, "", f"YAML syntax error: {problem}", "valid YAML")]
        ) from None
    except yaml.YAMLError as exc:  # e.g. more than one document
        raise LessonFileError([LessonError(file, 1, 1, "", f"YAML error: {exc}")]) from None
    if node is None:
        raise LessonFileError(
            [LessonError(file, 1, 1, "", "file has no content", "a YAML mapping")]
        )
    doc = Document(file, None)
    doc.data = _Converter(doc).convert(node, (), 0, frozenset())
    return doc


class _Converter:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.count = 0

    def _fail(self, node: yaml.Node, path: PathKey, message: str, expected: str = "") -> None:
        raise LessonFileError(
            [
                LessonError(
                    self.doc.file,
                    node.start_mark.line + 1,
                    node.start_mark.column + 1,
                    format_path(path),
                    message,
                    expected,
                )
            ]
        )

    def convert(self, node: yaml.Node, path: PathKey, depth: int, active: frozenset[int]) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            self._fail(
                node,
                path,
                f"document expands to more than {MAX_NODES:,} values (alias bomb?)",
                "a lesson-sized document; avoid deeply repeated aliases",
            )
        if depth > MAX_DEPTH:
            self._fail(node, path, "document is nested too deeply", f"at most {MAX_DEPTH} levels")
        if id(node) in active:
            self._fail(node, path, "recursive alias", "data without self-references")
        self.doc.positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.ScalarNode):
            if node.tag not in _SCALAR_TAGS:
                self._fail(node, path, f"tag {_short(node.tag)} is not allowed", "plain values")
            if node.tag in (_STR, "tag:yaml.org,2002:timestamp"):
                return str(node.value)
            return _constructor.construct_object(node, deep=True)
        inner = active | {id(node)}
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ:
                self._fail(node, path, f"tag {_short(node.tag)} is not allowed", "a plain list")
            return [
                self.convert(child, (*path, i), depth + 1, inner)
                for i, child in enumerate(node.value)
            ]
        if isinstance(node, yaml.MappingNode):
            if node.tag != _MAP:
                self._fail(node, path, f"tag {_short(node.tag)} is not allowed", "a plain mapping")
            out: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    self._fail(key_node, path, "merge keys (<<) are not supported", "keys in full")
                if not isinstance(key_node, yaml.ScalarNode):
                    self._fail(key_node, path, "mapping keys must be plain text", "a text key")
                key = str(key_node.value)
                if key in out:
                    self._fail(key_node, (*path, key), f"duplicate key {key!r}", "each key once")
                out[key] = self.convert(value_node, (*path, key), depth + 1, inner)
            return out
        self._fail(node, path, "unsupported YAML node")  # pragma: no cover
        return None  # pragma: no cover
