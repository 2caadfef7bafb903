"""Review and custom sessions on screen (pytest-qt, offscreen): the due count on the home screen,
a whole review driven by clicks and keys, a custom "only safety" quiz chosen in its dialog, and
an unfinished review resumed after the window went away. A fake clock makes cards fall due."""

from __future__ import annotations

import traceback
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fsrs import Card
from PySide6.QtCore import QEvent, QPoint, Qt, QTimer
from PySide6.QtWidgets import QApplication, QCheckBox, QPushButton, QWidget

from foottrainer.core.catalog import Catalog
from foottrainer.core.progress import Progress
from foottrainer.core.sessions import NO_WRONG_YET
from foottrainer.storage import Store, parse_timestamp
from foottrainer.ui.app import build_window
from foottrainer.ui.custom_session_dialog import CustomSessionDialog
from foottrainer.ui.main_window import MainWindow
from foottrainer.ui.question_widgets import MultipleSelectWidget, SingleChoiceWidget
from foottrainer.ui.quiz_view import QuizView, shown_question
from foottrainer.ui.review_bar import NO_DECK

from .conftest import MINI_RIGHT as RIGHT
from .conftest import FakeClock
from .test_quiz_view import LEFT, answer_correctly, current, db_rows, go_to, submit_by_click
from .test_review import WRONG

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(T0)


@pytest.fixture
def two_lessons(mini_lesson) -> Catalog:
    second = mini_lesson._replace(id="mini-two", title="Second mini lesson", topic="Other topic")
    return Catalog([mini_lesson, second])


@pytest.fixture
def stores() -> Iterator[list[Store]]:
    """Stores opened by a test, closed after it (after its windows)."""
    opened: list[Store] = []
    yield opened
    for store in opened:
        store.close()


def take_quizzes(progress: Progress, catalog: Catalog, wrong=("q-single", "q-tf")) -> None:
    """Every lesson's quiz, ``wrong`` answered wrongly (due again in 10 minutes), the others
    right (due in days)."""
    for lesson in catalog.lessons:
        session = progress.start_quiz(lesson)
        for question in session.remaining:
            response = WRONG[question.id] if question.id in wrong else RIGHT[question.id]
            progress.answer(session, question, response, 1500)
        progress.finish_quiz(session)


def open_window(qtbot, data_dir: Path, catalog: Catalog, clock, stores, *, keep: bool = True):
    store = Store.open(data_dir, clock=clock)
    stores.append(store)
    window = build_window(catalog, store, data_dir)
    if keep:
        qtbot.addWidget(window)
    window.resize(1100, 800)
    window.show()
    qtbot.waitExposed(window)
    return window, store


def seeded(data_dir: Path, catalog: Catalog, clock: FakeClock) -> None:
    """Two lesson quizzes with two wrong answers each, then 11 minutes later: 4 due."""
    with Store.open(data_dir, clock=clock) as store:
        take_quizzes(Progress(store, store.default_profile()), catalog)
    clock.advance(minutes=11)


def review_view(window: MainWindow) -> QuizView:
    view = window.quiz_view
    assert view is not None and view.across_lessons
    assert window.stack.currentWidget() is view
    return view


def press_enter(qtbot, view: QuizView, *, ctrl: bool = False) -> None:
    with qtbot.waitActive(view.window()):
        view.window().activateWindow()
    target = view.window().focusWidget() or view
    modifier = Qt.KeyboardModifier.ControlModifier if ctrl else Qt.KeyboardModifier.NoModifier
    qtbot.keyClick(target, Qt.Key.Key_Return, modifier)


def click_box(qtbot, box: QCheckBox) -> None:
    """Click a check box on its indicator (the box is as wide as the dialog; its centre is no
    part of the clickable indicator and text)."""
    qtbot.mouseClick(box, LEFT, pos=QPoint(8, box.height() // 2))


def run_in_modal(qtbot, action: Callable[[CustomSessionDialog], None]) -> list[str]:
    """Run ``action`` on the modal Custom quiz dialog once it is open; a failure rejects it
    (so exec() returns) and is returned for the test to report."""
    errors: list[str] = []

    def step() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, CustomSessionDialog):
            QTimer.singleShot(10, step)
            return
        try:
            qtbot.waitExposed(dialog)
            action(dialog)
        except BaseException:
            errors.append(traceback.format_exc())
            dialog.reject()

    QTimer.singleShot(0, step)
    return errors


# -- the home screen ------------------------------------------------------------------------------


def test_home_screen_shows_the_due_count_from_the_store(
    qtbot, data_dir, two_lessons, clock, stores
):
    window, store = open_window(qtbot, data_dir, two_lessons, clock, stores)
    bar = window.library.review_bar
    # A student who never took a quiz has no deck yet.
    assert bar.review_button.text() == NO_DECK == "Take a lesson quiz to start your review deck"
    assert not bar.review_button.isEnabled()
    assert bar.review_button.isVisible() and bar.custom_button.isEnabled()
    take_quizzes(window.progress, two_lessons)
    window.show_library()  # back home: counted again
    assert bar.review_button.text() == "Nothing due — next review in 10 minutes"
    assert not bar.review_button.isEnabled()
    assert bar.deck_label.text() == "14 questions in your review deck"
    clock.advance(minutes=11)
    window.show_library()
    assert store.count_due(window.progress.profile_id, clock.now) == 4
    assert bar.review_button.text() == "Review — 4 due"
    assert bar.review_button.isEnabled()
    assert bar.review_button.accessibleName() == "Review — 4 due"
    clock.advance(days=30)
    bar.refresh()  # the periodic refresh
    assert bar.review_button.text() == "Review — 14 due"


# -- a whole review -------------------------------------------------------------------------------


def test_whole_review_session_by_clicks_and_keys(qtbot, data_dir, two_lessons, clock, stores):
    seeded(data_dir, two_lessons, clock)
    window, store = open_window(qtbot, data_dir, two_lessons, clock, stores)
    bar = window.library.review_bar
    qtbot.mouseClick(bar.review_button, LEFT)
    view = review_view(window)
    assert view.title_label.text() == "Review"
    assert "Review" in window.windowTitle()
    assert view.back_button.text() == "Back to library"
    assert view.session is not None
    planned = [item.key for item in view.session.items]
    assert sorted(planned) == sorted(
        (lesson.id, q) for lesson in two_lessons.lessons for q in ("q-single", "q-tf")
    )
    for k in range(1, 5):
        item = view.item
        assert item is not None and item.key == planned[k - 1]
        assert view.counter_label.text() == f"Question {k} of 4"
        assert view.lesson_label.isVisible()
        assert view.lesson_label.text() == f"From the lesson: {item.lesson.title}"
        assert view.prompt_label.text() == item.question.prompt
        answer_correctly(qtbot, view)
        if k % 3 == 1:
            submit_by_click(qtbot, view)
        else:
            press_enter(qtbot, view, ctrl=k % 3 == 2)
        assert view.last_grade is not None and view.last_grade.correct, k
        assert view.verdict_label.text() == "✓ Correct"
        assert view.due_label.isVisible()
        assert view.due_label.text().startswith("You will see this question again ")
        step = item.lesson.step(item.question.step_id)
        assert step is not None
        assert (
            f"Review {item.lesson.title}, step {step.number}: {step.title}" in view.feedback_text()
        )
        rows = db_rows(
            data_dir,
            "SELECT lesson_id, question_id FROM answers WHERE attempt_id = ?",
            view.session.attempt_id,
        )
        assert rows == planned[:k]  # committed, with the question's own lesson id
        assert window.focusWidget() is view.next_button
        if k < 4:
            if k % 2:
                qtbot.mouseClick(view.next_button, LEFT)
            else:
                qtbot.keyClick(view.next_button, Qt.Key.Key_Return)
        else:
            assert view.next_button.text() == "See results"
            with qtbot.waitSignal(view.finished, timeout=2000) as finished:
                qtbot.keyClick(view.next_button, Qt.Key.Key_Return)
    result = finished.args[0]
    assert result.score == 4 and result.max_score == 4
    assert view.stack.currentWidget() is view.summary_page
    assert view.heading_label.text() == "Results: Review"
    assert view.score_label.text() == "Score: 4 / 4 (100%)"
    assert view.safety_label.text() == "✓ Every safety question fully right"
    assert view.next_review_label.text().startswith("Next review: ")
    assert not view.pass_label.isVisible()
    assert not view.retake_button.isVisible()  # nothing more due
    assert view.review_buttons() == []
    # Every card was reviewed by its answer: due again in days.
    for lesson_id, question_id in planned:
        card = Card.from_json(store.review_card(window.progress.profile_id, lesson_id, question_id))
        assert card.due - clock.now >= timedelta(days=1)
        assert card.last_review == clock.now
    attempts = db_rows(
        data_dir, "SELECT kind, title, score, max_score FROM quiz_attempts WHERE kind = 'review'"
    )
    assert attempts == [("review", "Review", 4.0, 4.0)]
    # Back home, the due count has dropped to nothing.
    qtbot.mouseClick(view.summary_back_button, LEFT)
    assert window.stack.currentWidget() is window.library
    assert window.quiz_view is None
    assert bar.review_button.text().startswith("Nothing due — next review ")
    assert not bar.review_button.isEnabled()
    assert store.count_due(window.progress.profile_id, clock.now) == 0


def test_a_wrong_review_answer_links_to_its_lessons_step(
    qtbot, data_dir, two_lessons, clock, stores
):
    seeded(data_dir, two_lessons, clock)
    window, store = open_window(qtbot, data_dir, two_lessons, clock, stores)
    window.review_action.trigger()  # Study ▸ Review due questions
    view = review_view(window)
    while view.item is not None and view.item.question.id != "q-single":
        answer_correctly(qtbot, view)
        submit_by_click(qtbot, view)
        qtbot.mouseClick(view.next_button, LEFT)
    item = view.item
    assert item is not None
    qtbot.mouseClick(current(view, SingleChoiceWidget).buttons["onbone"], LEFT)
    submit_by_click(qtbot, view)
    assert view.verdict_label.text() == "✗ Not quite"
    assert view.due_label.text() == "You will see this question again in 10 minutes."
    stored = store.review_card(window.progress.profile_id, *item.key)
    assert stored is not None
    assert Card.from_json(stored).due == clock.now + timedelta(minutes=10)
    assert view.review_button.text() == (
        f"Review {item.lesson.title}, step 2: Circles below the ankle"
    )
    qtbot.mouseClick(view.review_button, LEFT)
    lesson_view = window.lesson_view
    assert lesson_view is not None and lesson_view.lesson.id == item.lesson.id
    assert window.stack.currentWidget() is lesson_view
    assert lesson_view.steps.currentItem().data(Qt.ItemDataRole.UserRole) == "circles"


# -- custom sessions ------------------------------------------------------------------------------


def test_custom_only_safety_session_from_the_dialog(qtbot, data_dir, two_lessons, clock, stores):
    window, store = open_window(qtbot, data_dir, two_lessons, clock, stores)

    def choose(dialog: CustomSessionDialog) -> None:
        assert dialog.resume_button.isHidden()  # nothing to resume
        click_box(qtbot, dialog.safety_only)
        assert dialog.safety_only.isChecked()
        dialog.size_box.setFocus()
        qtbot.keyClick(dialog.size_box, Qt.Key.Key_Down)  # 20 → all
        assert dialog.size_box.currentText() == "All matching questions"
        assert dialog.preview.text() == "You will be asked: All 4 safety questions"
        assert dialog.start_button.isEnabled()
        qtbot.keyClick(dialog.size_box, Qt.Key.Key_Return)  # the default button: Start

    errors = run_in_modal(qtbot, choose)
    view = window.open_custom_dialog()
    assert not errors, errors[0]
    assert view is not None and view is window.quiz_view and view.across_lessons
    assert view.title_label.text() == "All 4 safety questions"
    asked = []
    while view.stack.currentWidget() is view.question_page:
        item = view.item
        assert item is not None
        assert item.question.is_safety, item.key
        asked.append(item.key)
        answer_correctly(qtbot, view)
        submit_by_click(qtbot, view)
        qtbot.mouseClick(view.next_button, LEFT)
    assert sorted(asked) == sorted(
        (lesson.id, q) for lesson in two_lessons.lessons for q in ("q-multi", "q-tf")
    )
    assert view.score_label.text() == "Score: 4 / 4 (100%)"
    assert view.retake_button.text() == "New quiz with the same choices"
    rows = db_rows(data_dir, "SELECT kind, title, plan FROM quiz_attempts")
    assert len(rows) == 1 and rows[0][:2] == ("custom", "All 4 safety questions")
    # Answering seeded the review deck: four cards now.
    assert len(store.due_cards(window.progress.profile_id, T0 + timedelta(days=999))) == 4
    # "New quiz with the same choices" draws again from the same criteria.
    qtbot.mouseClick(view.retake_button, LEFT)
    assert view.stack.currentWidget() is view.question_page
    assert view.item is not None and view.item.question.is_safety
    assert len(db_rows(data_dir, "SELECT id FROM quiz_attempts WHERE kind = 'custom'")) == 2


def test_custom_dialog_explains_an_empty_choice_and_names_its_controls(
    qtbot, data_dir, two_lessons, clock, stores
):
    window, _store = open_window(qtbot, data_dir, two_lessons, clock, stores)
    dialog = window.custom_dialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.preview.text() == "You will be asked: 14 questions"  # 20 asked, 14 exist
    click_box(qtbot, dialog.wrong_only)
    assert dialog.preview.text() == f"⚠ {NO_WRONG_YET}"
    assert not dialog.start_button.isEnabled()
    click_box(qtbot, dialog.wrong_only)
    dialog.choose_scope("topic", "Other topic")
    assert dialog.criteria().topic == "Other topic"
    assert dialog.preview.text() == "You will be asked: 7 questions · Other topic"
    dialog.choose_scope("lesson", "mini-lesson")
    assert dialog.criteria().lesson_ids == ("mini-lesson",)
    for child in dialog.findChildren(QWidget):
        if child.focusPolicy() & Qt.FocusPolicy.TabFocus and child.isVisibleTo(dialog):
            assert child.accessibleName(), type(child).__name__


# -- resume ---------------------------------------------------------------------------------------


def test_an_unfinished_review_resumes_after_the_window_closed(
    qtbot, data_dir, two_lessons, clock, stores
):
    seeded(data_dir, two_lessons, clock)
    window, store = open_window(qtbot, data_dir, two_lessons, clock, stores, keep=False)
    qtbot.mouseClick(window.library.review_bar.review_button, LEFT)
    view = review_view(window)
    assert view.session is not None
    planned = [item.key for item in view.session.items]
    for _ in range(2):
        answer_correctly(qtbot, view)
        submit_by_click(qtbot, view)
        qtbot.mouseClick(view.next_button, LEFT)
    # The "crash": the window goes away without the review being finished.
    window.hide()
    window.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    store.close()

    clock.advance(minutes=3)
    window, store = open_window(qtbot, data_dir, two_lessons, clock, stores)
    button = window.library.review_bar.review_button
    assert button.text() == "Resume review — 2 left"
    assert button.isEnabled()
    qtbot.mouseClick(button, LEFT)
    view = review_view(window)
    assert view.resumed
    assert view.resumed_label.text() == "Resumed: 2 of 4 already answered"
    assert view.counter_label.text() == "Question 3 of 4"
    assert view.item is not None and view.item.key == planned[2]
    while view.stack.currentWidget() is view.question_page:
        answer_correctly(qtbot, view)
        submit_by_click(qtbot, view)
        qtbot.mouseClick(view.next_button, LEFT)
    assert view.score_label.text() == "Score: 4 / 4 (100%)"
    rows = db_rows(
        data_dir,
        "SELECT lesson_id, question_id, answered_at FROM answers WHERE attempt_id = ?",
        view.session.attempt_id if view.session else "",
    )
    assert [r[:2] for r in rows] == planned
    assert parse_timestamp(rows[-1][2]) == clock.now
    (attempt,) = db_rows(data_dir, "SELECT finished_at FROM quiz_attempts WHERE kind = 'review'")
    assert attempt[0] is not None


def test_study_menu_has_keyboard_shortcuts(qtbot, data_dir, two_lessons, clock, stores):
    window, _store = open_window(qtbot, data_dir, two_lessons, clock, stores)
    qtbot.waitUntil(lambda: not window.review_action.shortcut().isEmpty())
    assert window.review_action.shortcut().toString() == "Ctrl+R"
    assert window.custom_action.shortcut().toString() == "Ctrl+Shift+R"
    menus = [a.text() for a in window.menuBar().actions()]
    assert "&Study" in menus


# -- options in an order drawn per attempt --------------------------------------------------------


def test_choice_options_are_shuffled_per_attempt_unless_the_question_opts_out(mini_lesson):
    multi = mini_lesson.question("q-multi")
    written = [o.id for o in multi.options]
    orders = {tuple(o.id for o in shown_question(multi, f"attempt-{n}").options) for n in range(30)}
    assert len(orders) > 3 and all(sorted(order) == sorted(written) for order in orders)
    assert shown_question(multi, "a/b/c") == shown_question(multi, "a/b/c")  # deterministic
    kept = multi._replace(shuffle=False)
    assert all(shown_question(kept, f"attempt-{n}") == kept for n in range(10))
    for other in ("q-tf", "q-order", "q-tap", "q-match"):  # only single and multiple choice
        question = mini_lesson.question(other)
        assert all(shown_question(question, f"a-{n}") == question for n in range(10))


def test_shuffle_false_is_read_from_the_lesson_file(tmp_path, mini_lesson):
    from foottrainer.core.export import question_json
    from foottrainer.core.lessons import load_lesson

    from .conftest import MINI

    for item in MINI.iterdir():
        (tmp_path / item.name).write_bytes(item.read_bytes())
    text = (MINI / "lesson.yaml").read_text("utf-8")
    marked = text.replace("      answer: below\n", "      answer: below\n      shuffle: false\n")
    assert marked != text
    (tmp_path / "lesson.yaml").write_text(marked, "utf-8")
    lesson = load_lesson(tmp_path / "lesson.yaml")
    single, multi = lesson.question("q-single"), lesson.question("q-multi")
    assert single is not None and multi is not None
    assert single.shuffle is False and multi.shuffle is True
    assert question_json(single)["shuffle"] is False
    assert "shuffle" not in question_json(multi)


def shown_order(widget: SingleChoiceWidget | MultipleSelectWidget) -> list[str]:
    """Option ids top to bottom as laid out on screen."""
    rows = widget.rows
    return sorted(rows, key=lambda option_id: rows[option_id].mapTo(widget, QPoint(0, 0)).y())


def test_a_resumed_quiz_shows_the_options_in_the_same_order(qtbot, mini_lesson, data_dir):
    def orders(view: QuizView) -> list[str]:
        go_to(qtbot, view, "q-multi")
        return shown_order(current(view, MultipleSelectWidget))

    with Store.open(data_dir) as store:
        progress = Progress(store, store.default_profile())
        view = QuizView(mini_lesson, progress)
        qtbot.addWidget(view)
        view.show()
        first = orders(view)
        assert view.question is not None
        assert [o.id for o in view.question.options] == first
        attempt = view.session.attempt_id if view.session else ""
        view.close()
    with Store.open(data_dir) as store:
        view = QuizView(mini_lesson, Progress(store, store.default_profile()))
        qtbot.addWidget(view)
        view.show()
        assert view.session is not None and view.session.attempt_id == attempt  # resumed
        assert orders(view) == first
        # The feedback lists the options in the order they were shown.
        answer_correctly(qtbot, view)
        submit_by_click(qtbot, view)
        assert view.last_grade is not None
        assert [fb.option_id for fb in view.last_grade.feedback] == first
        view.close()
    expected = [o.id for o in shown_question(mini_lesson.question("q-multi"), "x").options]
    assert sorted(expected) == sorted(first)


def test_review_with_nothing_due_says_when_the_next_one_is(
    qtbot, data_dir, two_lessons, clock, stores
):
    window, _store = open_window(qtbot, data_dir, two_lessons, clock, stores)
    view = window.open_review()  # Ctrl+R with an empty deck
    assert view.stack.currentWidget() is view.empty_page
    assert view.empty_label.text() == (
        "Nothing is due for review right now. Take a lesson quiz to start your review deck."
    )
    take_quizzes(window.progress, two_lessons)
    view = window.open_review()
    assert view.empty_label.text() == (
        "Nothing is due for review right now. The next review is due in 10 minutes."
    )
    qtbot.mouseClick(view.empty_page.findChild(QPushButton), LEFT)  # Back to library
    assert window.stack.currentWidget() is window.library
