"""The command line as scripts and instructors use it: exit codes, output formats, no tracebacks."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage

from .conftest import MINI, REPO

LINE = re.compile(r"^(?P<file>.+):(?P<line>\d+):(?P<col>\d+): (?P<msg>.+)$")


def foottrainer(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "foottrainer", *args],
        capture_output=True,
        text=True,
        env=full_env,
        cwd=REPO,
        timeout=120,
        check=False,
    )


def broken_folder(tmp_path: Path) -> Path:
    root = tmp_path / "mine"
    shutil.copytree(MINI, root / "good")
    (root / "bad").mkdir()
    (root / "bad" / "lesson.yaml").write_text("id: x\ntitle: [unclosed\n", "utf-8")
    (root / "evil").mkdir()
    (root / "evil" / "lesson.yaml").write_text("!!python/object/apply:os.system ['id']\n")
    return root


def test_validate_bundled_lessons_passes():
    result = foottrainer("validate")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""
    assert "all valid" in result.stderr
    assert "Traceback" not in result.stderr


def test_validate_reports_one_line_per_problem(tmp_path):
    root = broken_folder(tmp_path)
    result = foottrainer("validate", str(root))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines and all(LINE.match(line) for line in lines), lines
    files = {Path(LINE.match(line)["file"]).parent.name for line in lines}  # type: ignore[index]
    # good/ only has its missing video; bad/ its syntax error; evil/ its tag
    assert files == {"good", "bad", "evil"}
    assert any("YAML syntax error" in line and "on line 2" in line for line in lines)
    assert any("python/object/apply:os.system" in line for line in lines)
    assert "Traceback" not in result.stderr


def test_validate_a_single_valid_file_and_a_missing_path(tmp_path):
    lesson = tmp_path / "l" / "lesson.yaml"
    shutil.copytree(MINI, lesson.parent)
    (lesson.parent / "demo.mp4").write_bytes(b"")
    assert foottrainer("validate", str(lesson)).returncode == 0
    missing = foottrainer("validate", str(tmp_path / "nope"))
    assert missing.returncode == 1
    assert "no such file or folder" in missing.stdout


def test_catalog_json_lists_lessons_and_skips_broken(tmp_path):
    root = broken_folder(tmp_path)
    result = foottrainer("catalog", "--json", "--lessons", str(root))
    assert result.returncode == 0
    data = json.loads(result.stdout)
    ids = [lesson["id"] for lesson in data["lessons"]]
    assert "mini-lesson" in ids
    assert "relaxing-the-heel" in ids  # bundled lessons are there too
    mini = next(lesson for lesson in data["lessons"] if lesson["id"] == "mini-lesson")
    assert mini["steps"][1] == {
        "id": "circles",
        "number": 2,
        "title": "Circles below the ankle",
        "instruction": "Circle below the ankle bone.",
        "why": "Soft tissue there eases strain.",
        "caution": "Not on the bone itself.",
        "diagram": "foot",
        "regions": ["ankle", "heel"],
        "video": {"id": "demo", "start": 2.0, "end": 4.0},
    }
    assert mini["safety_notes"] == ["Skip the foot over an open wound."]
    assert mini["sources"][0]["url"] == "https://example.org/source"
    assert mini["media"]["diagrams"][0]["path"].endswith("foot.svg")
    match = next(q for q in mini["questions"] if q["type"] == "match_reason")
    assert match["answer"] == {"hold": "relax", "circles": "ease"}
    assert match["explanations"]["hold"] == "Support lets the client relax."
    assert match["tags"] == ["why"]
    assert "bad/lesson.yaml:3:1: YAML syntax error" in result.stderr
    assert "evil/lesson.yaml:1:1" in result.stderr


def test_screenshot_renders_a_png(tmp_path):
    out = tmp_path / "shot.png"
    result = foottrainer(
        "screenshot",
        "--lesson",
        "mini-lesson",
        "--lessons",
        str(MINI),
        "--out",
        str(out),
        "--size",
        "900x600",
    )
    assert result.returncode == 0, result.stderr
    image = QImage(str(out))
    assert (image.width(), image.height()) == (900, 600)
    colours = {image.pixel(x, y) for x in range(0, 900, 15) for y in range(0, 600, 15)}
    assert len(colours) > 10  # text, diagram colours and widgets, not a blank frame


def test_screenshot_in_the_dark_scheme(tmp_path):
    out = tmp_path / "dark.png"
    args = ["screenshot", "--lesson", "mini-lesson", "--lessons", str(MINI), "--view", "quiz"]
    result = foottrainer(*args, "--out", str(out), "--size", "900x600", "--dark")
    assert result.returncode == 0, result.stderr
    image = QImage(str(out))
    assert image.pixelColor(450, 590).lightness() < 80  # the window, under the quiz
    lightest = max(image.pixelColor(x, y).lightness() for x in range(900) for y in range(0, 200))
    assert lightest > 200  # the question's text


def test_screenshot_unknown_lesson_is_a_clear_error(tmp_path):
    result = foottrainer("screenshot", "--lesson", "nope", "--out", str(tmp_path / "x.png"))
    assert result.returncode == 1
    assert "no lesson with id 'nope'" in result.stderr
    assert "Traceback" not in result.stderr


def test_exit_after_start_opens_and_closes(tmp_path):
    data = tmp_path / "usb"
    result = foottrainer("--data-dir", str(data), "--exit-after-start")
    assert result.returncode == 0, result.stderr
    assert (data / "progress.sqlite3").is_file()  # the progress folder is where we asked
