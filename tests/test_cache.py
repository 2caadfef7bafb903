"""The start-up cache gives exactly the library a full load gives, and never a stale one."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from foottrainer.core import cache
from foottrainer.core.cache import load_catalog_cached
from foottrainer.core.catalog import load_catalog

from .conftest import MINI


@pytest.fixture
def lessons(tmp_path: Path) -> Path:
    root = tmp_path / "lessons"
    shutil.copytree(MINI, root / "mini")
    return root


def bump(path: Path) -> None:
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))


def test_cached_catalog_equals_full_load(lessons, tmp_path, monkeypatch):
    cache_file = tmp_path / "cache" / "catalog.json"
    first = load_catalog_cached([lessons], cache_file)
    assert cache_file.is_file()
    calls: list[object] = []
    monkeypatch.setattr(cache, "load_catalog", calls.append)
    second = load_catalog_cached([lessons], cache_file)
    assert calls == []  # served from the cache
    assert second.lessons == first.lessons == load_catalog([lessons]).lessons
    assert second.warnings == first.warnings  # the missing video is still reported


def test_edited_lesson_is_reloaded(lessons, tmp_path):
    cache_file = tmp_path / "catalog.json"
    load_catalog_cached([lessons], cache_file)
    lesson = lessons / "mini" / "lesson.yaml"
    lesson.write_text(lesson.read_text("utf-8").replace("Mini lesson", "Edited"), "utf-8")
    bump(lesson)
    assert load_catalog_cached([lessons], cache_file).lessons[0].title == "Edited"


def test_new_media_file_clears_the_warning(lessons, tmp_path):
    cache_file = tmp_path / "catalog.json"
    assert load_catalog_cached([lessons], cache_file).warnings
    (lessons / "mini" / "demo.mp4").write_bytes(b"\x00")
    assert load_catalog_cached([lessons], cache_file).warnings == []


def test_changed_svg_is_revalidated(lessons, tmp_path):
    cache_file = tmp_path / "catalog.json"
    load_catalog_cached([lessons], cache_file)
    svg = lessons / "mini" / "foot.svg"
    svg.write_text(svg.read_text("utf-8").replace('id="arch"', 'id="archway"'), "utf-8")
    bump(svg)
    catalog = load_catalog_cached([lessons], cache_file)
    assert catalog.lessons == []
    assert any("region 'arch' is not an element id" in e.message for e in catalog.errors)


def test_new_lesson_file_is_found(lessons, tmp_path):
    cache_file = tmp_path / "catalog.json"
    load_catalog_cached([lessons], cache_file)
    text = (lessons / "mini" / "lesson.yaml").read_text("utf-8")
    (lessons / "mini" / "second.yaml").write_text(text.replace("id: mini-lesson", "id: two"))
    ids = {lesson.id for lesson in load_catalog_cached([lessons], cache_file).lessons}
    assert ids == {"mini-lesson", "two"}


@pytest.mark.parametrize("content", ["", "{not json", '{"key": 1}', json.dumps({"key": {}})])
def test_unusable_cache_falls_back_to_a_full_load(lessons, tmp_path, content):
    cache_file = tmp_path / "catalog.json"
    cache_file.write_text(content, "utf-8")
    assert [x.id for x in load_catalog_cached([lessons], cache_file).lessons] == ["mini-lesson"]


def test_broken_lessons_are_never_cached(lessons, tmp_path):
    (lessons / "bad.yaml").write_text("id: [", "utf-8")
    cache_file = tmp_path / "catalog.json"
    catalog = load_catalog_cached([lessons], cache_file)
    assert catalog.errors and not cache_file.exists()


def test_start_up_from_the_cache_does_not_load_the_yaml_parser(lessons, tmp_path):
    cache_file = tmp_path / "catalog.json"
    load_catalog_cached([lessons], cache_file)
    code = (
        "import sys; from pathlib import Path\n"
        "from foottrainer.core.cache import load_catalog_cached\n"
        f"c = load_catalog_cached([Path({str(lessons)!r})], Path({str(cache_file)!r}))\n"
        "print(len(c.lessons), 'yaml' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["1", "False"]


def test_bundled_lessons_survive_the_cache_unchanged(tmp_path):
    from foottrainer.resources import lessons_dir

    cache_file = tmp_path / "catalog.json"
    full = load_catalog_cached([lessons_dir()], cache_file)
    assert full.lessons and cache_file.is_file()
    assert load_catalog_cached([lessons_dir()], cache_file).lessons == full.lessons
