"""Render the review screens for the docs and for looking at them:

    .venv/bin/python tools/review_screenshots.py [--out docs/screenshots] [--size 1200x800]

A simulated student (seeded) takes four lesson quizzes, getting some questions wrong, on a fake
clock; two days later the home screen shows the questions due. Writes ``review-home.png`` (the
home screen with the due count), ``review.png`` (a review question), ``review-feedback.png``
(its feedback), ``review-summary.png`` (the summary with the steps to review and the next due
date) and ``custom-quiz.png`` (the Custom quiz dialog); and, from a lesson quiz, a
tap-the-diagram question (``question.png``) tapped wrongly with the mouse and its feedback
(``feedback.png``). Grabbed offscreen.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from foottrainer.core.cache import load_library  # noqa: E402
from foottrainer.core.catalog import Catalog  # noqa: E402
from foottrainer.core.model import Question, QuestionType, Response  # noqa: E402
from foottrainer.core.progress import Progress  # noqa: E402
from foottrainer.storage import Store  # noqa: E402
from foottrainer.ui.app import application, build_window  # noqa: E402
from foottrainer.ui.custom_session_dialog import CustomSessionDialog  # noqa: E402
from foottrainer.ui.main_window import MainWindow  # noqa: E402
from foottrainer.ui.question_widgets import TapDiagramWidget  # noqa: E402
from foottrainer.ui.quiz_view import QuizView  # noqa: E402

START = datetime(2026, 11, 16, 17, 0, tzinfo=UTC)
LESSONS = ("preparation", "relaxing-the-heel", "thumb-walking", "ashiatsu-with-bars")


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def wrong_response(question: Question) -> Response:
    """A plausible wrong answer of any type."""
    answer = question.answer
    if question.type is QuestionType.TRUE_FALSE:
        return not answer
    if question.type is QuestionType.MATCH_REASON and isinstance(answer, dict):
        reasons = [r.id for r in question.reasons]
        return {o: reasons[(reasons.index(r) + 1) % len(reasons)] for o, r in answer.items()}
    if isinstance(answer, list):
        if question.type is QuestionType.MULTIPLE_SELECT:
            return answer[:1] if len(answer) > 1 else [o.id for o in question.options[:2]]
        return list(reversed(answer))
    return next(o.id for o in question.options if o.id != answer)


def study(store: Store, clock: Clock, catalog: Catalog) -> None:
    """Four lesson quizzes, about three in four answers right, over two evenings."""
    rng = random.Random(5)
    progress = Progress(store, store.default_profile())
    for n, lesson_id in enumerate(LESSONS):
        lesson = catalog.get(lesson_id)
        assert lesson is not None
        clock.now = START + timedelta(days=n // 2, minutes=30 * n)
        session = progress.start_quiz(lesson)
        for question in session.remaining:
            right = rng.random() < 0.75
            response = question.answer if right else wrong_response(question)
            progress.answer(session, question, response, rng.randint(5000, 40000))
            clock.now += timedelta(seconds=rng.uniform(10, 40))
        progress.finish_quiz(session)


def settle(app: QApplication) -> None:
    for _ in range(5):
        app.processEvents()


def save(widget: QWidget, path: Path) -> None:
    if not widget.grab().save(str(path), "PNG"):
        raise SystemExit(f"cannot write {path}")
    print(path)


def answer_on_screen(view: QuizView, right: bool) -> None:
    """Answer the question on screen through its widget's own response hook."""
    item = view.item
    assert item is not None and view.answer_widget is not None
    question = item.question
    response = question.answer if right else wrong_response(question)
    view.answer_widget.response = lambda: response  # type: ignore[method-assign]
    view.submit()


def lesson_quiz(app: QApplication, window: MainWindow, out: Path) -> None:
    """Relaxing the heel's tap question: tapped on the ankle bone (wrong), then checked."""
    view = window.open_quiz("relaxing-the-heel")
    assert view is not None
    while view.question is not None and view.question.id != "q-tap-circles":
        answer_on_screen(view, right=True)
        view.next_question()
    settle(app)
    widget = view.answer_widget
    assert isinstance(widget, TapDiagramWidget)
    spot = widget.view.region_center("medial-malleolus").toPoint()
    QTest.mouseMove(widget.view, spot)
    QTest.mouseClick(widget.view, Qt.MouseButton.LeftButton, pos=spot)
    settle(app)
    save(window, out / "question.png")
    view.submit()
    settle(app)
    view.question_page.ensureWidgetVisible(view.feedback_panel)
    settle(app)
    save(window, out / "feedback.png")


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--size", default="1200x800")
    args = parser.parse_args()
    width, height = (int(v) for v in args.size.split("x"))
    args.out.mkdir(parents=True, exist_ok=True)

    app = application()
    catalog = load_library()
    with tempfile.TemporaryDirectory(prefix="foottrainer-review-") as temp:
        data = Path(temp)
        clock = Clock(START)
        store = Store.open(data, clock=clock)
        study(store, clock, catalog)
        clock.now = START + timedelta(days=3, hours=1)
        window: MainWindow = build_window(catalog, store, data)
        window.resize(width, height)
        window.show()
        settle(app)
        save(window, args.out / "review-home.png")

        view = window.open_review()
        settle(app)
        # Show a question with a diagram or a choice, not the first one that comes up.
        save(window, args.out / "review.png")
        answer_on_screen(view, right=False)
        settle(app)
        save(window, args.out / "review-feedback.png")
        n = 0
        while view.stack.currentWidget() is view.question_page:
            view.next_question()
            if view.stack.currentWidget() is not view.question_page:
                break
            answer_on_screen(view, right=n % 3 != 0)
            n += 1
        settle(app)
        save(window, args.out / "review-summary.png")

        lesson_quiz(app, window, args.out)
        window.show_library()
        dialog = CustomSessionDialog(catalog, window.progress, window, seed=1)
        dialog.safety_only.setChecked(True)
        dialog.choose_scope("topic", "Barefoot massage (ashiatsu)")
        dialog.show()
        settle(app)
        save(dialog, args.out / "custom-quiz.png")
        dialog.close()
        window.close()
        store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
