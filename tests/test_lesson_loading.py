"""Loading and validating lesson files, including every kind of broken and hostile input."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from foottrainer.core.catalog import load_catalog
from foottrainer.core.errors import LessonError, LessonFileError
from foottrainer.core.lessons import load_lesson
from foottrainer.core.model import QuestionType
from foottrainer.core.yamlsafe import MAX_FILE_BYTES, MAX_NODES

from .conftest import MINI

GOOD = (MINI / "lesson.yaml").read_text("utf-8")


def make_lesson(folder: Path, text: str, name: str = "lesson.yaml") -> Path:
    """A copy of the mini lesson's folder with ``text`` as its lesson file."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(MINI / "foot.svg", folder / "foot.svg")
    path = folder / name
    path.write_text(text, "utf-8")
    return path


def errors_of(path: Path) -> list[LessonError]:
    with pytest.raises(LessonFileError) as info:
        load_lesson(path)
    assert all(e.file == path for e in info.value.errors)
    return info.value.errors


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def test_mini_lesson_loads_every_block(mini_lesson):
    lesson = mini_lesson
    assert lesson.id == "mini-lesson"
    assert [s.id for s in lesson.steps] == ["hold", "circles", "arch"]
    assert lesson.steps[1].caution == "Not on the bone itself."
    assert lesson.steps[1].regions == ("ankle", "heel")
    assert lesson.diagrams[0].regions["heel"] == "Heel"
    assert {q.type for q in lesson.quiz.questions} == set(QuestionType)
    assert lesson.quiz.pass_mark == 80 and lesson.quiz.safety_pass_mark == 100
    assert [(c.step_id, c.start, c.end) for c in lesson.videos[0].chapters] == [
        ("hold", 0, 2),
        ("circles", 2, 4),
        ("arch", 4, 6),
    ]
    tf = lesson.question("q-tf")
    assert tf is not None and [o.id for o in tf.options] == ["true", "false"]
    tap = lesson.question("q-tap")
    assert tap is not None and tap.options[0].text == "Heel"  # label taken from the diagram


def test_missing_video_is_reported_but_lesson_still_loads(mini_lesson):
    (problem,) = mini_lesson.problems
    assert problem.field == "media.videos[0].file"
    assert "media file not found" in problem.message and "demo.mp4" in problem.message
    assert problem.line == line_of(GOOD, "file: demo.mp4")


def test_yaml_syntax_error_names_file_and_line(tmp_path):
    text = GOOD.replace("minutes: 5", "minutes: [5")
    path = make_lesson(tmp_path / "l", text)
    (err,) = errors_of(path)
    assert "YAML syntax error" in err.message
    assert err.line >= line_of(text, "minutes: [5")
    assert err.format().startswith(f"{path}:{err.line}:{err.column}: ")


def test_empty_file(tmp_path):
    (err,) = errors_of(make_lesson(tmp_path / "l", "  \n\n"))
    assert err.message == "file is empty"


def test_wrong_type_says_what_was_expected(tmp_path):
    text = GOOD.replace("minutes: 5", "minutes: five")
    path = make_lesson(tmp_path / "l", text)
    (err,) = errors_of(path)
    assert err.field == "minutes"
    assert err.line == line_of(text, "minutes: five")
    assert "not a whole number" in err.message
    assert "estimated study minutes" in err.expected


def test_unquoted_yes_no_gets_a_hint(tmp_path):
    text = GOOD.replace("{id: onbone,", "{id: on,")
    (err,) = errors_of(make_lesson(tmp_path / "l", text))
    assert err.field == "quiz.questions[0].options[1].id"
    assert "quote it" in err.message


def test_missing_key(tmp_path):
    text = GOOD.replace("    why: So the client can relax.\n", "")
    (err,) = errors_of(make_lesson(tmp_path / "l", text))
    assert err.field == "steps[0]"
    assert err.message == "missing required field 'why'"
    assert err.expected == "the reason the step is done"
    assert err.line == line_of(text, "  - id: hold")


def test_unknown_field_suggests_the_right_one(tmp_path):
    text = GOOD.replace("    why: So the client", "    wyh: So the client")
    errs = errors_of(make_lesson(tmp_path / "l", text))
    assert any("unknown field 'wyh'; did you mean 'why'?" in e.message for e in errs)


def test_unknown_question_type(tmp_path):
    text = GOOD.replace("type: single_choice", "type: single_choise")
    (err,) = errors_of(make_lesson(tmp_path / "l", text))
    assert err.field == "quiz.questions[0].type"
    assert "did you mean 'single_choice'" in err.message
    assert "multiple_select" in err.expected


def test_missing_svg_region_and_bad_references(tmp_path):
    text = GOOD.replace("        ankle: Ankle bone", "        knee: Knee").replace(
        "step: circles\n      tags: [technique, why]", "step: nowhere\n      tags: [technique, why]"
    )
    errs = errors_of(make_lesson(tmp_path / "l", text))
    messages = " | ".join(e.format() for e in errs)
    assert "region 'knee' is not an element id in foot.svg" in messages
    assert "no step with id 'nowhere'" in messages
    assert "'ankle' is not a region of diagram 'foot'" in messages  # step 2 refers to it


def test_answer_must_match_options(tmp_path):
    text = GOOD.replace("answer: below", "answer: above")
    (err,) = errors_of(make_lesson(tmp_path / "l", text))
    assert err.field == "quiz.questions[0].answer"
    assert "'above' is not an option id" in err.message


def test_duplicate_ids_inside_a_lesson(tmp_path):
    text = GOOD.replace("  - id: arch\n    title: Arch", "  - id: hold\n    title: Arch")
    errs = errors_of(make_lesson(tmp_path / "l", text))
    assert any(e.message == "duplicate step id 'hold'" for e in errs)


def test_duplicate_yaml_key(tmp_path):
    text = GOOD.replace("minutes: 5", "minutes: 5\nminutes: 6")
    (err,) = errors_of(make_lesson(tmp_path / "l", text))
    assert err.message == "duplicate key 'minutes'"
    assert err.line == line_of(text, "minutes: 6")


def test_non_utf8_bytes(tmp_path):
    path = make_lesson(tmp_path / "l", "")
    raw = GOOD.encode("utf-8").replace(b"Mini lesson", b"Mini le\xe7on", 1)
    path.write_bytes(raw)
    (err,) = errors_of(path)
    assert "invalid UTF-8 byte 0xe7" in err.message
    assert err.line == line_of(GOOD, "Mini lesson")


def test_huge_file_is_refused_before_parsing(tmp_path):
    path = make_lesson(tmp_path / "l", GOOD + "#" * (MAX_FILE_BYTES + 10))
    (err,) = errors_of(path)
    assert "too large" in err.message


def test_alias_bomb_is_refused(tmp_path):
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 10):
        prev = f"*a{i - 1}"
        lines.append(f"a{i}: &a{i} [{', '.join([prev] * 9)}]")
    (err,) = errors_of(make_lesson(tmp_path / "l", "\n".join(lines) + "\n"))
    assert f"more than {MAX_NODES:,} values" in err.message


def test_recursive_alias_is_refused(tmp_path):
    (err,) = errors_of(make_lesson(tmp_path / "l", "a: &x [1, *x]\n"))
    assert "recursive alias" in err.message


@pytest.mark.parametrize(
    "payload",
    [
        "!!python/object/apply:os.system ['touch {marker}']",
        "!!python/name:os.system",
        "!!python/object/new:subprocess.Popen [['touch', '{marker}']]",
        "!custom 1",
        "!!binary aGVsbG8=",
        "!!set {a, b}",
    ],
)
def test_tags_are_rejected_and_nothing_is_executed(tmp_path, payload):
    marker = tmp_path / "pwned"
    value = payload.replace("{marker}", str(marker))
    text = GOOD.replace("summary: A tiny lesson", f"summary: {value}\nx: A")
    errs = errors_of(make_lesson(tmp_path / "l", text))
    assert "is not allowed" in errs[0].message
    assert errs[0].line == line_of(text, "summary: ")
    assert not marker.exists()


def test_top_level_must_be_a_mapping(tmp_path):
    (err,) = errors_of(make_lesson(tmp_path / "l", "- just\n- a list\n"))
    assert err.message == "the top level is not a mapping"


def test_broken_lessons_never_stop_the_others(tmp_path):
    root = tmp_path / "lessons"
    make_lesson(root / "good", GOOD)
    make_lesson(root / "syntax", GOOD.replace("minutes: 5", "minutes: [5"))
    make_lesson(root / "empty", "")
    make_lesson(root / "tag", "id: !!python/object:os.system x\n")
    (root / "binary").mkdir()
    (root / "binary" / "lesson.yaml").write_bytes(b"\xff\xfe\x00garbage")
    make_lesson(root / "zz-dup", GOOD.replace("title: Mini lesson", "title: Duplicate"))
    catalog = load_catalog([root])
    assert [lesson.title for lesson in catalog.lessons] == ["Mini lesson"]
    bad_files = {e.file.parent.name for e in catalog.errors}
    assert bad_files == {"syntax", "empty", "tag", "binary", "zz-dup"}
    dup = next(e for e in catalog.errors if e.file.parent.name == "zz-dup")
    assert "duplicate lesson id 'mini-lesson'" in dup.message


def test_later_folder_replaces_lesson_with_same_id(tmp_path):
    make_lesson(tmp_path / "bundled" / "mini", GOOD)
    make_lesson(tmp_path / "instructor" / "mini", GOOD.replace("Mini lesson", "Instructor's"))
    catalog = load_catalog([tmp_path / "bundled", tmp_path / "instructor"])
    assert [lesson.title for lesson in catalog.lessons] == ["Instructor's"]
    assert catalog.errors == []


def test_topics_group_and_order_lessons(tmp_path):
    make_lesson(tmp_path / "a", GOOD)
    second = GOOD.replace("id: mini-lesson", "id: other").replace("order: 1", "order: 0")
    make_lesson(tmp_path / "b", second.replace("topic: Test topic", "topic: Another"))
    catalog = load_catalog([tmp_path])
    assert [topic for topic, _ in catalog.topics()] == ["Another", "Test topic"]
