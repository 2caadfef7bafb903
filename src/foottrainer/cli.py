"""The ``foottrainer`` command line. Qt is imported only by the commands that show something."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from foottrainer import __version__
from foottrainer.core.cache import load_library
from foottrainer.core.catalog import lesson_files, try_load
from foottrainer.core.errors import LessonError, print_problems
from foottrainer.resources import lessons_dir

EXIT_OK = 0
EXIT_PROBLEMS = 1


def _size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(x) for x in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a size like 1280x800") from None
    if not (100 <= w <= 8000 and 100 <= h <= 8000):
        raise argparse.ArgumentTypeError("width and height must be between 100 and 8000")
    return w, h


LESSONS_HELP = "add a lesson folder; its lessons replace bundled ones with the same id"


def add_lessons_option(parser: argparse.ArgumentParser, dest: str) -> None:
    parser.add_argument(
        "--lessons",
        dest=dest,
        metavar="DIR",
        type=Path,
        action="append",
        default=[],
        help=LESSONS_HELP,
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="foottrainer",
        description="Foot-massage technique trainer. With no command, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    add_lessons_option(parser, "lessons")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        type=Path,
        help="where progress is stored (default: the system's app data folder)",
    )
    parser.add_argument(
        "--exit-after-start",
        action="store_true",
        help="start, show and paint the main window once, then exit 0",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    validate = sub.add_parser("validate", help="check lesson files or folders")
    validate.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="lesson files or folders (default: the bundled lessons)",
    )

    catalog = sub.add_parser("catalog", help="print the loaded lesson library")
    catalog.add_argument("--json", action="store_true", help='print JSON: {"lessons": [...]}')
    add_lessons_option(catalog, "sub_lessons")

    shot = sub.add_parser("screenshot", help="render a screen offscreen to a PNG")
    shot.add_argument("--lesson", required=True, metavar="ID", help="the lesson id")
    shot.add_argument("--view", choices=["lesson", "quiz", "library"], default="lesson")
    shot.add_argument("--out", required=True, type=Path, metavar="FILE.png")
    shot.add_argument("--size", type=_size, default=(1280, 800), metavar="WxH")
    add_lessons_option(shot, "sub_lessons")
    shot.add_argument(
        "--data-dir",
        dest="sub_data_dir",
        metavar="DIR",
        type=Path,
        help="progress folder to show (default: a temporary, empty one)",
    )
    shot.add_argument(
        "--dark",
        action="store_true",
        help="in the dark colour scheme (default: the system's)",
    )
    return parser


def cmd_validate(paths: Sequence[Path]) -> int:
    roots = list(paths) or [lessons_dir()]
    problems: list[LessonError] = []
    count = 0
    ids: dict[str, Path] = {}
    for root in roots:
        if not root.exists():
            problems.append(LessonError(root, 0, 0, "", "no such file or folder"))
            continue
        for file in lesson_files(root):
            count += 1
            lesson, fatal = try_load(file)
            problems.extend(fatal)
            if lesson is None:
                continue
            problems.extend(lesson.problems)
            if lesson.id in ids:
                problems.append(
                    LessonError(
                        file,
                        1,
                        1,
                        "id",
                        f"duplicate lesson id {lesson.id!r}, also in {ids[lesson.id]}",
                        "a unique lesson id",
                    )
                )
            ids.setdefault(lesson.id, file)
    for problem in problems:
        print(problem.format())
    if count == 0 and not problems:
        print("no lesson files found", file=sys.stderr)
        return EXIT_PROBLEMS
    summary = f"{count} lesson file(s) checked, {len(problems)} problem(s)"
    print(summary if problems else f"{summary}: all valid", file=sys.stderr)
    return EXIT_PROBLEMS if problems else EXIT_OK


def cmd_catalog(extra: Sequence[Path], as_json: bool) -> int:
    catalog = load_library(extra)
    print_problems(catalog.errors + catalog.warnings)
    if as_json:
        import json

        from foottrainer.core.export import catalog_json

        json.dump(catalog_json(catalog), sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        for topic, lessons in catalog.topics():
            print(topic)
            for lesson in lessons:
                print(f"  {lesson.id:32} {lesson.title} ({lesson.minutes} min)")
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "validate":
            return cmd_validate(args.paths)
        if args.command == "catalog":
            return cmd_catalog([*args.lessons, *args.sub_lessons], args.json)
        if args.command == "screenshot":
            from foottrainer.ui.screenshot import take_screenshot

            return take_screenshot(
                lesson_id=args.lesson,
                view=args.view,
                out=args.out,
                size=args.size,
                extra_lessons=[*args.lessons, *args.sub_lessons],
                data_dir=args.sub_data_dir or args.data_dir,
                dark=args.dark,
            )
        from foottrainer.ui.app import run

        return run(
            extra_lessons=args.lessons,
            data_dir=args.data_dir,
            exit_after_start=args.exit_after_start,
        )
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":
    raise SystemExit(main())
