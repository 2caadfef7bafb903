"""Checks plain data against ``lesson.schema.json``.

The schema is a JSON Schema (draft 2020-12) document that editors can use too. This module
implements the subset of keywords the schema uses, and turns each violation into a
:class:`LessonError` at the right line and column, naming what was expected.
(The ``jsonschema`` package would add ~130 ms to start-up for the same result.)
"""

from __future__ import annotations

import difflib
import json
import re
from functools import cache
from importlib import resources
from typing import Any

from .errors import LessonError
from .yamlsafe import Document, PathKey

Schema = dict[str, Any]

_TYPE_NAMES = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a mapping",
    "null": "nothing",
}


@cache
def lesson_schema() -> Schema:
    """The lesson schema, loaded once from the package."""
    text = resources.files(__package__).joinpath("lesson.schema.json").read_text("utf-8")
    schema: Schema = json.loads(text)
    return schema


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def _describe(value: Any) -> str:
    kind = _kind(value)
    name = _TYPE_NAMES.get(kind, kind)
    if kind in ("string", "integer", "number", "boolean"):
        shown = repr(value) if len(repr(value)) < 40 else repr(value)[:37] + "...'"
        return f"{name} {shown}"
    return name


def _matches_type(value: Any, wanted: str) -> bool:
    kind = _kind(value)
    return kind == wanted or (wanted == "number" and kind == "integer")


class SchemaChecker:
    def __init__(self, doc: Document, root: Schema | None = None) -> None:
        self.doc = doc
        self.root = root if root is not None else lesson_schema()
        self.errors: list[LessonError] = []

    def _resolve(self, schema: Schema) -> Schema:
        seen = 0
        while "$ref" in schema:
            ref = schema["$ref"]
            if not ref.startswith("#/$defs/"):
                raise ValueError(f"unsupported $ref {ref}")
            target = self.root["$defs"][ref.removeprefix("#/$defs/")]
            merged = {**target, **{k: v for k, v in schema.items() if k != "$ref"}}
            schema = merged
            seen += 1
            if seen > 20:
                raise ValueError("$ref loop")
        return schema

    def _err(self, path: PathKey, message: str, expected: str = "") -> None:
        self.errors.append(self.doc.error(path, message, expected))

    def check(self, value: Any, schema: Schema, path: PathKey = ()) -> None:
        schema = self._resolve(schema)
        expected = schema.get("description", "")
        if "const" in schema and value != schema["const"]:
            self._err(path, f"is {_describe(value)}", expected or repr(schema["const"]))
            return
        if "enum" in schema and value not in schema["enum"]:
            options = ", ".join(str(o) for o in schema["enum"])
            close = difflib.get_close_matches(str(value), [str(o) for o in schema["enum"]], 1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            self._err(path, f"{_describe(value)} is not allowed{hint}", f"one of: {options}")
            return
        wanted = schema.get("type")
        if wanted is not None:
            kinds = wanted if isinstance(wanted, list) else [wanted]
            if not any(_matches_type(value, k) for k in kinds):
                names = " or ".join(_TYPE_NAMES[k] for k in kinds)
                hint = ""
                if "string" in kinds and _kind(value) in ("boolean", "integer", "number", "null"):
                    hint = " (YAML reads unquoted yes/no/on/off/numbers as values: quote it)"
                self._err(path, f"is {_describe(value)}, not {names}{hint}", expected or names)
                return
        if isinstance(value, str):
            self._check_string(value, schema, path, expected)
        elif isinstance(value, int | float) and not isinstance(value, bool):
            self._check_number(value, schema, path, expected)
        elif isinstance(value, list):
            self._check_array(value, schema, path, expected)
        elif isinstance(value, dict):
            self._check_object(value, schema, path, expected)
        for sub in schema.get("allOf", []):
            condition = sub.get("if")
            if condition is not None and not self._passes(value, condition):
                continue
            self.check(value, sub.get("then", sub) if condition is not None else sub, path)

    def _passes(self, value: Any, schema: Schema) -> bool:
        probe = SchemaChecker(self.doc, self.root)
        probe.check(value, schema)
        return not probe.errors

    def _check_string(self, value: str, schema: Schema, path: PathKey, expected: str) -> None:
        if len(value.strip()) < schema.get("minLength", 0):
            self._err(path, "is empty", expected or "non-empty text")
        elif len(value) > schema.get("maxLength", len(value)):
            self._err(
                path, f"is too long ({len(value)} characters)", f"at most {schema['maxLength']}"
            )
        elif "pattern" in schema and not re.search(schema["pattern"], value):
            self._err(path, f"{_describe(value)} has the wrong form", expected)

    def _check_number(self, value: float, schema: Schema, path: PathKey, expected: str) -> None:
        if "minimum" in schema and value < schema["minimum"]:
            self._err(path, f"{value} is too small", expected or f"at least {schema['minimum']}")
        if "maximum" in schema and value > schema["maximum"]:
            self._err(path, f"{value} is too large", expected or f"at most {schema['maximum']}")

    def _check_array(self, value: list[Any], schema: Schema, path: PathKey, expected: str) -> None:
        if len(value) < schema.get("minItems", 0):
            self._err(
                path, f"has {len(value)} item(s)", f"at least {schema['minItems']}: {expected}"
            )
        if schema.get("uniqueItems"):
            seen: list[Any] = []
            for i, item in enumerate(value):
                if item in seen:
                    self._err((*path, i), f"{_describe(item)} is listed twice", "each item once")
                seen.append(item)
        if "items" in schema:
            for i, item in enumerate(value):
                self.check(item, schema["items"], (*path, i))

    def _check_object(
        self, value: dict[str, Any], schema: Schema, path: PathKey, expected: str
    ) -> None:
        props: dict[str, Schema] = schema.get("properties", {})
        for key in schema.get("required", []):
            if key not in value:
                what = self._resolve(props.get(key, {})).get("description", "")
                self._err(path, f"missing required field {key!r}", what)
        if len(value) < schema.get("minProperties", 0):
            self._err(path, f"has {len(value)} entries", f"at least {schema['minProperties']}")
        extra = schema.get("additionalProperties", True)
        for key, item in value.items():
            if key in props:
                self.check(item, props[key], (*path, key))
            elif extra is False:
                close = difflib.get_close_matches(key, list(props), 1)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                self._err(
                    (*path, key), f"unknown field {key!r}{hint}", f"one of: {', '.join(props)}"
                )
            elif isinstance(extra, dict):
                self.check(item, extra, (*path, key))


def check_schema(doc: Document) -> list[LessonError]:
    """Every schema violation in ``doc``, in document order."""
    checker = SchemaChecker(doc)
    checker.check(doc.data, checker.root)
    return checker.errors
